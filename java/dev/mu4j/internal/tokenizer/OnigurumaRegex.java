package dev.mu4j.internal.tokenizer;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the Oniguruma patterns of tokenizer.json ({@code Split}, {@code Replace}) into {@link Pattern}s that
 * match the same text.
 *
 * <p>HF {@code tokenizers} compiles them with Oniguruma in its default syntax, where {@code \s}, {@code \d} and
 * case folding are Unicode-aware, {@code ^}/{@code $} match at every line and only {@code \n} ends a line. The
 * flags below give Java the same meaning; without {@code UNICODE_CHARACTER_CLASS} Java's {@code \s} is ASCII only
 * and {@code \s+(?!\S)} in the GPT-2 / Llama-3 / Qwen2 patterns would split U+00A0 and U+3000 differently. A few
 * escapes mean different things in the two engines and are rewritten; the constructs Java cannot express are
 * rejected with a message rather than silently matching something else.
 */
final class OnigurumaRegex {
    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.MULTILINE | Pattern.UNIX_LINES;
    /**
     * Oniguruma's {@code \w}, checked code point by code point against tokenizers 0.23.2: Alphabetic, marks,
     * decimal digits and connector punctuation, plus the Latin-1 superscripts and fractions (Oniguruma's Latin-1
     * table), but not the joiners U+200C/U+200D that Java's {@code (?U)\w} has.
     */
    private static final String WORD = "\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u00B2\\u00B3\\u00B9\\u00BC-\\u00BE";
    private static final String HEX = "0-9a-fA-F";

    private OnigurumaRegex() {}

    /** Compiles {@code pattern}; {@code field} is the JSON field it came from, for messages. */
    static Pattern compile(String pattern, JsonNode field) {
        String java = translate(pattern, field);
        try {
            return Pattern.compile(java, FLAGS);
        } catch (PatternSyntaxException e) {
            throw field.error("regex " + quote(pattern) + " is not supported: " + e.getDescription());
        }
    }

    /** Compiles a literal string pattern (HF's {@code {"String": ...}}). */
    static Pattern literal(String text) {
        return Pattern.compile(Pattern.quote(text), FLAGS);
    }

    static String translate(String p, JsonNode field) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        int classDepth = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char e = p.charAt(i + 1);
                boolean inClass = classDepth > 0;
                if ((e == 'p' || e == 'P') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
                    int close = p.indexOf('}', i + 3);
                    if (close < 0) throw field.error("regex " + quote(p) + " has an unclosed \\" + e + "{");
                    String name = p.substring(i + 3, close);
                    boolean negated = e == 'P';
                    if (name.startsWith("^")) { // Oniguruma's \p{^L} is \P{L}
                        negated = !negated;
                        name = name.substring(1);
                    }
                    out.append('\\').append(negated ? 'P' : 'p').append('{').append(javaPropertyName(name)).append('}');
                    i = close + 1;
                    continue;
                }
                if (e == 'w' || e == 'h') {
                    String set = e == 'w' ? WORD : HEX;
                    out.append(inClass ? set : "[" + set + "]");
                    i += 2;
                    continue;
                }
                if (e == 'W' || e == 'H') {
                    if (inClass) {
                        throw field.error("regex " + quote(p) + ": \\" + e + " inside [...] is not supported");
                    }
                    out.append("[^").append(e == 'W' ? WORD : HEX).append(']');
                    i += 2;
                    continue;
                }
                out.append(c).append(e);
                i += 2;
                continue;
            }
            if (c == '[') {
                if (p.startsWith("[:", i) && classDepth > 0) {
                    throw field.error("regex " + quote(p) + ": POSIX bracket classes like [:alpha:] are not supported");
                }
                classDepth++;
                out.append(c);
                // A ']' right after '[' or '[^' is a literal in both engines; copy it so it does not close the class.
                int j = i + 1;
                if (j < p.length() && p.charAt(j) == '^') out.append(p.charAt(j++));
                if (j < p.length() && p.charAt(j) == ']') out.append(p.charAt(j++));
                i = j;
                continue;
            }
            if (c == ']' && classDepth > 0) classDepth--;
            if (c == '(' && p.startsWith("(?", i) && classDepth == 0) {
                int j = i + 2;
                while (j < p.length() && (Character.isLetter(p.charAt(j)) || p.charAt(j) == '-')) {
                    if (p.charAt(j) == 'm') {
                        // Oniguruma's (?m) is Java's (?s): '.' matches newlines.
                        throw field.error("regex " + quote(p) + ": the Oniguruma (?m) option is not supported");
                    }
                    j++;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * Java spells Unicode scripts and binary properties with an {@code Is} prefix ({@code \p{IsHan}}) where
     * Oniguruma takes the bare name ({@code \p{Han}}); general categories ({@code L}, {@code Lu}, {@code N}) are
     * spelled the same in both.
     */
    private static String javaPropertyName(String name) {
        if (name.startsWith("Is") || name.startsWith("In") || name.contains("=")) return name;
        try {
            Pattern.compile("\\p{" + name + "}");
            return name;
        } catch (PatternSyntaxException e) {
            return "Is" + name;
        }
    }

    private static String quote(String p) {
        return "'" + p + "'";
    }
}
