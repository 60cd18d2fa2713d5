package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mu4j.internal.Kernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The forward pass against PyTorch: every golden model (Mu with dual LayerNorm + GELU, Mu SwiGLU in F16/BF16,
 * HF Llama and Qwen2 built with transformers), prefill and every decode step, on every ISA this CPU runs.
 */
class GoldenLogitsTest {
    /** Max |ours - reference| allowed, relative to the reference's logit range (issue: 1e-4). */
    static final double REL_TOLERANCE = 1e-4;

    private static final int DEFAULT_ISA = Kernels.isa();

    @AfterEach
    void restoreIsa() {
        Kernels.setIsa(DEFAULT_ISA);
    }

    static Stream<Arguments> modelsAndIsas() throws Exception {
        List<Arguments> args = new ArrayList<>();
        for (Path dir : GoldenFile.modelDirs()) {
            for (int isa : Kernels.supportedIsas()) args.add(Arguments.of(dir.getFileName().toString(), Kernels.isaName(isa)));
        }
        return args.stream();
    }

    @Test
    void allGoldenModelsArePresentAndRefIsAlwaysTested() throws Exception {
        List<String> names = GoldenFile.modelDirs().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("mu-dual-ln-gelu", "hf-llama-tiny", "hf-qwen2-tiny")), names.toString());
        assertEquals(Kernels.ISA_REF, Kernels.supportedIsas()[0]);
        for (int isa = Kernels.ISA_REF; isa <= Kernels.ISA_NEON; isa++) {
            if (!Kernels.isaSupported(isa)) System.out.println("SKIP isa " + Kernels.isaName(isa) + ": not supported on this CPU");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("modelsAndIsas")
    void logitsMatchPyTorch(String model, String isa) throws Exception {
        Kernels.setIsa(List.of("ref", "avx2", "avx512", "neon").indexOf(isa));
        Path dir = GoldenFile.ROOT.resolve(model);
        GoldenFile golden = GoldenFile.read(dir.resolve("expected.bin"));
        double tolerance = REL_TOLERANCE * golden.logitRange();
        try (Model m = Model.load(dir); Session s = m.newSession()) {
            assertEquals(golden.vocabSize(), m.config().vocabSize());
            for (int i = 0; i < golden.steps().size(); i++) {
                GoldenFile.Step step = golden.steps().get(i);
                float[] ours = s.forwardAll(step.tokens(), step.startPos());
                compare(model + " step " + i + " (pos " + step.startPos() + ", " + step.tokens().length + " tokens)",
                        step.logits(), ours, tolerance);
                assertEquals(step.startPos() + step.tokens().length, s.position());
            }
        }
    }

    /** The last-token logits of forward() equal the last row of forwardAll(). */
    @Test
    void forwardReturnsTheLastRow() throws Exception {
        Path dir = GoldenFile.ROOT.resolve("mu-dual-ln-gelu");
        GoldenFile golden = GoldenFile.read(dir.resolve("expected.bin"));
        GoldenFile.Step step = golden.steps().get(0);
        int vocab = golden.vocabSize(), n = step.tokens().length;
        try (Model m = Model.load(dir); Session s = m.newSession()) {
            float[] last = s.forward(step.tokens(), 0);
            float[] expected = java.util.Arrays.copyOfRange(step.logits(), (n - 1) * vocab, n * vocab);
            compare("last row", expected, last, REL_TOLERANCE * golden.logitRange());
        }
    }

    static void compare(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxDiff = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= maxDiff)) {
                maxDiff = d;
                worst = i;
            }
        }
        if (!(maxDiff <= tolerance)) {
            StringBuilder sb = new StringBuilder(what + ": max abs diff " + maxDiff + " at " + worst + " > tolerance "
                    + tolerance + "\n  first values expected/actual:");
            for (int i = 0; i < Math.min(6, expected.length); i++) sb.append(" ").append(expected[i]).append("/").append(actual[i]);
            fail(sb.toString());
        }
    }
}
