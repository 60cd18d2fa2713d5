package dev.mu4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.Model;
import dev.mu4j.Session;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.NativeArray;
import dev.mu4j.internal.model.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mu4j random-model` writes models that load and run, deterministically, with the stated initialisation. */
class RandomModelCommandTest {
    /** Sample std of a 4096 x 64 N(0, 0.02) matrix lies within this of 0.02 (the std error is ~0.00001). */
    private static final double STD_TOLERANCE = 0.0005;

    static final String MU_CONFIG = """
            {"model_type": "mu", "vocab_size": 4096, "dim": 64, "n_layers": 3, "n_heads": 4, "n_kv_heads": 2,
             "head_dim": 16, "hidden_dim": 96, "ffn_type": "swiglu", "norm_type": "layernorm", "dual_norm": true,
             "norm_eps": 1e-5, "rope_theta": 10000, "max_seq_len": 256, "tie_embeddings": true, "qkv_bias": true}
            """;
    private static final String LLAMA_CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "vocab_size": 300, "hidden_size": 48, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 1, "intermediate_size": 80, "rms_norm_eps": 1e-6,
             "max_position_embeddings": 64, "tie_word_embeddings": false, "attention_bias": true}
            """;

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path config(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static float[] logits(Path dir) throws Exception {
        try (Model m = Model.load(dir); Session s = m.newSession()) {
            return s.forward(new int[] {1, 2, 3, 4, 5, 6, 7}, 0);
        }
    }

    private static void assertFiniteAndVaried(float[] logits) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float x : logits) {
            assertTrue(Float.isFinite(x), "finite logits");
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(max - min > 1e-3, "logits vary: " + min + ".." + max);
    }

    @Test
    void writesModelsThatLoadAndRunInEveryDtype() throws Exception {
        Path cfg = config("mu.json", MU_CONFIG);
        float[] f32 = null;
        for (String dtype : new String[] {"f32", "f16", "bf16"}) {
            Path dir = tmp.resolve("mu-" + dtype);
            CliRun r = run("random-model", "--config", cfg.toString(), "--out", dir.toString(), "--dtype", dtype, "--seed", "5");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("parameters"), r.out());
            float[] logits = logits(dir);
            assertFiniteAndVaried(logits);
            if (f32 == null) {
                f32 = logits;
            } else {   // the same draws rounded to 16 bits: close to the f32 model's logits
                for (int i = 0; i < logits.length; i++) assertEquals(f32[i], logits[i], 0.05, dtype + " logit " + i);
            }
        }
        Path llama = tmp.resolve("llama");
        CliRun r = run("random-model", "--config", config("llama.json", LLAMA_CONFIG).toString(), "--out", llama.toString());
        assertEquals(0, r.exit(), r.err());
        assertFiniteAndVaried(logits(llama));
    }

    @Test
    void sameSeedSameBytesAndTheStatedInitialisation() throws Exception {
        Path cfg = config("mu.json", MU_CONFIG);
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        assertEquals(0, run("random-model", "--config", cfg.toString(), "--out", a.toString(), "--seed", "9").exit());
        assertEquals(0, run("random-model", "--config", cfg.toString(), "--out", b.toString(), "--seed", "9").exit());
        assertEquals(0, run("random-model", "--config", cfg.toString(), "--out", c.toString(), "--seed", "10").exit());
        byte[] wa = Files.readAllBytes(a.resolve("model.safetensors"));
        assertArrayEquals(wa, Files.readAllBytes(b.resolve("model.safetensors")));
        assertFalse(java.util.Arrays.equals(wa, Files.readAllBytes(c.resolve("model.safetensors"))));
        assertEquals(Files.readString(cfg), Files.readString(a.resolve("config.json")));

        try (SafeTensorsFile f = SafeTensorsFile.open(a.resolve("model.safetensors"))) {
            assertEquals(0, (f.fileSize() - f.entries().values().stream().mapToLong(e -> e.end() - e.begin()).sum()) % 64,
                    "the data section starts 64-byte aligned");
            assertEquals(0.02, std(f, "embed.weight"), STD_TOLERANCE);
            assertEquals(0.02 / Math.sqrt(6), std(f, "layers.1.attn.o.weight"), STD_TOLERANCE);
            assertEquals(1.0, mean(f, "layers.0.attn_norm.weight"), 0);
            assertEquals(0.0, mean(f, "layers.0.attn_norm.bias"), 0);
            assertEquals(0.0, mean(f, "layers.2.attn.q.bias"), 0);
        }
    }

    private static float[] values(SafeTensorsFile f, String name) {
        NativeArray view = f.view(f.entries().get(name));
        float[] v = new float[(int) view.length()];
        view.read(0, v);
        return v;
    }

    private static double mean(SafeTensorsFile f, String name) {
        float[] v = values(f, name);
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double std(SafeTensorsFile f, String name) {
        float[] v = values(f, name);
        double m = mean(f, name), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        Path cfg = config("mu.json", MU_CONFIG);
        CliRun missing = run("random-model", "--config", tmp.resolve("nope.json").toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.json") && missing.err().contains("does not exist"), missing.err());
        CliRun dtype = run("random-model", "--config", cfg.toString(), "--out", tmp.resolve("x").toString(), "--dtype", "q3");
        assertEquals(1, dtype.exit());
        assertTrue(dtype.err().contains("'q3'"), dtype.err());
        CliRun bad = run("random-model", "--config", config("bad.json", "{\"model_type\": \"mu\"}").toString(), "--out",
                tmp.resolve("x").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("bad.json") && bad.err().contains("'dim'"), bad.err());
        Path out = tmp.resolve("twice");
        assertEquals(0, run("random-model", "--config", cfg.toString(), "--out", out.toString()).exit());
        CliRun again = run("random-model", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, run("random-model", "--config", cfg.toString(), "--out", out.toString(), "--force").exit());
        assertFalse(Files.exists(out.resolve("model.safetensors.partial")));
    }

    @Test
    void halfPrecisionRoundsToNearestEven() {
        assertEquals((short) 0x3c00, RandomModelCommand.f32ToF16(1f));
        assertEquals((short) 0xc000, RandomModelCommand.f32ToF16(-2f));
        assertEquals((short) 0x7bff, RandomModelCommand.f32ToF16(65504f));
        assertEquals((short) 0x7bff, RandomModelCommand.f32ToF16(65519.99f));
        assertEquals((short) 0x7c00, RandomModelCommand.f32ToF16(65520f));
        assertEquals((short) 0x0001, RandomModelCommand.f32ToF16(0x1p-24f));
        assertEquals((short) 0x0000, RandomModelCommand.f32ToF16(0x1p-25f));          // tie to even (0)
        assertEquals((short) 0x0002, RandomModelCommand.f32ToF16(0x1.8p-24f));        // 1.5 units: tie to even (2)
        assertEquals((short) 0x0002, RandomModelCommand.f32ToF16(0x1.4p-23f));        // 2.5 units: tie to even (2)
        assertEquals((short) 0x0400, RandomModelCommand.f32ToF16(0x1p-14f));          // smallest normal
        assertEquals((short) 0x3c00, RandomModelCommand.f32ToF16(1f + 0x1p-11f));     // tie to even, down
        assertEquals((short) 0x3c02, RandomModelCommand.f32ToF16(1f + 0x3p-11f));     // tie to even, up
        assertEquals((short) 0x3f80, RandomModelCommand.f32ToBf16(1f));
        assertEquals((short) 0x3f80, RandomModelCommand.f32ToBf16(1f + 0x1p-8f));     // tie to even, down
        assertEquals((short) 0x3f82, RandomModelCommand.f32ToBf16(1f + 0x3p-8f));     // tie to even, up
        // against the native decoder: the encoding is the nearest 16-bit value for random inputs of every scale
        SplittableRandom rng = new SplittableRandom(3);
        try (NativeArray words = NativeArray.allocate(DType.I32, 2); NativeArray back = NativeArray.allocate(DType.F32, 3)) {
            NativeArray halves = NativeArray.view(words.address(), 3, DType.F16);
            for (int i = 0; i < 4096; i++) {
                float x = (float) (rng.nextGaussian() * Math.pow(2, rng.nextInt(-26, 12)));
                short e = RandomModelCommand.f32ToF16(x);
                short below = (short) (e - 1), above = (short) (e + 1);   // the neighbouring encodings
                words.write(0, new int[] {(e & 0xffff) | (below & 0xffff) << 16, above & 0xffff});
                Kernels.toF32(back, halves);
                float[] v = new float[3];
                back.read(0, v);
                assertTrue(distance(x, v[0]) <= distance(x, v[1]) && distance(x, v[0]) <= distance(x, v[2]),
                        "f16 of " + x + " is " + v[0] + ", neighbours " + v[1] + ", " + v[2]);
            }
        }
    }

    private static double distance(float x, float y) {
        return Float.isNaN(y) ? Double.POSITIVE_INFINITY : Math.abs((double) x - y);
    }
}
