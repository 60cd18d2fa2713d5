package dev.mu4j.internal.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding with Rust's rules: {@code String::from_utf8_lossy} replaces each maximal ill-formed subsequence
 * with one U+FFFD (Unicode 15, section 3.9, "U+FFFD substitution of maximal subparts"). The JDK decoder differs
 * for some inputs (it turns the encoded surrogate ED A0 80 into one U+FFFD where Rust writes three), and decoded
 * text must match HF's byte for byte.
 */
final class Utf8 {
    static final char REPLACEMENT = '\uFFFD';

    private Utf8() {}

    /** Decodes {@code bytes[0, n)}, replacing ill-formed parts as Rust's {@code from_utf8_lossy} does. */
    static String decodeLossy(byte[] bytes, int n) {
        if (isValid(bytes, n)) return new String(bytes, 0, n, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            int length = wellFormedLength(bytes, i, n);
            if (length > 0) {
                out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            } else {
                out.append(REPLACEMENT);
                i += Math.max(1, -length);
            }
        }
        return out.toString();
    }

    /** True when {@code bytes[0, n)} is well-formed UTF-8 (Rust's {@code String::from_utf8} succeeds). */
    static boolean isValid(byte[] bytes, int n) {
        int i = 0;
        while (i < n) {
            int length = wellFormedLength(bytes, i, n);
            if (length <= 0) return false;
            i += length;
        }
        return true;
    }

    /**
     * The length of the well-formed sequence starting at {@code i}, or minus the length of its maximal ill-formed
     * prefix (at least 1 byte) when it is not well-formed. Ranges are Table 3-7 of the Unicode standard.
     */
    private static int wellFormedLength(byte[] b, int i, int n) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) return 1;
        int need;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else {
            return -1;
        }
        for (int k = 1; k <= need; k++) {
            if (i + k >= n) return -k;
            int bk = b[i + k] & 0xFF;
            // Only the second byte has a narrowed range; the rest are plain continuation bytes.
            boolean ok = k == 1 ? bk >= lo && bk <= hi : bk >= 0x80 && bk <= 0xBF;
            if (!ok) return -k;
        }
        return need + 1;
    }
}
