package dev.mu4j.internal.agent;

import dev.mu4j.LogitsProcessor;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;

/**
 * What the agent's priors ({@link ValuePrior}, {@link PolarityPrior}, {@link ChangePrior}, {@link OpenPrior}) share:
 * they follow the program text as the tokens are accepted, look at the action being written ({@link #opSlot} where
 * its op is), read what the request says about its setting from the clause that names it, and move the tokens it
 * contradicts down by a weight. Not thread-safe: one per generation.
 */
abstract class ProgramPrior implements LogitsProcessor {
    /** Between two actions of a program. */
    static final String SEP = " ; ";

    final String[] tokenText;
    final Catalog catalog;
    final Clauses clauses;
    final float weight;
    private final StringBuilder program = new StringBuilder();

    /**
     * @param tokenText the text each token adds to the program ({@link ValuePrior#END} for the end token)
     * @param clauses   the request's clauses (one object for all priors of a generation)
     * @param weight    how many logits a token the request contradicts loses
     */
    ProgramPrior(String[] tokenText, Clauses clauses, double weight) {
        this.tokenText = tokenText;
        this.catalog = clauses.catalog();
        this.clauses = clauses;
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

    /** The text of the action being written: everything after the last separator ("display.brightness set 4"). */
    String currentAction() {
        int sep = program.lastIndexOf(SEP);
        return program.substring(sep < 0 ? 0 : sep + SEP.length());
    }

    /** Where the next token may write (part of) an op: after the setting {@code setting}, the op so far. */
    record OpSlot(Setting setting, String written) {}

    /**
     * The op slot of the action being written ({@code written}: "", " ", " de", ... up to a whole op), or null when
     * no op is being written: the setting id is not complete, or the op is (a value or the next action follows).
     */
    OpSlot opSlot() {
        String action = currentAction();
        int space = action.indexOf(' ');
        String written = space < 0 ? "" : action.substring(space);
        if (written.length() > LONGEST_OP.length() || written.indexOf(' ', 1) > 0) return null;
        Setting s = catalog.byId(space < 0 ? action : action.substring(0, space)).orElse(null);
        return s == null ? null : new OpSlot(s, written);
    }

    private static final String LONGEST_OP = " decrease";

    /**
     * At an op slot ({@code written} so far): every allowed token on its way to one of {@code others}, and not also
     * to {@code keep} or to {@code open} (a token may still spell several: " o"), loses the weight.
     */
    void turnFrom(String written, String keep, float[] logits, String... others) {
        for (int t = 0; t < logits.length && t < tokenText.length; t++) {
            if (logits[t] == Float.NEGATIVE_INFINITY) continue;
            String piece = tokenText[t];
            if (spells(written, piece, keep) || spells(written, piece, " open")) continue;
            for (String other : others) {
                if (spells(written, piece, other)) {
                    logits[t] -= weight;
                    break;
                }
            }
        }
    }

    /** At an op slot ({@code written} so far): every allowed token that cannot spell {@code op} loses the weight. */
    void keepOnly(String written, String op, float[] logits) {
        for (int t = 0; t < logits.length && t < tokenText.length; t++) {
            if (logits[t] != Float.NEGATIVE_INFINITY && !spells(written, tokenText[t], op)) logits[t] -= weight;
        }
    }

    /**
     * True when the op text {@code written + piece} can still become {@code op} or has become it (and maybe gone
     * on: a space or the end token after it), worked out without building that string (the priors ask it for every
     * allowed token at every op position).
     */
    static boolean spells(String written, String piece, String op) {
        int n = written.length() + piece.length(), m = op.length();
        if (n <= m) {   // still on the way to op: the text is a prefix of it
            return op.startsWith(written) && op.startsWith(piece, written.length());
        }
        for (int i = 0; i < m; i++) if (charAt(written, piece, i) != op.charAt(i)) return false;
        char after = charAt(written, piece, m);   // op is written: it must end there
        return after == ' ' || after == ValuePrior.END.charAt(0);
    }

    private static char charAt(String written, String piece, int i) {
        return i < written.length() ? written.charAt(i) : piece.charAt(i - written.length());
    }
}
