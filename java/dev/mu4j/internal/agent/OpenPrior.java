package dev.mu4j.internal.agent;

import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request's word for "show me the page", added to the model's. Where the model writes a setting's op and the
 * clause that names it ({@link Clauses#clauseFor}) asks to see or work on the setting ("mess with", "check the", "edit",
 * "where is", "how do i", "i can't find", "take me to", "… help") and says nothing of what to change (no on/off word,
 * no verb of changing, no number, no value of the setting, no way to move it: {@link ChangePrior}), every op but
 * {@code open} loses {@code weight} logits. Words of the setting's own names do not count ("check for updates",
 * "find my device").
 *
 * <p>Why: the model wrote "mess with battery saver" and "check the device encryption setting" as {@code on}, and
 * "edit lid action" as a value. Not thread-safe: one per generation.
 */
final class OpenPrior extends ProgramPrior {
    /** Words and phrases that ask for the page. */
    private static final List<List<String>> ASK = phrases("mess with", "mess around with", "play with",
            "play around with", "fiddle with", "go into", "go to", "take me to", "get me to", "bring me to", "bring up",
            "pull up", "show me", "where is", "where s", "where can i", "where do i", "how to", "how do i", "can t find",
            "looking for", "look at", "want to see", "help me with", "something s wrong with", "open up", "settings",
            "page");
    /**
     * Verbs that ask for the page only as verbs, i.e. right before the setting's name or a determiner ("check the
     * …", "edit my …"): "the daylight saving change" asks for nothing.
     */
    private static final Set<String> ASK_VERBS = Set.of("edit", "check", "find", "tweak", "adjust", "change", "modify",
            "configure", "navigate");
    private static final Set<String> DETERMINERS = Set.of("the", "my", "your", "this", "that", "these", "those",
            "where", "how", "what");
    /** Words that say what to change: then the op is the model's (and the other priors'). */
    private static final Set<String> CHANGE = Set.of("on", "off", "enable", "enabled", "disable", "disabled",
            "activate", "deactivate", "turn", "turned", "switch", "switched", "toggle", "set", "make", "put", "run",
            "start", "stop", "keep", "use", "allow", "block", "hide", "unhide", "show", "mute", "unmute", "pause",
            "resume", "max", "min", "maximum", "minimum", "half");

    private final Map<String, Boolean> asks = new HashMap<>();   // setting id -> its clause asks for the page
    private final boolean anyAsk;   // the request holds an asking word at all (before names are blanked)

    /**
     * @param tokenText the text each token adds to the program ({@link ValuePrior#END} for the end token)
     * @param weight    how many logits a token toward another op loses
     */
    OpenPrior(String[] tokenText, Clauses clauses, double weight) {
        super(tokenText, clauses, weight);
        // Most requests ask for no page: then no clause is scored for this prior (Clauses scores them on first use).
        this.anyAsk = asks(ValueCues.words(clauses.text().toLowerCase(Locale.ROOT)), true);
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        OpSlot slot = anyAsk ? opSlot() : null;
        if (slot == null) return;
        Setting s = slot.setting();
        boolean ask = asks.computeIfAbsent(s.id(), k -> {
            String clause = clauses.clauseFor(s);
            return clause != null && asksForPage(clause, s);
        });
        if (ask) keepOnly(slot.written(), " open", logits);
    }

    /** True when {@code clause} asks to see or work on {@code s} and names nothing to change. */
    static boolean asksForPage(String clause, Setting s) {
        String lower = clause.toLowerCase(Locale.ROOT);
        List<List<String>> names = ChangePrior.names(s);
        List<String> w = ChangePrior.withoutNames(lower, names);
        for (String x : w) if (CHANGE.contains(x) || (!x.isEmpty() && ValueCues.isNumber(x))) return false;
        if (!asks(w, false) || !ChangePrior.change(lower, names, ChangePrior.duration(s)).op().isEmpty()) return false;   // "lower hz"
        if (s.type() == SettingType.RANGE && !ValueCues.rangeTargets(s.range(), lower).isEmpty()) return false;
        return s.type() != SettingType.ENUM || ValueCues.enumTargets(s, lower).isEmpty();
    }

    /**
     * True when the words {@code w} (a setting's names blanked to "") hold a request for a page; with {@code anyNext}
     * the verbs and "help" count whatever follows them (a cheap superset, for a request whose names are not blanked).
     */
    static boolean asks(List<String> w, boolean anyNext) {
        for (int i = 0; i < w.size(); i++) {
            String x = w.get(i);
            for (List<String> p : ASK) if (i + p.size() <= w.size() && w.subList(i, i + p.size()).equals(p)) return true;
            String next = i + 1 < w.size() ? w.get(i + 1) : null;
            if (ASK_VERBS.contains(x) && (anyNext || (next != null && (next.isEmpty() || DETERMINERS.contains(next))))) {
                return true;
            }
            if (x.equals("help") && (anyNext || !"me".equals(next))) return true;   // "bluetooth help"; "help me add a device" wants it done
        }
        return false;
    }

    private static List<List<String>> phrases(String... texts) {
        List<List<String>> out = new ArrayList<>();
        for (String t : texts) out.add(List.of(t.split(" ")));
        return out;
    }
}
