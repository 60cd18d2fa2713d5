package dev.mu4j.internal.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tokenizer.json {@code pre_tokenizer}: splits normalized text into words (and may rewrite them, as ByteLevel
 * and Metaspace do); the model then encodes each word on its own. Each piece is split independently, and pieces
 * that come out empty are dropped, as in HF's {@code PreTokenizedString::split}.
 */
sealed interface PreTokenizer {
    String SUPPORTED = "Sequence, ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, CharDelimiterSplit";

    /** The GPT-2 word regex that ByteLevel applies when {@code use_regex} is true (HF {@code byte_level.rs}). */
    String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /**
     * A piece of text on its way to the model. {@code atStart} says whether it begins at offset 0 of the input
     * passed to encode: Metaspace's {@code prepend_scheme: first} adds {@code ▁} only to such a piece.
     *
     * <p>HF decides this from the original offset of the piece's first character, tracked through normalization.
     * mu4j tracks no offsets: the first piece of the input counts as at the start even when a normalizer deleted
     * its leading characters (a left Strip, say), where HF would not prepend. No family combines such a
     * normalizer with {@code prepend_scheme: first}.
     */
    record Piece(String text, boolean atStart) {}

    /** Appends the pieces {@code piece} splits into to {@code out}, dropping empty ones. */
    void split(Piece piece, List<Piece> out);

