package dev.mu4j.internal.agent;

import java.text.Normalizer;

/**
 * The agent's input normalisation (models/settings/AGENT-FORMAT.md; scripts/ implement the same for training):
 * NFC, control and format characters and lone surrogates removed, whitespace runs collapsed to one space,
 * trimmed, cut to {@link #MAX_CHARS} characters (never inside a surrogate pair).
 */
public final class TextNormalizer {
    public static final int MAX_CHARS = 400;

    private TextNormalizer() {}

    public static String normalize(String text) {
        if (text == null) return "";
        String nfc = Normalizer.normalize(stripBadChars(text), Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(Math.min(nfc.length(), MAX_CHARS + 1));
        boolean space = false;
        for (int i = 0; i < nfc.length() && sb.length() < MAX_CHARS; ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            if (sb.length() + Character.charCount(cp) > MAX_CHARS) break;
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** Drops control/format characters (keeping whitespace, which is collapsed later) and unpaired surrogates. */
    private static String stripBadChars(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) continue;
            int type = Character.getType(c);
            boolean control = type == Character.CONTROL || type == Character.FORMAT;
            if (control && !Character.isWhitespace(c)) continue;
            sb.append(c);
        }
        return sb.toString();
    }
}
