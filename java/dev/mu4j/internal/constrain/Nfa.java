package dev.mu4j.internal.constrain;

import dev.mu4j.MuException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A nondeterministic byte automaton under construction: states, byte-range edges (an edge may claim a key, see
 * {@link Dfa}) and epsilon edges. Grammars build it in continuation style: each method takes the state its text
 * starts from and returns the state where it ends, so fragments chain without bookkeeping. {@link #determinize}
 * turns it into a {@link Dfa} by subset construction. Not thread-safe; one per compilation.
 */
final class Nfa {
    static final int NO_CLAIM = -1;

    private final int maxStates;
    private final String what;
    private int count;
    /** Per state: edges packed as (lo, hi, to, claim) quadruples; epsilon targets. */
    private int[][] edges = new int[256][];
    private int[] edgeInts = new int[256];
    private int[][] epsilons = new int[256][];
    private int[] epsilonCount = new int[256];

    /**
     * @param maxStates the most NFA and DFA states a compilation may create before it fails
     * @param what      what is compiled, for the message of that failure
     */
    Nfa(int maxStates, String what) {
        this.maxStates = maxStates;
        this.what = what;
    }

    /** A new state without edges. */
    int state() {
        if (count == maxStates) throw tooLarge();
        if (count == edges.length) {
            int n = count * 2;
            edges = Arrays.copyOf(edges, n);
            edgeInts = Arrays.copyOf(edgeInts, n);
            epsilons = Arrays.copyOf(epsilons, n);
            epsilonCount = Arrays.copyOf(epsilonCount, n);
        }
        return count++;
    }

    int size() {
        return count;
    }

    /** An edge on the bytes {@code lo..hi} (0..255, inclusive). */
    void edge(int from, int lo, int hi, int to) {
        edge(from, lo, hi, to, NO_CLAIM);
    }

    /** An edge on the bytes {@code lo..hi} that claims {@code claim} (or {@link #NO_CLAIM}). */
    void edge(int from, int lo, int hi, int to, int claim) {
        if (lo < 0 || hi > 255 || lo > hi) throw new IllegalArgumentException("bad byte range " + lo + ".." + hi);
        int[] e = edges[from];
        int n = edgeInts[from];
        if (e == null) e = edges[from] = new int[8];
        else if (n == e.length) e = edges[from] = Arrays.copyOf(e, n * 2);
        e[n] = lo;
        e[n + 1] = hi;
        e[n + 2] = to;
        e[n + 3] = claim;
        edgeInts[from] = n + 4;
    }

    void epsilon(int from, int to) {
        int[] e = epsilons[from];
        int n = epsilonCount[from];
        if (e == null) e = epsilons[from] = new int[4];
        else if (n == e.length) e = epsilons[from] = Arrays.copyOf(e, n * 2);
        e[n] = to;
        epsilonCount[from] = n + 1;
    }

    /** One byte in {@code lo..hi}; returns the new end state. */
    int range(int from, int lo, int hi) {
        int to = state();
        edge(from, lo, hi, to);
        return to;
    }

    /** The bytes of {@code text} (UTF-8) in sequence. */
    int literal(int from, String text) {
        return bytes(from, text.getBytes(StandardCharsets.UTF_8));
    }

    int bytes(int from, byte[] bytes) {
        int s = from;
        for (byte b : bytes) s = range(s, b & 0xFF, b & 0xFF);
        return s;
    }

    /** A fresh state reached from {@code from} by an epsilon edge: where alternatives that must join can meet. */
    int join(int from) {
        int s = state();
        epsilon(from, s);
        return s;
    }

    MuException tooLarge() {
        return new MuException(what + " needs more than " + maxStates + " automaton states; make it smaller "
                + "(fewer or shorter alternatives, lower maxLength/maxItems)");
    }

    /**
     * The deterministic automaton of the texts that lead from {@code start} to {@code accept}, without the states
     * that cannot reach {@code accept}; null when no text does.
     *
     * @param maxClaims the most claims on any path (0 when no edge claims)
     * @throws IllegalStateException when two paths read the same bytes but claim different keys: the claim of a
     *                               transition would depend on which path was meant (a grammar bug)
     */
    Dfa determinize(int start, int accept, int maxClaims) {
        Map<Subset, Integer> ids = new HashMap<>();
        List<int[]> subsets = new ArrayList<>();
        ArrayDeque<Integer> work = new ArrayDeque<>();
        int[] mark = new int[count];
        int[] stamp = {0};
        int[] first = closure(new int[] {start}, 1, mark, stamp);
        ids.put(new Subset(first), 0);
        subsets.add(first);
        work.add(0);
        Dfa.Builder out = new Dfa.Builder();
        // per-subset scratch: the edges leaving the subset and the sorted interval boundaries
        int[] lo = new int[64], hi = new int[64], to = new int[64], claim = new int[64];
        int[] targets = new int[64];
        while (!work.isEmpty()) {
            int d = work.poll();
            int[] subset = subsets.get(d);
            int ne = 0;
            boolean accepting = false;
            for (int s : subset) {
                if (s == accept) accepting = true;
                int[] e = edges[s];
                for (int i = 0; i < edgeInts[s]; i += 4) {
                    if (ne == lo.length) {
                        lo = Arrays.copyOf(lo, ne * 2);
                        hi = Arrays.copyOf(hi, ne * 2);
                        to = Arrays.copyOf(to, ne * 2);
                        claim = Arrays.copyOf(claim, ne * 2);
                    }
                    lo[ne] = e[i];
                    hi[ne] = e[i + 1];
                    to[ne] = e[i + 2];
                    claim[ne] = e[i + 3];
                    ne++;
                }
            }
            if (targets.length < ne) targets = new int[ne];
            int[] bounds = new int[2 * ne];
            for (int i = 0; i < ne; i++) {
                bounds[2 * i] = lo[i];
                bounds[2 * i + 1] = hi[i] + 1;
            }
            Arrays.sort(bounds);
            out.startState(d, accepting);
            for (int b = 0; b < bounds.length - 1; b++) {
                int a = bounds[b], z = bounds[b + 1] - 1;
                if (a > z) continue;
                int nt = 0, c = Integer.MIN_VALUE;
                for (int i = 0; i < ne; i++) {
                    if (lo[i] > a || hi[i] < a) continue;
                    targets[nt++] = to[i];
                    if (c == Integer.MIN_VALUE) c = claim[i];
                    else if (c != claim[i]) {
                        throw new IllegalStateException(what + ": byte " + a + " leads to paths claiming " + c
                                + " and " + claim[i]);
                    }
                }
                if (nt == 0) continue;
                int[] next = closure(targets, nt, mark, stamp);
                Subset key = new Subset(next);
                Integer id = ids.get(key);
                if (id == null) {
                    if (subsets.size() == maxStates) throw tooLarge();
                    id = subsets.size();
                    ids.put(key, id);
                    subsets.add(next);
                    work.add(id);
                }
                out.range(a, z, id, c);
            }
        }
        return out.build(maxClaims);
    }

    /** The sorted states reachable from {@code seeds[0..n)} by epsilon edges (seeds included). */
    private int[] closure(int[] seeds, int n, int[] mark, int[] stamp) {
        int id = ++stamp[0];
        int[] stack = new int[Math.max(8, n)];
        int[] out = new int[Math.max(8, n)];
        int sp = 0, size = 0;
        for (int i = 0; i < n; i++) {
            if (mark[seeds[i]] != id) {
                mark[seeds[i]] = id;
                stack[sp++] = seeds[i];
            }
        }
        while (sp > 0) {
            int s = stack[--sp];
            if (size == out.length) out = Arrays.copyOf(out, size * 2);
            out[size++] = s;
            for (int i = 0; i < epsilonCount[s]; i++) {
                int t = epsilons[s][i];
                if (mark[t] == id) continue;
                mark[t] = id;
                if (sp == stack.length) stack = Arrays.copyOf(stack, sp * 2);
                stack[sp++] = t;
            }
        }
        int[] result = Arrays.copyOf(out, size);
        Arrays.sort(result);
        return result;
    }

    /** A set of NFA states as a map key. */
    private static final class Subset {
        private final int[] states;
        private final int hash;

        Subset(int[] states) {
            this.states = states;
            this.hash = Arrays.hashCode(states);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subset s && s.hash == hash && Arrays.equals(s.states, states);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
