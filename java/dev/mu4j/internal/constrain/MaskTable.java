package dev.mu4j.internal.constrain;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A grammar ({@link Dfa}) compiled against a vocabulary: for each automaton state, the set of tokens whose bytes
 * the automaton can read from there and still reach acceptance. A state's mask is computed the first time it is
 * asked for, by walking the {@link TokenTrie} against the automaton (a failing prefix drops every token under it),
 * and kept; later lookups cost an array read.
 *
 * <p>Claims ({@link Dfa}) make some tokens depend on the keys already claimed: those that claim a key on the way
 * or end where a key must still be claimed. They are kept apart, as (token, end state, keys claimed) entries
 * checked against the claimed keys at each step; every other allowed token is in the state's {@code base} bits.
 *
 * <p>Special tokens are never in a mask except the end token, which a processor allows exactly in accepting
 * states. Thread-safe: masks are immutable once published, and two threads computing the same one at once just
 * do the work twice.
 */
final class MaskTable {
    private final Dfa dfa;
    private final TokenTrie trie;
    private final byte[][] tokenBytes;
    private final boolean[] usable;
    private final int vocabSize;
    private final int endToken;
    private final AtomicReferenceArray<StateMask> masks;
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicLong maskBytes = new AtomicLong();
    private static final int[] NONE = {};

    /**
     * The allowed tokens of one state: {@code base} bits (token id i is bit i % 64 of word i / 64) plus the
     * entries whose validity depends on the claimed keys.
     */
    record StateMask(long[] base, int baseCount, int[] condToken, int[] condEnd, int[][] condClaims) {
        boolean conditional() {
            return condToken.length > 0;
        }

        long bytes() {
            long b = 8L * base.length + 8L * condToken.length;
            for (int[] c : condClaims) b += c.length == 0 ? 0 : 16 + 4L * c.length;
            return b + 64;
        }
    }

    /**
     * @param tokenBytes the bytes of each token id ({@code vocabSize} entries)
     * @param special    true for ids never to allow (special tokens); the end token is handled apart
     * @param endToken   the id that ends a text, allowed in accepting states; -1 for none
     */
    MaskTable(Dfa dfa, byte[][] tokenBytes, boolean[] special, int endToken) {
        this.dfa = dfa;
        this.vocabSize = tokenBytes.length;
        this.endToken = endToken;
        this.tokenBytes = tokenBytes;
        this.usable = new boolean[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            usable[i] = !special[i] && i != endToken && tokenBytes[i] != null && tokenBytes[i].length > 0;
        }
        this.trie = TokenTrie.build(tokenBytes, usable);
        this.masks = new AtomicReferenceArray<>(dfa.stateCount());
    }

    Dfa dfa() {
        return dfa;
    }

    int vocabSize() {
        return vocabSize;
    }

    int endToken() {
        return endToken;
    }

    /** False for special tokens (the end token included) and tokens without bytes: no state allows them. */
    boolean usable(int token) {
        return token >= 0 && token < vocabSize && usable[token];
    }

    byte[] bytes(int token) {
        return tokenBytes[token];
    }

    /** The mask of {@code state}, computed on first use. */
    StateMask mask(int state) {
        StateMask m = masks.get(state);
        if (m == null) {
            m = compute(state);
            if (masks.compareAndSet(state, null, m)) {
                computed.incrementAndGet();
                maskBytes.addAndGet(m.bytes());
            } else {
                m = masks.get(state);
            }
        }
        return m;
    }

    /**
     * The tokens allowed in {@code state} after the keys {@code claimed[0..n)}: the state's base bits, plus the
     * claim-dependent tokens that still fit. Returns the bits, which are {@code scratch} (filled) when the state
     * has claim-dependent tokens and the cached base otherwise (do not modify), and puts the count in
     * {@code count[0]}.
     */
    long[] allowed(int state, int[] claimed, int n, long[] scratch, int[] count) {
        StateMask m = mask(state);
        count[0] = m.baseCount();
        if (!m.conditional()) return m.base();
        System.arraycopy(m.base(), 0, scratch, 0, m.base().length);
        int[] tokens = m.condToken(), ends = m.condEnd();
        int[][] keys = m.condClaims();
        outer:
        for (int i = 0; i < tokens.length; i++) {
            for (int k : keys[i]) for (int j = 0; j < n; j++) if (claimed[j] == k) continue outer;
            if (dfa.live(ends[i], claimed, n, keys[i])) {
                scratch[tokens[i] >>> 6] |= 1L << tokens[i];
                count[0]++;
            }
        }
        return scratch;
    }

