package dev.mu4j.internal.agent;

import dev.mu4j.LogitsProcessor;

/**
 * The catalog's word for which setting a request means, added to the model's: at a position where the model picks
 * a setting (every setting id is one token), each id's logit moves by {@code weight * (score / best - 1)}, where
 * score is the keyword-search score of that setting for the request and best the highest one. The best-matching
 * settings keep their logit, settings the request does not name lose up to {@code weight}. Then all id logits
 * shift by one constant so that their log-sum-exp is what it was: the prior re-ranks the settings but leaves the
 * probability of "no setting at all" (the {@code none} program) and of every other token unchanged.
 *
 * <p>It helps where the request names a setting by a catalog synonym the model has not learned (held-out synonyms
 * on the dev set: MODEL_CARD.md); it cannot help with wording the catalog lacks.
 */
final class SearchPrior implements LogitsProcessor {
    private final int[] ids;      // setting-id tokens
    private final float[] bias;   // weight * (score / best - 1) for each, <= 0

    /**
     * @param tokens the token id of each setting (-1: the setting has no token of its own and is left out)
     * @param scores the keyword-search score of each setting for this request (0: no match), same order
     * @param weight how far a setting the request does not name falls behind the best match, in logits
     */
    SearchPrior(int[] tokens, double[] scores, double weight) {
        this(tokens, scores, weight, null, 0);
    }

    /**
     * As {@link #SearchPrior(int[], double[], double)}, and each setting the request names by a whole name
     * ({@link NamedSettings}) gains {@code nameWeight} logits over those it does not.
     *
     * @param named per setting (same order), or null for none
     */
    SearchPrior(int[] tokens, double[] scores, double weight, boolean[] named, double nameWeight) {
        if (tokens.length != scores.length || (named != null && named.length != scores.length)) {
            throw new IllegalArgumentException(tokens.length + " setting tokens but " + scores.length + " scores"
                    + (named == null ? "" : " and " + named.length + " named flags"));
        }
        double best = 0;
        int n = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0) continue;
            best = Math.max(best, scores[i]);
            n++;
        }
        ids = new int[n];
        bias = new float[n];
        for (int i = 0, j = 0; i < tokens.length; i++) {
            if (tokens[i] < 0) continue;
            ids[j] = tokens[i];
            double b = best > 0 ? weight * (scores[i] / best - 1) : 0;
            bias[j++] = (float) (named != null && named[i] ? b + nameWeight : b);
        }
    }

    @Override
    public void process(int[] history, int length, float[] logits) {
        double before = logSumExp(logits);
        if (before == Double.NEGATIVE_INFINITY) return;   // no setting id may come here (the grammar masked them)
        for (int i = 0; i < ids.length; i++) logits[ids[i]] += bias[i];
        float shift = (float) (before - logSumExp(logits));
        for (int id : ids) logits[id] += shift;
    }

    private double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (int id : ids) max = Math.max(max, logits[id]);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double s = 0;
        for (int id : ids) s += Math.exp(logits[id] - max);
        return max + Math.log(s);
    }
}