    /** Reads a {@code pre_tokenizer} object (not null). */
    static PreTokenizer read(JsonNode node) {
        return switch (node.type()) {
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode step : node.required("pretokenizers").elements()) steps.add(read(step));
                yield new Sequence(List.copyOf(steps));
            }
            case "ByteLevel" -> new ByteLevel(node.optBool("add_prefix_space", true), node.optBool("use_regex", true),
                    OnigurumaRegex.compile(GPT2_PATTERN, node));
            case "Split" -> new Split(Normalizer.Replacement.pattern(node.required("pattern")),
                    Behavior.read(node.required("behavior")), node.optBool("invert", false));
            case "Metaspace" -> Metaspace.read(node);
            case "Digits" -> new Digits(node.optBool("individual_digits", false));
            // HF compiles this one with the Rust regex crate, whose \w is Java's Unicode \w (joiners included).
            case "Whitespace" -> new Split(Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS),
                    Behavior.REMOVED, true);
            case "WhitespaceSplit" -> new CharSplit(CharClasses::isWhitespace, Behavior.REMOVED);
            case "CharDelimiterSplit" -> {
                String delimiter = node.required("delimiter").string();
                if (delimiter.codePointCount(0, delimiter.length()) != 1) {
                    throw node.get("delimiter").error("must be one character, got '" + delimiter + "'");
                }
                int cp = delimiter.codePointAt(0);
                yield new CharSplit(c -> c == cp, Behavior.REMOVED);
            }
            default -> throw node.unsupportedType(SUPPORTED);
        };
    }

    /** Applies each step to every piece the previous step produced. */
    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            List<Piece> current = List.of(piece);
            for (PreTokenizer step : steps) {
                List<Piece> next = new ArrayList<>();
                for (Piece p : current) step.split(p, next);
                current = next;
            }
            out.addAll(current);
        }
    }

    /**
     * GPT-2's byte-level step: optionally prepend a space, optionally split with the GPT-2 regex, then spell every
     * UTF-8 byte with {@link ByteLevelAlphabet} (a space becomes {@code Ġ}).
     */
    record ByteLevel(boolean addPrefixSpace, boolean useRegex, Pattern regex) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            String text = piece.text();
            if (addPrefixSpace && !text.startsWith(" ")) text = " " + text;
            Piece spaced = new Piece(text, piece.atStart());
            if (!useRegex) {
                out.add(new Piece(ByteLevelAlphabet.encode(text), piece.atStart()));
                return;
            }
            List<Piece> words = new ArrayList<>();
            Splitter.regex(spaced, regex, Behavior.ISOLATED, false, words);
            for (Piece w : words) out.add(new Piece(ByteLevelAlphabet.encode(w.text()), w.atStart()));
        }
    }

    /** Splits on a literal or regex pattern; {@code invert} makes the matches the words instead of delimiters. */
    record Split(Pattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            Splitter.regex(piece, pattern, behavior, invert, out);
        }
    }

    /** Splits on every character that a predicate accepts. */
    record CharSplit(IntPredicate delimiter, Behavior behavior) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            Splitter.chars(piece, delimiter, behavior, out);
        }
    }

    /** Splits digits from the rest: each digit alone, or runs of digits together. */
    record Digits(boolean individualDigits) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            Splitter.chars(piece, CharClasses::isNumeric, individualDigits ? Behavior.ISOLATED : Behavior.CONTIGUOUS,
                    out);
        }
    }

    /**
     * SentencePiece's whitespace handling: spaces become {@code replacement} ({@code ▁}), a {@code ▁} is prepended
     * per {@code prepend_scheme}, and with {@code split} each {@code ▁} starts a new word.
     */
    record Metaspace(int replacement, Prepend prependScheme, boolean split) implements PreTokenizer {
        /** When to prepend the replacement: to every piece, only to the piece at the start of the input, or never. */
        enum Prepend { ALWAYS, FIRST, NEVER }

        static Metaspace read(JsonNode node) {
            String replacement = node.required("replacement").string();
            if (replacement.codePointCount(0, replacement.length()) != 1) {
                throw node.get("replacement").error("must be exactly one character, got '" + replacement + "'");
            }
            Prepend scheme = readScheme(node);
            return new Metaspace(replacement.codePointAt(0), scheme, node.optBool("split", true));
        }

        /** {@code prepend_scheme}, or the legacy {@code add_prefix_space} (false means never), as HF reads them. */
        static Prepend readScheme(JsonNode node) {
            JsonNode field = node.get("prepend_scheme");
            Prepend scheme = Prepend.ALWAYS;
            if (!field.isNull()) {
                scheme = switch (field.string()) {
                    case "always" -> Prepend.ALWAYS;
                    case "first" -> Prepend.FIRST;
                    case "never" -> Prepend.NEVER;
                    default -> throw field.error("'" + field.string() + "' is not one of: always, first, never");
                };
            }
            if (!node.optBool("add_prefix_space", true)) {
                if (scheme != Prepend.NEVER && !field.isNull()) {
                    throw node.get("add_prefix_space").error("false contradicts prepend_scheme '" + field.string() + "'");
                }
                scheme = Prepend.NEVER;
            }
            return scheme;
        }

        String replacementString() {
            return new String(Character.toChars(replacement));
        }

        @Override
        public void split(Piece piece, List<Piece> out) {
            String rep = replacementString();
            String text = piece.text().replace(" ", rep);
            boolean prepend = switch (prependScheme) {
                case ALWAYS -> true;
                case FIRST -> piece.atStart();
                case NEVER -> false;
            };
            if (prepend && !text.startsWith(rep)) text = rep + text;
            Piece replaced = new Piece(text, piece.atStart());
            if (split) {
                Splitter.chars(replaced, c -> c == replacement, Behavior.MERGED_WITH_NEXT, out);
            } else if (!text.isEmpty()) {
                out.add(replaced);
            }
        }
    }

    /** HF's {@code SplitDelimiterBehavior}: what happens to the delimiters a pattern matches. */
    enum Behavior {
        REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

        static Behavior read(JsonNode node) {
            return switch (node.string()) {
                case "Removed" -> REMOVED;
                case "Isolated" -> ISOLATED;
                case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
                case "MergedWithNext" -> MERGED_WITH_NEXT;
                case "Contiguous" -> CONTIGUOUS;
                default -> throw node.error("'" + node.string()
                        + "' is not one of: Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
            };
        }
    }

    /**
     * HF's {@code NormalizedString::split}: the text is cut into alternating matched and unmatched spans covering
     * all of it, then {@link Behavior} decides which spans are dropped or glued together.
     */
    final class Splitter {
        private Splitter() {}

        static void regex(Piece piece, Pattern pattern, Behavior behavior, boolean invert, List<Piece> out) {
            String text = piece.text();
            if (text.isEmpty()) return;
            IntList spans = new IntList(16); // triples: start, end, matched (1/0)
            Matcher m = pattern.matcher(text);
            int prev = 0;
            while (m.find()) {
                if (m.end() == m.start()) continue; // Oniguruma's find_iter yields no empty words here either
                if (prev != m.start()) addSpan(spans, prev, m.start(), invert);
                addSpan(spans, m.start(), m.end(), !invert);
                prev = m.end();
            }
            if (prev != text.length()) addSpan(spans, prev, text.length(), invert);
            apply(piece, spans, behavior, out);
        }

        static void chars(Piece piece, IntPredicate delimiter, Behavior behavior, List<Piece> out) {
            String text = piece.text();
            if (text.isEmpty()) return;
            IntList spans = new IntList(16);
            int last = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int n = Character.charCount(cp);
                if (delimiter.test(cp)) {
                    if (last < i) addSpan(spans, last, i, false);
                    addSpan(spans, i, i + n, true);
                    last = i + n;
                }
                i += n;
            }
            if (last < text.length()) addSpan(spans, last, text.length(), false);
            apply(piece, spans, behavior, out);
        }

        private static void addSpan(IntList spans, int start, int end, boolean matched) {
            spans.add(start);
            spans.add(end);
            spans.add(matched ? 1 : 0);
        }

        private static void apply(Piece piece, IntList spanList, Behavior behavior, List<Piece> out) {
            int[] s = spanList.toArray();
            int n = s.length / 3;
            // kept[k] = {start, end}; built per behavior exactly as HF folds (offsets, is_match) pairs.
            List<int[]> kept = new ArrayList<>(n);
            switch (behavior) {
                case ISOLATED -> {
                    for (int k = 0; k < n; k++) kept.add(new int[] {s[3 * k], s[3 * k + 1]});
                }
                case REMOVED -> {
                    for (int k = 0; k < n; k++) if (s[3 * k + 2] == 0) kept.add(new int[] {s[3 * k], s[3 * k + 1]});
                }
                case CONTIGUOUS -> {
                    boolean previousMatch = false;
                    for (int k = 0; k < n; k++) {
                        boolean match = s[3 * k + 2] == 1;
                        if (match == previousMatch && !kept.isEmpty()) {
                            kept.get(kept.size() - 1)[1] = s[3 * k + 1];
                        } else {
                            kept.add(new int[] {s[3 * k], s[3 * k + 1]});
                        }
                        previousMatch = match;
                    }
                }
                case MERGED_WITH_PREVIOUS -> {
                    boolean previousMatch = false;
                    for (int k = 0; k < n; k++) {
                        boolean match = s[3 * k + 2] == 1;
                        if (match && !previousMatch && !kept.isEmpty()) {
                            kept.get(kept.size() - 1)[1] = s[3 * k + 1];
                        } else {
                            kept.add(new int[] {s[3 * k], s[3 * k + 1]});
                        }
                        previousMatch = match;
                    }
                }
                case MERGED_WITH_NEXT -> {
                    boolean previousMatch = false;
                    List<int[]> reversed = new ArrayList<>(n);
                    for (int k = n - 1; k >= 0; k--) {
                        boolean match = s[3 * k + 2] == 1;
                        if (match && !previousMatch && !reversed.isEmpty()) {
                            reversed.get(reversed.size() - 1)[0] = s[3 * k];
                        } else {
                            reversed.add(new int[] {s[3 * k], s[3 * k + 1]});
                        }
                        previousMatch = match;
                    }
                    for (int k = reversed.size() - 1; k >= 0; k--) kept.add(reversed.get(k));
                }
            }
            String text = piece.text();
            for (int[] span : kept) {
                if (span[1] > span[0]) out.add(new Piece(text.substring(span[0], span[1]), piece.atStart() && span[0] == 0));
            }
        }
    }
}
