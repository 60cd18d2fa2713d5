package dev.mu4j.internal.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mu4j.GenerationConfig;
import dev.mu4j.LogitsProcessor;
import dev.mu4j.MuException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table tests on tiny hand-computed distributions with a fixed seed. */
class SamplerTest {
    /** Draws per frequency test; with a fixed seed the counts are deterministic, the tolerance only covers the math. */
    static final int DRAWS = 40_000;
    static final double FREQ_TOLERANCE = 0.01;

    private static float[] logitsOf(double... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < probs.length; i++) l[i] = (float) Math.log(probs[i]);
        return l;
    }

    private static double[] frequencies(GenerationConfig cfg, float[] logits) {
        Sampler s = new Sampler(cfg);
        double[] f = new double[logits.length];
        for (int i = 0; i < DRAWS; i++) f[s.sample(logits.clone(), new int[0], 0)]++;
        for (int i = 0; i < f.length; i++) f[i] /= DRAWS;
        return f;
    }

    private static void assertFrequencies(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], FREQ_TOLERANCE, "token " + i + " of " + java.util.Arrays.toString(actual));
        }
    }

    private static GenerationConfig.Builder sampling() {
        return GenerationConfig.builder().temperature(1).seed(42);
    }

    @Test
    void greedyPicksArgmaxAndLowestIdOnTies() {
        Sampler s = new Sampler(GenerationConfig.defaults());
        assertEquals(2, s.sample(new float[] {0.1f, 0.5f, 0.9f, -1f}, new int[0], 0));
        assertEquals(1, s.sample(new float[] {0.1f, 0.9f, 0.9f}, new int[0], 0));
    }

    @Test
    void logitBiasMovesTheArgmax() {
        Sampler s = new Sampler(GenerationConfig.builder().logitBias(Map.of(0, 1f)).build());
        assertEquals(0, s.sample(new float[] {0.5f, 1.2f}, new int[0], 0));
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        Sampler s = new Sampler(GenerationConfig.builder().repetitionPenalty(2f).build());
        float[] logits = {2f, 1.5f, -1f};
        s.sample(logits, new int[] {0, 2, 2}, 3);
        assertArrayEquals(new float[] {1f, 1.5f, -2f}, logits);
    }

    @Test
    void frequencyAndPresencePenalties() {
        Sampler s = new Sampler(GenerationConfig.builder().frequencyPenalty(0.3f).presencePenalty(0.1f).build());
        float[] logits = {1f, 0.5f};
        assertEquals(1, s.sample(logits, new int[] {0, 0, 7}, 3));   // 7 is outside the vocabulary: ignored
        assertEquals(1f - 0.6f - 0.1f, logits[0], 1e-6);
        assertEquals(0.5f, logits[1]);
    }

    @Test
    void penaltyWindowOnlyLooksAtRecentTokens() {
        Sampler s = new Sampler(GenerationConfig.builder().presencePenalty(1f).penaltyWindow(1).build());
        float[] logits = {1f, 1f};
        s.sample(logits, new int[] {0, 1}, 2);
        assertArrayEquals(new float[] {1f, 0f}, logits);
    }

    @Test
    void temperatureOneSamplesTheDistribution() {
        assertFrequencies(new double[] {0.5, 0.3, 0.2}, frequencies(sampling().build(), logitsOf(0.5, 0.3, 0.2)));
    }

    @Test
    void temperatureTwoFlattens() {
        // p^(1/2) normalised: sqrt(.5), sqrt(.3), sqrt(.2) = .7071, .5477, .4472 -> .4137, .3204, .2617
        assertFrequencies(new double[] {0.4137, 0.3204, 0.2617},
                frequencies(sampling().temperature(2).build(), logitsOf(0.5, 0.3, 0.2)));
    }

    @Test
    void topKKeepsTheKMostLikely() {
        assertFrequencies(new double[] {0.625, 0.375, 0},
                frequencies(sampling().topK(2).build(), logitsOf(0.5, 0.3, 0.2)));
        assertFrequencies(new double[] {1, 0, 0}, frequencies(sampling().topK(1).build(), logitsOf(0.5, 0.3, 0.2)));
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // 0.5 < 0.6 <= 0.5 + 0.3: keep two
        assertFrequencies(new double[] {0.625, 0.375, 0},
                frequencies(sampling().topP(0.6f).build(), logitsOf(0.5, 0.3, 0.2)));
        assertFrequencies(new double[] {1, 0, 0}, frequencies(sampling().topP(0.5f).build(), logitsOf(0.5, 0.3, 0.2)));
    }

    @Test
    void minPDropsUnlikelyTokens() {
        // threshold 0.5 * 0.5 = 0.25: 0.2 goes
        assertFrequencies(new double[] {0.625, 0.375, 0},
                frequencies(sampling().minP(0.5f).build(), logitsOf(0.5, 0.3, 0.2)));
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        float[] logits = logitsOf(0.25, 0.25, 0.25, 0.25);
        int[] a = draws(sampling().seed(7).build(), logits), b = draws(sampling().seed(7).build(), logits);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(draws(sampling().seed(8).build(), logits)));
    }

    private static int[] draws(GenerationConfig cfg, float[] logits) {
        Sampler s = new Sampler(cfg);
        int[] out = new int[32];
        for (int i = 0; i < out.length; i++) out[i] = s.sample(logits.clone(), new int[0], 0);
        return out;
    }

    @Test
    void processorsMaskTokens() {
        LogitsProcessor onlyOdd = (history, length, logits) -> {
            for (int i = 0; i < logits.length; i += 2) logits[i] = Float.NEGATIVE_INFINITY;
        };
        assertEquals(1, new Sampler(GenerationConfig.builder().processors(List.of(onlyOdd)).build())
                .sample(new float[] {5f, 1f, 4f}, new int[0], 0));
        assertFrequencies(new double[] {0, 1, 0},
                frequencies(sampling().processors(List.of(onlyOdd)).build(), logitsOf(0.5, 0.3, 0.2)));
    }

    @Test
    void nothingAllowedIsAnError() {
        float[] none = {Float.NEGATIVE_INFINITY, Float.NaN};
        assertThrows(MuException.class, () -> new Sampler(GenerationConfig.defaults()).sample(none.clone(), new int[0], 0));
        assertThrows(MuException.class, () -> new Sampler(sampling().build()).sample(none.clone(), new int[0], 0));
    }

    @Test
    void invalidConfigsAreRejected() {
        assertThrows(MuException.class, () -> GenerationConfig.builder().temperature(-1).build());
        assertThrows(MuException.class, () -> GenerationConfig.builder().topP(0).build());
        assertThrows(MuException.class, () -> GenerationConfig.builder().minP(1).build());
        assertThrows(MuException.class, () -> GenerationConfig.builder().stopStrings(List.of("")).build());
        assertThrows(MuException.class,
                () -> new Sampler(GenerationConfig.builder().logitBias(Map.of(9, 1f)).build()).sample(new float[2], new int[0], 0));
    }
}
