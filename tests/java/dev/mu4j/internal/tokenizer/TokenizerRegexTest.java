package dev.mu4j.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * {@link OnigurumaRegex} matches what HF's Oniguruma matches. Each row was observed with tokenizers 0.23.2:
 * {@code pre_tokenizers.Split(Regex(pattern), "removed").pre_tokenize_str(text)} keeps the non-matches, so the
 * matches are the rest. Java's defaults differ on every row.
 */
class TokenizerRegexTest {
    private static final JsonNode FIELD = new JsonNode(Path.of("tokenizer.json"), "pre_tokenizer.pattern.Regex", null);

    /** A pattern, a text, and the matches Oniguruma finds in it. */
    private record Row(String pattern, String text, List<String> matches) {}

    private static final List<Row> ROWS = List.of(
            // Unicode \s: U+00A0, U+3000, U+2009 and U+0085 are spaces; U+001C and U+200B are not.
            new Row("\\s+", "x\u00a0y\u3000z\u2009w\u0085v\u001cu\u200bt", List.of("\u00a0", "\u3000", "\u2009", "\u0085")),
            // Oniguruma's \w takes Latin-1 fractions (U+00BD) but not other numbers (U+2460) nor the joiner U+200D;
            // Java's (?U)\w is the reverse on U+00BD and U+200D.
            new Row("\\w+", "a\u00bd\u200db\u2460c", List.of("a\u00bd", "b", "c")),
            // \h is a hex digit, not horizontal space.
            new Row("\\h+", "ag0f x", List.of("a", "0f")),
            // Script names without Java's Is prefix, and Oniguruma's \p{^...} negation.
            new Row("\\p{Han}+", "中文abc", List.of("中文")),
            new Row("\\p{^L}+", "中文abc12", List.of("12")),
            // ^ matches at every line start; only \n ends a line.
            new Row("^a", "a\na\u2028a", List.of("a", "a")),
            // Unicode case folding: U+017F folds to s, the Kelvin sign U+212A to k.
            new Row("(?i:'s|k)", "'\u017f 'S \u212a k", List.of("'\u017f", "'S", "\u212a", "k")));

    @Test
    void matchesLikeOniguruma() {
        for (Row row : ROWS) {
            Matcher m = OnigurumaRegex.compile(row.pattern(), FIELD).matcher(row.text());
            List<String> found = new ArrayList<>();
            while (m.find()) found.add(m.group());
            assertEquals(row.matches(), found, row.pattern());
        }
    }

    @Test
    void gpt2PatternSplitsSpaceRunsBeforeWords() {
        Matcher m = OnigurumaRegex.compile(PreTokenizer.GPT2_PATTERN, FIELD).matcher("a   b\u00a0 c");
        List<String> found = new ArrayList<>();
        while (m.find()) found.add(m.group());
        // \s+(?!\S) leaves the last space to start the next word; U+00A0 counts as a space.
        assertEquals(List.of("a", "  ", " b", "\u00a0", " c"), found);
    }

    @Test
    void constructsJavaWouldMisreadAreRejected() {
        for (String p : new String[] {"(?m:a.b)", "[[:alpha:]]", "[\\W]"}) {
            MuException e = assertThrows(MuException.class, () -> OnigurumaRegex.compile(p, FIELD), p);
            assertTrue(e.getMessage().startsWith("tokenizer.json: field 'pre_tokenizer.pattern.Regex' regex '" + p),
                    e.getMessage());
        }
    }
}
