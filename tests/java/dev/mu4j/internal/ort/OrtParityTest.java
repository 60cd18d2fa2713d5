package dev.mu4j.internal.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.Generation;
import dev.mu4j.GenerationConfig;
import dev.mu4j.Model;
import dev.mu4j.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX Runtime backend (CPU provider) computes what the native backend computes: logits within
 * {@link #LOGIT_TOL} and identical greedy generations, on every golden model with an ONNX package and on the shipped
 * settings model; windows (full, left-padded, decode), prefix reuse and fork behave as on the native backend.
 */
class OrtParityTest {
    /** Max |native - ORT| over all logits, relative to max(1, max |logit|): fp32, different summation orders. */
    static final float LOGIT_TOL = 1e-5f;   // observed <= 1.1e-6 on every model
    static final Path GOLDEN = Path.of("tests/golden");
    static final Model.Options ORT = Model.Options.builder().backend("onnx").threads(1).build();

    static Stream<Path> models() throws Exception {
        try (Stream<Path> s = Files.list(GOLDEN)) {
            List<Path> dirs = s.filter(d -> Files.isRegularFile(d.resolve("onnx/manifest.json"))).sorted().toList();
            assertTrue(dirs.size() >= 6, "golden ONNX packages: " + dirs);
            return Stream.concat(dirs.stream(), Stream.of(Path.of("models/mu-settings")));
        }
    }

    static int[] randomIds(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
        return ids;
    }

    static float maxRelDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float maxAbs = 1f, diff = 0f;
        for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / maxAbs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void logitsAgreeAcrossWindows(Path dir) throws Exception {
        try (Model nat = Model.load(dir); Model ort = Model.load(dir, ORT);
             Session a = nat.newSession(); Session b = ort.newSession()) {
            assertEquals("onnxruntime/cpu", ort.backendName());
            int vocab = nat.config().vocabSize();
            // 2 full prefill windows + a left-padded one (window 16 for goldens, 32 for the settings model)
            int[] prompt = randomIds(Math.min(41, nat.config().maxSeqLen() - 8), vocab, 1);
            float worst = maxRelDiff(a.forwardAll(prompt, 0), b.forwardAll(prompt, 0));
            for (int step = 0; step < 5; step++) {             // decode steps
                int[] one = randomIds(1, vocab, 100 + step);
                worst = Math.max(worst, maxRelDiff(a.forward(one, a.position()), b.forward(one, b.position())));
            }
            int[] three = randomIds(3, vocab, 7);               // a short padded chunk after the cache
            worst = Math.max(worst, maxRelDiff(a.forwardAll(three, a.position()), b.forwardAll(three, b.position())));
            System.out.printf("%s: max |native - ort| / max(1, |logit|) = %.3g%n", dir.getFileName(), worst);
            assertTrue(worst <= LOGIT_TOL, dir + ": " + worst);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void greedyGenerationsAreIdentical(Path dir) throws Exception {
        GenerationConfig greedy = GenerationConfig.builder().maxNewTokens(24).stopTokens(Set.of()).build();
        try (Model nat = Model.load(dir); Model ort = Model.load(dir, ORT);
             Session a = nat.newSession(); Session b = ort.newSession()) {
            int[] prompt = randomIds(19, nat.config().vocabSize(), 3);
            Generation x = a.generate(prompt, greedy, null), y = b.generate(prompt, greedy, null);
            assertArrayEquals(x.tokenIds(), y.tokenIds(), dir.toString());
        }
    }

    @Test
    void prefixReuseRewindAndForkMatchANewSession() throws Exception {
        Path dir = GOLDEN.resolve("mu-tiny-text");
        try (Model ort = Model.load(dir, ORT); Session s = ort.newSession(); Session fresh = ort.newSession()) {
            int[] prefix = randomIds(20, ort.config().vocabSize(), 5);
            s.forward(prefix, 0);
            float[] viaCache = s.forward(new int[] {42}, 20);
            try (Session f = s.fork()) {
                float[] forked = f.forward(new int[] {43}, 21);
                int[] all = java.util.Arrays.copyOf(prefix, 22);
                all[20] = 42;
                all[21] = 43;
                float[] whole = fresh.forwardAll(all, 0);
                float[] last = java.util.Arrays.copyOfRange(whole, 21 * ort.config().vocabSize(), whole.length);
                float[] at20 = java.util.Arrays.copyOfRange(whole, 20 * ort.config().vocabSize(),
                        21 * ort.config().vocabSize());
                assertTrue(maxRelDiff(forked, last) <= LOGIT_TOL);
                assertTrue(maxRelDiff(viaCache, at20) <= LOGIT_TOL);
            }
            s.rewind(10);                                       // stale rows past 10 must not leak in
            float[] again = s.forward(java.util.Arrays.copyOfRange(prefix, 10, 20), 10);
            float[] ref = fresh.forwardAll(prefix, 0);
            assertTrue(maxRelDiff(again, java.util.Arrays.copyOfRange(ref, 19 * ort.config().vocabSize(), ref.length))
                    <= LOGIT_TOL);
        }
    }
}
