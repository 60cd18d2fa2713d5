package dev.mu4j;

/**
 * A step of the sampling chain that edits the next-token logits in place, for example a grammar constraint
 * setting disallowed tokens to {@code Float.NEGATIVE_INFINITY}. Processors run after the penalties and before
 * temperature and truncation.
 *
 * <p>A processor may keep state across the steps of one generation; it is told where a generation starts by
 * {@link #reset} and what was chosen by {@link #accept}. Not shared between concurrent generations unless the
 * implementation says it is thread-safe.
 */
public interface LogitsProcessor {
    /**
     * Edits {@code logits} (vocab_size floats) for the next token.
     *
     * @param history the prompt and the tokens generated so far (do not modify)
     * @param length  how many entries of {@code history} are valid
     */
    void process(int[] history, int length, float[] logits);

    /** Called with each token chosen, after {@link #process}. */
    default void accept(int tokenId) {}

    /** Called before a generation starts. */
    default void reset() {}
}
