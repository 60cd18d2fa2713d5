package dev.mu4j;

import static dev.mu4j.TokenizerGoldens.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Tokenizer.StreamDecoder}: incremental output adds up to the full decode and never cuts a character. */
class TokenizerStreamTest {
    /** Characters no golden vocabulary has whole: they are spelled byte by byte (byte fallback or byte-level). */
    private static final String RARE = "ꙮ𝔘👋🏿";

    @ParameterizedTest
    @MethodSource("dev.mu4j.TokenizerGoldens#names")
    void streamedTextEqualsFullDecode(String name) {
        Tokenizer tok = TokenizerGoldens.load(name);
        for (boolean skip : new boolean[] {false, true}) {
            for (String text : TokenizerGoldens.corpus()) {
                int[] ids = tok.encode(text);
                List<String> chunks = stream(tok.newStreamDecoder(skip), ids);
                String joined = String.join("", chunks);
                assertEquals(tok.decode(ids, skip), joined, name + " skip=" + skip + " " + show(text) + " chunks "
                        + chunks.stream().map(TokenizerGoldens::show).toList());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mu4j.TokenizerGoldens#families")
    void bytesOfOneCharacterAreHeldBackUntilItIsComplete(String name) {
        Tokenizer tok = TokenizerGoldens.load(name);
        int[] ids = tok.encode(RARE + " ok", false);
        // Each rare character must take several tokens, or this test would not split any character.
        assertTrue(ids.length >= 8, name + ": expected the rare characters to be spelled in pieces, got "
                + TokenizerGoldens.showIds(tok, ids));
        Tokenizer.StreamDecoder stream = tok.newStreamDecoder();
        StringBuilder all = new StringBuilder();
        int empty = 0;
        for (int id : ids) {
            String chunk = stream.push(id);
            assertFalse(chunk.endsWith("\uFFFD"), name + ": chunk " + show(chunk) + " ends with U+FFFD");
            assertFalse(!chunk.isEmpty() && Character.isHighSurrogate(chunk.charAt(chunk.length() - 1)),
                    name + ": chunk " + show(chunk) + " ends with a lone high surrogate");
            if (chunk.isEmpty()) empty++;
            all.append(chunk);
        }
        all.append(stream.flush());
        assertEquals(RARE + " ok", all.toString(), name);
        assertTrue(empty > 0, name + ": no id was held back, so no partial character was tested");
    }

    @Test
    void byteFallbackTokensOfOneCharacterEmitNothingUntilTheLastByte() {
        Tokenizer tok = TokenizerGoldens.load("llama2");
        int[] ids = tok.encode("ꙮ", false); // U+A66E = EA 99 AE, not in the vocabulary
        List<String> tokens = Arrays.stream(ids).mapToObj(tok::token).toList();
        assertEquals(List.of("▁", "<0xEA>", "<0x99>", "<0xAE>"), tokens);
        assertEquals(List.of("", "", "", "ꙮ"), stream(tok.newStreamDecoder(), ids).subList(0, 4));
    }

    @Test
    void leadingSpaceIsStrippedOnceAsInFullDecode() {
        // llama2 prepends "▁" to the text and its decoder strips one leading space: "Hello world", not " Hello world".
        Tokenizer tok = TokenizerGoldens.load("llama2");
        int[] ids = tok.encode("Hello world");
        assertEquals(List.of("<s>", "▁Hello", "▁world"), Arrays.stream(ids).mapToObj(tok::token).toList());
        assertEquals(List.of("", "Hello", " world", ""), stream(tok.newStreamDecoder(true), ids));
        assertEquals(List.of("<s>", " Hello", " world", ""), stream(tok.newStreamDecoder(false), ids));
    }

    @Test
    void flushEmitsIncompleteBytesAndStartsOver() {
        Tokenizer tok = TokenizerGoldens.load("llama2");
        Tokenizer.StreamDecoder stream = tok.newStreamDecoder();
        int ea = tok.tokenId("<0xEA>").orElseThrow();
        assertEquals("", stream.push(ea));
        assertEquals("\uFFFD", stream.flush());
        int hello = tok.tokenId("▁Hello").orElseThrow();
        assertEquals("Hello", stream.push(hello), "after flush the next token is the first again");
    }

    @Test
    void unknownIdIsRejected() {
        Tokenizer tok = TokenizerGoldens.load("gpt2");
        Tokenizer.StreamDecoder stream = tok.newStreamDecoder();
        MuException e = assertThrows(MuException.class, () -> stream.push(tok.vocabSize()));
        assertTrue(e.getMessage().contains("no token has id " + tok.vocabSize()), e.getMessage());
        assertThrows(MuException.class, () -> tok.decode(new int[] {-1}));
    }

    /** Pushes every id and returns each push's result, then flush's. */
    private static List<String> stream(Tokenizer.StreamDecoder decoder, int[] ids) {
        List<String> chunks = new ArrayList<>();
        for (int id : ids) chunks.add(decoder.push(id));
        chunks.add(decoder.flush());
        return chunks;
    }
}
