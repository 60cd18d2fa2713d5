package dev.mu4j.internal.agent;

import dev.mu4j.settings.EnumValue;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Setting;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a piece of a request states for one setting, written as the action program writes them
 * ({@code models/settings/AGENT-FORMAT.md}): numbers ("35", "35%", "ninety", "2 hours" = 120 on a minutes range,
 * "6 pm" = 18 on an hour range), the range words of the format ("max"/"full" = max, "min"/"lowest" = min,
 * "half" = the midpoint, rounded down), and enum values whose id, label or catalog synonym appears as a phrase.
 * Used by {@link ValuePrior}. Pure functions of the text and the catalog entry.
 */
final class ValueCues {
    /** Set of {@link #rangeAmounts}: the request gives no amount, so increase/decrease should take none. */
    static final String NO_AMOUNT = "";

    private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
            Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    /** Words of the text: numbers (with a decimal part or a clock time "18:00") and runs of letters. */
    private static final Pattern WORD = Pattern.compile("\\d+(?:[.:]\\d+)?|[a-z]+");
    private static final Pattern MAX = Pattern.compile(" (?:max|maximum|full|fullest|highest|all the way up"
            + "|as high as it goes|max out|as high as possible|as much as possible|to the top|biggest|largest) ");
    private static final Pattern MIN = Pattern.compile(" (?:minimum|lowest|all the way down|as low as it goes"
            + "|as low as possible|as little as possible|to the bottom|smallest|the least) ");
    private static final Pattern HALF = Pattern.compile(" (?:half|halfway|half way|in the middle) ");

    /** Words that negate an enum value named within {@link #NEGATION_BEFORE} words after them ("don't" is "don t"). */
    private static final Set<String> NEGATIONS = Set.of("off", "not", "no", "don", "dont", "disable", "deactivate",
            "stop", "without");
    private static final int NEGATION_BEFORE = 2;
    /** "off" within this many words after a value negates it ("dark mode off"). */
    private static final int NEGATION_AFTER = 2;

    private ValueCues() {}

