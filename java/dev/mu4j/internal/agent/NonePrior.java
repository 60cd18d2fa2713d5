package dev.mu4j.internal.agent;

import dev.mu4j.LogitsProcessor;

/**
 * Leans the program's first token towards {@code none} (no action) by {@code bias} logits: the model then answers
 * "no action" unless some setting beats it by more than that margin. A small model trained on generated requests
 * reads many out-of-scope questions as the nearest setting ("can you hear me" as the volume); this trades a little
 * in-scope recall for out-of-scope recall, at the one step where the choice is made.
 */
final class NonePrior implements LogitsProcessor {
    private final int noneId;
    private final float bias;
    private boolean first = true;

    /**
     * @param noneId the token id of {@code none} (one token in the settings tokenizer)
     * @param bias   logits added to it at the first step of a program
     */
    NonePrior(int noneId, double bias) {
        this.noneId = noneId;
        this.bias = (float) bias;
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        if (first && logits[noneId] > Float.NEGATIVE_INFINITY) logits[noneId] += bias;
    }

    @Override
    public void accept(int tokenId) {
        first = false;
    }

    @Override
    public void reset() {
        first = true;
    }
}
