package dev.mu4j;

import dev.mu4j.internal.backend.Backend;
import java.util.Arrays;

/**
 * One conversation with a {@link Model}: a KV cache of up to {@code maxContext} tokens, the ids it holds, and the
 * scratch memory to compute in.
 *
 * <p><b>Prefix reuse.</b> The session remembers which tokens its cache holds. {@link #generate} compares a new
 * prompt with them and recomputes only from the first difference, so a fixed prefix (system prompt, catalog
 * metadata) is computed once and later requests pay only for their own tokens. {@link #fork} copies the cache
 * into a new session, for several continuations of one prefix.
 *
 * <p><b>Context overflow</b> is an error ({@link MuException}) for prompts; during generation a full context ends
 * the generation with {@link Generation.FinishReason#CONTEXT_FULL}. Callers who prefer truncation cut the prompt
 * themselves (see {@link #maxContext()}).
 *
 * <p>Not thread-safe: one session per thread; many sessions may share one model. Holds native memory until
 * {@link #close}.
 */
public final class Session implements AutoCloseable {
    /** Tokens computed per native pass; longer inputs are processed in chunks of this size. */
    static final int CHUNK = 64;

    private final Model model;
    private final Backend.State state;   // KV cache + scratch of the model's backend (native or ONNX Runtime)
    private final int[] tokens;      // tokens[0 .. position) are in the KV cache
    private int position;
    private boolean closed;

    Session(Model model, int maxContext) {
        this.model = model;
        this.state = model.backend().newState(maxContext, CHUNK);
        this.tokens = new int[maxContext];
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
        return state.maxSeq();
    }

    /** The token ids in the KV cache, oldest first. */
    public int[] tokens() {
        return Arrays.copyOf(tokens, position);
    }

    // ---- the forward pass ----------------------------------------------------------------------------------

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

    /**
     * A new session holding a copy of this one's KV cache and tokens (the same max context). The two then
     * continue independently.
     */
    public Session fork() {
        checkOpen();
        Session copy = model.newSession(state.maxSeq());
        state.copyPrefixTo(copy.state, position);
        System.arraycopy(tokens, 0, copy.tokens, 0, position);
        copy.position = position;
        return copy;
    }

    private float[] run(int[] tokenIds, int startPos, boolean all) {
        checkOpen();
        if (startPos < 0 || startPos > position) {
            throw new MuException("start position " + startPos + " must be in [0, " + position + "] (the session holds "
                    + position + " tokens)");
        }
        if (startPos + (long) tokenIds.length > state.maxSeq()) {
            throw new MuException("context overflow: " + startPos + " + " + tokenIds.length + " tokens exceed the "
                    + state.maxSeq() + "-token context of this session");
        }
        position = startPos;
        float[] logits = state.forward(tokenIds, startPos, all);
        System.arraycopy(tokenIds, 0, tokens, startPos, tokenIds.length);
        position = startPos + tokenIds.length;
        return logits;
    }

    // ---- generation ----------------------------------------------------------------------------------------

    /** Generates a continuation of {@code prompt} (encoded with the model's tokenizer, special tokens added). */
    public Generation generate(String prompt, GenerationConfig config) {
        return generate(model.tokenizer().encode(prompt), config, null);
    }

    /** Generates a continuation of {@code prompt}, reporting each token to {@code listener} as it comes. */
    public Generation generate(String prompt, GenerationConfig config, TokenListener listener) {
        return generate(model.tokenizer().encode(prompt), config, listener);
    }

    /**
     * Generates a continuation of the prompt ids. The cached tokens that equal the start of the prompt are
     * reused; the rest of the prompt is computed, then tokens are sampled until a stop token, a stop string,
     * {@code maxNewTokens}, a full context, or cancellation (the listener returns false or the thread is
     * interrupted). Text needs a tokenizer in the model directory; without one the text is empty.
     *
     * @param listener may be null
     */
    public Generation generate(int[] promptIds, GenerationConfig config, TokenListener listener) {
        Generator g = new Generator(this, promptIds, config);
        while (g.step()) {
            if (listener != null && !listener.onToken(g.lastToken(), g.lastText())) g.cancel();
        }
        return g.result();
    }

    /**
     * Generates lazily: each {@code next()} computes one token and returns the text it adds. Closing the stream
     * early cancels the generation; {@link GenerationStream#result()} is available once it has ended.
     */
    public GenerationStream stream(String prompt, GenerationConfig config) {
        return new GenerationStream(new Generator(this, model.tokenizer().encode(prompt), config));
    }

    /** Prepares generation: reuses the cached prefix, computes the rest of the prompt; returns the next logits. */
    float[] prefill(int[] promptIds) {
        checkOpen();
        if (promptIds.length == 0) throw new MuException("the prompt is empty: give at least one token (e.g. BOS)");
        if (promptIds.length >= state.maxSeq()) {
            throw new MuException("context overflow: the prompt has " + promptIds.length + " tokens, the session's"
                    + " context holds " + state.maxSeq() + " (the prompt plus at least one new token must fit)");
        }
        int reuse = reusablePrefix(promptIds);
        return forward(Arrays.copyOfRange(promptIds, reuse, promptIds.length), reuse);
    }

    /** How many prompt tokens the cache already holds (never all of them: the last one's logits are needed). */
    int reusablePrefix(int[] prompt) {
        return Math.min(commonPrefix(prompt), prompt.length - 1);
    }

    /** The token ids in the cache, shared (read-only for callers in this package). */
    int[] tokenBuffer() {
        return tokens;
    }

    private int commonPrefix(int[] prompt) {
        int n = Math.min(position, prompt.length), i = 0;
        while (i < n && tokens[i] == prompt[i]) i++;
        return i;
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
