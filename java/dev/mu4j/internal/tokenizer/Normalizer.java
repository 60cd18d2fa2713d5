package dev.mu4j.internal.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tokenizer.json {@code normalizer}: rewrites a piece of input text before pre-tokenization. It runs on each
 * piece between added tokens that are matched before normalization, never on the added tokens themselves.
 */
sealed interface Normalizer {
    String SUPPORTED = "Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents";

    String normalize(String text);

    /** Reads a {@code normalizer} object (not null). */
    static Normalizer read(JsonNode node) {
        return switch (node.type()) {
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (JsonNode step : node.required("normalizers").elements()) steps.add(read(step));
                yield new Sequence(List.copyOf(steps));
            }
            case "Prepend" -> new Prepend(node.required("prepend").string());
            case "Replace" -> new Replace(Replacement.read(node));
            case "NFC" -> new Unicode(java.text.Normalizer.Form.NFC);
            case "NFD" -> new Unicode(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new Unicode(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new Unicode(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> new Lowercase();
            case "Strip" -> new Strip(node.optBool("strip_left", true), node.optBool("strip_right", true));
            case "StripAccents" -> new StripAccents();
            default -> throw node.unsupportedType(SUPPORTED);
        };
    }

    /** Runs each step on the output of the previous one. */
    record Sequence(List<Normalizer> steps) implements Normalizer {
        @Override
        public String normalize(String text) {
            for (Normalizer step : steps) text = step.normalize(text);
            return text;
        }
    }

    /** Prepends {@code prefix} to non-empty text (Llama 2's legacy {@code "▁"}). */
    record Prepend(String prefix) implements Normalizer {
        @Override
        public String normalize(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** Replaces every match of a pattern (Llama 2's legacy {@code " "} to {@code "▁"}). */
    record Replace(Replacement replacement) implements Normalizer {
        @Override
        public String normalize(String text) {
            return replacement.apply(text);
        }
    }

    /** Unicode normalization to NFC, NFD, NFKC or NFKD (Qwen2 uses NFC). */
    record Unicode(java.text.Normalizer.Form form) implements Normalizer {
        @Override
        public String normalize(String text) {
            return java.text.Normalizer.normalize(text, form);
        }
    }

    /** Lowercases each character on its own, as Rust's {@code char::to_lowercase} (no final-sigma rule). */
    record Lowercase() implements Normalizer {
        @Override
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT)));
            return out.toString();
        }
    }

    /** Removes leading and/or trailing Unicode whitespace. */
    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public String normalize(String text) {
            int start = 0;
            int end = text.length();
            while (left && start < end && CharClasses.isWhitespace(text.codePointAt(start))) {
                start += Character.charCount(text.codePointAt(start));
            }
            while (right && end > start && CharClasses.isWhitespace(text.codePointBefore(end))) {
                end -= Character.charCount(text.codePointBefore(end));
            }
            return text.substring(start, end);
        }
    }

    /** Removes combining marks (usually after NFD, to turn {@code é} into {@code e}). */
    record StripAccents() implements Normalizer {
        @Override
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().filter(cp -> !CharClasses.isCombiningMark(cp)).forEach(out::appendCodePoint);
            return out.toString();
        }
    }

    /**
     * The {@code pattern} and {@code content} of a Replace normalizer or decoder. The pattern is
     * {@code {"String": "..."}} (a literal) or {@code {"Regex": "..."}} (Oniguruma syntax).
     */
    record Replacement(Pattern pattern, String content) {
        static Replacement read(JsonNode node) {
            return new Replacement(pattern(node.required("pattern")), node.required("content").string());
        }

        /** A {@code {"String": ...}} or {@code {"Regex": ...}} pattern object. */
        static Pattern pattern(JsonNode pattern) {
            JsonNode literal = pattern.get("String");
            if (!literal.isNull()) return OnigurumaRegex.literal(literal.string());
            JsonNode regex = pattern.get("Regex");
            if (!regex.isNull()) return OnigurumaRegex.compile(regex.string(), regex);
            throw pattern.error("must be {\"String\": ...} or {\"Regex\": ...}, got " + pattern.value());
        }

        String apply(String text) {
            Matcher m = pattern.matcher(text);
            return m.find() ? m.replaceAll(Matcher.quoteReplacement(content)) : text;
        }
    }
}
