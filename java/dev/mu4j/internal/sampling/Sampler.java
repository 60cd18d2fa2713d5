package dev.mu4j.internal.sampling;

import dev.mu4j.GenerationConfig;
import dev.mu4j.LogitsProcessor;
import dev.mu4j.MuException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits following a {@link GenerationConfig}: bias, penalties, processors, then
 * greedy or temperature / top-k / top-p / min-p sampling with a seeded generator. One sampler per generation;
 * not thread-safe.
 */
public final class Sampler {
    private final GenerationConfig cfg;
    private final SplittableRandom rng;
    // scratch reused across steps: candidate ids and their probabilities
    private int[] ids = new int[0];
    private double[] probs = new double[0];

    public Sampler(GenerationConfig cfg) {
        this.cfg = cfg;
        this.rng = new SplittableRandom(cfg.seed());
    }

    /**
     * Returns the next token id. {@code logits} is modified (bias, penalties, processors).
     *
     * @param history the prompt and the generated tokens so far; {@code length} entries are valid
     */
    public int sample(float[] logits, int[] history, int length) {
        applyBias(logits);
        applyPenalties(logits, history, length);
        for (LogitsProcessor p : cfg.processors()) p.process(history, length, logits);
        return cfg.greedy() ? argmax(logits) : draw(logits);
    }

    private void applyBias(float[] logits) {
        for (Map.Entry<Integer, Float> e : cfg.logitBias().entrySet()) {
            int id = e.getKey();
            if (id < 0 || id >= logits.length) throw new MuException("logit bias for token id " + id + " outside [0, " + logits.length + ")");
            logits[id] += e.getValue();
        }
    }

    private void applyPenalties(float[] logits, int[] history, int length) {
        boolean rep = cfg.repetitionPenalty() != 1, freq = cfg.frequencyPenalty() != 0, pres = cfg.presencePenalty() != 0;
        if (!(rep || freq || pres) || length == 0 || cfg.penaltyWindow() == 0) return;
        int from = Math.max(0, length - cfg.penaltyWindow());
        int[] window = Arrays.copyOfRange(history, from, length);
        Arrays.sort(window);
        for (int i = 0; i < window.length; ) {
            int id = window[i], count = 0;
            while (i < window.length && window[i] == id) { i++; count++; }
            if (id < 0 || id >= logits.length) continue;
            float l = logits[id];
            if (rep) l = l > 0 ? l / cfg.repetitionPenalty() : l * cfg.repetitionPenalty();
            l -= cfg.frequencyPenalty() * count + (pres ? cfg.presencePenalty() : 0);
            logits[id] = l;
        }
    }

    /** The most likely token; ties go to the lowest id. */
    static int argmax(float[] logits) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > bestValue) {
                bestValue = logits[i];
                best = i;
            }
        }
        if (best < 0) throw new MuException("no token is allowed: every logit is -infinity or NaN");
        return best;
    }

    private int draw(float[] logits) {
        int n = collectCandidates(logits);
        // candidates sorted by probability, highest first; probs are softmax(logits / T) over the candidates
        int keep = n;
        if (cfg.topK() > 0) keep = Math.min(keep, cfg.topK());
        if (cfg.topP() < 1) {
            double total = 0, cum = 0;
            for (int i = 0; i < keep; i++) total += probs[i];
            for (int i = 0; i < keep; i++) {
                cum += probs[i];
                if (cum >= cfg.topP() * total) { keep = i + 1; break; }
            }
        }
        if (cfg.minP() > 0) {
            double threshold = cfg.minP() * probs[0];
            int k = 1;
            while (k < keep && probs[k] >= threshold) k++;
            keep = k;
        }
        double total = 0;
        for (int i = 0; i < keep; i++) total += probs[i];
        double u = rng.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= probs[i];
            if (u < 0) return ids[i];
        }
        return ids[keep - 1];
    }

    /** Fills ids/probs with the finite-logit tokens sorted by probability (descending); returns how many. */
    private int collectCandidates(float[] logits) {
        if (ids.length < logits.length) {
            ids = new int[logits.length];
            probs = new double[logits.length];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) if (l > max) max = l;
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            throw new MuException("no token is allowed: every logit is -infinity or NaN");
        }
        int n = 0;
        double invT = 1.0 / cfg.temperature();
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > Float.NEGATIVE_INFINITY) {   // skips -inf and NaN
                ids[n] = i;
                probs[n] = Math.exp((logits[i] - max) * invT);
                n++;
            }
        }
        sortByProbability(n);
        return n;
    }

    /**
     * Sorts the first n (ids, probs) pairs by probability descending, ties by id ascending. Sorting primitive keys
     * (float bits of the probability, then the inverted id) keeps this at about a millisecond for a 32k vocabulary.
     */
    private void sortByProbability(int n) {
        long[] keys = new long[n];
        double[] byId = new double[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) Float.floatToIntBits((float) probs[i]) << 32) | (0xFFFF_FFFFL - ids[i]);
            byId[i] = probs[i];
        }
        Arrays.sort(keys);
        int[] oldIds = Arrays.copyOf(ids, n);
        for (int i = 0; i < n; i++) {
            long k = keys[n - 1 - i];
            ids[i] = (int) (0xFFFF_FFFFL - (k & 0xFFFF_FFFFL));
        }
        // ids are ascending in oldIds, so a binary search recovers each candidate's exact probability
        for (int i = 0; i < n; i++) probs[i] = byId[Arrays.binarySearch(oldIds, ids[i])];
    }
}
