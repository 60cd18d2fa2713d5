package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.NativeArray;
import dev.mu4j.internal.model.InferenceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The int8 KV cache ({@code Model.Options.kvCache("q8")}): every golden model against PyTorch and against our fp32
 * cache, on every ISA; greedy generation equal to the frozen PyTorch ids wherever the fp16 cache's is; chunking and
 * prefix reuse stay bit-reproducible; the memory it saves; bad options and bad buffers fail with a clear message.
 */
class KvCacheQ8Test {
    /**
     * Max |ours - reference| with an int8 cache, relative to the reference's logit range (PyTorch, fp32 cache). Each
     * key / value is off by up to max|row| / 254 (0.4% of its row's largest value), ~8x the fp16 cache's 2^-11
     * ({@link KvCacheTest#F16_REL_TOLERANCE} 5e-4). Measured worst case over the golden models and ISAs: 8.1e-3
     * (hf-qwen2-tiny; 2.3e-3 to 5.7e-3 for the others, the same on ref and avx2; fp16: 1.2e-4 to 2.3e-4); the
     * bound leaves ~2x margin.
     */
    static final double Q8_REL_TOLERANCE = 1.6e-2;

    static final Model.Options Q8 = Model.Options.builder().kvCache("q8").build();
    static final Model.Options F16 = Model.Options.builder().kvCache("f16").build();
    static final Model.Options F32 = Model.Options.builder().kvCache("f32").build();

    private static final int DEFAULT_ISA = Kernels.isa();

    @AfterEach
    void restoreIsa() {
        Kernels.setIsa(DEFAULT_ISA);
    }

    @Test
    void goldenModelsWithAQ8CacheStayCloseToPyTorchAndToTheF32Cache() throws Exception {
        List<String> lines = new ArrayList<>();
        double worst = 0;
        for (Path dir : GoldenFile.modelDirs()) {
            GoldenFile golden = GoldenFile.read(dir.resolve("expected.bin"));
            for (int isa : Kernels.supportedIsas()) {
                Kernels.setIsa(isa);
                double vsRef = 0, vsF32 = 0;
                try (Model m = Model.load(dir, Q8); Session s = m.newSession();
                     Model m32 = Model.load(dir, F32); Session s32 = m32.newSession()) {
                    assertEquals("q8", m.kvCacheType());
                    for (GoldenFile.Step step : golden.steps()) {
                        float[] ours = s.forwardAll(step.tokens(), step.startPos());
                        float[] f32 = s32.forwardAll(step.tokens(), step.startPos());
                        float[] ref = step.logits();
                        for (int i = 0; i < ref.length; i++) {
                            vsRef = Math.max(vsRef, Math.abs(ours[i] - ref[i]));
                            vsF32 = Math.max(vsF32, Math.abs(ours[i] - f32[i]));
                        }
                    }
                }
                double rel = vsRef / golden.logitRange();
                worst = Math.max(worst, rel);
                lines.add(String.format(Locale.ROOT, "%-18s %-6s kv q8  max|diff|/range vs PyTorch %.2e, vs our f32"
                        + " cache %.2e", dir.getFileName(), Kernels.isaName(isa), rel, vsF32 / golden.logitRange()));
            }
        }
        lines.forEach(System.out::println);
        assertTrue(worst <= Q8_REL_TOLERANCE, "worst " + worst + " > " + Q8_REL_TOLERANCE + "\n" + String.join("\n", lines));
        assertTrue(worst > KvCacheTest.F16_REL_TOLERANCE / 10, "an int8 cache that changes almost nothing is not one");
    }

    /**
     * Greedy ids with a q8 cache equal the frozen PyTorch ids (greedy.json) on every golden model whose fp16-cache
     * greedy ids do; a model where even fp16 differs is reported, not asserted (its logits are too close to call).
     */
    @Test
    void greedyIdsEqualTheFrozenOnesWhereverTheF16CachesDo() throws Exception {
        int compared = 0;
        for (Path dir : GoldenFile.modelDirs()) {
            if (!Files.isRegularFile(dir.resolve("greedy.json"))) continue;
            JsonObject g = JsonParser.parseString(Files.readString(dir.resolve("greedy.json"))).getAsJsonObject();
            int[] prompt = ints(g, "prompt_ids"), expected = ints(g, "generated_ids");
            int[] f16 = greedy(dir, F16, prompt, expected.length), q8 = greedy(dir, Q8, prompt, expected.length);
            if (!Arrays.equals(expected, f16)) {
                System.out.println("SKIP " + dir.getFileName() + ": fp16-cache greedy ids differ from PyTorch's too");
                continue;
            }
            assertArrayEquals(expected, q8, dir.getFileName() + " greedy ids with a q8 cache");
            compared++;
        }
        System.out.println("q8-cache greedy ids equal PyTorch's on " + compared + " golden models");
        assertTrue(compared >= 3, "too few golden models compared: " + compared);
    }

