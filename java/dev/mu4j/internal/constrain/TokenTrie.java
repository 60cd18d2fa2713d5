package dev.mu4j.internal.constrain;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The byte strings of a vocabulary as a trie: node 0 is the empty string, each edge one byte, and a node lists
 * the tokens spelled by the path to it (several tokens may share a spelling). Walking it against a {@link Dfa}
 * checks every token that starts with a prefix at once, and drops them all when the prefix fails.
 *
 * <p>Stored flat: children of node n are {@code childStart[n] .. childStart[n+1]}, sorted by byte. Immutable;
 * safe for any number of threads.
 */
final class TokenTrie {
    private final int[] childStart;
    private final int[] childByte;
    private final int[] childNode;
    private final int[] tokenStart;
    private final int[] tokens;

    private TokenTrie(int[] childStart, int[] childByte, int[] childNode, int[] tokenStart, int[] tokens) {
        this.childStart = childStart;
        this.childByte = childByte;
        this.childNode = childNode;
        this.tokenStart = tokenStart;
        this.tokens = tokens;
    }

    /** A trie of the ids {@code i} with {@code include[i]} and a non-empty {@code bytes[i]}. */
    static TokenTrie build(byte[][] bytes, boolean[] include) {
        Integer[] order = new Integer[bytes.length];
        int n = 0;
        for (int i = 0; i < bytes.length; i++) if (include[i] && bytes[i] != null && bytes[i].length > 0) order[n++] = i;
        order = Arrays.copyOf(order, n);
        Arrays.sort(order, Comparator.comparing((Integer i) -> bytes[i], Arrays::compareUnsigned));
        // Sorted insertion creates nodes in preorder and each node's children in byte order.
        int cap = 1024;
        int[] parent = new int[cap], edgeByte = new int[cap];
        int[] tokenNode = new int[n];
        int nodes = 1;
        int[] path = new int[16];   // path[d] = node at depth d of the previous token
        byte[] prev = new byte[0];
        for (int k = 0; k < n; k++) {
            byte[] b = bytes[order[k]];
            int common = 0;
            while (common < prev.length && common < b.length && prev[common] == b[common]) common++;
            if (path.length <= b.length) path = Arrays.copyOf(path, b.length * 2 + 1);
            for (int d = common; d < b.length; d++) {
                if (nodes == cap) {
                    cap *= 2;
                    parent = Arrays.copyOf(parent, cap);
                    edgeByte = Arrays.copyOf(edgeByte, cap);
                }
                parent[nodes] = path[d];
                edgeByte[nodes] = b[d] & 0xFF;
                path[d + 1] = nodes++;
            }
            tokenNode[k] = path[b.length];
            prev = b;
        }
        int[] childStart = new int[nodes + 1];
        for (int v = 1; v < nodes; v++) childStart[parent[v] + 1]++;
        for (int v = 0; v < nodes; v++) childStart[v + 1] += childStart[v];
        int[] childByte = new int[nodes - 1], childNode = new int[nodes - 1];
        int[] fill = Arrays.copyOf(childStart, nodes);
        for (int v = 1; v < nodes; v++) {
            int slot = fill[parent[v]]++;
            childByte[slot] = edgeByte[v];
            childNode[slot] = v;
        }
        int[] tokenStart = new int[nodes + 1];
        for (int k = 0; k < n; k++) tokenStart[tokenNode[k] + 1]++;
        for (int v = 0; v < nodes; v++) tokenStart[v + 1] += tokenStart[v];
        int[] tokens = new int[n];
        int[] tfill = Arrays.copyOf(tokenStart, nodes);
        for (int k = 0; k < n; k++) tokens[tfill[tokenNode[k]]++] = order[k];
        return new TokenTrie(childStart, childByte, childNode, tokenStart, tokens);
    }

    int nodeCount() {
        return childStart.length - 1;
    }

    int tokenCount() {
        return tokens.length;
    }

    int childrenFrom(int node) {
        return childStart[node];
    }

    int childrenTo(int node) {
        return childStart[node + 1];
    }

    /** The byte (0..255) on the edge into child slot {@code c}. */
    int childByte(int c) {
        return childByte[c];
    }

    int childNode(int c) {
        return childNode[c];
    }

    /** The first child slot of {@code node} whose byte is at least {@code b}. */
    int firstChildAtLeast(int node, int b) {
        int a = childStart[node], z = childStart[node + 1];
        while (a < z) {
            int m = (a + z) >>> 1;
            if (childByte[m] < b) a = m + 1;
            else z = m;
        }
        return a;
    }

    int tokensFrom(int node) {
        return tokenStart[node];
    }

    int tokensTo(int node) {
        return tokenStart[node + 1];
    }

    int token(int i) {
        return tokens[i];
    }

    /** Approximate heap size in bytes. */
    long bytes() {
        return 4L * (childStart.length + childByte.length + childNode.length + tokenStart.length + tokens.length);
    }
}
