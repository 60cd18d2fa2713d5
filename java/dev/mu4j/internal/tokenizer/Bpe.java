package dev.mu4j.internal.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BPE model of tokenizer.json ({@code model.type = "BPE"}): turns one pre-tokenized word into ids by applying
 * merges in rank order, exactly as HF {@code tokenizers} {@code models/bpe} does.
 *
 * <p>A word starts as one symbol per character (or per UTF-8 byte through {@code <0xNN>} tokens when
 * {@code byte_fallback} is on and the character is not in the vocabulary, else {@code unk_token}). Then the
 * adjacent pair with the lowest merge rank is merged, leftmost first among equal ranks, until no pair has a merge:
 * a heap of candidate pairs over a linked list of symbols, O(n log n) per word. Results are cached per word.
 *
 * <p>Immutable apart from the cache, which is a concurrent map: safe for any number of threads.
 */
final class Bpe {
    /** HF's limits: words of 256 chars or more are not cached, and the cache stops growing at 10,000 words. */
    private static final int CACHE_MAX_WORD_LENGTH = 256;
    private static final int CACHE_CAPACITY = 10_000;

    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    /** Id of {@code unk_token}, or -1 when there is none. */
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    /** Id of {@code <0xNN>} for each byte when {@code byte_fallback} is on and the vocabulary has it, else -1. */
    private final int[] byteIds;
    private final boolean byteFallback;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    Bpe(Map<String, Integer> vocab, MergeTable merges, int unkId, boolean fuseUnk, boolean byteFallback,
            boolean ignoreMerges) {
        this.vocab = vocab;
        this.merges = merges;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.ignoreMerges = ignoreMerges;
        this.byteFallback = byteFallback;
        this.byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = byteFallback ? vocab.get(String.format("<0x%02X>", b)) : null;
            byteIds[b] = id == null ? -1 : id;
        }
    }

    /** Reads {@code model} (type BPE) of tokenizer.json. */
    static Bpe read(JsonNode model) {
        double dropout = model.get("dropout").isNull() ? 0 : model.get("dropout").number();
        if (dropout != 0) {
            throw model.get("dropout").error(dropout + " is not supported: BPE dropout makes encoding random; "
                    + "set it to null for inference");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            String value = model.optString(affix, "");
            if (!value.isEmpty()) {
                throw model.get(affix).error("'" + value + "' is not supported (WordPiece-style BPE affixes); "
                        + "only null or \"\" is");
            }
        }
        Map<String, Integer> vocab = readVocab(model.required("vocab"));
        MergeTable merges = readMerges(model.required("merges"), vocab);
        int unkId = -1;
        JsonNode unk = model.get("unk_token");
        if (!unk.isNull()) {
            Integer id = vocab.get(unk.string());
            if (id == null) throw unk.error("'" + unk.string() + "' is not in model.vocab");
            unkId = id;
        }
        return new Bpe(vocab, merges, unkId, model.optBool("fuse_unk", false), model.optBool("byte_fallback", false),
                model.optBool("ignore_merges", false));
    }

    /**
     * {@code model.vocab}: token to id. Read from the raw JSON tree (a {@link JsonNode} with its path only for an
     * entry that is wrong), since Llama 3 and Qwen2 have 128k-152k entries.
     */
    private static Map<String, Integer> readVocab(JsonNode node) {
        JsonObject object = node.object();
        Map<String, Integer> vocab = new HashMap<>(object.size() * 2);
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            int id = smallIndex(e.getValue());
            vocab.put(e.getKey(), id >= 0 ? id : node.member(e.getKey()).index());
        }
        return vocab;
    }

    /** A JSON number that is a non-negative int, or -1 for anything else (then JsonNode says what is wrong). */
    private static int smallIndex(JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return -1;
        double v = e.getAsDouble();
        return v == Math.rint(v) && v >= 0 && v <= Integer.MAX_VALUE ? (int) v : -1;
    }

    /**
     * Merges are {@code ["a", "b"]} pairs (current format) or {@code "a b"} strings (legacy); rank is the position.
     * As in HF, a later duplicate of a pair replaces the earlier one.
     */
    private static MergeTable readMerges(JsonNode node, Map<String, Integer> vocab) {
        JsonArray list = node.array();
        MergeTable table = new MergeTable(list.size());
        for (int rank = 0; rank < list.size(); rank++) {
            JsonElement m = list.get(rank);
            String a;
            String b;
            if (m.isJsonArray() && m.getAsJsonArray().size() == 2 && isString(m.getAsJsonArray().get(0))
                    && isString(m.getAsJsonArray().get(1))) {
                a = m.getAsJsonArray().get(0).getAsString();
                b = m.getAsJsonArray().get(1).getAsString();
            } else if (isString(m)) {
                String line = m.getAsString();
                int space = line.indexOf(' ');
                if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                    throw node.element(rank).error("must be two tokens separated by one space, got '" + line + "'");
                }
                a = line.substring(0, space);
                b = line.substring(space + 1);
            } else {
                throw node.element(rank).error("must be a pair of tokens [\"a\", \"b\"] or a string \"a b\", got " + m);
            }
            Integer ida = vocab.get(a);
            Integer idb = vocab.get(b);
            if (ida == null) throw node.element(rank).error("refers to token '" + a + "' which is not in model.vocab");
            if (idb == null) throw node.element(rank).error("refers to token '" + b + "' which is not in model.vocab");
            Integer merged = vocab.get(a + b);
            if (merged == null) throw node.element(rank).error("merges into '" + a + b + "' which is not in model.vocab");
            table.put(ida, idb, rank, merged);
        }
        return table;
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /** The id of {@code token} in the model vocabulary, or null. */
    Integer id(String token) {
        return vocab.get(token);
    }

    /** The model vocabulary (token to id); not to be modified. */
    Map<String, Integer> vocab() {
        return vocab;
    }

    /** Appends the ids of one pre-tokenized, non-empty word to {@code out}. */
    void tokenize(String word, IntList out) {
        if (word.isEmpty()) return;
        if (ignoreMerges) {
            // Llama 3: a word that is a whole vocabulary entry is that token, even when no merge path reaches it.
            Integer id = vocab.get(word);
            if (id != null) {
                out.add(id);
                return;
            }
        }
        int[] ids = cache.get(word);
        if (ids == null) {
            ids = merge(word);
            if (word.length() < CACHE_MAX_WORD_LENGTH && cache.size() < CACHE_CAPACITY) cache.put(word, ids);
        }
        out.addAll(ids);
    }

    /** HF {@code merge_word}: initial symbols, then merges in rank order. */
    int[] merge(String word) {
        Symbols s = new Symbols(word.length());
        int pendingUnkLength = 0; // chars of a pending (possibly fused) unk symbol, 0 when none
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int n = Character.charCount(cp);
            Integer id = vocab.get(word.substring(i, i + n));
            i += n;
            if (id != null) {
                if (pendingUnkLength > 0) {
                    s.add(unkId, pendingUnkLength);
                    pendingUnkLength = 0;
                }
                s.add(id, n);
                continue;
            }
            if (byteFallback && addBytes(s, new String(Character.toChars(cp)))) {
                // As in HF, a pending unk is not flushed here: it is added after these byte tokens.
                continue;
            }
            if (unkId >= 0) {
                if (pendingUnkLength > 0 && !fuseUnk) s.add(unkId, pendingUnkLength);
                pendingUnkLength = pendingUnkLength > 0 && fuseUnk ? pendingUnkLength + n : n;
            }
        }
        if (pendingUnkLength > 0) s.add(unkId, pendingUnkLength);
        s.mergeAll(merges);
        return s.ids();
    }

    /** Adds the {@code <0xNN>} tokens of {@code ch}'s UTF-8 bytes; false (adding nothing) if one is missing. */
    private boolean addBytes(Symbols s, String ch) {
        byte[] bytes = ch.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteIds[b & 0xFF] < 0) return false;
        }
        for (byte b : bytes) s.add(byteIds[b & 0xFF], 1);
        return true;
    }

    /** A word being merged: symbols in a doubly linked list over arrays; a merged-away symbol has length 0. */
    private static final class Symbols {
        int[] id;
        int[] prev;
        int[] next;
        int[] length;
        int size;

        Symbols(int capacity) {
            // One symbol per char, or up to 3 per char with byte fallback (3 bytes per BMP char, 4 per pair).
            int c = Math.max(4, capacity);
            id = new int[c];
            prev = new int[c];
            next = new int[c];
            length = new int[c];
        }

        void add(int tokenId, int len) {
            if (size == id.length) {
                int c = size * 2;
                id = Arrays.copyOf(id, c);
                prev = Arrays.copyOf(prev, c);
                next = Arrays.copyOf(next, c);
                length = Arrays.copyOf(length, c);
            }
            id[size] = tokenId;
            prev[size] = size - 1;
            next[size] = -1;
            if (size > 0) next[size - 1] = size;
            length[size] = len;
            size++;
        }

        /** HF {@code Word::merge_all} without dropout. */
        void mergeAll(MergeTable merges) {
            MergeQueue queue = new MergeQueue(size);
            for (int i = 0; i + 1 < size; i++) {
                long m = merges.get(id[i], id[i + 1]);
                if (m != MergeTable.NONE) queue.push(MergeTable.rank(m), i, MergeTable.newId(m));
            }
            while (!queue.isEmpty()) {
                int pos = queue.topPos();
                int newId = queue.topNewId();
                queue.pop();
                if (length[pos] == 0 || next[pos] == -1) continue;
                int right = next[pos];
                // Skip entries made stale by earlier merges: the pair at pos must still merge into newId.
                long current = merges.get(id[pos], id[right]);
                if (current == MergeTable.NONE || MergeTable.newId(current) != newId) continue;
                id[pos] = newId;
                length[pos] += length[right];
                next[pos] = next[right];
                length[right] = 0;
                if (next[right] >= 0) prev[next[right]] = pos;
                if (prev[pos] >= 0) {
                    long m = merges.get(id[prev[pos]], id[pos]);
                    if (m != MergeTable.NONE) queue.push(MergeTable.rank(m), prev[pos], MergeTable.newId(m));
                }
                if (next[pos] >= 0) {
                    long m = merges.get(id[pos], id[next[pos]]);
                    if (m != MergeTable.NONE) queue.push(MergeTable.rank(m), pos, MergeTable.newId(m));
                }
            }
        }

        int[] ids() {
            int n = 0;
            for (int i = 0; i < size; i++) if (length[i] != 0) n++;
            int[] out = new int[n];
            int k = 0;
            for (int i = 0; i < size; i++) if (length[i] != 0) out[k++] = id[i];
            return out;
        }
    }

    /**
     * Min-heap of candidate merges ordered by (rank, position), the order HF's heap pops them in. Keys pack
     * {@code rank << 32 | pos}; the merged id rides along in a parallel array.
     */
    private static final class MergeQueue {
        private long[] keys;
        private int[] newIds;
        private int size;

        MergeQueue(int capacity) {
            keys = new long[Math.max(4, capacity)];
            newIds = new int[keys.length];
        }

        boolean isEmpty() {
            return size == 0;
        }

        int topPos() {
            return (int) keys[0];
        }

        int topNewId() {
            return newIds[0];
        }

        void push(int rank, int pos, int newId) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                newIds = Arrays.copyOf(newIds, size * 2);
            }
            long key = ((long) rank << 32) | pos;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) break;
                keys[i] = keys[parent];
                newIds[i] = newIds[parent];
                i = parent;
            }
            keys[i] = key;
            newIds[i] = newId;
        }

        void pop() {
            size--;
            if (size == 0) return;
            long key = keys[size];
            int newId = newIds[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && keys[child + 1] < keys[child]) child++;
                if (keys[child] >= key) break;
                keys[i] = keys[child];
                newIds[i] = newIds[child];
                i = child;
            }
            keys[i] = key;
            newIds[i] = newId;
        }
    }

    /**
     * Open-addressing hash map from a token pair (two ids) to its merge: {@code rank << 32 | newId}. Avoids boxing
     * a {@code Long} key per lookup in the merge loop.
     */
    static final class MergeTable {
        static final long NONE = -1L;
        private final long[] keys;
        private final long[] values;
        private final int mask;
        private final int shift;

        MergeTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1; // load factor <= 1/2
            keys = new long[capacity];
            values = new long[capacity];
            Arrays.fill(keys, NONE);
            mask = capacity - 1;
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
        }

        static int rank(long merge) {
            return (int) (merge >>> 32);
        }

        static int newId(long merge) {
            return (int) merge;
        }

        void put(int a, int b, int rank, int newId) {
            long key = pairKey(a, b);
            int i = slot(key);
            while (keys[i] != NONE && keys[i] != key) i = (i + 1) & mask;
            keys[i] = key;
            values[i] = ((long) rank << 32) | (newId & 0xFFFFFFFFL);
        }

        /** The merge of (a, b), or {@link #NONE}. */
        long get(int a, int b) {
            long key = pairKey(a, b);
            int i = slot(key);
            while (true) {
                long k = keys[i];
                if (k == key) return values[i];
                if (k == NONE) return NONE;
                i = (i + 1) & mask;
            }
        }

        private static long pairKey(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }

        private int slot(long key) {
            // Fibonacci hashing: the top bits of key * 2^64/phi spread consecutive ids over the table.
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        }
    }
}
