package dev.mu4j.internal.agent;

import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings a request names by one of their whole catalog names, title or synonym ("wheel scrolling", "sms
 * permission", "night light strength", "dnd"). Keyword search scores a request word by word, so a setting whose
 * name the request spells out can still lose to a neighbour that shares its words ("wheel scrolling" against the
 * scroll direction, which also has "wheel" and "scrolling" in its fields); a whole name is firmer evidence.
 *
 * <p>Where names overlap, the longest wins: "voice access at startup" names that setting, not also voice access.
 * Words are compared lowercased with a plural "s" stripped. Immutable; safe for concurrent use.
 */
final class NamedSettings {
    /** One name: the setting's index in catalog order and its words. */
    private record Name(int setting, String[] words) {}

    /** first word -> the names that start with it */
    private final Map<String, List<Name>> byFirst = new HashMap<>();
    private final int size;

    NamedSettings(Catalog catalog) {
        List<Setting> settings = catalog.settings();
        size = settings.size();
        for (int i = 0; i < size; i++) {
            Setting s = settings.get(i);
            List<String> names = new ArrayList<>(s.synonyms());
            names.add(0, s.title());
            for (String n : names) {
                String[] w = stems(n);
                if (w.length > 0) byFirst.computeIfAbsent(w[0], k -> new ArrayList<>()).add(new Name(i, w));
            }
        }
    }

    /** For each setting (catalog order): does {@code text} name it by a whole name, not inside a longer one? */
    boolean[] in(String text) {
        String[] w = stems(text);
        record Hit(int setting, int from, int to) {}
        List<Hit> hits = new ArrayList<>();
        for (int at = 0; at < w.length; at++) {
            for (Name n : byFirst.getOrDefault(w[at], List.of())) {
                if (at + n.words.length <= w.length && matches(w, at, n.words)) {
                    hits.add(new Hit(n.setting, at, at + n.words.length));
                }
            }
        }
        boolean[] named = new boolean[size];
        for (Hit h : hits) {
            boolean inside = false;
            for (Hit o : hits) {
                inside |= o.setting != h.setting && o.from <= h.from && o.to >= h.to && o.to - o.from > h.to - h.from;
            }
            if (!inside) named[h.setting] = true;
        }
        return named;
    }

    private static boolean matches(String[] words, int at, String[] name) {
        for (int j = 0; j < name.length; j++) if (!words[at + j].equals(name[j])) return false;
        return true;
    }

    /** Lowercase words (letters, numbers) with a plural "s" stripped: "Cursor indicators" -> cursor, indicator. */
    static String[] stems(String text) {
        List<String> words = ValueCues.words(text.toLowerCase(Locale.ROOT));
        String[] out = new String[words.size()];
        for (int i = 0; i < out.length; i++) {
            String x = words.get(i);
            out[i] = x.length() > 3 && x.endsWith("s") && !x.endsWith("ss") && !x.endsWith("us") ? x.substring(0, x.length() - 1) : x;
        }
        return out;
    }
}
