package dev.mu4j.internal.agent;

import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request's word for an action's value, added to the model's. Where the model writes a value (after
 * {@code set} on a range or enum setting, or the optional amount after {@code increase}/{@code decrease} on a
 * range), the allowed tokens that spell a value the request states for that setting ({@link ValueCues}) keep
 * their logit and every other allowed token loses {@code weight}. The value is read from the clause of the request
 * that names the setting best (keyword-search score of the setting for each clause, {@link Clauses#clauseFor}), so
 * the second request of "brightness to 40 and volume to 20" gets 20, and "scroll a bit more, then volume to 70" gets
 * no amount on the scrolling. Where the request states no usable value for the setting, or none of its values can
 * still be spelled, nothing changes.
 *
 * <p>It acts only inside an action, after its setting and op: the choice of setting, op and {@code none} is the
 * model's (and {@link SearchPrior}'s). Not thread-safe: one per generation.
 */
final class ValuePrior extends ProgramPrior {
    /** Text of the end token in {@code tokenText}: a character no program contains. */
    static final String END = "\0";
    private final Tokenizer tokenizer;
    private final Map<String, List<Target>> targets = new HashMap<>();   // "id op" -> values stated for it

    /**
     * @param tokenizer the model's tokenizer, to split stated values into tokens
     * @param tokenText the text each token adds to the program ({@link #END} for the end token)
     * @param text      the normalised request
     * @param weight    how many logits a token that leaves the stated values loses
     */
    ValuePrior(Tokenizer tokenizer, String[] tokenText, Catalog catalog, String text, double weight) {
        this(tokenizer, tokenText, new Clauses(catalog, text), weight);
    }

    /** @param clauses the request's clauses (shared with {@link PolarityPrior}) */
    ValuePrior(Tokenizer tokenizer, String[] tokenText, Clauses clauses, double weight) {
        super(tokenText, clauses, weight);
        this.tokenizer = tokenizer;
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        String action = currentAction();
        int space = action.indexOf(' ');
        if (space < 0) return;
        String rest = action.substring(space + 1);
        String op = rest.startsWith("set") ? "set" : rest.startsWith("increase") ? "increase"
                : rest.startsWith("decrease") ? "decrease" : null;
        if (op == null || (rest.length() > op.length() && rest.charAt(op.length()) != ' ')) return;
        String id = action.substring(0, space);
        List<Target> values = targets.computeIfAbsent(id + " " + op, k -> encode(stated(id, op)));
        if (values.isEmpty()) return;
        String written = rest.substring(op.length());   // "" or " " + the value so far
        boolean[] agree = new boolean[logits.length];
        boolean any = false;
        for (int t = 0; t < logits.length && t < tokenText.length; t++) {
            if (logits[t] == Float.NEGATIVE_INFINITY) continue;
            for (Target v : values) agree[t] |= v.next(written, t, tokenText[t]);
            any |= agree[t];
        }
        if (!any) return;   // no stated value can still be written: leave it to the model
        for (int t = 0; t < logits.length && t < tokenText.length; t++) {
            if (logits[t] != Float.NEGATIVE_INFINITY && !agree[t]) logits[t] -= weight;
        }
    }

    /**
     * One stated value as the program writes it after the op ({@code " 35"}; {@code ""} for no amount) and its
     * tokens as the tokenizer splits that text, the way the model saw values in training. A value is followed along
     * those tokens only: a prefix that other tokens could also spell (" 1" on the way to " 100") is not taken for it.
     */
    record Target(String text, int[] tokens, String[] prefixes) {
        /** True when token {@code id} (text {@code piece}) continues this value after {@code written}. */
        boolean next(String written, int id, String piece) {
            if (written.startsWith(text)) {   // the value is complete: the action ends (end token or " ; ")
                String q = written.substring(text.length()) + piece;
                return (piece.equals(END) && written.length() == text.length()) || SEP.startsWith(q) || q.startsWith(SEP);
            }
            for (int j = 0; j < tokens.length; j++) if (prefixes[j].equals(written)) return tokens[j] == id;
            return false;
        }
    }

    private List<Target> encode(Set<String> values) {
        List<Target> out = new ArrayList<>();
        for (String v : values) {
            String text = v.isEmpty() ? "" : " " + v;
            int[] ids = text.isEmpty() ? new int[0] : tokenizer.encode(text, false);
            String[] prefixes = new String[ids.length];
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < ids.length; j++) {
                prefixes[j] = sb.toString();
                sb.append(tokenText[ids[j]]);
            }
            if (sb.toString().equals(text)) out.add(new Target(text, ids, prefixes));
        }
        return out;
    }

    /** The values the request states for {@code op} on setting {@code id}; empty when none or not a value slot. */
    private Set<String> stated(String id, String op) {
        Setting s = catalog.byId(id).orElse(null);
        boolean range = s != null && s.type() == SettingType.RANGE;
        if (!range && (s == null || s.type() != SettingType.ENUM || !op.equals("set"))) return Set.of();
        String clause = clauses.clauseFor(s);
        if (clause == null) return Set.of();
        if (!range) return ValueCues.enumTargets(s, clause);
        return op.equals("set") ? ValueCues.rangeTargets(s.range(), clause) : ValueCues.rangeAmounts(s.range(), clause);
    }
}
