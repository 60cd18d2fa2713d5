package dev.mu4j.internal.agent;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The agent's input normalisation (models/settings/AGENT-FORMAT.md; {@code normalise_text} in
 * scripts/settings_catalog.py does the same for training, pinned by tests/golden/settings-search/normalise.json):
 * control and format characters and lone surrogates removed, lowercased ({@link Locale#ROOT}), NFC, whitespace
 * runs collapsed to one space, trimmed, cut to {@link #MAX_CHARS} UTF-16 units (never inside a surrogate pair).
 *
 * <p>Lowercase because case says nothing about which setting a request means, and the model makes twice as many
 * mistakes on shouted ("TURN THE VOLUME UP") and Title Case requests as on the rest (MODEL_CARD.md).
 */
public final class TextNormalizer {
    public static final int MAX_CHARS = 400;

    private TextNormalizer() {}

    public static String normalize(String text) {
        if (text == null) return "";
        String nfc = Normalizer.normalize(stripBadChars(text).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
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
