package dev.mu4j.internal.constrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.mu4j.LogitsProcessor;
import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings-program constraint on the real catalog, with the two fixture tokenizers of
 * {@code tests/golden/constrain/} (setting ids as added tokens, and split into BPE pieces by a tokenizer whose
 * merges cross spaces and punctuation): it never blocks a valid program, every program it lets through is valid,
 * and its masks agree with the one-token reference wherever a generation goes.
 */
class ConstrainSettingsTest {
    static final Path FIXTURES = Path.of("tests", "golden", "constrain");
    static final Path CATALOG_FILE = Path.of("models", "settings", "catalog.json");
    static final Path HANDWRITTEN = Path.of("models", "settings", "eval", "handwritten.jsonl");
    static final String END = "<|end|>";
    static final int GENERATED_PROGRAMS = 400;
    static final int RANDOM_WALKS = 200;

    /** {@code action := SETTING_ID " " OP ( " " VALUE )?}, parsed independently of the automaton. */
    static final Pattern ACTION = Pattern.compile(
            "([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+) (set|increase|decrease|on|off|open)(?: (-?[0-9]+(?:\\.[0-9]+)?|[a-z0-9][a-z0-9_]*))?");

    static Catalog catalog;

    @BeforeAll
    static void load() throws IOException {
        catalog = Catalog.load(CATALOG_FILE);
    }

    static Stream<String> tokenizers() {
        return Stream.of("ids-added", "ids-split");
    }

    static Tokenizer tokenizer(String name) throws IOException {
        return Tokenizer.load(FIXTURES.resolve(name).resolve("tokenizer.json"));
    }

    private static final java.util.Map<String, Grammar> GRAMMARS = new java.util.HashMap<>();

    /** The settings grammar over the fixture tokenizer, compiled once for the tests of this class. */
    static synchronized Grammar grammar(String name, Tokenizer tok) {
        return GRAMMARS.computeIfAbsent(name, n -> Grammar.settingsPrograms(tok, catalog, END));
    }

