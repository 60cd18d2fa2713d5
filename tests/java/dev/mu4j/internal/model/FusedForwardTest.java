package dev.mu4j.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.ModelConfig;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused kernels (norm + quantization, SwiGLU + quantization) in a whole forward pass give the same logits, bit
 * for bit, as the unfused calls: quantized random models whose hidden size is a multiple of 32 (so the SwiGLU runs
 * fused; the golden models' 176 keeps their down projections unquantized), LayerNorm with dual norms and RMSNorm,
 * prefill chunks and single-token steps, at 1 and 2 threads.
 */
class FusedForwardTest {
    @TempDir
    Path tmp;

    private Path model(String name, String norm, boolean dual, QuantType type) throws Exception {
        Path cfg = tmp.resolve(name + ".json"), f32 = tmp.resolve(name + "-f32"), out = tmp.resolve(name + "-" + type.id());
        Files.writeString(cfg, "{\"model_type\": \"mu\", \"vocab_size\": 96, \"dim\": 64, \"n_layers\": 2, \"n_heads\": 4,"
                + " \"n_kv_heads\": 2, \"head_dim\": 16, \"hidden_dim\": 160, \"ffn_type\": \"swiglu\", \"norm_type\": \""
                + norm + "\", \"dual_norm\": " + dual + ", \"norm_eps\": 1e-05, \"rope_theta\": 10000.0,"
                + " \"rotary_fraction\": 1.0, \"max_seq_len\": 64, \"tie_embeddings\": false, \"qkv_bias\": false,"
                + " \"o_bias\": false, \"mlp_bias\": false, \"bos_token_id\": 1, \"eos_token_id\": 2}");
        if (!Files.exists(f32)) assertEquals(0, Main.run("random-model", "--config", cfg.toString(), "--out", f32.toString()));
        assertEquals(0, Main.run("quantize", "--in", f32.toString(), "--out", out.toString(), "--type", type.id()));
        return out;
    }

    private static float[] run(Weights w, ModelConfig c, boolean fuse, int chunk) {
        Transformer tr = new Transformer(w, fuse);
        try (InferenceState s = new InferenceState(c, 32, chunk)) {
            int[] prompt = {1, 5, 17, 42, 88, 3, 9};
            float[] all = tr.forward(s, prompt, 0, true);
            float[] step1 = tr.forward(s, new int[] {60}, prompt.length, false);
            float[] step2 = tr.forward(s, new int[] {61}, prompt.length + 1, false);
            float[] out = new float[all.length + step1.length + step2.length];
            System.arraycopy(all, 0, out, 0, all.length);
            System.arraycopy(step1, 0, out, all.length, step1.length);
            System.arraycopy(step2, 0, out, all.length + step1.length, step2.length);
            return out;
        }
    }

    @Test
    void fusedForwardGivesTheSameLogits() throws Exception {
        int threads = Kernels.threads();
        try {
            for (QuantType type : QuantType.values()) {
                for (String[] variant : new String[][] {{"ln", "layernorm", "true"}, {"rms", "rmsnorm", "false"}}) {
                    Path dir = model(variant[0], variant[1], Boolean.parseBoolean(variant[2]), type);
                    ModelConfig c = ConfigReader.read(dir.resolve("config.json"));
                    try (Weights w = Weights.load(dir, c)) {
                        assertTrue(w.layers.get(0).down().quant() != null, "down projection quantized");
                        for (int t : new int[] {1, 2}) {
                            Kernels.setThreads(t);
                            for (int chunk : new int[] {3, 8}) {
                                float[] fused = run(w, c, true, chunk), split = run(w, c, false, chunk);
                                String what = type.id() + " " + variant[1] + " threads=" + t + " chunk=" + chunk;
                                for (float v : fused) assertTrue(Float.isFinite(v), what + ": finite logits");
                                assertArrayEquals(split, fused, what);
                            }
                        }
                    }
                }
            }
        } finally {
            Kernels.setThreads(threads);
        }
    }
}
