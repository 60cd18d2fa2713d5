package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.NativeArray;
import dev.mu4j.internal.model.InferenceState;
import dev.mu4j.internal.model.Quantizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fp16 KV cache ({@code Model.Options.kvCache}): every golden model against PyTorch with an fp16 cache, on every
 * ISA; the {@code auto} choice; chunking and prefix reuse stay bit-reproducible; bad options and bad buffers fail
 * with a clear message.
 */
class KvCacheTest {
    /**
     * Max |ours - reference| with an fp16 cache, relative to the reference's logit range. The fp32-cache tolerance
     * ({@link GoldenLogitsTest#REL_TOLERANCE}, 1e-4) cannot hold: rounding each key and value to fp16 is a relative
     * error up to 2^-11 = 4.9e-4 per value. Measured worst case over the golden models and ISAs: 2.3e-4
     * (mu-tiny-text; 1.2e-4 to 2.3e-4 for the others, the same on ref and avx2); the bound leaves ~2x margin.
     */
    static final double F16_REL_TOLERANCE = 5e-4;

    static final Model.Options F16 = Model.Options.builder().kvCache("f16").build();
    static final Model.Options F32 = Model.Options.builder().kvCache("f32").build();

    private static final int DEFAULT_ISA = Kernels.isa();

    @TempDir
    Path tmp;

    @AfterEach
    void restoreIsa() {
        Kernels.setIsa(DEFAULT_ISA);
    }