    /** Why {@code program} is not a valid program of the catalog, or null when it is. */
    static String invalid(Catalog catalog, String program) {
        if (program.equals("none")) return null;
        String[] parts = program.split(" ; ", -1);
        if (parts.length > SettingsGrammar.MAX_ACTIONS) return "more than " + SettingsGrammar.MAX_ACTIONS + " actions";
        Set<String> seen = new HashSet<>();
        for (String part : parts) {
            Matcher m = ACTION.matcher(part);
            if (!m.matches()) return "'" + part + "' does not match the action grammar";
            Setting s = catalog.byId(m.group(1)).orElse(null);
            if (s == null) return "unknown setting " + m.group(1);
            if (!seen.add(s.id())) return s.id() + " twice";
            String token = m.group(3);
            Object value = token;
            if (token != null && s.type() == SettingType.RANGE) {
                if (!token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")) return "'" + token + "' is not a canonical number";
                value = token.contains(".") ? (Object) Double.parseDouble(token) : (Object) Long.parseLong(token);
            }
            String why = s.rejection(m.group(2), value).orElse(null);
            if (why != null) return why;
        }
        return null;
    }

    static List<String> handwrittenPrograms() throws IOException {
        List<String> programs = new ArrayList<>();
        for (String line : Files.readAllLines(HANDWRITTEN, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) programs.add(JsonParser.parseString(line).getAsJsonObject().get("program").getAsString());
        }
        return programs;
    }

    /** Random valid programs, built from the Setting API (not from the automaton). */
    static List<String> generatedPrograms(Catalog catalog, int n, long seed) {
        Random rng = new Random(seed);
        List<Setting> all = catalog.settings();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(10) == 0) {
                out.add("none");
                continue;
            }
            int k = 1 + rng.nextInt(SettingsGrammar.MAX_ACTIONS);
            List<Setting> chosen = new ArrayList<>();
            while (chosen.size() < k) {
                Setting s = all.get(rng.nextInt(all.size()));
                if (!chosen.contains(s)) chosen.add(s);
            }
            List<String> actions = new ArrayList<>();
            for (Setting s : chosen) actions.add(randomAction(rng, s));
            out.add(String.join(" ; ", actions));
        }
        return out;
    }

    private static String randomAction(Random rng, Setting s) {
        String op = s.ops().get(rng.nextInt(s.ops().size()));
        String value = null;
        if (op.equals("set")) {
            if (s.type() == SettingType.RANGE) {
                Range r = s.range();
                value = number(rng, r.min(), r.max(), SettingsGrammar.decimals(r));
            } else {
                value = s.valueIds().get(rng.nextInt(s.valueIds().size()));
            }
        } else if ((op.equals("increase") || op.equals("decrease")) && s.type() == SettingType.RANGE && rng.nextBoolean()) {
            int d = SettingsGrammar.decimals(s.range());
            value = number(rng, Math.pow(10, -d), s.range().max() - s.range().min(), d);
        }
        return s.id() + " " + op + (value == null ? "" : " " + value);
    }

    /** A random number in [lo, hi] with at most {@code digits} decimals, written canonically. */
    private static String number(Random rng, double lo, double hi, int digits) {
        long a = (long) Math.ceil(lo * Math.pow(10, digits) - 1e-9), b = (long) Math.floor(hi * Math.pow(10, digits) + 1e-9);
        long v = rng.nextInt(5) == 0 ? (rng.nextBoolean() ? a : b) : a + (long) (rng.nextDouble() * (b - a + 1));
        return BigDecimal.valueOf(Math.min(v, b), digits).stripTrailingZeros().toPlainString();
    }

    @Test
    void referenceProgramsAreValid() throws IOException {
        for (String p : handwrittenPrograms()) assertEquals(null, invalid(catalog, p), p);
        for (String p : generatedPrograms(catalog, GENERATED_PROGRAMS, 1)) assertEquals(null, invalid(catalog, p), p);
        assertTrue(invalid(catalog, "display.brightness set 101") != null);
        assertTrue(invalid(catalog, "display.brightness open ; display.brightness open") != null);
    }

    @ParameterizedTest
    @MethodSource("tokenizers")
    void javaEncodesTheFixtureProgramsAsHf(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        JsonElement root = JsonParser.parseString(Files.readString(FIXTURES.resolve(name).resolve("encodings.json")));
        int n = 0;
        for (JsonElement e : root.getAsJsonArray()) {
            String text = e.getAsJsonObject().get("text").getAsString();
            int[] ids = e.getAsJsonObject().get("ids").getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt)
                    .toArray();
            assertArrayEquals(ids, tok.encode(text, false), text);
            n++;
        }
        assertTrue(n >= 50);
    }

    /** The constraint never blocks the right answer: every valid program, tokenized as the tokenizer does. */
    @ParameterizedTest
    @MethodSource("tokenizers")
    void everyValidProgramPassesTokenByToken(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        Grammar grammar = grammar(name, tok);
        int end = tok.tokenId(END).getAsInt();
        LogitsProcessor p = grammar.newProcessor();
        List<String> programs = new ArrayList<>(handwrittenPrograms());
        programs.addAll(generatedPrograms(catalog, GENERATED_PROGRAMS, 2));
        float[] logits = new float[tok.vocabSize()];
        int tokens = 0;
        for (String program : programs) {
            assertTrue(grammar.matches(program), program);
            int[] ids = tok.encode(program, false);
            p.reset();
            for (int i = 0; i < ids.length; i++) {
                Arrays.fill(logits, 0f);
                p.process(null, 0, logits);
                if (logits[ids[i]] != 0f) {
                    fail(name + ": '" + program + "': token " + i + " '" + tok.token(ids[i]) + "' is masked after '"
                            + tok.decode(Arrays.copyOf(ids, i)) + "'");
                }
                String prefix = tok.decode(Arrays.copyOf(ids, i));
                assertEquals(grammar.matches(prefix), logits[end] == 0f, "end after '" + prefix + "' in " + program);
                p.accept(ids[i]);
                tokens++;
            }
            Arrays.fill(logits, 0f);
            p.process(null, 0, logits);
            assertEquals(0f, logits[end], "end masked after '" + program + "'");
            for (int id = 0; id < tok.vocabSize(); id++) {
                if (tok.isSpecial(id) && id != end) assertEquals(Float.NEGATIVE_INFINITY, logits[id], tok.token(id));
            }
            p.accept(end);
        }
        System.out.printf("settings constraint (%s): %d programs, %d tokens passed; %s%n", name, programs.size(),
                tokens, grammar);
    }

    /** Random walks over the allowed tokens: every text they end with is a valid program. */
    @ParameterizedTest
    @MethodSource("tokenizers")
    void randomWalksProduceValidPrograms(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        Grammar grammar = grammar(name, tok);
        MaskTable table = grammar.table();
        int end = tok.tokenId(END).getAsInt();
        GrammarProcessor p = (GrammarProcessor) grammar.newProcessor();
        Random rng = new Random(name.hashCode());
        float[] logits = new float[tok.vocabSize()];
        int[] allowed = new int[tok.vocabSize()];
        Set<Integer> actionCounts = new HashSet<>();
        int referenceChecks = 0;
        for (int walk = 0; walk < RANDOM_WALKS; walk++) {
            p.reset();
            List<Integer> ids = new ArrayList<>();
            List<Integer> claimed = new ArrayList<>();
            while (true) {
                Arrays.fill(logits, 0f);
                p.process(null, 0, logits);
                int n = 0;
                for (int id = 0; id < logits.length; id++) if (logits[id] == 0f) allowed[n++] = id;
                assertTrue(n > 0, "nothing allowed after " + ids);
                if (walk % 10 == 0) {   // the fast mask equals the reference, token by token
                    int[] keys = claimed.stream().mapToInt(Integer::intValue).toArray();
                    for (int id = 0; id < logits.length; id++) {
                        boolean ref = id == end ? table.dfa().accepting(p.state()) : table.allowedRef(p.state(), keys,
                                keys.length, id);
                        assertEquals(ref, logits[id] == 0f, "token " + id + " after " + tok.decode(toArray(ids)));
                        referenceChecks++;
                    }
                }
                int next = allowed[rng.nextInt(n)];
                p.accept(next);
                if (next == end) break;
                ids.add(next);
                claimed.clear();
                String text = tok.decode(toArray(ids));
                for (String part : text.split(" ; ")) {
                    int space = part.indexOf(' ');
                    if (space > 0) catalog.byId(part.substring(0, space)).ifPresent(s -> claimed.add(catalog.settings().indexOf(s)));
                }
            }
            String program = tok.decode(toArray(ids));
            assertEquals(null, invalid(catalog, program), name + ": walk " + walk + " produced '" + program + "'");
            actionCounts.add(program.equals("none") ? 0 : program.split(" ; ").length);
        }
        // "none" is one start among hundreds of ids: the token-by-token test above covers it
        assertTrue(actionCounts.containsAll(Set.of(1, 2, 3)), "walks should reach every program length: " + actionCounts);
        assertTrue(referenceChecks > 100_000);
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
