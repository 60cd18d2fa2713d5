package dev.mu4j.internal.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-character map (openai/gpt-2 {@code encoder.py} {@code bytes_to_unicode}): printable
 * Latin-1 bytes map to themselves, the other 68 bytes to U+0100..U+0143, so that any byte string is spelled with
 * printable characters. A space becomes {@code Ġ} (U+0120), a newline {@code Ċ} (U+010A).
 */
final class ByteLevelAlphabet {
    /** The character for each byte value. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** The byte for each character below U+0144, or -1. */
    private static final short[] CHAR_TO_BYTE = new short[0x144];

    static {
        Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevelAlphabet() {}

    /** The UTF-8 bytes of {@code text}, each spelled as its alphabet character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(out);
    }

    /** The byte that {@code c} spells, or -1 when {@code c} is not in the alphabet. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }
}
