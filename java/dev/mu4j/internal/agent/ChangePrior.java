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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request's word for the way a range setting should move, added to the model's. Where the model writes the op of
 * a range setting and the clause that names it ({@link Clauses#clauseFor}) says plainly which way (outside the
 * setting's own names), the tokens that spell the other way lose {@code weight} logits:
 * <ul>
 *   <li>down: "decrease", "reduce", "lower", "turn down", "quieter", "smaller", "less", ..., "too high", "too fast",
 *       "not quiet enough"; up: "increase", "raise", "turn up", "louder", "bigger", "more", ..., "too low",
 *       "isn't high enough". Then {@code increase} (for down) or {@code decrease} (for up) loses; {@code set} stays,
 *       for "turn the volume down to 20".</li>
 *   <li>a change by an amount: "knock 10 minutes off", "take 5 off", "add 3 lines to", "by 20", "plus 5",
 *       "20 percent louder". Then {@code set} loses too: the number is a step, not the value.</li>
 *   <li>no amount, but a stated value ({@link #statesTarget}: "down to 20", "on 9", "full"): every op but
 *       {@code set} loses, {@code open} included.</li>
 * </ul>
 * A clause with words for both ways, or for neither, is left to the model, and so (but for a stated value) is
 * {@code open}. Common misspellings of the long cue words count ("decrese", "nkock"): one edit, or two letters
 * swapped.
 *
 * <p>Why: the model read "knock 20 percent off the volume" as {@code set 20}, "decrese the zoom" as
 * {@code increase} and "the insertion point on 9" as {@code increase 9}. Not thread-safe: one per generation.
 */
final class ChangePrior extends ProgramPrior {
    private static final Set<String> UP = Set.of("increase", "raise", "boost", "up", "more", "higher", "louder",
            "bigger", "larger", "brighter", "longer", "faster", "stronger", "plus", "crank", "extend");
    private static final Set<String> DOWN = Set.of("decrease", "reduce", "lower", "down", "less", "fewer", "quieter",
            "smaller", "dimmer", "shorter", "slower", "weaker", "minus", "shrink", "shorten");
    /** After "too" (or before "enough" with a negation): high means down, low means up. */
    private static final Set<String> HIGH = Set.of("high", "fast", "loud", "bright", "long", "big", "large", "strong",
            "sensitive", "quick", "much", "thick");
    private static final Set<String> LOW = Set.of("low", "slow", "quiet", "dim", "short", "small", "weak", "little",
            "tiny", "thin", "dark", "soft");
    /** Long cue words whose misspellings (one edit or one swap) still count. */
    private static final List<String> FUZZY = List.of("decrease", "increase", "knock", "louder", "quieter", "smaller",
            "bigger", "brighter");
    /** Verbs of "knock 10 off": a change by an amount, down. */
    private static final Set<String> TAKE_OFF = Set.of("knock", "take", "shave", "chop", "trim");
    /** At most this many words between "knock" and "off", or "add" and "to" ("knock 10 more minutes off"). */
    private static final int SPAN = 4;
    private static final Set<String> NEGATIONS = Set.of("not", "isn", "isnt", "aren", "arent", "no");
    /** Units of the ranges that are durations (timeouts, the double-click time). */
    private static final Set<String> DURATIONS = Set.of("minutes", "ms");
    /** On a duration, speed is time: too fast = too short, faster = shorter. */
    private static final Map<String, String> DURATION_WORDS = Map.of("fast", "short", "quick", "short", "soon", "short",
            "faster", "shorter", "quicker", "shorter", "sooner", "shorter", "slow", "long", "slower", "longer");
    /** Words before "up"/"down" that make it a way to move ("turn it up", "crank up"). */
    private static final Set<String> MOVE_VERBS = Set.of("turn", "turned", "go", "goes", "bump", "crank", "dial",
            "tone", "bring", "ramp", "step", "nudge", "push", "move", "it", "them", "way", "knock", "take", "pump");
    /** Words after "up"/"down" (or after "up a") that make it a way to move ("down by 5", "up a notch"). */
    private static final Set<String> AFTER_PARTICLE = Set.of("by", "bit", "notch", "tad", "slightly", "please", "pls",
            "some", "more", "little", "to");
    /** "one more thing": no change asked. */
    private static final Set<String> FILLER_AFTER_MORE = Set.of("thing", "things", "question", "time");

    /** What a clause says of a range setting: the op to keep, and whether {@code set} loses too. */
    record Change(String op, boolean byAmount) {
        static final Change NONE = new Change("", false);
        /** A value is stated ("to 40", "on 9", "max"): set, and every other op loses. */
        static final Change SET = new Change("set", false);
    }

    /** {@code -Dmu4j.agent.noTargetCue=true} leaves out {@link Change#SET}, to measure what it does. */
    static final boolean TARGETS = !Boolean.getBoolean("mu4j.agent.noTargetCue");
    /** Words before a number that make it the value to set ("to 40", "at 40", "on 9", "be 60"). */
    private static final Set<String> TARGET_MARKERS = Set.of("to", "at", "on", "be", "is");

    private final Map<String, Change> changes = new HashMap<>();   // setting id -> its clause's change

    /**
     * @param tokenText the text each token adds to the program ({@link ValuePrior#END} for the end token)
     * @param weight    how many logits a token toward another op loses
     */
    ChangePrior(String[] tokenText, Clauses clauses, double weight) {
        super(tokenText, clauses, weight);
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        OpSlot slot = opSlot();
        if (slot == null || slot.setting().type() != SettingType.RANGE) return;
        Setting s = slot.setting();
        String written = slot.written();
        Change c = changes.computeIfAbsent(s.id(), k -> {
            String clause = clauses.clauseFor(s);
            if (clause == null) return Change.NONE;
            Change way = change(clause, names(s), duration(s));
            return TARGETS && !way.byAmount() && statesTarget(clause, names(s), s) ? Change.SET : way;
        });
        if (c.op().isEmpty()) return;
        if (c == Change.SET) {   // "brightness to 40", "full volume": a value, not a step
            keepOnly(written, " set", logits);
            return;
        }
        String other = c.op().equals("increase") ? " decrease" : " increase";
        if (c.byAmount()) {
            turnFrom(written, " " + c.op(), logits, other, " set");
        } else {
            turnFrom(written, " " + c.op(), logits, other);
        }
    }

    /**
     * The word lists of {@code s}'s title and of its synonyms that hold no cue word: "wheel scrolling" names the
     * setting, while the cue of "speak faster" or "microphone too quiet" means what it says there too.
     */
    static List<List<String>> names(Setting s) {
        Named n = NAMES.get(s.id());
        if (n == null || n.setting() != s) {   // another catalog's setting of that id is read anew
            n = new Named(s, readNames(s));
            NAMES.put(s.id(), n);
        }
        return n.names();
    }

    /** {@link #names} by setting id, with the setting they were read from (~4 us a setting to read). */
    private record Named(Setting setting, List<List<String>> names) {}

    private static final Map<String, Named> NAMES = new ConcurrentHashMap<>();

    private static List<List<String>> readNames(Setting s) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.copyOf(ValueCues.words(s.title().toLowerCase(Locale.ROOT))));
        for (String syn : s.synonyms()) {
            List<String> w = ValueCues.words(syn.toLowerCase(Locale.ROOT));
            if (!w.isEmpty() && w.stream().noneMatch(ChangePrior::cue)) out.add(List.copyOf(w));
        }
        return List.copyOf(out);
    }

    /** The words of {@code clause}, each place where one of {@code names} appears as a whole blanked to "". */
    static List<String> withoutNames(String clause, List<List<String>> names) {
        return withoutNames(ValueCues.words(clause.toLowerCase(Locale.ROOT)), names);
    }

    /** {@code words} (lowercase), each place where one of {@code names} appears as a whole blanked to "". */
    static List<String> withoutNames(List<String> words, List<List<String>> names) {
        List<String> w = new ArrayList<>(words);
        List<String> original = List.copyOf(w);
        for (List<String> name : names) {
            for (int at = 0; at + name.size() <= original.size(); at++) {
                if (original.subList(at, at + name.size()).equals(name)) Collections.fill(w.subList(at, at + name.size()), "");
            }
        }
        return w;
    }

    /** True when {@code s} is a range whose values are durations (a timeout, the double-click time). */
    static boolean duration(Setting s) {
        return s.type() == SettingType.RANGE && s.range().unit() != null && DURATIONS.contains(s.range().unit());
    }

    private static boolean cue(String word) {
        String x = canonical(word);
        return UP.contains(x) || DOWN.contains(x) || HIGH.contains(x) || LOW.contains(x) || x.equals("too")
                || TAKE_OFF.contains(x);
    }

    /**
     * The change {@code clause} asks for, where the setting's {@code names} appear in it left out ("the number of
     * lines to scroll at a time": that "to" is the name's); {@link Change#NONE} when unclear. On a {@code duration}
     * (a timeout) speed words are read as time: "sleeps too fast" is too short, "turn off faster" is shorter.
     */
    static Change change(String clause, List<List<String>> names, boolean duration) {
        List<String> w = withoutNames(clause, names);
        w.replaceAll(x -> x.isEmpty() ? x : canonical(x));
        if (duration) w.replaceAll(x -> DURATION_WORDS.getOrDefault(x, x));
        boolean up = false, down = false, byAmount = false;
        for (int i = 0; i < w.size(); i++) {
            String x = w.get(i);
            if (TAKE_OFF.contains(x) && follows(w, i, "off")) {
                down = true;
                byAmount = true;
            } else if (x.equals("add") && follows(w, i, "to")) {
                up = true;
                byAmount = true;
            } else if (x.equals("too") && i + 1 < w.size()) {
                up |= LOW.contains(w.get(i + 1));
                down |= HIGH.contains(w.get(i + 1));
            } else if (x.equals("enough") && i > 0 && negated(w, i)) {
                up |= HIGH.contains(w.get(i - 1));
                down |= LOW.contains(w.get(i - 1));
            } else if (x.equals("more") && i + 1 < w.size() && FILLER_AFTER_MORE.contains(w.get(i + 1))) {
                continue;   // "one more thing, ..."
            } else if ((x.equals("up") || x.equals("down")) && !particle(w, i)) {
                continue;   // "hold down a key", "look up"
            } else {
                up |= UP.contains(x);
                down |= DOWN.contains(x);
                // "by 20", "plus 5", "20 percent louder", "3 lines more"
                boolean amountBefore = number(w, i - 1) || number(w, i - 2);
                if ((UP.contains(x) || DOWN.contains(x)) && !x.equals("up") && !x.equals("down") && amountBefore
                        && !x.equals("more") && !x.equals("less")) {
                    byAmount = true;
                }
                if ((x.equals("more") || x.equals("less") || x.equals("fewer")) && number(w, i - 1)) byAmount = true;
                if ((x.equals("by") || x.equals("plus") || x.equals("minus")) && number(w, i + 1)) byAmount = true;
            }
        }
        if (up == down) return Change.NONE;
        return new Change(up ? "increase" : "decrease", byAmount);
    }

    /**
     * True when "up"/"down" at {@code i} moves something: within three words after a verb of moving, the setting's
     * name not counted ("turn it down", "go up 5", "turn the volume up"), first in
     * the clause ("down a bit, the scrolling"), or before an amount or the clause's end ("volume down a notch").
     */
    private static boolean particle(List<String> w, int i) {
        if (i == 0 || i + 1 == w.size() || number(w, i + 1)) return true;
        for (int j = i - 1, seen = 0; j >= 0 && seen < 3; j--) {   // "turn the volume up": the name is blank here
            if (w.get(j).isEmpty()) continue;
            if (MOVE_VERBS.contains(w.get(j))) return true;
            seen++;
        }
        String next = w.get(i + 1);
        return AFTER_PARTICLE.contains(next) || (next.equals("a") && i + 2 < w.size() && AFTER_PARTICLE.contains(w.get(i + 2)));
    }

    /**
     * True when {@code clause} states a value of range setting {@code s}: a number in its range right after a marker
     * ("to 40", "on 9"; not the setting's own name words), or an end or the middle of it ("max", "lowest", "half").
     */
    static boolean statesTarget(String clause, List<List<String>> names, Setting s) {
        if (ValueCues.rangeTargets(s.range(), clause).isEmpty()) return false;
        if (ValueCues.rangeEnd(clause)) return true;
        List<String> w = withoutNames(clause, names);
        for (int i = 1; i < w.size(); i++) if (number(w, i) && TARGET_MARKERS.contains(w.get(i - 1))) return true;
        return false;
    }

    /** True when word {@code i} is a number ("20", "twenty"); false outside the list or for a name word. */
    private static boolean number(List<String> w, int i) {
        return i >= 0 && i < w.size() && !w.get(i).isEmpty() && ValueCues.isNumber(w.get(i));
    }

    /** True when {@code word} comes within {@link #SPAN} words after position {@code i}, after at least one. */
    private static boolean follows(List<String> w, int i, String word) {
        for (int j = i + 2; j <= i + 1 + SPAN && j < w.size(); j++) if (w.get(j).equals(word)) return true;
        return false;
    }

    /** "isn't high enough", "not loud enough": a negation within the three words before "enough". */
    private static boolean negated(List<String> w, int enough) {
        for (int j = Math.max(0, enough - 3); j < enough; j++) if (NEGATIONS.contains(w.get(j))) return true;
        return false;
    }

    /** The cue word {@code x} is a misspelling of ({@link #FUZZY}), or {@code x} itself. */
    static String canonical(String x) {
        for (String f : FUZZY) if (!x.equals(f) && x.length() >= 4 && Spelling.oneEdit(x, f)) return f;
        return x;
    }
}