    @Test
    void goldenModelsWithAnF16CacheStayCloseToPyTorch() throws Exception {
        List<String> lines = new ArrayList<>();
        double worst = 0;
        for (Path dir : GoldenFile.modelDirs()) {
            GoldenFile golden = GoldenFile.read(dir.resolve("expected.bin"));
            for (int isa : Kernels.supportedIsas()) {
                Kernels.setIsa(isa);
                double maxDiff = 0;
                try (Model m = Model.load(dir, F16); Session s = m.newSession()) {
                    assertEquals("f16", m.kvCacheType());
                    for (GoldenFile.Step step : golden.steps()) {
                        float[] ours = s.forwardAll(step.tokens(), step.startPos());
                        float[] ref = step.logits();
                        for (int i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i] - ref[i]));
                    }
                }
                double rel = maxDiff / golden.logitRange();
                worst = Math.max(worst, rel);
                lines.add(String.format(Locale.ROOT, "%-18s %-6s kv f16  max|diff|/range %.2e", dir.getFileName(),
                        Kernels.isaName(isa), rel));
            }
        }
        lines.forEach(System.out::println);
        assertTrue(worst <= F16_REL_TOLERANCE, "worst " + worst + " > " + F16_REL_TOLERANCE + "\n" + String.join("\n", lines));
        assertTrue(worst > 0, "an fp16 cache that changes nothing is not an fp16 cache");
    }

    @Test
    void autoIsF16ForQuantizedWeightsAndF32Otherwise() throws Exception {
        Path dir = GoldenFile.ROOT.resolve("mu-dual-ln-gelu");
        try (Model m = Model.load(dir)) {
            assertEquals("auto", Model.Options.defaults().kvCache());
            assertEquals("f32", m.kvCacheType());
        }
        Path q8 = tmp.resolve("q8");
        Quantizer.quantize(dir, q8, QuantType.Q8_0, done -> {});
        try (Model auto = Model.load(q8); Model f32 = Model.load(q8, F32)) {
            assertEquals("f16", auto.kvCacheType());
            assertEquals("f32", f32.kvCacheType());
        }
    }

    /** With an fp16 cache a token's logits still do not depend on how the prompt was chunked or reused. */
    @Test
    void f16CacheIsBitReproducibleAcrossChunkingAndPrefixReuse() throws Exception {
        assertChunkingPrefixReuseAndForkGiveTheSameBits(F16);
    }

    /**
     * hf-llama-tiny with {@code options}: a prompt's logits run whole equal those of its first 4 tokens and then the
     * rest, and a fork continues exactly as its parent.
     */
    static void assertChunkingPrefixReuseAndForkGiveTheSameBits(Model.Options options) throws Exception {
        Path dir = GoldenFile.ROOT.resolve("hf-llama-tiny");
        int[] prompt = {1, 5, 9, 2, 7, 7, 3, 11, 4, 6};
        try (Model m = Model.load(dir, options); Session whole = m.newSession(); Session parts = m.newSession()) {
            float[] all = whole.forwardAll(prompt, 0);
            int vocab = m.config().vocabSize(), n = prompt.length;
            parts.forward(java.util.Arrays.copyOf(prompt, 4), 0);
            float[] rest = parts.forwardAll(java.util.Arrays.copyOfRange(prompt, 4, n), 4);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 4 * vocab, n * vocab), rest);
            try (Session fork = parts.fork()) {
                float[] a = fork.forward(new int[] {8}, n), b = parts.forward(new int[] {8}, n);
                assertArrayEquals(b, a);
            }
        }
    }

    @Test
    void f16CacheUsesHalfTheCacheMemory() throws Exception {
        Path dir = GoldenFile.ROOT.resolve("hf-llama-tiny");
        try (Model m = Model.load(dir)) {
            ModelConfig c = m.config();
            int maxSeq = c.maxSeqLen();
            long cacheF32 = 2L * c.nLayers() * c.nKvHeads() * maxSeq * c.headDim() * Float.BYTES;
            try (InferenceState s16 = new InferenceState(c, maxSeq, 4, DType.F16);
                 InferenceState s32 = new InferenceState(c, maxSeq, 4, DType.F32)) {
                assertEquals(cacheF32 / 2, s32.bytes() - s16.bytes());
            }
            assertThrows(MuException.class, () -> new InferenceState(c, maxSeq, 4, DType.BF16));
        }
    }

    @Test
    void badKvCacheOptionsNameTheOptionAndTheValidValues() {
        MuException e = assertThrows(MuException.class, () -> Model.Options.builder().kvCache("bf16"));
        assertTrue(e.getMessage().contains("kvCache") && e.getMessage().contains("'bf16'")
                && e.getMessage().contains("auto, f16, q8 or f32"), e.getMessage());
        assertEquals("f16", Model.Options.builder().kvCache(" F16 ").build().kvCache());
        e = assertThrows(MuException.class, () -> Model.Options.builder().backend("onnx").kvCache("f16").build());
        assertTrue(e.getMessage().contains("native backend"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Model.Options.builder().kvCache(null));
    }

    @Test
    void kernelsRejectMixedOrShortCaches() {
        int heads = 2, hd = 4, stride = 8, t = 1;
        long cache = (long) heads * stride * hd;
        try (NativeArray k16 = NativeArray.allocate(DType.F16, cache);
             NativeArray v32 = NativeArray.allocate(DType.F32, cache);
             NativeArray v16Short = NativeArray.allocate(DType.F16, cache - 1);
             NativeArray k = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray v = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray q = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray out = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray scratch = NativeArray.allocate(DType.F32, stride);
             NativeArray i32 = NativeArray.allocate(DType.I32, cache)) {
            MuException e = assertThrows(MuException.class, () -> Kernels.kvStore(k16, v32, k, v, heads, hd, stride, 0, t));
            assertTrue(e.getMessage().contains("must both be F32, both F16"), e.getMessage());
            e = assertThrows(MuException.class, () -> Kernels.kvStore(k16, v16Short, k, v, heads, hd, stride, 0, t));
            assertTrue(e.getMessage().contains("v cache") && e.getMessage().contains("needs " + cache), e.getMessage());
            e = assertThrows(MuException.class, () -> Kernels.attention(out, scratch, q, i32, i32, heads, heads, hd,
                    stride, 0, t, 0.5f));
            assertTrue(e.getMessage().contains("I32"), e.getMessage());
            e = assertThrows(MuException.class, () -> Kernels.attention(out, scratch, q, k16, v16Short, heads, heads, hd,
                    stride, 0, t, 0.5f));
            assertTrue(e.getMessage().contains("needs " + cache), e.getMessage());
        }
    }

    /** One stored row reads back as its fp16 rounding: attention over a single position returns that value row. */
    @Test
    void oneStoredRowIsReadBackRoundedToF16() {
        // a tie (to even: 1.0), the largest fp16, a subnormal (1e-6 = 16.78 * 2^-24: 17 * 2^-24)
        float[] value = {1.0f + 1.0f / 2048 / 2, -65504f, 1e-6f};
        assertArrayEquals(new float[] {1.0f, -65504f, 17 * 0x1p-24f}, storeOneRowAndAttend(DType.F16, 3, value));
    }

    /**
     * Stores one key and one value row (head_dim = value.length) at position 0 of caches of {@code dtype} with
     * {@code rowLength} elements per row, then attends over that single position: returns the value row as the cache
     * holds it.
     */
    static float[] storeOneRowAndAttend(DType dtype, int rowLength, float[] value) {
        int hd = value.length;
        try (NativeArray kc = NativeArray.allocate(dtype, rowLength); NativeArray vc = NativeArray.allocate(dtype, rowLength);
             NativeArray k = NativeArray.allocate(DType.F32, hd); NativeArray v = NativeArray.allocate(DType.F32, hd);
             NativeArray q = NativeArray.allocate(DType.F32, hd); NativeArray out = NativeArray.allocate(DType.F32, hd);
             NativeArray scratch = NativeArray.allocate(DType.F32, 1)) {
            float[] key = new float[hd], ones = new float[hd];
            for (int i = 0; i < hd; i++) {
                key[i] = 0.5f * (i + 1);
                ones[i] = 1f;
            }
            k.write(0, key);
            v.write(0, value);
            q.write(0, ones);
            Kernels.kvStore(kc, vc, k, v, 1, hd, 1, 0, 1);
            Kernels.attention(out, scratch, q, kc, vc, 1, 1, hd, 1, 0, 1, 0.5f);
            float[] got = new float[hd];
            out.read(0, got);
            return got;
        }
    }
}
