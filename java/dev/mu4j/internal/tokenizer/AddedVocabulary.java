package dev.mu4j.internal.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code added_tokens} of tokenizer.json (special tokens such as {@code <|begin_of_text|>}, and added plain
 * tokens) and how they are cut out of input text, as HF's {@code AddedVocabulary} does.
 *
 * <p>Tokens with {@code normalized: false} are found in the raw input, before normalization; tokens with
 * {@code normalized: true} are found in each normalized piece, spelled as the normalizer spells them. At each
 * position the longest token wins, scanning left to right; {@code single_word} discards a match inside a word,
 * {@code lstrip}/{@code rstrip} make the token swallow the whitespace on its left/right.
 *
 * <p>Immutable; safe for any number of threads.
 */
final class AddedVocabulary {
    /** One added token, with the id HF assigns it. */
    record Token(int id, String content, boolean special, boolean normalized, boolean lstrip, boolean rstrip,
            boolean singleWord) {}

    /** A piece of input: an added token's id, or text (when {@code id < 0}) still to be encoded. */
    record Segment(int id, String text, boolean atStart) {}

    private final List<Token> tokens;
    private final Normalizer normalizer;
    private final Trie raw;
    private final Trie normalized;

    private AddedVocabulary(List<Token> tokens, Normalizer normalizer) {
        this.tokens = tokens;
        this.normalizer = normalizer;
        Map<String, Token> rawTokens = new HashMap<>();
        Map<String, Token> normalizedTokens = new HashMap<>();
        for (Token t : tokens) {
            if (t.normalized()) {
                String spelled = spelling(t);
                if (!spelled.isEmpty()) normalizedTokens.put(spelled, t);
            } else {
                rawTokens.put(t.content(), t);
            }
        }
        this.raw = new Trie(rawTokens);
        this.normalized = new Trie(normalizedTokens);
    }

    /**
     * Reads {@code added_tokens}. Ids are assigned as HF does when it loads the file (the model's id when the
     * content is in {@code model.vocab}, else the next id after the model vocabulary); a file whose {@code id}
     * fields disagree is rejected, since HF would silently use other ids than the file says.
     */
    static AddedVocabulary read(JsonNode node, Bpe model, Normalizer normalizer) {
        Map<String, Token> byContent = new LinkedHashMap<>();
        if (node.isNull()) return new AddedVocabulary(List.of(), normalizer);
        int next = model.vocab().size();
        for (JsonNode t : node.elements()) {
            String content = t.required("content").string();
            int fileId = t.required("id").index();
            if (content.isEmpty()) continue; // HF ignores empty added tokens
            Token previous = byContent.get(content);
            Integer modelId = model.id(content);
            int id = previous != null ? previous.id() : modelId != null ? modelId : next++;
            if (id != fileId) {
                throw t.get("id").error(fileId + " disagrees with the id HF tokenizers assigns to '" + content + "': "
                        + id + (modelId != null ? " (its id in model.vocab)" : " (the next id after model.vocab and "
                        + "the added tokens before it)"));
            }
            boolean special = t.optBool("special", false);
            byContent.put(content, new Token(id, content, special, t.optBool("normalized", !special),
                    t.optBool("lstrip", false), t.optBool("rstrip", false), t.optBool("single_word", false)));
        }
        return new AddedVocabulary(List.copyOf(byContent.values()), normalizer);
    }

    /** The added tokens, in file order. */
    List<Token> tokens() {
        return tokens;
    }

    /**
     * How {@code t} is spelled in normalized text, which is also the string HF decodes it to: its content run
     * through the normalizer when it is {@code normalized}, else its content.
     */
    String spelling(Token t) {
        return t.normalized() && normalizer != null ? normalizer.normalize(t.content()) : t.content();
    }

    /** Splits raw input on the tokens that are matched before normalization. */
    List<Segment> splitRaw(String text) {
        List<Segment> out = new ArrayList<>();
        split(text, true, raw, out);
        return out;
    }

    /** Splits one normalized piece on the tokens that are matched after normalization; appends to {@code out}. */
    void splitNormalized(String text, boolean atStart, List<Segment> out) {
        split(text, atStart, normalized, out);
    }

    /** HF {@code AddedVocabulary::find_matches}, dropping empty text pieces as HF's pre-tokenized splits do. */
    private static void split(String text, boolean atStart, Trie trie, List<Segment> out) {
        if (text.isEmpty()) return;
        if (trie.isEmpty()) {
            out.add(new Segment(-1, text, atStart));
            return;
        }
        int done = 0; // end of the last emitted segment
        int i = 0;
        while (i < text.length()) {
            int end = trie.longestMatch(text, i);
            if (end < 0) {
                i++;
                continue;
            }
            Token token = trie.tokenAt(text, i, end);
            int start = i;
            int stop = end;
            i = end; // matches never overlap: the scan resumes after this one, kept or not
            if (token.singleWord()) {
                boolean wordBefore = start > 0 && CharClasses.isWordChar(text.codePointBefore(start));
                boolean wordAfter = stop < text.length() && CharClasses.isWordChar(text.codePointAt(stop));
                if (wordBefore || wordAfter) continue;
            }
            if (token.lstrip()) {
                int s = start;
                while (s > 0 && CharClasses.isWhitespace(text.codePointBefore(s))) {
                    s -= Character.charCount(text.codePointBefore(s));
                }
                start = Math.max(s, done);
            }
            if (token.rstrip()) {
                while (stop < text.length() && CharClasses.isWhitespace(text.codePointAt(stop))) {
                    stop += Character.charCount(text.codePointAt(stop));
                }
            }
            if (done < start) out.add(new Segment(-1, text.substring(done, start), atStart && done == 0));
            out.add(new Segment(token.id(), null, false));
            done = stop;
        }
        if (done < text.length()) out.add(new Segment(-1, text.substring(done), atStart && done == 0));
    }

    /** A character trie over token spellings, for longest-match lookups at a position. */
    private static final class Trie {
        private final Node root = new Node();
        /** First chars of all spellings, to skip most positions with one bit test. */
        private final BitSet firstChars = new BitSet();
        private final Map<String, Token> bySpelling;

        Trie(Map<String, Token> bySpelling) {
            this.bySpelling = bySpelling;
            for (String s : bySpelling.keySet()) {
                Node node = root;
                for (int k = 0; k < s.length(); k++) node = node.children.computeIfAbsent(s.charAt(k), c -> new Node());
                node.terminal = true;
                firstChars.set(s.charAt(0));
            }
        }

        boolean isEmpty() {
            return bySpelling.isEmpty();
        }

        /** The end of the longest spelling that starts at {@code i}, or -1. */
        int longestMatch(String text, int i) {
            if (!firstChars.get(text.charAt(i))) return -1;
            Node node = root;
            int best = -1;
            for (int k = i; k < text.length(); k++) {
                node = node.children.get(text.charAt(k));
                if (node == null) break;
                if (node.terminal) best = k + 1;
            }
            return best;
        }

        Token tokenAt(String text, int start, int end) {
            return bySpelling.get(text.substring(start, end));
        }

        private static final class Node {
            final Map<Character, Node> children = new HashMap<>(4);
            boolean terminal;
        }
    }
}
