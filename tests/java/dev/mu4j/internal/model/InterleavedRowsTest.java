package dev.mu4j.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.ModelConfig;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.NativeArray;
import dev.mu4j.internal.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * q8_0r4 / q4_0r4 (rows interleaved in groups of 4, models/FORMAT.md) give the plain layouts' logits bit for bit in
 * whole forward passes: a random model whose every matrix can be interleaved (dim 256, SwiGLU 512, 100-token tied
 * embedding, so the embedding lookup reads an interleaved row), prefill chunks and single steps, fused and unfused,
 * 1 and 2 threads, on every ISA this CPU runs.
 */
class InterleavedRowsTest {
    @TempDir
    Path tmp;

    private Path f32Model() throws Exception {
        Path cfg = tmp.resolve("r4.json"), f32 = tmp.resolve("r4-f32");
        if (Files.exists(f32)) return f32;
        Files.writeString(cfg, "{\"model_type\": \"mu\", \"vocab_size\": 100, \"dim\": 256, \"n_layers\": 2, \"n_heads\": 4,"
                + " \"n_kv_heads\": 2, \"head_dim\": 64, \"hidden_dim\": 512, \"ffn_type\": \"swiglu\", \"norm_type\":"
                + " \"layernorm\", \"dual_norm\": true, \"norm_eps\": 1e-05, \"rope_theta\": 10000.0,"
                + " \"rotary_fraction\": 1.0, \"max_seq_len\": 64, \"tie_embeddings\": true, \"qkv_bias\": false,"
                + " \"o_bias\": false, \"mlp_bias\": false, \"bos_token_id\": 1, \"eos_token_id\": 2}");
        assertEquals(0, Main.run("random-model", "--config", cfg.toString(), "--out", f32.toString()));
        return f32;
    }

