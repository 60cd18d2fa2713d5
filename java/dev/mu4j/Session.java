package dev.mu4j;

import dev.mu4j.internal.model.InferenceState;

/**
 * One conversation with a {@link Model}: a KV cache of up to {@code maxContext} tokens and the scratch memory
 * to compute in.
 *
 * <p>The session's position is the number of tokens in its cache. {@link #forward} appends tokens at a start
 * position at most the current one (a smaller start position rewinds first), so re-running a shared prefix is
 * never needed. Not thread-safe: use one session per thread. Holds native memory until {@link #close}.
 */
public final class Session implements AutoCloseable {
    /** Tokens computed per native pass; longer inputs are processed in chunks of this size. */
    static final int CHUNK = 64;

    private final Model model;
    private final InferenceState state;
    private int position;
    private boolean closed;

    Session(Model model, int maxContext) {
        this.model = model;
        this.state = new InferenceState(model.config(), maxContext, Math.min(CHUNK, maxContext));
    }

    /** The model this session runs. */
    public Model model() {
        return model;
    }

    /** Tokens in the KV cache: the position the next token goes to. */
    public int position() {
        return position;
    }

    /** Capacity of the KV cache in tokens. */
    public int maxContext() {
        return state.maxSeq;
    }

    /**
     * Appends {@code tokenIds} at positions {@code startPos, startPos + 1, ...} and returns the logits
     * ({@code vocab_size} floats) predicting the token after the last one.
     *
     * @param startPos where the first token goes: at most {@link #position()}; smaller values rewind the cache
     * @throws MuException for ids outside the vocabulary, an empty input, a bad start position or a context overflow
     */
    public float[] forward(int[] tokenIds, int startPos) {
        return run(tokenIds, startPos, false);
    }

    /**
     * Like {@link #forward} but returns the logits after every token: row i ({@code vocab_size} floats at
     * {@code i * vocab_size}) predicts the token after {@code tokenIds[i]}.
     */
    public float[] forwardAll(int[] tokenIds, int startPos) {
        return run(tokenIds, startPos, true);
    }

    /** Forgets the tokens at positions {@code >= pos}. */
    public void rewind(int pos) {
        checkOpen();
        if (pos < 0 || pos > position) throw new MuException("cannot rewind to " + pos + ": position is " + position);
        position = pos;
    }

    private float[] run(int[] tokenIds, int startPos, boolean all) {
        checkOpen();
        if (startPos < 0 || startPos > position) {
            throw new MuException("start position " + startPos + " must be in [0, " + position + "] (the session holds "
                    + position + " tokens)");
        }
        if (startPos + (long) tokenIds.length > state.maxSeq) {
            throw new MuException("context overflow: " + startPos + " + " + tokenIds.length + " tokens exceed the "
                    + state.maxSeq + "-token context of this session");
        }
        position = startPos;
        float[] logits = model.transformer().forward(state, tokenIds, startPos, all);
        position = startPos + tokenIds.length;
        return logits;
    }

    private void checkOpen() {
        if (closed) throw new MuException("session used after close");
        model.checkOpen();
    }

    /** Frees the KV cache and scratch memory; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            state.close();
        }
    }
}
