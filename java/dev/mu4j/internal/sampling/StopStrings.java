package dev.mu4j.internal.sampling;

import java.util.List;

/**
 * Finds stop strings in generated text and decides how much text is safe to emit while streaming: text that
 * could still become the start of a stop string is held back until the next token settles it.
 */
public final class StopStrings {
    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    public StopStrings(List<String> stops) {
        this.stops = stops;
    }

    /**
     * Appends a piece of generated text; returns the text that is now safe to emit. After a stop string was found
     * {@link #stopped()} is true and the returned text ends just before it.
     */
    public String append(String piece) {
        if (stopped) return "";
        int searchFrom = Math.max(0, text.length() - longest());
        text.append(piece);
        int cut = -1;
        for (String s : stops) {
            int at = text.indexOf(s, searchFrom);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        int safe;
        if (cut >= 0) {
            stopped = true;
            text.setLength(cut);
            safe = cut;
        } else {
            safe = text.length() - heldBack();
        }
        safe = Math.max(safe, emitted);
        String out = text.substring(emitted, safe);
        emitted = safe;
        return out;
    }

    /** The held-back rest, once generation has ended without a stop string. */
    public String flush() {
        String out = text.substring(emitted);
        emitted = text.length();
        return out;
    }

    public boolean stopped() {
        return stopped;
    }

    /** All text so far (cut before the stop string if one was found). */
    public String text() {
        return text.toString();
    }

    private int longest() {
        int n = 0;
        for (String s : stops) n = Math.max(n, s.length());
        return n;
    }

    /** Length of the longest suffix of the text that is a proper prefix of some stop string. */
    private int heldBack() {
        int best = 0;
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, text.length() - emitted); k > best; k--) {
                if (endsWithPrefix(s, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best;
    }

    /** Whether the text ends with the first k chars of s. */
    private boolean endsWithPrefix(String s, int k) {
        int base = text.length() - k;
        for (int i = 0; i < k; i++) if (text.charAt(base + i) != s.charAt(i)) return false;
        return true;
    }
}
