package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TextNormalizer against {@code normalise_text} of scripts/settings_catalog.py, which builds the training prompts:
 * the same text for every raw request of tests/golden/settings-search/normalise.json (Unicode edge cases and
 * generated requests with their noise), written by scripts/gen_golden_settings_search.py. A mismatch means the model
 * reads other text at run time than it was trained on.
 */
class NormaliseParityTest {
    static final Path GOLDEN = Path.of("tests", "golden", "settings-search", "normalise.json");

    @Test
    void normaliserMatchesThePythonOne() throws IOException {
        JsonObject doc = JsonParser.parseString(Files.readString(GOLDEN, StandardCharsets.US_ASCII)).getAsJsonObject();
        assertEquals("MU4JNORMALISE", doc.get("magic").getAsString());
        assertEquals(1, doc.get("version").getAsInt());
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonElement e : doc.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String raw = c.get("raw").getAsString(), expected = c.get("normalised").getAsString();
            String actual = TextNormalizer.normalize(raw);
            if (!expected.equals(actual)) failures.add(escape(raw) + "\n  python " + escape(expected) + "\n  java   " + escape(actual));
            n++;
        }
        assertTrue(n >= 300, "expected at least 300 texts, got " + n);
        assertTrue(failures.isEmpty(), failures.size() + " of " + n + " texts differ, first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7f) sb.append(ch);
            else sb.append(String.format("\\u%04x", (int) ch));
        }
        return sb.append('"').toString();
    }
}
