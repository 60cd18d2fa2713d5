package dev.mu4j.internal.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mu4j.Model;
import dev.mu4j.Session;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Prints native vs ONNX Runtime (CPU provider, 1 intra-op thread; the native kernels are single-threaded too) on the
 * settings model: a 24-token prompt into a fresh cache, and one decode step at position 24. Median of 7 runs after a
 * warm-up, both backends in this process, ratio ORT / native. Asserts only that both produce logits; the numbers are
 * for reading (build machines are shared and noisy).
 *
 * <pre>mvn -B -DskipNative test -Dtest=OrtBenchmarkTest</pre>
 */
class OrtBenchmarkTest {
    static final int RUNS = 7;
    static final int PROMPT = 24;

    @Test
    void printPrefillAndDecodeMillis() throws Exception {
        Path dir = Path.of("models/mu-settings");
        Model.Options ort = Model.Options.builder().backend("onnx").threads(1).build();
        try (Model nat = Model.load(dir); Model onnx = Model.load(dir, ort)) {
            double[] n = time(nat), o = time(onnx);
            System.out.printf("settings model, %d-token prompt: native %.2f ms, onnxruntime/cpu %.2f ms (x%.2f)%n",
                    PROMPT, n[0], o[0], o[0] / n[0]);
            System.out.printf("settings model, one decode step: native %.3f ms, onnxruntime/cpu %.3f ms (x%.2f)%n",
                    n[1], o[1], o[1] / n[1]);
        }
    }

    /** {median prefill ms, median decode ms}. */
    private static double[] time(Model m) {
        int[] prompt = OrtParityTest.randomIds(PROMPT, m.config().vocabSize(), 11);
        double[] prefill = new double[RUNS], decode = new double[RUNS];
        try (Session s = m.newSession()) {
            for (int warm = 0; warm < 3; warm++) s.forward(prompt, 0);
            for (int r = 0; r < RUNS; r++) {
                long t0 = System.nanoTime();
                float[] logits = s.forward(prompt, 0);
                long t1 = System.nanoTime();
                s.forward(new int[] {prompt[r]}, PROMPT);
                long t2 = System.nanoTime();
                assertEquals(m.config().vocabSize(), logits.length);
                prefill[r] = (t1 - t0) / 1e6;
                decode[r] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(prefill);
        Arrays.sort(decode);
        return new double[] {prefill[RUNS / 2], decode[RUNS / 2]};
    }
}
