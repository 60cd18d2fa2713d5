package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Catalog.search against the Python port that builds the training prompts (scripts/settings_catalog.py): the same
 * top-K ids in the same order for every query of tests/golden/settings-search/search.json, written by
 * scripts/gen_golden_settings_search.py. A mismatch means the model is prompted with other candidates than it
 * was trained with: fix the port or the search, then regenerate the golden and retrain.
 */
class SearchParityTest {
    static final Path GOLDEN = Path.of("tests", "golden", "settings-search", "search.json");
    static final Path CATALOG_FILE = Path.of("models", "settings", "catalog.json");
    /** How many mismatching queries to print before failing. */
    static final int SHOW = 10;

    @Test
    void goldenIsForThisCatalog() throws IOException, NoSuchAlgorithmException {
        JsonObject doc = golden();
        assertEquals("MU4JSEARCH", doc.get("magic").getAsString());
        assertEquals(1, doc.get("version").getAsInt());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(CATALOG_FILE)));
        assertEquals(doc.get("catalog_sha256").getAsString(), sha,
                "catalog.json changed since the golden was written: run python3 scripts/gen_golden_settings_search.py");
    }

    @Test
    void searchMatchesThePythonPort() throws IOException {
        JsonObject doc = golden();
        int k = doc.get("k").getAsInt();
        Catalog catalog = Catalog.load(CATALOG_FILE);
        JsonArray cases = doc.getAsJsonArray("cases");
        assertTrue(cases.size() >= 300, "expected at least 300 queries, got " + cases.size());
        List<String> failures = new ArrayList<>();
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            String query = c.get("query").getAsString();
            List<String> expected = new ArrayList<>();
            for (JsonElement id : c.getAsJsonArray("ids")) expected.add(id.getAsString());
            List<String> actual = new ArrayList<>();
            for (Setting s : catalog.search(query, k)) actual.add(s.id());
            if (!expected.equals(actual)) failures.add("\"" + query + "\"\n  python " + expected + "\n  java   " + actual);
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " queries differ, first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(SHOW, failures.size()))));
    }

    private static JsonObject golden() throws IOException {
        return JsonParser.parseString(Files.readString(GOLDEN, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
