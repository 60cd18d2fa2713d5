package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.settings.Catalog;
import org.junit.jupiter.api.Test;

/** {@link SearchPrior}: re-ranks the setting tokens only, keeps their total probability, leaves the rest alone. */
class SearchPriorTest {
    static final float EPS = 1e-5f;
    // vocabulary of 8: tokens 2, 4, 5, 7 are setting ids; 0 stands for "none", the rest for other words
    static final int[] IDS = {2, 4, 5, 7};

    @Test
    void reRanksSettingsTowardTheKeywordMatchAndKeepsTheirMass() {
        float[] logits = {1.0f, 0.5f, 3.0f, -1f, 2.9f, 0.0f, 0.2f, 1.0f};
        float[] before = logits.clone();
        // the request names the setting of token 4 best, token 7 half as well, 2 and 5 not at all
        new SearchPrior(IDS, new double[] {0, 8, 0, 4}, 10).process(new int[0], 0, logits);
        assertTrue(logits[4] > logits[2], "the named setting should now come first");
        assertEquals(logits[4] - logits[7], (before[4] - before[7]) + 5f, EPS, "half the best score: 5 logits behind");
        assertEquals(logits[4] - logits[2], (before[4] - before[2]) + 10f, EPS, "no match: the full weight behind");
        assertEquals(lse(before, IDS), lse(logits, IDS), EPS, "the settings' total probability is unchanged");
        for (int t : new int[] {0, 1, 3, 6}) assertEquals(before[t], logits[t], 0f, "token " + t + " is not a setting");
    }

    @Test
    void aSettingNamedByAWholeNameGainsItsWeightOverTheRest() {
        float[] logits = {1.0f, 0.5f, 3.0f, -1f, 2.9f, 0.0f, 0.2f, 1.0f};
        float[] before = logits.clone();
        // tokens 4 and 7 score alike, but only 7's setting is named by a whole name
        boolean[] named = {false, false, false, true};
        new SearchPrior(IDS, new double[] {0, 8, 0, 8}, 10, named, 4).process(new int[0], 0, logits);
        assertEquals(logits[7] - logits[4], (before[7] - before[4]) + 4f, EPS);
        assertEquals(logits[4] - logits[2], (before[4] - before[2]) + 10f, EPS, "the keyword part is unchanged");
        assertEquals(lse(before, IDS), lse(logits, IDS), EPS, "the settings' total probability is unchanged");
        assertThrows(IllegalArgumentException.class, () -> new SearchPrior(IDS, new double[4], 10, new boolean[3], 4));
    }

    @Test
    void nothingChangesWithoutAMatchOrWhereNoSettingMayCome() {
        float[] logits = {1.0f, 0.5f, 3.0f, -1f, 2.9f, 0.0f, 0.2f, 1.0f};
        float[] before = logits.clone();
        new SearchPrior(IDS, new double[4], 10).process(new int[0], 0, logits);
        assertArrayEquals(before, logits, EPS);

        float ninf = Float.NEGATIVE_INFINITY;
        float[] masked = {1.0f, 0.5f, ninf, -1f, ninf, ninf, 0.2f, ninf};   // the grammar allows no setting here
        float[] maskedBefore = masked.clone();
        new SearchPrior(IDS, new double[] {1, 2, 3, 4}, 10).process(new int[0], 0, masked);
        assertArrayEquals(maskedBefore, masked, 0f);
    }

    @Test
    void settingsWithoutATokenAreLeftOutAndSizesAreChecked() {
        float[] logits = {0, 0, 1, 0, 1, 1, 0, 1};
        new SearchPrior(new int[] {2, -1, 4}, new double[] {0, 100, 5}, 10).process(new int[0], 0, logits);
        assertEquals(10f, logits[4] - logits[2], EPS, "token 4 holds the best score among settings with a token");
        assertThrows(IllegalArgumentException.class, () -> new SearchPrior(IDS, new double[3], 10));
    }

    @Test
    void eachClauseOfAMultiIntentRequestGetsItsOwnBestMatch() {
        Catalog cat = Catalog.loadDefault();
        String request = "turn on night light and set the volume to 20";
        double[] whole = relative(cat.scores(request));
        double[] prior = AgentPipeline.priorScores(cat, request);
        int nightLight = cat.settings().indexOf(cat.byId("display.night_light").orElseThrow());
        int volume = cat.settings().indexOf(cat.byId("sound.volume").orElseThrow());
        assertEquals(1.0, whole[nightLight], 1e-12);
        assertTrue(whole[volume] < 0.9, "scored whole, the volume clause is a weak match: " + whole[volume]);
        assertEquals(1.0, prior[nightLight], 1e-12);
        assertEquals(1.0, prior[volume], 1e-12);
        for (double v : prior) assertTrue(v >= 0 && v <= 1, "relative scores lie in [0, 1]");
        assertArrayEquals(relative(cat.scores("brightness")), AgentPipeline.priorScores(cat, "brightness"), 0.0,
                "one clause: the whole request's relative scores");
    }

    private static double[] relative(double[] s) {
        double best = 0;
        for (double v : s) best = Math.max(best, v);
        for (int i = 0; i < s.length; i++) s[i] /= best;
        return s;
    }

    private static double lse(float[] l, int[] ids) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i : ids) m = Math.max(m, l[i]);
        double s = 0;
        for (int i : ids) s += Math.exp(l[i] - m);
        return m + Math.log(s);
    }
}
