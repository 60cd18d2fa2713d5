package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The postings-based {@link LexicalIndex#scores} against its spec {@link LexicalIndex#scoresReference} (every word
 * against every field token): bit-identical scores for every setting, on every hand-written request, the first
 * requests of the dev set and queries built to hit each match rule (exact, prefix, reverse prefix, hyphen joins,
 * plurals, phrases, nothing).
 */
class LexicalIndexTest {
    static final int DEV_QUERIES = 600;

    @Test
    void postingsGiveTheReferenceScores() throws IOException {
        Catalog cat = Catalog.loadDefault();
        LexicalIndex index = new LexicalIndex(cat.settings());
        List<String> queries = new ArrayList<>(List.of("", "   ", "!!!", "the a my", "bright", "brightnesses",
                "scrolling", "wi-fi on", "blue light filter", "Night Light", "night light strength", "mouse pointer",
                "xyzzy", "bluetoothy headphones", "batteries", "dpi", "zz", "abc", "displ", "bluetoth", "turnon tampper proection",
                "previwe builds", "sond", "blaxk mode"));
        queries.addAll(texts(Path.of("models", "settings", "eval", "handwritten.jsonl"), Integer.MAX_VALUE));
        queries.addAll(texts(Path.of("models", "settings", "data", "dev.jsonl"), DEV_QUERIES));
        int matched = 0;
        for (String q : queries) {
            double[] fast = index.scores(q);
            double[] ref = index.scoresReference(q);
            assertArrayEquals(ref, fast, 0.0, () -> "scores differ for '" + q + "'");
            for (double v : fast) if (v > 0) matched++;
        }
        assertTrue(matched > queries.size(), "the queries should match many settings, matched " + matched);
    }

    @Test
    void aWordTheCatalogDoesNotKnowMatchesTheWordsOneSlipAway() {
        Catalog cat = Catalog.loadDefault();
        assertEquals("bluetooth.enabled", cat.search("bluetoth", 1).get(0).id());
        assertEquals("security.tamper_protection", cat.search("turnon tampper proection", 1).get(0).id());
        assertEquals("update.insider", cat.search("previwe builds", 1).get(0).id());
        // weaker than the word itself, and only for a word no token matches at all: "blue" (a prefix) takes no slips
        Setting bt = cat.byId("bluetooth.enabled").orElseThrow();
        int i = cat.settings().indexOf(bt);
        assertTrue(cat.scores("bluetoth")[i] < cat.scores("bluetooth")[i]);
        assertTrue(LexicalIndex.slip("proection", "protection") && !LexicalIndex.slip("rotection", "protection"),
                "the first letter is kept");
        assertTrue(!LexicalIndex.slip("mte", "mute") && !LexicalIndex.slip("mute", "mute"), "4 letters, not equal");
    }

    @Test
    void catalogScoresFollowSettingsOrderAndRankLikeSearch() {
        Catalog cat = Catalog.loadDefault();
        String q = "make the screen brighter";
        double[] s = cat.scores(q);
        assertEquals(cat.settings().size(), s.length);
        Setting first = cat.search(q, 1).get(0);
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        assertEquals(s[cat.settings().indexOf(first)], s[best], 0.0);
        assertEquals(s.length, cat.scores(null).length);
        for (double v : cat.scores("xyzzy")) assertEquals(0.0, v);
    }

    private static List<String> texts(Path file, int limit) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || out.size() >= limit) continue;
            out.add(JsonParser.parseString(line).getAsJsonObject().get("text").getAsString());
        }
        return out;
    }
}
