package dev.mu4j.internal.constrain;

import dev.mu4j.LogitsProcessor;
import dev.mu4j.MuException;
import java.util.Arrays;

/**
 * The per-generation side of a constraint: where the text generated so far left the automaton and which keys it
 * has claimed. {@link #process} sets the logits of every token the grammar does not allow next to -infinity
 * (the mask of the current state, plus the claim-dependent tokens that still fit); {@link #accept} moves the
 * automaton over the chosen token's bytes. After the end token only the end token is allowed.
 *
 * <p>Not thread-safe: one per generation. {@link #reset} re-arms it for the next one.
 */
final class GrammarProcessor implements LogitsProcessor {
    private static final int[] NO_KEYS = {};

    private final MaskTable table;
    private final Dfa dfa;
    private final MaskTable.Allowed allowed;
    private float[] saved = new float[64];
    private int[] savedIds = new int[64];
    private int state;
    private int[] claimed = new int[4];
    private int nClaimed;
    private boolean ended;

    GrammarProcessor(MaskTable table) {
        this.table = table;
        this.dfa = table.dfa();
        this.allowed = new MaskTable.Allowed(table.vocabSize());
    }

    @Override
    public void reset() {
        state = 0;
        nClaimed = 0;
        ended = false;
    }

    /** True once the end token was accepted. */
    boolean ended() {
        return ended;
    }

    /** True when the text so far is a whole text of the language (the end token may come next). */
    boolean complete() {
        return ended || dfa.accepting(state);
    }

    /**
     * @throws MuException when no token can continue (the vocabulary cannot spell what the grammar needs), or
     *                     {@code logits} has fewer entries than the tokenizer has ids
     */
    @Override
    public void process(int[] history, int length, float[] logits) {
        if (logits.length < table.vocabSize()) {
            throw new MuException("the logits have " + logits.length + " entries, fewer than the "
                    + table.vocabSize() + " ids of the constraint's tokenizer");
        }
        int end = table.endToken();
        if (ended) {
            float keep = end >= 0 ? logits[end] : 0;
            Arrays.fill(logits, Float.NEGATIVE_INFINITY);
            if (end >= 0) logits[end] = keep;
            return;
        }
        table.allowed(state, claimed, nClaimed, allowed);
        boolean endAllowed = end >= 0 && dfa.accepting(state);
        if (allowed.count == 0 && !endAllowed) {
            throw new MuException("the constraint allows no token in automaton state " + state
                    + " (the vocabulary cannot spell any continuation)");
        }
        float endLogit = endAllowed ? logits[end] : 0;
        apply(allowed, logits, table.vocabSize());
        if (endAllowed) logits[end] = endLogit;
    }

    /**
     * Sets {@code logits[i]} to -infinity for every token not in {@code a}, and for all i beyond the vocabulary
     * ({@code logits} has at least {@code vocabSize} entries).
     * Few allowed tokens (the usual case in a strict grammar): save their logits, fill the whole array, put them
     * back; one bulk fill is several times faster than filling 64-float runs word by word.
     */
    void apply(MaskTable.Allowed a, float[] logits, int vocabSize) {
        int n = vocabSize;
        if (a.sparse || a.count <= (n >>> 3)) {
            if (saved.length < a.count) {
                saved = new float[a.count];
                savedIds = new int[a.count];
            }
            int k = 0;
            if (a.sparse) {
                for (; k < a.count; k++) saved[k] = logits[savedIds[k] = a.ids[k]];
            } else {
                for (int w = 0; w < a.bits.length && k < a.count; w++) {
                    for (long b = a.bits[w]; b != 0; b &= b - 1) {
                        int i = (w << 6) + Long.numberOfTrailingZeros(b);
                        savedIds[k] = i;
                        saved[k++] = logits[i];
                    }
                }
            }
            Arrays.fill(logits, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < k; j++) logits[savedIds[j]] = saved[j];
            return;
        }
        for (int w = 0; w < a.bits.length; w++) {
            long b = a.bits[w];
            if (b == -1L) continue;
            int from = w << 6, to = Math.min(from + 64, n);
            for (long clear = ~b; clear != 0; clear &= clear - 1) {
                int i = from + Long.numberOfTrailingZeros(clear);
                if (i >= to) break;
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
        if (n < logits.length) Arrays.fill(logits, n, logits.length, Float.NEGATIVE_INFINITY);
    }

    /**
     * Moves over {@code tokenId}'s bytes.
     *
     * @throws MuException when the grammar does not allow the token here (it was not sampled from a mask of this
     *                     processor)
     */
    @Override
    public void accept(int tokenId) {
        int end = table.endToken();
        if (tokenId == end && end >= 0) {
            if (!ended && !dfa.accepting(state)) throw notAllowed(tokenId, "the text is not complete");
            ended = true;
            return;
        }
        if (ended) throw notAllowed(tokenId, "the text has ended");
        if (!table.usable(tokenId)) throw notAllowed(tokenId, "special tokens other than the end token never are");
        int s = state, before = nClaimed;
        for (byte b : table.bytes(tokenId)) {
            int r = dfa.find(s, b & 0xFF);
            if (r < 0) {
                nClaimed = before;
                throw notAllowed(tokenId, "the grammar has no transition on byte " + (b & 0xFF));
            }
            int key = dfa.claim(r);
            if (key >= 0) {
                for (int i = 0; i < nClaimed; i++) {
                    if (claimed[i] == key) {
                        nClaimed = before;
                        throw notAllowed(tokenId, "it repeats key " + key);
                    }
                }
                if (nClaimed == claimed.length) claimed = Arrays.copyOf(claimed, nClaimed * 2);
                claimed[nClaimed++] = key;
            }
            s = dfa.target(r);
        }
        if (!dfa.live(s, claimed, nClaimed, NO_KEYS)) {
            nClaimed = before;
            throw notAllowed(tokenId, "no text can follow it without repeating a key");
        }
        state = s;
    }

    private MuException notAllowed(int tokenId, String why) {
        return new MuException("token " + tokenId + " is not allowed by the constraint here: " + why);
    }

    /** Automaton state, for tests and benchmarks. */
    int state() {
        return state;
    }
}
