package dev.mu4j.internal.agent;

import dev.mu4j.LogitsProcessor;
import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request's word for an action's value, added to the model's. Where the model writes a value (after
 * {@code set} on a range or enum setting, or the optional amount after {@code increase}/{@code decrease} on a
 * range), the allowed tokens that spell a value the request states for that setting ({@link ValueCues}) keep
 * their logit and every other allowed token loses {@code weight}. The value is read from the clause of the request
 * that names the setting best (keyword-search score of the setting for each clause, {@link #clauseFor}), so the
 * second request of "brightness to 40 and volume to 20" gets 20, and "scroll a bit more, then volume to 70" gets no
 * amount on the scrolling. Where the request states no usable value for the setting, or none of its values can
 * still be spelled, nothing changes.
 *
 * <p>It acts only inside an action, after its setting and op: the choice of setting, op and {@code none} is the
 * model's (and {@link SearchPrior}'s). Not thread-safe: one per generation.
 */
final class ValuePrior implements LogitsProcessor {
    /** Text of the end token in {@code tokenText}: a character no program contains. */
    static final String END = "\0";
    private static final String SEP = " ; ";
    /** The clause split: {@link AgentPipeline#CLAUSE}, except that a point between digits is a decimal point. */
    static final Pattern CLAUSE = Pattern.compile(
            "\\s*(?:[,;&!?]|\\.(?!\\d)|\\b(?:and|then|also|plus|after that|as well as)\\b)\\s*");

    /** A clause names a setting when the setting's keyword score is at least this share of the clause's best one. */
    static final double CLAUSE_SHARE = 0.5;

    private final String[] tokenText;
    private final Tokenizer tokenizer;
    private final Catalog catalog;
    private final String text;
    private final float weight;
    private final StringBuilder program = new StringBuilder();
    private final Map<String, List<Target>> targets = new HashMap<>();   // "id op" -> values stated for it
    private String[] clauses;            // lowercase clauses of the request, split on first use
    private double[][] clauseScores;     // keyword scores of every setting for each clause, on first use

    /**
     * @param tokenizer the model's tokenizer, to split stated values into tokens
     * @param tokenText the text each token adds to the program ({@link #END} for the end token)
     * @param text      the normalised request
     * @param weight    how many logits a token that leaves the stated values loses
     */
    ValuePrior(Tokenizer tokenizer, String[] tokenText, Catalog catalog, String text, double weight) {
        this.tokenizer = tokenizer;
        this.tokenText = tokenText;
        this.catalog = catalog;
        this.text = text;
        this.weight = (float) weight;
    }

    @Override
    public void reset() {
        program.setLength(0);
    }

    @Override
    public void accept(int tokenId) {
        if (tokenId >= 0 && tokenId < tokenText.length) program.append(tokenText[tokenId]);
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        int sep = program.lastIndexOf(SEP);
        String action = program.substring(sep < 0 ? 0 : sep + SEP.length());
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
        String clause = clauseFor(s);
        if (clause == null) return Set.of();
        if (!range) return ValueCues.enumTargets(s, clause);
        return op.equals("set") ? ValueCues.rangeTargets(s.range(), clause) : ValueCues.rangeAmounts(s.range(), clause);
    }

    /**
     * The clause of the request that names {@code s} best: where its keyword score relative to the clause's best
     * match is highest, then where its own score is (a tie in "dark taskbar and light apps": "dark" names every
     * colour mode as well as "light" does). A clause counts only where {@code s} scores at least
     * {@link #CLAUSE_SHARE} of its best match: a clause about the volume may still score the magnifier a little
     * ("up", "percent"). The whole request when it has one clause; null when it has several and none names
     * {@code s}: then the value cannot be told from the other clauses' values, and the prior stays out.
     */
    String clauseFor(Setting s) {
        if (clauses == null) {
            clauses = CLAUSE.split(text.toLowerCase(Locale.ROOT));
            if (clauses.length > 1) {
                clauseScores = new double[clauses.length][];
                for (int c = 0; c < clauses.length; c++) clauseScores[c] = catalog.scores(clauses[c]);
            }
        }
        if (clauseScores == null) return text;
        int index = catalog.settings().indexOf(s);
        int best = -1;
        double bestShare = 0, bestScore = 0;
        for (int c = 0; c < clauses.length; c++) {
            double score = clauseScores[c][index], top = 0;
            for (double v : clauseScores[c]) top = Math.max(top, v);
            double share = top > 0 ? score / top : 0;
            if (share < CLAUSE_SHARE) continue;
            if (share > bestShare || (share == bestShare && score > bestScore)) {
                best = c;
                bestShare = share;
                bestScore = score;
            }
        }
        return best < 0 ? null : clauses[best];
    }
}
