package dev.mu4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CLI end to end, in process: exit codes, JSON output, errors that name the problem. */
class CliTest {
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void generateJsonMatchesTheFrozenGreedyGolden() throws Exception {
        JsonObject golden = JsonParser.parseString(Files.readString(Path.of("tests/golden/hf-llama-tiny/greedy.json")))
                .getAsJsonObject();
        String ids = golden.getAsJsonArray("prompt_ids").toString().replaceAll("[\\[\\] ]", "");
        CliRun r = run("generate", "tests/golden/hf-llama-tiny", "--token-ids", ids, "-n", "10", "--stop-token", "-1",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(golden.get("generated_ids"), o.get("tokenIds"));
        assertEquals("max_tokens", o.get("finishReason").getAsString());
        assertTrue(o.getAsJsonObject("timings").get("timeToFirstTokenMs").getAsDouble() > 0);
    }

    /** An fp16 and an int8 cache through the CLI: the frozen greedy ids of the golden model still come out; a bad type is named. */
    @Test
    void generateWithKvCacheOption() throws Exception {
        JsonObject golden = JsonParser.parseString(Files.readString(Path.of("tests/golden/hf-llama-tiny/greedy.json")))
                .getAsJsonObject();
        String ids = golden.getAsJsonArray("prompt_ids").toString().replaceAll("[\\[\\] ]", "");
        for (String kv : new String[] {"f16", "q8"}) {
            CliRun r = run("generate", "tests/golden/hf-llama-tiny", "--token-ids", ids, "-n", "10", "--stop-token",
                    "-1", "--kv-cache", kv, "--json");
            assertEquals(0, r.exit(), r.err());
            assertEquals(golden.get("generated_ids"), JsonParser.parseString(r.out()).getAsJsonObject().get("tokenIds"),
                    kv);
        }
        CliRun bad = run("generate", "tests/golden/hf-llama-tiny", "--token-ids", ids, "--kv-cache", "fp8");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("--kv-cache fp8: use auto, f16, q8 or f32"), bad.err());
        CliRun onnx = run("generate", "tests/golden/hf-llama-tiny", "--token-ids", ids, "--backend", "onnx",
                "--kv-cache", "f16");
        assertEquals(1, onnx.exit());
        assertTrue(onnx.err().contains("kvCache f16 needs the native backend"), onnx.err());
    }

    @Test
    void generateTextStreams() {
        CliRun r = run("generate", "tests/golden/mu-tiny-text", "The quick brown fox", "-n", "5", "--seed", "3",
                "-t", "0.9");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("5 generated"), r.err());
    }

    @Test
    void errorsNameTheProblemAndExitNonZero() {
        CliRun missing = run("generate", "no/such/model", "--token-ids", "1");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no/such/model") && missing.err().contains("does not exist"), missing.err());
        CliRun noTokenizer = run("generate", "tests/golden/hf-llama-tiny", "hello");
        assertEquals(1, noTokenizer.exit());
        assertTrue(noTokenizer.err().contains("tokenizer.json"), noTokenizer.err());
        CliRun usage = run("generate", "--bogus");
        assertEquals(2, usage.exit());
        CliRun both = run("generate", "tests/golden/mu-tiny-text", "hi", "--token-ids", "1");
        assertEquals(1, both.exit());
        assertTrue(both.err().contains("exactly one"), both.err());
    }

    @Test
    void infoAndHelp() {
        CliRun info = run("info", "tests/golden/mu-dual-ln-gelu", "--json");
        assertEquals(0, info.exit(), info.err());
        assertEquals(92_128, JsonParser.parseString(info.out()).getAsJsonObject().get("parameters").getAsLong());
        CliRun help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("generate") && help.out().contains("forward"), help.out());
    }
}