    /** Runs the quantize command; returns its standard output. */
    private String quantize(Path in, Path out, QuantType type) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("quantize", "--in", in.toString(), "--out", out.toString(), "--type", type.id()));
        } finally {
            System.setOut(old);
        }
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static float[] run(Weights w, ModelConfig c, boolean fuse, int chunk) {
        Transformer tr = new Transformer(w, fuse);
        try (InferenceState s = new InferenceState(c, 32, chunk)) {
            int[] prompt = {1, 5, 17, 42, 88, 3, 9, 99, 0};
            float[] all = tr.forward(s, prompt, 0, true);
            float[] step = tr.forward(s, new int[] {60}, prompt.length, false);
            float[] out = new float[all.length + step.length];
            System.arraycopy(all, 0, out, 0, all.length);
            System.arraycopy(step, 0, out, all.length, step.length);
            return out;
        }
    }

    @Test
    void interleavedRowsGiveThePlainLogits() throws Exception {
        Path f32 = f32Model();
        int threads = Kernels.threads(), isa = Kernels.isa();
        try {
            for (QuantType plain : new QuantType[] {QuantType.Q8_0, QuantType.Q4_0}) {
                QuantType r4 = plain.withInterleavedRows();
                Path a = tmp.resolve(plain.id()), b = tmp.resolve(r4.id());
                quantize(f32, a, plain);
                String report = quantize(f32, b, r4);
                // 2 layers x 7 matrices + the embedding: all interleaved.
                assertTrue(report.contains("15 matrices quantized to " + plain.id() + " (15 with interleaved rows)"), report);
                ModelConfig c = ConfigReader.read(a.resolve("config.json"));
                try (Weights wa = Weights.load(a, c); Weights wb = Weights.load(b, c)) {
                    assertEquals(plain, wa.layers.get(0).q().quant());
                    assertEquals(r4, wb.layers.get(0).q().quant());
                    assertEquals(r4, wb.embedQuant);
                    for (int i : Kernels.supportedIsas()) {
                        Kernels.setIsa(i);
                        for (int t : new int[] {1, 2}) {
                            Kernels.setThreads(t);
                            for (boolean fuse : new boolean[] {true, false}) {
                                for (int chunk : new int[] {3, 16}) {
                                    String what = r4.id() + " " + Kernels.isaName(i) + " threads=" + t + " fuse=" + fuse
                                            + " chunk=" + chunk;
                                    float[] want = run(wa, c, fuse, chunk), got = run(wb, c, fuse, chunk);
                                    for (float v : want) assertTrue(Float.isFinite(v), what + ": finite logits");
                                    assertArrayEquals(want, got, what);
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            Kernels.setThreads(threads);
            Kernels.setIsa(isa);
        }
    }

    @Test
    void matricesThatCannotBeInterleavedStayPlain() throws Exception {
        // The golden-size shapes: 64 columns (not a multiple of 256) stay q4_0 in a q4_0r4 file.
        Path cfg = tmp.resolve("small.json"), f32 = tmp.resolve("small-f32"), out = tmp.resolve("small-r4");
        Files.writeString(cfg, "{\"model_type\": \"mu\", \"vocab_size\": 96, \"dim\": 64, \"n_layers\": 1, \"n_heads\": 4,"
                + " \"n_kv_heads\": 2, \"head_dim\": 16, \"hidden_dim\": 256, \"ffn_type\": \"gelu\", \"norm_type\":"
                + " \"layernorm\", \"dual_norm\": true, \"norm_eps\": 1e-05, \"rope_theta\": 10000.0,"
                + " \"rotary_fraction\": 1.0, \"max_seq_len\": 64, \"tie_embeddings\": true, \"qkv_bias\": false,"
                + " \"o_bias\": false, \"mlp_bias\": false, \"bos_token_id\": 1, \"eos_token_id\": 2}");
        assertEquals(0, Main.run("random-model", "--config", cfg.toString(), "--out", f32.toString()));
        String report = quantize(f32, out, QuantType.Q4_0R4);
        // Only the down projection (64, 256) can be interleaved.
        assertTrue(report.contains("7 matrices quantized to q4_0 (1 with interleaved rows)"), report);
        ModelConfig c = ConfigReader.read(out.resolve("config.json"));
        try (Weights w = Weights.load(out, c)) {
            assertEquals(QuantType.Q4_0R4, w.layers.get(0).down().quant());
            assertEquals(QuantType.Q4_0, w.layers.get(0).up().quant());
            assertEquals(QuantType.Q4_0, w.embedQuant);
        }
    }

    @Test
    void unknownVersionsAndLayoutsAreRefused() throws Exception {
        Path f32 = f32Model(), good = tmp.resolve("marker-q4r4");
        quantize(f32, good, QuantType.Q4_0R4);
        for (String[] edit : new String[][] {{"\"mu4j.quant.version\":\"2\"", "\"mu4j.quant.version\":\"7\"", "versions 1 and 2"},
                {"\"mu4j.quant.layout\":\"r4\"", "\"mu4j.quant.layout\":\"r8\"", "expected \"plain\" or \"r4\""}}) {
            Path bad = tmp.resolve("marker-" + edit[2].hashCode());
            Files.createDirectories(bad);
            for (String f : new String[] {"config.json", "tokenizer.json"}) {
                if (Files.exists(good.resolve(f))) Files.copy(good.resolve(f), bad.resolve(f));
            }
            byte[] bytes = Files.readAllBytes(good.resolve("model.safetensors"));
            String head = new String(bytes, 0, 4096, StandardCharsets.ISO_8859_1);
            int at = head.indexOf(edit[0]);
            assertTrue(at > 0, "header has " + edit[0]);
            byte[] with = edit[1].getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(with, 0, bytes, at, with.length); // same length: offsets stay valid
            Files.write(bad.resolve("model.safetensors"), bytes);
            ModelConfig c = ConfigReader.read(bad.resolve("config.json"));
            MuException e = assertThrows(MuException.class, () -> Weights.load(bad, c).close());
            assertTrue(e.getMessage().contains(edit[2]), e.getMessage());
        }
    }

    @Test
    void kernelsRefuseShapesTheLayoutCannotHold() {
        try (NativeArray q = NativeArray.allocate(DType.U8, 6 * 128); NativeArray s = NativeArray.allocate(DType.F16, 6 * 8);
             NativeArray dq = NativeArray.allocate(DType.U8, 6 * 128); NativeArray ds = NativeArray.allocate(DType.F16, 6 * 8);
             NativeArray row = NativeArray.allocate(DType.F32, 256)) {
            MuException rows = assertThrows(MuException.class,
                    () -> Kernels.interleaveRows(QuantType.Q4_0, dq, ds, q, s, 256, 6));
            assertTrue(rows.getMessage().contains("rows % 4 == 0 and columns % 256 == 0, got (6, 256)"), rows.getMessage());
            MuException type = assertThrows(MuException.class,
                    () -> Kernels.interleaveRows(QuantType.Q4_0R4, dq, ds, q, s, 256, 4));
            assertTrue(type.getMessage().contains("needs a plain format"), type.getMessage());
            MuException cols = assertThrows(MuException.class,
                    () -> Kernels.dequantizeRow(QuantType.Q4_0R4, row, q, s, 128, 4, 0));
            assertTrue(cols.getMessage().contains("got (4, 128)"), cols.getMessage());
            MuException index = assertThrows(MuException.class,
                    () -> Kernels.dequantizeRow(QuantType.Q4_0R4, row, q, s, 256, 4, 4));
            assertTrue(index.getMessage().contains("row 4 outside 0..3"), index.getMessage());
        }
    }
}
