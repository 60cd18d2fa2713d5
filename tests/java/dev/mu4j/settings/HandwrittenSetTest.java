package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written evaluation sets {@code models/settings/eval/handwritten.jsonl}, {@code handwritten2.jsonl} and
 * {@code handwritten3.jsonl}: every answer is a valid action program (grammar of {@code models/settings/AGENT-FORMAT.md}) whose operations the catalog
 * accepts, the labels are consistent with the programs, and each set has the size, mix and coverage its README promises.
 * Every check runs on each set.
 */
class HandwrittenSetTest {
    static final Path EVAL_DIR = Path.of("models", "settings", "eval");
    static final Path CATALOG_FILE = Path.of("models", "settings", "catalog.json");

    static final int MIN_LINES = 200;
    static final int MIN_DISTINCT_SETTINGS = 60;
    static final int MAX_ACTIONS = 3;
    /** Target share of each kind and the allowed deviation, in percentage points. */
    static final Map<String, Double> TARGET_SHARE = Map.of("single", 55.0, "multi", 15.0, "ambiguous", 10.0, "oos", 20.0);
    static final double SHARE_TOLERANCE = 4.0;
    static final Set<String> FIELDS = Set.of("text", "program", "category", "kind", "note");
    static final Set<String> REQUIRED = Set.of("text", "program", "category", "kind");

    /** {@code action := SETTING_ID " " OP ( " " VALUE )?}; VALUE is INTEGER, DECIMAL or an enum value id. */
    static final Pattern ACTION = Pattern.compile(
            "([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+) (set|increase|decrease|on|off|open)(?: ([0-9]+(?:\\.[0-9]+)?|[a-z0-9][a-z0-9_]*))?");
    static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    static Catalog catalog;
    /** Parsed sets by file name, filled on first use. */
    static final Map<String, List<Item>> LOADED = new TreeMap<>();

    record Action(Setting setting, String op, Object value) {}

    record Item(int line, String text, String program, String category, String kind, List<Action> actions) {}

    /** The sets' file names under {@link #EVAL_DIR}; each must have at least {@link #MIN_LINES} lines. */
    static List<String> sets() {
        return List.of("handwritten.jsonl", "handwritten2.jsonl", "handwritten3.jsonl");
    }

    @BeforeAll
    static void loadCatalog() throws IOException {
        catalog = Catalog.load(CATALOG_FILE);
    }

    /** The parsed lines of a set; fails the calling test (naming every bad line) when any line does not parse. */
    static synchronized List<Item> items(String set) throws IOException {
        List<Item> cached = LOADED.get(set);
        if (cached != null) return cached;
        List<Item> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Path file = EVAL_DIR.resolve(set);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                problems.add(n + ": blank line");
                continue;
            }
            try {
                items.add(parseItem(n, raw));
            } catch (IllegalArgumentException | JsonParseException | IllegalStateException e) {
                problems.add(n + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) fail(file + " has " + problems.size() + " bad lines:\n" + String.join("\n", problems));
        LOADED.put(set, items);
        return items;
    }

    static Item parseItem(int n, String raw) {
        JsonElement el = JsonParser.parseString(raw);
        if (!el.isJsonObject()) throw new IllegalArgumentException("not a JSON object");
        JsonObject o = el.getAsJsonObject();
        for (String k : o.keySet()) if (!FIELDS.contains(k)) throw new IllegalArgumentException("unknown field '" + k + "'");
        for (String k : REQUIRED) if (!o.has(k)) throw new IllegalArgumentException("missing field '" + k + "'");
        for (String k : o.keySet()) {
            if (!o.get(k).isJsonPrimitive() || !o.get(k).getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("field '" + k + "' must be a string");
            }
        }
        String text = o.get("text").getAsString();
        if (!text.equals(normalise(text)) || text.isEmpty()) {
            throw new IllegalArgumentException("text is not normalised (NFC, no control chars, single spaces, trimmed, <= 400)");
        }
        if (o.has("note") && o.get("note").getAsString().isBlank()) throw new IllegalArgumentException("empty note");
        String program = o.get("program").getAsString();
        return new Item(n, text, program, o.get("category").getAsString(), o.get("kind").getAsString(), parseProgram(program));
    }

    /** The prompt normalisation of AGENT-FORMAT.md; eval texts are stored already normalised. */
    static String normalise(String s) {
        String t = Normalizer.normalize(s, Normalizer.Form.NFC).replaceAll("\\p{Cc}", "");
        t = t.replaceAll("\\s+", " ").strip();
        return t.length() > 400 ? t.substring(0, 400) : t;
    }

