package dev.mu4j.internal.agent;

import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request split into clauses, and which clause names a given setting: where {@link ValuePrior} reads a setting's
 * value and {@link PolarityPrior} its on/off, so that "brightness to 40 and volume to 20" gives each setting its own
 * number and "turn off wifi and turn on bluetooth" each its own direction. Split and scored on first use, then kept
 * for the rest of the generation.
 */
final class Clauses {
    /**
     * The clause split: {@link AgentPipeline#CLAUSE}, except that a point between digits is a decimal point, and that
     * " + " and "n" join clauses too ("mute + open bluetooth", "fingerprint n filter type"; on the tuning split of
     * MODEL_CARD.md +11 requests, none lost; the search prior's split measured one request worse with them).
     */
    static final Pattern CLAUSE = Pattern.compile(
            "\\s*(?:[,;&!?]|\\.(?!\\d)|(?<=\\s)\\+(?=\\s)|\\b(?:and|n|then|also|plus|after that|as well as)\\b)\\s*");

    /** A clause names a setting when the setting's keyword score is at least this share of the clause's best one. */
    static final double CLAUSE_SHARE = 0.5;

    private final Catalog catalog;
    private final String text;
    private String[] clauses;            // lowercase clauses of the request, split on first use
    private double[][] clauseScores;     // keyword scores of every setting for each clause, on first use
    private double[] clauseTops;         // each clause's best score
    private final Map<String, Integer> indexes = new HashMap<>();   // setting id -> indexFor

    /** @param text the normalised request */
    Clauses(Catalog catalog, String text) {
        this.catalog = catalog;
        this.text = text;
    }

    Catalog catalog() {
        return catalog;
    }

    /** The normalised request. */
    String text() {
        return text;
    }

    /**
     * The clause of the request that names {@code s} best: where its keyword score relative to the clause's best
     * match is highest, then where its own score is (a tie in "dark taskbar and light apps": "dark" names every
     * colour mode as well as "light" does). A clause counts only where {@code s} scores at least
     * {@link #CLAUSE_SHARE} of its best match: a clause about the volume may still score the magnifier a little
     * ("up", "percent"). The whole request when it has one clause; null when it has several and none names
     * {@code s}: then what the request says about it cannot be told from the other clauses, and the priors stay out.
     */
    String clauseFor(Setting s) {
        int c = indexFor(s);
        return c == WHOLE ? text : c < 0 ? null : clauses[c];
    }

    /**
     * The clause right after the one that names {@code s} ({@link #clauseFor}), where a pronoun may say what to do
     * with it ("why is spell check on? turn it off"); null when there is none.
     */
    String clauseAfter(Setting s) {
        int c = indexFor(s);
        return c >= 0 && c + 1 < clauses.length ? clauses[c + 1] : null;
    }

    private static final int WHOLE = -2;

    /**
     * Where the clause that names {@code s} ({@link #clauseFor}) comes in the request: 0 for the first clause, -1
     * when the request has one clause or none of its clauses names {@code s}.
     */
    int position(Setting s) {
        return Math.max(-1, indexFor(s));
    }

    /**
     * The index of {@link #clauseFor}'s clause, {@link #WHOLE} for a request of one clause, -1 for none; worked out
     * once per setting (the priors ask for the same settings again).
     */
    private int indexFor(Setting s) {
        if (clauses == null) {
            clauses = CLAUSE.split(text.toLowerCase(Locale.ROOT));
            if (clauses.length > 1) {
                clauseScores = new double[clauses.length][];
                clauseTops = new double[clauses.length];
                for (int c = 0; c < clauses.length; c++) {
                    clauseScores[c] = catalog.scores(clauses[c]);
                    for (double v : clauseScores[c]) clauseTops[c] = Math.max(clauseTops[c], v);
                }
            }
        }
        if (clauseScores == null) return WHOLE;
        return indexes.computeIfAbsent(s.id(), id -> bestClause(catalog.settings().indexOf(s)));
    }

    /** The clause where setting number {@code index} of the catalog has its best share of the clause's top score. */
    private int bestClause(int index) {
        int best = -1;
        double bestShare = 0, bestScore = 0;
        for (int c = 0; c < clauses.length; c++) {
            double score = clauseScores[c][index], top = clauseTops[c];
            double share = top > 0 ? score / top : 0;
            if (share < CLAUSE_SHARE) continue;
            if (share > bestShare || (share == bestShare && score > bestScore)) {
                best = c;
                bestShare = share;
                bestScore = score;
            }
        }
        return best;
    }
}
