package dev.mu4j.internal.constrain;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A grammar ({@link Dfa}) compiled against a vocabulary: for each automaton state, the set of tokens whose bytes
 * the automaton can read from there and still reach acceptance. A state's mask is computed the first time it is
 * asked for, by walking the {@link TokenTrie} against the automaton (a failing prefix drops every token under it),
 * and kept, as a sorted id list or a bitset, whichever is smaller; later lookups cost an array read.
 *
 * <p>Claims ({@link Dfa}) make some tokens depend on the keys already claimed: those that claim a key on the way
 * or end where a key must still be claimed. They are kept apart, as (token, end state, keys claimed) entries
 * checked against the claimed keys at each step; every other allowed token is in the state's base set.
 *
 * <p>Special tokens are never in a mask except the end token, which a processor allows exactly in accepting
 * states. Thread-safe: masks are immutable once published, and two threads computing the same one at once just
 * do the work twice.
 */
final class MaskTable {
    private static final int[] NONE = {};

    private final Dfa dfa;
    private final TokenTrie trie;
    private final byte[][] tokenBytes;
    private final boolean[] usable;
    private final int vocabSize;
    private final int endToken;
    private final AtomicReferenceArray<StateMask> masks;
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicLong maskBytes = new AtomicLong();

    /**
     * The allowed tokens of one state that do not depend on claims, as a sorted id list when that is smaller than
     * a bitset (the usual case: a strict grammar allows few tokens) and as bits (token i is bit i % 64 of word
     * i / 64) otherwise; plus the entries whose validity depends on the claimed keys.
     */
    record StateMask(long[] bits, int[] ids, int baseCount, int[] condToken, int[] condEnd, int[][] condClaims) {
        boolean conditional() {
            return condToken.length > 0;
        }

        long bytes() {
            long b = bits != null ? 8L * bits.length : 4L * ids.length;
            b += 8L * condToken.length;
            for (int[] c : condClaims) b += c.length == 0 ? 0 : 16 + 4L * c.length;
            return b + 64;
        }
    }

    /**
     * The tokens allowed at one step, filled by {@link #allowed}: {@code ids[0..count)} when {@code sparse}, else
     * {@code bits}. {@code ids} and {@code bits} may be a cached mask's arrays: read only. Scratch of one processor.
     */
    static final class Allowed {
        boolean sparse;
        int count;
        int[] ids;
        long[] bits;
        private final long[] bitScratch;
        private int[] idScratch = new int[64];

        Allowed(int vocabSize) {
            bitScratch = new long[(vocabSize + 63) >>> 6];
        }

        /** Linear in the count for sparse sets: for tests. */
        boolean contains(int token) {
            if (!sparse) return (bits[token >>> 6] & (1L << token)) != 0;
            for (int i = 0; i < count; i++) if (ids[i] == token) return true;
            return false;
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
     * Fills {@code out} with the tokens allowed in {@code state} after the keys {@code claimed[0..n)}: the state's
     * base tokens plus the claim-dependent ones that still fit.
     */
    void allowed(int state, int[] claimed, int n, Allowed out) {
        StateMask m = mask(state);
        out.sparse = m.ids() != null;
        out.count = m.baseCount();
        if (!m.conditional()) {
            out.ids = m.ids();
            out.bits = m.bits();
            return;
        }
        if (out.sparse) {
            if (out.idScratch.length < m.baseCount() + m.condToken().length) {
                out.idScratch = new int[m.baseCount() + m.condToken().length];
            }
            System.arraycopy(m.ids(), 0, out.idScratch, 0, m.baseCount());
            out.ids = out.idScratch;
        } else {
            System.arraycopy(m.bits(), 0, out.bitScratch, 0, m.bits().length);
            out.bits = out.bitScratch;
        }
        int[] tokens = m.condToken(), ends = m.condEnd();
        int[][] keys = m.condClaims();
        outer:
        for (int i = 0; i < tokens.length; i++) {
            for (int k : keys[i]) for (int j = 0; j < n; j++) if (claimed[j] == k) continue outer;
            if (!dfa.live(ends[i], claimed, n, keys[i])) continue;
            if (out.sparse) out.ids[out.count] = tokens[i];
            else out.bits[tokens[i] >>> 6] |= 1L << tokens[i];
            out.count++;
        }
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
        int[] condToken = Arrays.copyOf(w.condToken, w.cond), condEnd = Arrays.copyOf(w.condEnd, w.cond);
        int[][] condClaims = Arrays.copyOf(w.condClaims, w.cond);
        if (w.baseCount + w.cond > 2 * w.base.length) {
            return new StateMask(w.base, null, w.baseCount, condToken, condEnd, condClaims);
        }
        int[] ids = new int[w.baseCount];
        int k = 0;
        for (int i = 0; i < w.base.length; i++) {
            for (long b = w.base[i]; b != 0; b &= b - 1) ids[k++] = (i << 6) + Long.numberOfTrailingZeros(b);
        }
        return new StateMask(null, ids, w.baseCount, condToken, condEnd, condClaims);
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