    /** Parses a program per the grammar and validates each action against the catalog; "none" gives no actions. */
    static List<Action> parseProgram(String program) {
        if (program.equals("none")) return List.of();
        String[] parts = program.split(" ; ", -1);
        if (parts.length > MAX_ACTIONS) throw new IllegalArgumentException("more than " + MAX_ACTIONS + " actions: " + program);
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String part : parts) {
            Matcher m = ACTION.matcher(part);
            if (!m.matches()) throw new IllegalArgumentException("action '" + part + "' does not match the grammar");
            String id = m.group(1);
            String op = m.group(2);
            String token = m.group(3);
            Setting s = catalog.byId(id).orElseThrow(() -> new IllegalArgumentException("unknown setting id '" + id + "'"));
            if (!seen.add(id)) throw new IllegalArgumentException("setting " + id + " appears twice in: " + program);
            Object value = null;
            if (token != null) {
                if (s.type() == SettingType.RANGE) {
                    if (!NUMBER.matcher(token).matches()) {
                        throw new IllegalArgumentException(id + ": range value '" + token + "' is not a number");
                    }
                    value = token.contains(".") ? (Object) Double.parseDouble(token) : (Object) Long.parseLong(token);
                } else {
                    value = token;
                }
            }
            String why = s.rejection(op, value).orElse(null);
            if (why != null) throw new IllegalArgumentException("'" + part + "': " + why);
            actions.add(new Action(s, op, value));
        }
        return actions;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void labelsAgreeWithPrograms(String set) throws IOException {
        List<Item> items = items(set);
        Set<String> categories = Set.copyOf(catalog.categories());
        List<String> problems = new ArrayList<>();
        for (Item it : items) {
            String where = it.line() + " '" + it.text() + "': ";
            boolean none = it.actions().isEmpty();
            switch (it.kind()) {
                case "oos" -> {
                    if (!none) problems.add(where + "oos must be 'none'");
                }
                case "single" -> {
                    if (none) problems.add(where + "single needs an action");
                }
                case "multi" -> {
                    if (it.actions().size() < 2) problems.add(where + "multi needs 2-3 actions");
                }
                case "ambiguous" -> {
                    if (none || !it.actions().stream().allMatch(a -> a.op().equals("open"))) {
                        problems.add(where + "ambiguous must only open pages");
                    }
                }
                default -> problems.add(where + "unknown kind '" + it.kind() + "'");
            }
            if (none) {
                if (!it.kind().equals("oos")) problems.add(where + "'none' is only for oos");
                if (!it.category().equals("none")) problems.add(where + "category of 'none' must be 'none'");
            } else {
                if (!categories.contains(it.category())) problems.add(where + "unknown category '" + it.category() + "'");
                String first = it.actions().get(0).setting().category();
                if (!it.category().equals(first)) {
                    problems.add(where + "category '" + it.category() + "' but the first action is in '" + first + "'");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void noDuplicateRequests(String set) throws IOException {
        List<Item> items = items(set);
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> dups = new ArrayList<>();
        for (Item it : items) {
            String key = it.text().toLowerCase(Locale.ROOT);
            Integer prev = seen.putIfAbsent(key, it.line());
            if (prev != null) dups.add(it.line() + " repeats line " + prev + ": " + it.text());
        }
        assertTrue(dups.isEmpty(), String.join("\n", dups));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void sizeMixAndCoverage(String set) throws IOException {
        List<Item> items = items(set);
        Map<String, Integer> byKind = new TreeMap<>();
        Set<String> settings = new TreeSet<>();
        Set<String> actionCategories = new TreeSet<>();
        for (Item it : items) {
            byKind.merge(it.kind(), 1, Integer::sum);
            for (Action a : it.actions()) {
                settings.add(a.setting().id());
                actionCategories.add(a.setting().category());
            }
        }
        int total = items.size();
        System.out.println(set + ": " + total + " lines, by kind " + byKind + ", " + settings.size()
                + " distinct settings, " + actionCategories.size() + " categories " + actionCategories);
        assertTrue(total >= MIN_LINES, set + ": only " + total + " lines; need at least " + MIN_LINES);
        assertEquals(TARGET_SHARE.keySet(), byKind.keySet(), "kinds present");
        for (Map.Entry<String, Double> e : TARGET_SHARE.entrySet()) {
            double share = 100.0 * byKind.getOrDefault(e.getKey(), 0) / total;
            assertTrue(Math.abs(share - e.getValue()) <= SHARE_TOLERANCE,
                    e.getKey() + " is " + String.format(Locale.ROOT, "%.1f", share) + "% of the set; target "
                            + e.getValue() + " +/- " + SHARE_TOLERANCE);
        }
        assertTrue(settings.size() >= MIN_DISTINCT_SETTINGS,
                "only " + settings.size() + " distinct settings; need " + MIN_DISTINCT_SETTINGS);
        assertEquals(new TreeSet<>(catalog.categories()), actionCategories, "every catalog category is exercised");
    }

    /** The validator itself rejects what the grammar and the catalog forbid (guards against a too-lenient check). */
    @Test
    void validatorRejectsBadPrograms() {
        for (String bad : List.of("", "None", "display.brightness", "display.brightness  set 50", "display.brightness set 150",
                "display.brightness set 37.5", "display.brightness on", "display.brightness set fifty",
                "bluetooth.enabled set on", "colors.mode set Dark", "display.scale set 130", "display.scale increase 25",
                "no.such_setting on", "sound.mute on;sound.volume set 10", "sound.mute on ; sound.mute off",
                "sound.mute on ; bluetooth.enabled on ; network.wifi on ; colors.mode set dark", "update.check_now off",
                "display.brightness set -5", " sound.mute on", "sound.mute on ")) {
            try {
                parseProgram(bad);
                fail("accepted invalid program '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                // rejected as it should be
            }
        }
        assertEquals(1, parseProgram("display.scale set 150").size());
        assertEquals(2, parseProgram("sound.volume decrease 20 ; display.night_light on").size());
        assertTrue(parseProgram("none").isEmpty());
    }
}