    /**
     * The values {@code text} states for {@code set} on range {@code r}, as program text ("35"), inside the range;
     * empty when it states none.
     */
    static Set<String> rangeTargets(Range r, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (double v : numbers(lower, r.unit())) if (fits(r, v)) out.add(format(r, v));
        List<String> w = words(lower);
        String words = " " + String.join(" ", w) + " ";
        if (MAX.matcher(words).find()) out.add(format(r, r.max()));
        boolean minWord = false;   // "min" alone means minimum, after a number it means minutes ("220 min")
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i).equals("min") && (i == 0 || !isNumber(w.get(i - 1)))) minWord = true;
        }
        if (minWord || MIN.matcher(words).find()) out.add(format(r, r.min()));
        boolean halfHour = words.contains(" half an hour ") || words.contains(" half hour ");
        if (HALF.matcher(words).find() && !halfHour) {
            double mid = (r.min() + r.max()) / 2;
            out.add(format(r, r.integral() ? Math.floor(mid) : mid));
        }
        return out;
    }

    /** True when {@code text} names an end or the middle of a range ("max", "lowest", "as high as possible", "half"). */
    static boolean rangeEnd(String text) {
        String words = " " + String.join(" ", words(text.toLowerCase(Locale.ROOT))) + " ";
        return MAX.matcher(words).find() || MIN.matcher(words).find() || HALF.matcher(words).find();
    }

    /**
     * The amounts {@code text} states for {@code increase}/{@code decrease} on range {@code r} ({@code 0 < amount <=
     * max - min}); {@link #NO_AMOUNT} alone when the text holds no number at all ("a bit brighter"); empty when it
     * holds numbers but none fits.
     */
    static Set<String> rangeAmounts(Range r, String text) {
        List<Double> numbers = numbers(text.toLowerCase(Locale.ROOT), r.unit());
        if (numbers.isEmpty()) return Set.of(NO_AMOUNT);
        Set<String> out = new LinkedHashSet<>();
        double span = r.max() - r.min();
        for (double v : numbers) {
            if (v > 0 && v <= span && (!r.integral() || v == Math.rint(v))) out.add(format(r, v));
        }
        return out;
    }

    /**
     * The enum values of {@code s} whose id (underscores read as spaces), label or value synonym appears in
     * {@code text} as a whole phrase; a match inside a longer match of another value does not count ("eastern" in
     * "eastern europe", "5" in "5 minutes"). A value negated where it is named ("switch off private network", "dark
     * mode off") is left out; on a two-value enum the other value is meant. Empty when none appears.
     */
    static Set<String> enumTargets(Setting s, String text) {
        List<String> w = words(text.toLowerCase(Locale.ROOT));
        List<int[]> spans = new ArrayList<>();   // {first word, end word, value index}
        List<EnumValue> values = s.values();
        for (int i = 0; i < values.size(); i++) {
            EnumValue v = values.get(i);
            List<String> phrases = new ArrayList<>();
            phrases.add(v.id().replace('_', ' '));
            phrases.add(v.label());
            phrases.addAll(v.synonyms());
            for (String p : phrases) {
                List<String> key = words(p.toLowerCase(Locale.ROOT));
                if (key.isEmpty()) continue;
                for (int at = 0; at + key.size() <= w.size(); at++) {
                    if (w.subList(at, at + key.size()).equals(key)) spans.add(new int[] {at, at + key.size(), i});
                }
            }
        }
        Set<String> named = new LinkedHashSet<>(), negated = new LinkedHashSet<>();
        for (int[] a : spans) {
            boolean inside = false;
            for (int[] b : spans) {
                if (b[2] != a[2] && b[0] <= a[0] && a[1] <= b[1] && b[1] - b[0] > a[1] - a[0]) inside = true;
            }
            if (inside) continue;
            boolean not = false;
            for (int j = Math.max(0, a[0] - NEGATION_BEFORE); j < a[0]; j++) not |= NEGATIONS.contains(w.get(j));
            for (int j = a[1]; j < Math.min(w.size(), a[1] + NEGATION_AFTER); j++) not |= w.get(j).equals("off");
            (not ? negated : named).add(values.get(a[2]).id());
        }
        named.removeAll(negated);
        if (named.isEmpty() && negated.size() == 1 && values.size() == 2) {
            for (EnumValue v : values) if (!negated.contains(v.id())) named.add(v.id());
        }
        return named;
    }

    /**
     * The numbers of {@code lower} (lowercase), digits or words ("ninety", "twenty five", "a hundred"), read in the
     * range's unit: hours become minutes on a minutes range ("2 hours", "an hour"), "pm"/"afternoon"/"evening"
     * add 12 on an hour range ("6 pm", "18:00", "noon"), "never" is 0 on a minutes range. A number right after "out
     * of" is a scale ("7 out of 20"), not a value, and is left out.
     */
    static List<Double> numbers(String lower, String unit) {
        List<String> w = words(lower);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            String t = w.get(i);
            double v;
            int next = i + 1;   // first word after the number
            if (Character.isDigit(t.charAt(0))) {
                int colon = t.indexOf(':');
                v = Double.parseDouble(colon < 0 ? t : t.substring(0, colon));
                if (colon >= 0 && !unit.equals("hour")) continue;   // a clock time says nothing about other units
            } else if (TENS.containsKey(t)) {
                v = TENS.get(t);
                Integer u = i + 1 < w.size() ? UNITS.get(w.get(i + 1)) : null;
                if (u != null && u >= 1 && u <= 9) {
                    v += u;
                    next++;
                }
            } else if (UNITS.containsKey(t)) {
                v = UNITS.get(t);
                if (next < w.size() && w.get(next).equals("hundred")) {
                    v *= 100;
                    next++;
                } else if (t.equals("one") && !numericContext(w, i)) {
                    continue;   // "quick one", "one more thing": a pronoun, not a value
                }
            } else if (t.equals("hundred")) {
                v = 100;
            } else if ((t.equals("an") || t.equals("a")) && i + 1 < w.size() && w.get(i + 1).equals("hour")) {
                v = 1;
            } else if (t.equals("half") && i + 2 < w.size() && w.get(i + 1).equals("an") && w.get(i + 2).equals("hour")) {
                if (unit.equals("minutes")) out.add(30.0);
                continue;
            } else if (unit.equals("hour") && (t.equals("noon") || t.equals("midday"))) {
                out.add(12.0);
                continue;
            } else if (unit.equals("hour") && t.equals("midnight")) {
                out.add(0.0);
                continue;
            } else if (unit.equals("minutes") && t.equals("never")) {
                out.add(0.0);
                continue;
            } else {
                continue;
            }
            int at = i;
            i = next - 1;   // "twenty five" is one number, not 25 and 5
            if (at >= 2 && w.get(at - 1).equals("of") && w.get(at - 2).equals("out")) continue;
            String after = next < w.size() ? w.get(next) : "";
            if (t.equals("an") || t.equals("a")) after = "hour";
            if (unit.equals("minutes") && (after.equals("hour") || after.equals("hours") || after.equals("hr")
                    || after.equals("hrs"))) {
                v *= 60;
            } else if (unit.equals("minutes") && (after.startsWith("sec") || after.equals("s"))) {
                continue;   // seconds are not minutes
            } else if (unit.equals("hour") && v <= 12) {
                // "8 o'clock in the evening": the part of day follows within five words
                String around = " " + String.join(" ", w.subList(next, Math.min(w.size(), next + 5))) + " ";
                if (after.equals("pm") || after.equals("p") || around.contains(" afternoon ")
                        || around.contains(" evening ") || around.contains(" night ")) {
                    v = v % 12 + 12;
                } else if (after.equals("am") || after.equals("a") || around.contains(" morning ")) {
                    v = v % 12;
                }
            }
            out.add(v);
        }
        return out;
    }

    /** Words before a bare "one" that make it a value ("to one", "by one"), and units after it ("one notch"). */
    private static final Set<String> ONE_BEFORE = Set.of("to", "by", "at", "be", "is", "level", "step");
    private static final Set<String> ONE_AFTER = Set.of("hour", "minute", "min", "percent", "per", "point", "step",
            "notch", "level", "line", "px", "pixel", "ms", "millisecond", "pm", "am", "o");

    private static boolean numericContext(List<String> w, int i) {
        return (i > 0 && ONE_BEFORE.contains(w.get(i - 1))) || (i + 1 < w.size() && ONE_AFTER.contains(w.get(i + 1)));
    }

    static boolean isNumber(String word) {
        return Character.isDigit(word.charAt(0)) || UNITS.containsKey(word) || TENS.containsKey(word)
                || word.equals("hundred");
    }

    static List<String> words(String lower) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static boolean fits(Range r, double v) {
        return r.contains(v) && (!r.integral() || v == Math.rint(v));
    }

    /** A number as the program writes it: whole on integral ranges, else without trailing zeros. */
    static String format(Range r, double v) {
        if (r.integral()) return Long.toString((long) Math.rint(v));
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
