package dev.mu4j.internal.constrain;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A deterministic automaton over bytes: the language of a grammar, state 0 the start. Every state can reach an
 * accepting state (dead ends are trimmed away when it is built), so any byte string it can read is the prefix of
 * a text of the language.
 *
 * <p><b>Claims.</b> An edge may claim a key (an int, e.g. the index of a setting): a text is in the language only
 * if no key is claimed twice. Keys model "each setting at most once" without multiplying the states by every set
 * of used settings; the caller carries the keys claimed so far. The liveness of a state then depends on them, and
 * is exact under one rule that {@link Builder#build} checks: after a claim edge an accepting state is reachable
 * without claiming again. So from a state that cannot accept claim-free, a text goes on iff one of the keys it can
 * claim first is still free ({@link #pendingClaims}).
 *
 * <p>Transitions are stored as sorted byte ranges per state (lo, hi, to, claim), most states having one or two.
 * Immutable; safe for any number of threads.
 */
final class Dfa {
    private final int[] first;      // ranges of state s: first[s] .. first[s + 1]
    private final int[] lo, hi, to, claim;
    private final boolean[] accepting;
    private final int maxClaims;
    private final boolean hasClaims;
    /** Per state: null when always live, else the keys (fewer than maxClaims) it can claim first; see live(). */
    private final int[][] pending;

    private Dfa(int[] first, int[] lo, int[] hi, int[] to, int[] claim, boolean[] accepting, int maxClaims) {
        this.first = first;
        this.lo = lo;
        this.hi = hi;
        this.to = to;
        this.claim = claim;
        this.accepting = accepting;
        this.maxClaims = maxClaims;
        boolean any = false;
        for (int c : claim) any |= c >= 0;
        this.hasClaims = any;
        this.pending = new int[accepting.length][];
        if (any) computePending();
    }

    int stateCount() {
        return accepting.length;
    }

    /** Transition ranges of all states together. */
    int rangeCount() {
        return lo.length;
    }

    /** Approximate heap size in bytes. */
    long bytes() {
        long b = 4L * first.length + 16L * lo.length + accepting.length + 8L * pending.length;
        for (int[] p : pending) b += p == null ? 0 : 16 + 4L * p.length;
        return b;
    }

    boolean accepting(int state) {
        return accepting[state];
    }

    /** The index of the range of {@code state} holding byte {@code b} (0..255), or -1 when none does. */
    int find(int state, int b) {
        int a = first[state], z = first[state + 1] - 1;
        while (a <= z) {
            int m = (a + z) >>> 1;
            if (hi[m] < b) a = m + 1;
            else if (lo[m] > b) z = m - 1;
            else return m;
        }
        return -1;
    }

    int rangesFrom(int state) {
        return first[state];
    }

    int rangesTo(int state) {
        return first[state + 1];
    }

    int lo(int range) {
        return lo[range];
    }

    int hi(int range) {
        return hi[range];
    }

    int target(int range) {
        return to[range];
    }

    /** The key the range claims, or -1. */
    int claim(int range) {
        return claim[range];
    }

    boolean hasClaims() {
        return hasClaims;
    }

    /** The most claims on any path: a bound on how many keys a text can claim. */
    int maxClaims() {
        return maxClaims;
    }

    /** Null when {@code state} can always go on to accept; else the keys of which it must claim one next. */
    int[] pendingClaims(int state) {
        return pending[state];
    }

    /**
     * True when a text can go on from {@code state} to acceptance after claiming the keys {@code claimedA[0..na)}
     * and {@code claimedB}.
     */
    boolean live(int state, int[] claimedA, int na, int[] claimedB) {
        int[] keys = pending[state];
        if (keys == null) return true;
        outer:
        for (int k : keys) {
            for (int i = 0; i < na; i++) if (claimedA[i] == k) continue outer;
            for (int c : claimedB) if (c == k) continue outer;
            return true;
        }
        return false;
    }

    /** Whether the whole of {@code text} is in the language (no key claimed twice). */
    boolean matches(byte[] text) {
        int s = 0;
        int[] claimed = new int[text.length];
        int n = 0;
        for (byte b : text) {
            int r = find(s, b & 0xFF);
            if (r < 0) return false;
            if (claim[r] >= 0) {
                for (int i = 0; i < n; i++) if (claimed[i] == claim[r]) return false;
                claimed[n++] = claim[r];
            }
            s = to[r];
        }
        return accepting[s];
    }

    /**
     * Fills {@link #pending}: a state that reaches acceptance along claim-free edges is always live; the others
     * collect the keys of the claim edges they reach along claim-free edges, as a list while it has fewer than
     * maxClaims keys. With more, some key is always free: a path that claimed k keys and still needs one more has
     * k + 1 <= maxClaims claims.
     */
    private void computePending() {
        int n = accepting.length;
        // reverse adjacency over claim-free edges
        int[] revCount = new int[n + 1];
        for (int s = 0; s < n; s++) {
            for (int r = first[s]; r < first[s + 1]; r++) if (claim[r] < 0) revCount[to[r] + 1]++;
        }
        for (int i = 0; i < n; i++) revCount[i + 1] += revCount[i];
        int[] rev = new int[revCount[n]];
        int[] fill = Arrays.copyOf(revCount, n);
        for (int s = 0; s < n; s++) {
            for (int r = first[s]; r < first[s + 1]; r++) if (claim[r] < 0) rev[fill[to[r]]++] = s;
        }
        boolean[] free = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < n; s++) {
            if (accepting[s]) {
                free[s] = true;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int i = revCount[s]; i < revCount[s + 1]; i++) {
                if (!free[rev[i]]) {
                    free[rev[i]] = true;
                    queue.add(rev[i]);
                }
            }
        }
        for (int s = 0; s < n; s++) {
            for (int r = first[s]; r < first[s + 1]; r++) {
                if (claim[r] >= 0 && !free[to[r]]) {
                    throw new IllegalStateException("claim " + claim[r] + " leads to state " + to[r]
                            + ", which cannot accept without claiming again");
                }
            }
        }
        final int[] many = new int[0];   // marker: at least maxClaims keys
        int[] seen = new int[n];
        int stamp = 0;
        int[] stack = new int[n];
        for (int s = 0; s < n; s++) {
            for (int r = first[s]; r < first[s + 1]; r++) {
                if (claim[r] < 0 || free[s]) continue;
                int key = claim[r];
                stamp++;
                int sp = 0;
                stack[sp++] = s;
                seen[s] = stamp;
                while (sp > 0) {
                    int u = stack[--sp];
                    int[] keys = pending[u];
                    if (keys != many && (keys == null || Arrays.stream(keys).noneMatch(k -> k == key))) {
                        int[] grown = keys == null ? new int[] {key} : Arrays.copyOf(keys, keys.length + 1);
                        grown[grown.length - 1] = key;
                        pending[u] = grown.length >= maxClaims ? many : grown;
                    }
                    for (int i = revCount[u]; i < revCount[u + 1]; i++) {
                        int p = rev[i];
                        if (!free[p] && seen[p] != stamp) {
                            seen[p] = stamp;
                            stack[sp++] = p;
                        }
                    }
                }
            }
        }
        for (int s = 0; s < n; s++) if (pending[s] == many || free[s]) pending[s] = null;
    }

    /** Collects states and ranges in order, then trims and renumbers them. Not thread-safe. */
    static final class Builder {
        private int[] first = new int[64];
        private int[] lo = new int[256], hi = new int[256], to = new int[256], claim = new int[256];
        private boolean[] accepting = new boolean[64];
        private int states, ranges;

        /** Starts the ranges of {@code state}, which must be the next state number. */
        void startState(int state, boolean accept) {
            if (state != states) throw new IllegalStateException("states must be added in order");
            if (states + 1 >= first.length) {
                first = Arrays.copyOf(first, first.length * 2);
                accepting = Arrays.copyOf(accepting, accepting.length * 2);
            }
            first[states] = ranges;
            accepting[states] = accept;
            states++;
        }

        /** A range of the current state; ranges come in increasing byte order; adjacent equal ones are merged. */
        void range(int a, int z, int target, int key) {
            int last = ranges - 1;
            if (ranges > first[states - 1] && hi[last] == a - 1 && to[last] == target && claim[last] == key) {
                hi[last] = z;
                return;
            }
            if (ranges == lo.length) {
                int n = ranges * 2;
                lo = Arrays.copyOf(lo, n);
                hi = Arrays.copyOf(hi, n);
                to = Arrays.copyOf(to, n);
                claim = Arrays.copyOf(claim, n);
            }
            lo[ranges] = a;
            hi[ranges] = z;
            to[ranges] = target;
            claim[ranges] = key;
            ranges++;
        }

        /** The automaton without the states that cannot reach acceptance; null if the start state cannot. */
        Dfa build(int maxClaims) {
            first[states] = ranges;
            // co-reachability: reverse search from the accepting states
            int[] revCount = new int[states + 1];
            for (int r = 0; r < ranges; r++) revCount[to[r] + 1]++;
            for (int i = 0; i < states; i++) revCount[i + 1] += revCount[i];
            int[] rev = new int[ranges];
            int[] fill = Arrays.copyOf(revCount, states);
            for (int s = 0; s < states; s++) {
                for (int r = first[s]; r < first[s + 1]; r++) rev[fill[to[r]]++] = s;
            }
            boolean[] alive = new boolean[states];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int s = 0; s < states; s++) {
                if (accepting[s]) {
                    alive[s] = true;
                    queue.add(s);
                }
            }
            while (!queue.isEmpty()) {
                int s = queue.poll();
                for (int i = revCount[s]; i < revCount[s + 1]; i++) {
                    if (!alive[rev[i]]) {
                        alive[rev[i]] = true;
                        queue.add(rev[i]);
                    }
                }
            }
            if (states == 0 || !alive[0]) return null;
            int[] newId = new int[states];
            int n = 0;
            for (int s = 0; s < states; s++) newId[s] = alive[s] ? n++ : -1;
            int[] nFirst = new int[n + 1];
            boolean[] nAccepting = new boolean[n];
            int kept = 0;
            for (int r = 0; r < ranges; r++) if (alive[to[r]]) kept++;
            int[] nLo = new int[kept], nHi = new int[kept], nTo = new int[kept], nClaim = new int[kept];
            int k = 0;
            for (int s = 0; s < states; s++) {
                if (!alive[s]) continue;
                int id = newId[s];
                nFirst[id] = k;
                nAccepting[id] = accepting[s];
                for (int r = first[s]; r < first[s + 1]; r++) {
                    if (!alive[to[r]]) continue;
                    nLo[k] = lo[r];
                    nHi[k] = hi[r];
                    nTo[k] = newId[to[r]];
                    nClaim[k] = claim[r];
                    k++;
                }
            }
            nFirst[n] = k;
            return new Dfa(nFirst, nLo, nHi, nTo, nClaim, nAccepting, maxClaims);
        }
    }
}
