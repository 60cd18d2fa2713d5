package dev.mu4j;

/**
 * The result of one generation: the text, the generated token ids, why it stopped and how long it took.
 *
 * @param text         decoded text of the generated tokens (cut before a stop string; without the stop token)
 * @param tokenIds     generated ids, the stop token included when one ended the generation
 * @param finishReason why generation ended
 * @param timings      token counts and durations
 */
public record Generation(String text, int[] tokenIds, FinishReason finishReason, Timings timings) {

    /** Why a generation ended. */
    public enum FinishReason {
        /** a stop token (by default the model's end-of-sequence id) was generated */
        STOP_TOKEN,
        /** the text reached a stop string */
        STOP_STRING,
        /** maxNewTokens were generated */
        MAX_TOKENS,
        /** the session's context is full */
        CONTEXT_FULL,
        /** the listener asked to stop, the stream was closed, or the thread was interrupted */
        CANCELLED
    }

    /**
     * Counts and durations of a generation.
     *
     * @param promptTokens       tokens of the prompt
     * @param reusedTokens       prompt tokens whose KV cache was reused from earlier calls (not recomputed)
     * @param generatedTokens    tokens generated
     * @param timeToFirstTokenMs from the call to the first generated token (prompt processing included)
     * @param totalMs            the whole call
     * @param tokensPerSecond    decode speed after the first token (0 when fewer than two tokens)
     */
    public record Timings(int promptTokens, int reusedTokens, int generatedTokens, double timeToFirstTokenMs,
                          double totalMs, double tokensPerSecond) {}
}
