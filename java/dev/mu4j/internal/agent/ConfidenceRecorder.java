package dev.mu4j.internal.agent;

import dev.mu4j.LogitsProcessor;

/**
 * The last processor of the agent's chain: remembers the log-probability of each chosen token under the final
 * (masked) distribution, so each action gets a confidence = exp(mean log-probability of its tokens).
 */
final class ConfidenceRecorder implements LogitsProcessor {
    private double logSumExp;
    private float[] lastLogits;
    private final double[] logprobs;
    private int n;

    ConfidenceRecorder(int maxTokens) {
        logprobs = new double[maxTokens];
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) if (l > max) max = l;
        double sum = 0;
        for (float l : logits) if (l > Float.NEGATIVE_INFINITY) sum += Math.exp(l - max);
        logSumExp = max + Math.log(sum);
        lastLogits = logits;
    }

    @Override
    public void accept(int tokenId) {
        if (n < logprobs.length) logprobs[n++] = lastLogits[tokenId] - logSumExp;
    }

    @Override
    public void reset() {
        n = 0;
    }

    /** exp(mean log-probability) of tokens [from, to) of this generation (1 when the range is empty). */
    double confidence(int from, int to) {
        from = Math.max(0, from);
        to = Math.min(n, to);
        if (to <= from) return 1;
        double s = 0;
        for (int i = from; i < to; i++) s += logprobs[i];
        return Math.exp(s / (to - from));
    }
}