    /**
     * The specification of {@link #allowed}, one token at a time: {@code token} is allowed in {@code state} after
     * the keys {@code claimed[0..n)} iff it is usable, the automaton reads all its bytes, claiming only keys not
     * claimed before, and a text can still go on to acceptance from where it ends.
     */
    boolean allowedRef(int state, int[] claimed, int n, int token) {
        if (!usable(token)) return false;
        int[] keys = Arrays.copyOf(claimed, n + tokenBytes[token].length);
        int s = state, nk = n;
        for (byte b : tokenBytes[token]) {
            int r = dfa.find(s, b & 0xFF);
            if (r < 0) return false;
            int key = dfa.claim(r);
            if (key >= 0) {
                for (int j = 0; j < nk; j++) if (keys[j] == key) return false;
                keys[nk++] = key;
            }
            s = dfa.target(r);
        }
        return dfa.live(s, keys, nk, NONE);
    }

    /** How many state masks have been computed so far. */
    int computedMasks() {
        return computed.get();
    }

    /** Heap bytes of the computed masks. */
    long maskBytes() {
        return maskBytes.get();
    }

    /** Heap bytes of the token trie and the token bytes. */
    long vocabularyBytes() {
        long b = trie.bytes();
        for (byte[] t : tokenBytes) b += t == null ? 0 : 16 + t.length;
        return b;
    }

    TokenTrie trie() {
        return trie;
    }

    private StateMask compute(int state) {
        Walk w = new Walk((vocabSize + 63) >>> 6);
        w.visit(0, state, 0);
        return new StateMask(w.base, w.baseCount, Arrays.copyOf(w.condToken, w.cond), Arrays.copyOf(w.condEnd, w.cond),
                Arrays.copyOf(w.condClaims, w.cond));
    }

    /** One trie walk: depth-first over trie nodes paired with automaton states, claims on a stack. */
    private final class Walk {
        final long[] base;
        int baseCount;
        int[] condToken = new int[16], condEnd = new int[16];
        int[][] condClaims = new int[16][];
        int cond;
        int[] claims = new int[8];

        Walk(int words) {
            base = new long[words];
        }

        void visit(int node, int state, int nClaims) {
            if (node != 0) {
                for (int i = trie.tokensFrom(node); i < trie.tokensTo(node); i++) record(trie.token(i), state, nClaims);
            }
            int cEnd = trie.childrenTo(node);
            for (int r = dfa.rangesFrom(state); r < dfa.rangesTo(state); r++) {
                int hi = dfa.hi(r);
                int c = trie.firstChildAtLeast(node, dfa.lo(r));
                if (c >= cEnd) break;
                if (trie.childByte(c) > hi) continue;
                int key = dfa.claim(r), next = dfa.target(r);
                int n = nClaims;
                if (key >= 0) {
                    boolean repeated = false;
                    for (int i = 0; i < nClaims; i++) repeated |= claims[i] == key;
                    if (repeated) continue;
                    if (n == claims.length) claims = Arrays.copyOf(claims, n * 2);
                    claims[n++] = key;
                }
                for (; c < cEnd && trie.childByte(c) <= hi; c++) visit(trie.childNode(c), next, n);
            }
        }

        private void record(int token, int state, int nClaims) {
            if (nClaims == 0 && dfa.pendingClaims(state) == null) {
                base[token >>> 6] |= 1L << token;
                baseCount++;
                return;
            }
            if (cond == condToken.length) {
                condToken = Arrays.copyOf(condToken, cond * 2);
                condEnd = Arrays.copyOf(condEnd, cond * 2);
                condClaims = Arrays.copyOf(condClaims, cond * 2);
            }
            condToken[cond] = token;
            condEnd[cond] = state;
            condClaims[cond] = nClaims == 0 ? NONE : Arrays.copyOf(claims, nClaims);
            cond++;
        }
    }
}
