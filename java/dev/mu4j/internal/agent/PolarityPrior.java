package dev.mu4j.internal.agent;

import dev.mu4j.internal.Spelling;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request's word for a switch's direction, added to the model's. Where the model writes the op of a toggle
 * setting, and the clause that names the setting ({@link Clauses#clauseFor}) says "on" or "off" plainly (on / enable /
 * activate against off / disable / deactivate, outside the setting's own name, turned round by "don't", "do not",
 * "should not", "never", "without"), the tokens that spell the other direction lose {@code weight} logits. A clause
 * with words for both directions, or for neither ("stop the screen rotating", "no interruptions": whether those mean
 * on or off depends on the setting), or one that does not hold one of the setting's names (its title, or a synonym
 * without a direction word: "turn off wireless", which the search ties to airplane mode, means airplane mode on) is
 * left to the model, and so is {@code open}. When the next clause tells what to do with "it" ("why is spell check
 * on? turn it off"), its direction is the one taken ({@link #pronounDirection}).
 *
 * <p>Why: in multi-intent requests the model sometimes gives one clause the direction of another ("turn off the
 * firewall, i'd like the cursor indicator turned on" → indicator off). Not thread-safe: one per generation.
 */
final class PolarityPrior extends ProgramPrior {
    private static final Set<String> ON = Set.of("on", "enable", "enabled", "activate", "activated");
    private static final Set<String> OFF = Set.of("off", "disable", "disabled", "deactivate", "deactivated");
    /** Words that turn a direction round ("don't" is "don t" here); "not" only after "do" or "should". */
    private static final Set<String> NEGATIONS = Set.of("don", "dont", "never", "shouldn", "without");
    private static final Set<String> BEFORE_NOT = Set.of("do", "should");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    /**
     * "on"/"off" say a direction only next to these words or at the end of the clause ("turn on the camera",
     * "camera on please"); elsewhere they are prepositions ("too much motion on screen", "on battery").
     */
    private static final Set<String> VERB_BEFORE = Set.of("turn", "turned", "turning", "switch", "switched",
            "switching", "flip", "flipped", "put", "toggle", "toggled", "it", "them", "back", "be", "is", "stay");
    private static final Set<String> END_AFTER = Set.of("now", "please", "pls", "plz", "again", "for", "thanks",
            "thank", "right", "then", "asap", "already", "too", "quickly", "if", "and", "when", "while", "instead");

    private static final Set<String> PRONOUNS = Set.of("it", "them");
    /** A longer clause than this ("turn it off and set the volume to 20") may be a request of its own. */
    private static final int FOLLOW_UP_MAX_WORDS = 6;
    /** {@code -Dmu4j.agent.noPronounFollowUp=true} leaves out {@link #pronounDirection}, to measure what it does. */
    static final boolean FOLLOW_UP = !Boolean.getBoolean("mu4j.agent.noPronounFollowUp");

    private final Map<String, String> direction = new HashMap<>();   // setting id -> "on", "off" or "" (no word)

    /**
     * @param tokenText the text each token adds to the program ({@link ValuePrior#END} for the end token)
     * @param weight    how many logits a token toward the other direction loses
     */
    PolarityPrior(String[] tokenText, Clauses clauses, double weight) {
        super(tokenText, clauses, weight);
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        OpSlot slot = opSlot();
        if (slot == null || slot.setting().type() != SettingType.TOGGLE) return;
        Setting s = slot.setting();
        String want = direction.computeIfAbsent(s.id(), k -> {
            String follow = FOLLOW_UP ? pronounDirection(clauses.clauseAfter(s)) : "";
            return follow.isEmpty() ? direction(s) : follow;
        });
        if (want.isEmpty()) return;
        turnFrom(slot.written(), " " + want, logits, want.equals("on") ? " off" : " on");
    }

    /**
     * "on" or "off" when {@code clause} (the one after the clause that names a setting) tells what to do with "it" or
     * "them" and nothing else ("why is spell check on? turn it off", "hdr is annoying, disable it"): then the naming
     * clause described the setting's state, and the pronoun's direction is the request's. "" otherwise.
     */
    static String pronounDirection(String clause) {
        if (clause == null) return "";
        List<String> w = words(clause);
        if (w.size() > FOLLOW_UP_MAX_WORDS || w.stream().noneMatch(PRONOUNS::contains)) return "";
        boolean on = false, off = false, negated = false;
        for (int i = 0; i < w.size(); i++) {
            String x = canonical(w.get(i));
            on |= ON.contains(x);
            off |= OFF.contains(x);
            negated |= NEGATIONS.contains(x) || (x.equals("not") && i > 0 && BEFORE_NOT.contains(w.get(i - 1)));
        }
        if (on == off) return "";
        return on != negated ? "on" : "off";
    }

    /** "on", "off", or "" when the clause naming {@code s} has no plain word for one direction. */
    String direction(Setting s) {
        String clause = clauses.clauseFor(s);
        if (clause == null) return "";
        List<String> w = words(clause);
        List<List<String>> names = new ArrayList<>();
        List<String> phrases = new ArrayList<>(s.synonyms());
        phrases.add(s.title());
        for (String phrase : phrases) {
            List<String> pw = words(phrase);
            if (pw.isEmpty() || (pw.stream().anyMatch(x -> ON.contains(x) || OFF.contains(x)) && !phrase.equals(s.title()))) {
                continue;
            }
            names.add(pw);
        }
        // where a name appears, its words are blanked: "do not disturb off" (that "not" is the name's), while "do
        // not turn on do not disturb" keeps its first "not"
        List<String> unnamed = ChangePrior.withoutNames(w, names);
        // the direction must be said of the setting by one of its names: "turn off wireless" (a need the search
        // ties to airplane mode) is airplane mode on
        if (!unnamed.contains("")) return "";
        boolean on = false, off = false, negated = false;
        List<String> rest = new ArrayList<>();   // the clause without the setting's name words
        for (int i = 0; i < w.size(); i++) {
            if (unnamed.get(i).isEmpty()) continue;
            String x = canonical(w.get(i));
            rest.add(x);
            if (x.equals("not") && i > 0 && BEFORE_NOT.contains(w.get(i - 1))) negated = true;
            boolean particle = (x.equals("on") || x.equals("off")) && !(i + 1 == w.size()
                    || END_AFTER.contains(w.get(i + 1)) || (i > 0 && VERB_BEFORE.contains(w.get(i - 1))));
            if (particle) continue;
            on |= ON.contains(x);
            off |= OFF.contains(x);
            negated |= NEGATIONS.contains(x);
        }
        if (!on && !off && IMPLICIT && UNWANTED.stream().anyMatch(p -> Collections.indexOfSubList(rest, p) >= 0)) {
            return "off";   // "i don't want mouse vanish", "apps shouldn't access my webcam"
        }
        if (on == off) return "";
        return on != negated ? "on" : "off";
    }

    /** The switch words whose misspellings (one edit or swap, the first letter kept) still count: "diable". */
    private static final List<String> FUZZY = List.of("enable", "disable", "activate", "deactivate");

    static String canonical(String x) {
        for (String f : FUZZY) {
            if (!x.equals(f) && x.length() >= 5 && x.charAt(0) == f.charAt(0) && Spelling.oneEdit(x, f)) return f;
        }
        return x;
    }

    /** Phrases that say a setting is unwanted where no on/off word does: then it is off. */
    private static final List<List<String>> UNWANTED = List.of(List.of("don", "t", "want"), List.of("do", "not", "want"),
            List.of("don", "t", "need"), List.of("shouldn", "t"), List.of("should", "not"), List.of("no", "more"),
            List.of("never"));
    /** {@code -Dmu4j.agent.noImplicitOff=true} leaves out the {@link #UNWANTED} rule, to measure what it does. */
    static final boolean IMPLICIT = !Boolean.getBoolean("mu4j.agent.noImplicitOff");

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }
}
