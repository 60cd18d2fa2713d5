package dev.mu4j.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Utf8#decodeLossy} replaces ill-formed bytes as Rust's {@code String::from_utf8_lossy} (and Python's
 * {@code bytes.decode("utf-8", "replace")}, which follows the same Unicode rule) does: one U+FFFD per maximal
 * ill-formed subsequence. Expected strings were produced with Python 3.
 */
class TokenizerUtf8Test {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "41 C3 A9,             Aé",
        "E6 97,                \uFFFD",        // a 3-byte character cut after 2 bytes: one U+FFFD
        "E6 97 41,             \uFFFDA",
        "F0 9F 91,             \uFFFD",
        "C0 80,                \uFFFD\uFFFD",  // overlong: C0 is never a lead byte
        "ED A0 80,             \uFFFD\uFFFD\uFFFD", // an encoded surrogate; the JDK decoder gives one U+FFFD
        "F4 90 80 80,          \uFFFD\uFFFD\uFFFD\uFFFD", // above U+10FFFF
        "FF 41,                \uFFFDA",
        "F0 9F 91 8D,          👍",
    })
    void matchesRustLossyDecoding(String hex, String expected) {
        String[] parts = hex.trim().split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        assertEquals(expected.trim(), Utf8.decodeLossy(bytes, bytes.length));
    }
}