    private static int[] greedy(Path dir, Model.Options options, int[] prompt, int n) throws Exception {
        try (Model m = Model.load(dir, options); Session s = m.newSession()) {
            GenerationConfig config = GenerationConfig.builder().maxNewTokens(n).stopTokens(Set.of()).build();
            return s.generate(prompt, config, null).tokenIds();
        }
    }

    private static int[] ints(JsonObject o, String field) {
        return o.getAsJsonArray(field).asList().stream().mapToInt(e -> e.getAsInt()).toArray();
    }

    /** A token's logits do not depend on how the prompt was chunked or reused (copyPrefixTo copies q8 rows whole). */
    @Test
    void q8CacheIsBitReproducibleAcrossChunkingPrefixReuseAndFork() throws Exception {
        KvCacheTest.assertChunkingPrefixReuseAndForkGiveTheSameBits(Q8);
    }

    /** (head_dim + 4) bytes per cached row instead of 4 * head_dim. */
    @Test
    void q8CacheHoldsHeadDimBytesPlusAScalePerRow() throws Exception {
        Path dir = GoldenFile.ROOT.resolve("hf-llama-tiny");
        try (Model m = Model.load(dir)) {
            ModelConfig c = m.config();
            int maxSeq = c.maxSeqLen();
            long rows = 2L * c.nLayers() * c.nKvHeads() * maxSeq;
            try (InferenceState s8 = new InferenceState(c, maxSeq, 4, DType.I8);
                 InferenceState s32 = new InferenceState(c, maxSeq, 4, DType.F32)) {
                assertEquals(rows * (4L * c.headDim() - (c.headDim() + 4)), s32.bytes() - s8.bytes());
                assertEquals(c.headDim() + 4, s8.kvRow);
            }
        }
    }

    @Test
    void q8OptionIsAcceptedAndBadValuesListIt() {
        assertEquals("q8", Model.Options.builder().kvCache(" Q8 ").build().kvCache());
        MuException e = assertThrows(MuException.class, () -> Model.Options.builder().kvCache("int8"));
        assertTrue(e.getMessage().contains("'int8'") && e.getMessage().contains("auto, f16, q8 or f32"), e.getMessage());
        e = assertThrows(MuException.class, () -> Model.Options.builder().backend("onnx").kvCache("q8").build());
        assertTrue(e.getMessage().contains("kvCache q8 needs the native backend"), e.getMessage());
    }

    @Test
    void kernelsRejectMixedOrShortQ8Caches() {
        int heads = 2, hd = 4, stride = 8, t = 1;
        long cache = (long) heads * stride * (hd + 4);
        try (NativeArray k8 = NativeArray.allocate(DType.I8, cache);
             NativeArray v16 = NativeArray.allocate(DType.F16, cache);
             NativeArray v8Short = NativeArray.allocate(DType.I8, cache - 1);
             NativeArray v8Floats = NativeArray.allocate(DType.I8, (long) heads * stride * hd);
             NativeArray k = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray v = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray q = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray out = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray scratch = NativeArray.allocate(DType.F32, stride)) {
            MuException e = assertThrows(MuException.class, () -> Kernels.kvStore(k8, v16, k, v, heads, hd, stride, 0, t));
            assertTrue(e.getMessage().contains("both I8 (q8)"), e.getMessage());
            e = assertThrows(MuException.class, () -> Kernels.kvStore(k8, v8Short, k, v, heads, hd, stride, 0, t));
            assertTrue(e.getMessage().contains("v cache") && e.getMessage().contains("needs " + cache), e.getMessage());
            // a cache sized for head_dim values per row, without room for the scales
            e = assertThrows(MuException.class, () -> Kernels.attention(out, scratch, q, k8, v8Floats, heads, heads, hd,
                    stride, 0, t, 0.5f));
            assertTrue(e.getMessage().contains("needs " + cache), e.getMessage());
        }
    }

    /**
     * One stored row reads back as scale * quants: attention over a single position returns exactly that row, with
     * scale = max|x| / 127 and the quants rounded to nearest even (-63.5 to -64).
     */
    @Test
    void oneStoredRowIsReadBackAsScaleTimesQuants() {
        float[] value = {2f, -1f, 0.5f};   // scale 2 / 127: quants 127, -63.5 -> -64, 31.75 -> 32
        float s = 2f / 127f;
        assertArrayEquals(new float[] {s * 127, s * -64, s * 32},
                KvCacheTest.storeOneRowAndAttend(DType.I8, value.length + 4, value));
    }
}
