package dev.mu4j;

/** Receives a generation as it happens; returning false cancels it. Called on the generating thread. */
@FunctionalInterface
public interface TokenListener {
    /**
     * @param tokenId the token just generated
     * @param text    the new complete text it adds (may be empty: a partial UTF-8 character, or text held back
     *                because it could be the start of a stop string)
     * @return true to go on, false to stop (finish reason CANCELLED)
     */
    boolean onToken(int tokenId, String text);
}
