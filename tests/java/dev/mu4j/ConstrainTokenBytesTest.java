package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Tokenizer#tokenBytes}, which constraints read: on every golden tokenizer the bytes of the tokens after
 * the first, joined, are the end of HF's decode of the whole sequence, and the first token's bytes are its start
 * (minus at most the one leading space a decoder strips from the first token). Byte-level families match exactly.
 */
class ConstrainTokenBytesTest {
    @ParameterizedTest
    @MethodSource("dev.mu4j.TokenizerGoldens#names")
    void tokenBytesRebuildHfDecodes(String name) {
        Tokenizer tok = TokenizerGoldens.load(name);
        int[] ab = tok.encode("a b", false);
        boolean byteLevel = tok.token(ab[ab.length - 1]).startsWith("Ġ");   // spaces spelled through the alphabet
        int checked = 0;
        for (TokenizerGoldens.Case c : TokenizerGoldens.expected(name).cases()) {
            int[] ids = c.idsNoSpecial();
            if (ids.length == 0 || c.decode().contains("\uFFFD")) continue;
            // our decode equals HF's on every golden (TokenizerGoldenTest), also for these ids without specials
            byte[] decoded = tok.decode(ids).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            for (int i = 1; i < ids.length; i++) rest.writeBytes(tok.tokenBytes(ids[i]));
            byte[] first = tok.tokenBytes(ids[0]);
            byte[] tail = rest.toByteArray();
            String where = name + " " + TokenizerGoldens.show(c.text()) + " " + TokenizerGoldens.showIds(tok, ids);
            assertTrue(decoded.length >= tail.length, where);
            assertArrayEquals(tail, Arrays.copyOfRange(decoded, decoded.length - tail.length, decoded.length), where);
            byte[] head = Arrays.copyOf(decoded, decoded.length - tail.length);
            boolean exact = Arrays.equals(first, head);
            boolean strippedSpace = first.length > 0 && first[0] == ' ' && Arrays.equals(Arrays.copyOfRange(first, 1,
                    first.length), head);
            assertTrue(exact || (!byteLevel && strippedSpace), where + ": first token bytes "
                    + new String(first, StandardCharsets.UTF_8) + " vs " + new String(head, StandardCharsets.UTF_8));
            checked++;
        }
        assertTrue(checked >= 10, name + ": only " + checked + " cases checked");
    }

    @Test
    void byteTokensGiveRawBytesAndAddedTokensTheirContent() {
        Tokenizer llama2 = TokenizerGoldens.load("llama2");
        assertArrayEquals(new byte[] {0x0A}, llama2.tokenBytes(llama2.tokenId("<0x0A>").getAsInt()));
        assertArrayEquals(new byte[] {(byte) 0xE4}, llama2.tokenBytes(llama2.tokenId("<0xE4>").getAsInt()));
        assertArrayEquals("</s>".getBytes(StandardCharsets.UTF_8), llama2.tokenBytes(llama2.tokenId("</s>").getAsInt()));
        Tokenizer gpt2 = TokenizerGoldens.load("gpt2");
        int space = gpt2.tokenId("Ġ").getAsInt();
        assertArrayEquals(new byte[] {' '}, gpt2.tokenBytes(space));
        assertEquals("<|endoftext|>", new String(gpt2.tokenBytes(gpt2.tokenId("<|endoftext|>").getAsInt()),
                StandardCharsets.UTF_8));
        assertThrows(MuException.class, () -> gpt2.tokenBytes(gpt2.vocabSize()));
        assertThrows(MuException.class, () -> gpt2.tokenBytes(-1));
    }
}
