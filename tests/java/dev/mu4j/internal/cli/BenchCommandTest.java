package dev.mu4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mu4j bench` end to end on tiny random models: the table, the JSON, the ratios, the errors. Not a speed test. */
class BenchCommandTest {
    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path model(String name, String dtype) throws Exception {
        Path cfg = tmp.resolve("config.json");
        Files.writeString(cfg, RandomModelCommandTest.MU_CONFIG);
        Path dir = tmp.resolve(name);
        assertEquals(0, run("random-model", "--config", cfg.toString(), "--out", dir.toString(), "--dtype", dtype).exit());
        return dir;
    }

    /**
     * A short bench of a tiny f32 model with a two-value list {@code option} (two engines, 1 thread): it succeeds,
     * its table names {@code expected}, and its JSON has two results; returns the JSON report.
     */
    private JsonObject benchTwoEngines(String option, String values, String... expected) throws Exception {
        Path f32 = model("tiny", "f32");
        Path json = tmp.resolve("bench.json");
        CliRun r = run("bench", "--model", f32.toString(), option, values, "--threads", "1", "--runs", "2",
                "--prefill", "4", "--decode", "3", "--probe-mib", "4", "--probe-passes", "2", "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        for (String e : expected) assertTrue(r.out().contains(e), "no '" + e + "' in\n" + r.out());
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(2, root.getAsJsonArray("results").size());
        return root;
    }

    @Test
    void tableAndJsonForTwoModels() throws Exception {
        Path f32 = model("tiny-f32", "f32"), bf16 = model("tiny-bf16", "bf16");
        Path json = tmp.resolve("bench.json");
        CliRun r = run("bench", "--model", f32.toString(), "--model", bf16.toString(), "--threads", "1,2", "--runs", "3", "--prefill", "4,9",
                "--decode", "5", "--probe-mib", "4", "--probe-passes", "2", "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("prefill-4 tok/s") && r.out().contains("decode-5 tok/s"), r.out());
        assertTrue(r.out().contains("ratios against tiny-f32"), r.out());

        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertTrue(o.getAsJsonObject("readBandwidth").getAsJsonObject("2").get("medianGBps").getAsDouble() > 0);
        JsonArray results = o.getAsJsonArray("results");
        assertEquals(4, results.size());   // thread counts outer, models inner
        assertEquals(2, results.get(3).getAsJsonObject().get("threads").getAsInt());
        JsonObject first = results.get(0).getAsJsonObject(), second = results.get(1).getAsJsonObject();
        assertEquals("tiny-f32", first.get("model").getAsString());
        assertEquals(3, first.getAsJsonObject("decodeTokPerS").getAsJsonArray("runs").size());
        assertTrue(first.getAsJsonObject("decodeTokPerS").get("median").getAsDouble() > 0);
        assertTrue(first.getAsJsonObject("prefillTokPerS").getAsJsonObject("9").get("min").getAsDouble() > 0);
        assertTrue(first.getAsJsonObject("timeToFirstTokenMs").getAsJsonObject("4").get("median").getAsDouble() > 0);
        JsonObject self = first.getAsJsonArray("ratios").get(0).getAsJsonObject();
        assertEquals(1.0, self.get("decode").getAsDouble());
        assertEquals(1.0, self.getAsJsonObject("decodePaired").get("max").getAsDouble());   // every run against itself
        assertTrue(second.getAsJsonArray("ratios").get(0).getAsJsonObject().get("decode").getAsDouble() > 0);
        // bytes per token: every weight once (tied embedding = the logits matrix); bf16 is half of f32
        long f32Bytes = first.get("weightBytesPerToken").getAsLong(), bf16Bytes = second.get("weightBytesPerToken").getAsLong();
        assertTrue(f32Bytes > 4L * 4096 * 64, "at least the tied embedding table: " + f32Bytes);
        assertEquals(f32Bytes, 2 * bf16Bytes);
        assertTrue(first.get("percentOfRoofline").getAsDouble() > 0);
        // every timed decode bracketed by two probe passes: one bandwidth and one percentage per run
        JsonObject bracketBw = first.getAsJsonObject("bracketingBandwidthGBps");
        assertEquals(3, bracketBw.getAsJsonArray("runs").size());
        assertTrue(bracketBw.get("min").getAsDouble() > 0);
        JsonArray pct = first.getAsJsonObject("percentOfBracketingRoofline").getAsJsonArray("runs");
        JsonArray tps = first.getAsJsonObject("decodeTokPerS").getAsJsonArray("runs");
        long perToken = first.get("weightBytesPerToken").getAsLong() + first.get("kvBytesPerToken").getAsLong();
        for (int i = 0; i < 3; i++) {   // run i: decode tok/s over its own bracketing roofline
            double expected = 100 * tps.get(i).getAsDouble() * perToken / (bracketBw.getAsJsonArray("runs").get(i).getAsDouble() * 1e9);
            assertEquals(expected, pct.get(i).getAsDouble(), 0.02 * expected + 0.02);
        }
        assertTrue(r.out().contains("%roof bracket"), r.out());
        if (Files.isReadable(Path.of("/proc/self/status"))) assertTrue(first.get("peakRssBytes").getAsLong() > 0);
    }

    @Test
    void onnxRuntimeSideBySide() throws Exception {
        try {
            Class.forName("org.bytedeco.onnxruntime.Env");
        } catch (ClassNotFoundException e) {
            System.out.println("SKIP onnxRuntimeSideBySide: ONNX Runtime is not on the class path");
            return;
        }
        Path json = tmp.resolve("bench.json");
        String golden = "tests/golden/mu-tiny-text";   // has an onnx/ package (cache of 128 rows)
        CliRun r = run("bench", "--model", golden, "--ort", golden, "--threads", "1", "--runs", "2", "--prefill", "5,20", "--decode", "6",
                "--probe-mib", "4", "--probe-passes", "2", "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("mu-tiny-text/onnx [ort]") && r.out().contains("ratios against mu-tiny-text/onnx [ort]"),
                r.out());
        JsonArray results = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("results");
        assertEquals(2, results.size());
        JsonObject ort = results.get(1).getAsJsonObject();
        assertTrue(ort.get("runtime").getAsString().startsWith("onnxruntime"), ort.toString());
        assertTrue(ort.getAsJsonObject("decodeTokPerS").get("median").getAsDouble() > 0);
        // the native engine is compared with the first engine (itself) and with ONNX Runtime
        JsonArray nativeRatios = results.get(0).getAsJsonObject().getAsJsonArray("ratios");
        assertEquals(2, nativeRatios.size());
        assertEquals("mu-tiny-text/onnx [ort]", nativeRatios.get(1).getAsJsonObject().get("against").getAsString());
    }

    @Test
    void badArgumentsAreClearErrors() throws Exception {
        Path f32 = model("tiny", "f32");
        CliRun runs = run("bench", "--model", f32.toString(), "--runs", "0");
        assertEquals(1, runs.exit());
        assertTrue(runs.err().contains("--runs"), runs.err());
        CliRun threads = run("bench", "--model", f32.toString(), "--threads", "0");
        assertEquals(1, threads.exit());
        assertTrue(threads.err().contains("--threads 0"), threads.err());
        CliRun dup = run("bench", "--model", f32.toString(), "--prefill", "4,4");
        assertEquals(1, dup.exit());
        assertTrue(dup.err().contains("distinct"), dup.err());
        CliRun missing = run("bench", "--model", tmp.resolve("none").toString(), "--probe-mib", "1");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("none"), missing.err());
        CliRun ctx = run("bench", "--model", f32.toString(), "--prefill", "250", "--decode", "10", "--probe-mib", "1");
        assertEquals(1, ctx.exit());
        assertTrue(ctx.err().contains("max_seq_len"), ctx.err());
        CliRun kv = run("bench", "--model", f32.toString(), "--kv-cache", "f32,int8", "--probe-mib", "1");
        assertEquals(1, kv.exit());
        assertTrue(kv.err().contains("--kv-cache int8: use auto, f16, q8 or f32"), kv.err());
        CliRun mem = run("bench", "--model", f32.toString(), "--weights", "mapped,swap", "--probe-mib", "1");
        assertEquals(1, mem.exit());
        assertTrue(mem.err().contains("--weights swap: use mapped or huge"), mem.err());
    }

    /**
     * --weights mapped,huge measures each model once per kind of weight memory, labelled, with a huge-page probe
     * beside the ordinary one and each engine's roofline taken from its own probe.
     */
    @Test
    void oneEnginePerWeightMemory() throws Exception {
        JsonObject root = benchTwoEngines("--weights", "mapped,huge", "tiny mapped", "tiny huge",
                "ratios against tiny mapped", "In huge pages");
        JsonArray results = root.getAsJsonArray("results");
        JsonObject a = results.get(0).getAsJsonObject(), b = results.get(1).getAsJsonObject();
        assertEquals("mapped", a.get("weights").getAsString());
        assertEquals("huge pages", b.get("weights").getAsString());
        double ordinary = root.getAsJsonObject("readBandwidth").getAsJsonObject("1").get("medianGBps").getAsDouble();
        double huge = root.getAsJsonObject("readBandwidthHugePages").getAsJsonObject("1").get("medianGBps").getAsDouble();
        long bytes = a.get("weightBytesPerToken").getAsLong() + a.get("kvBytesPerToken").getAsLong();
        assertEquals(ordinary * 1e9 / bytes, a.get("rooflineTokPerS").getAsDouble(), 0.02 * ordinary * 1e9 / bytes + 0.1);
        assertEquals(huge * 1e9 / bytes, b.get("rooflineTokPerS").getAsDouble(), 0.02 * huge * 1e9 / bytes + 0.1);
    }

    /** --kv-cache f32,f16 measures each model once per cache type, labelled, with the type in the JSON. */
    @Test
    void oneEnginePerKvCacheType() throws Exception {
        JsonArray results = benchTwoEngines("--kv-cache", "f32,f16", "tiny kv-f32", "ratios against tiny kv-f32")
                .getAsJsonArray("results");
        JsonObject a = results.get(0).getAsJsonObject(), b = results.get(1).getAsJsonObject();
        assertEquals("f32", a.get("kvCache").getAsString());
        assertEquals("f16", b.get("kvCache").getAsString());
        assertEquals(a.get("kvBytesPerToken").getAsLong(), 2 * b.get("kvBytesPerToken").getAsLong());
    }

    /** --kv-cache f16,q8: the int8 cache reads head_dim + 4 bytes per row where fp16 reads 2 head_dim. */
    @Test
    void q8KvCacheInTheBench() throws Exception {
        JsonArray results = benchTwoEngines("--kv-cache", "f16,q8", "tiny kv-f16", "tiny kv-q8",
                "ratios against tiny kv-f16").getAsJsonArray("results");
        JsonObject a = results.get(0).getAsJsonObject(), b = results.get(1).getAsJsonObject();
        assertEquals("f16", a.get("kvCache").getAsString());
        assertEquals("q8", b.get("kvCache").getAsString());
        int headDim = JsonParser.parseString(RandomModelCommandTest.MU_CONFIG).getAsJsonObject().get("head_dim").getAsInt();
        assertEquals(a.get("kvBytesPerToken").getAsLong() * (headDim + 4),
                b.get("kvBytesPerToken").getAsLong() * 2 * headDim);
    }
}
