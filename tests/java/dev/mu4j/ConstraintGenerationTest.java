package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end through the public API: a tiny random Mu model whose vocabulary is a settings tokenizer
 * ({@code tests/golden/constrain/}) generates at temperature 1 under a {@link Constraint}, and every generation is
 * a valid action program (or valid JSON), ended by the end token; without the constraint it is not.
 */
class ConstraintGenerationTest {
    static final Path FIXTURES = Path.of("tests", "golden", "constrain");
    static final String END = "<|end|>";
    static final int SEEDS = 12;
    static final Pattern ACTION = Pattern.compile(
            "([a-z][a-z0-9_.]*) (set|increase|decrease|on|off|open)(?: (-?[0-9]+(?:\\.[0-9]+)?|[a-z0-9][a-z0-9_]*))?");
    static final String SCHEMA = """
            {"type": "object", "properties": {
              "setting": {"type": "string", "enum": ["display.brightness", "sound.volume"]},
              "value": {"type": "integer", "minimum": 0, "maximum": 100},
              "note": {"type": "string", "maxLength": 8},
              "flags": {"type": "array", "items": {"type": "boolean"}, "maxItems": 3}
            }, "required": ["setting", "value"]}""";

    static Catalog catalog;

    @BeforeAll
    static void load() {
        catalog = Catalog.loadDefault();
    }

    static String prompt(Tokenizer tok, String request) {
        StringBuilder meta = new StringBuilder();
        for (Setting s : catalog.search(request, 5)) meta.append(s.id()).append(": ").append(s.title()).append("; ");
        return "<s><|meta|>" + meta + "<|user|>" + request + "<|plan|>";
    }

    /** Why {@code program} is not valid for the catalog, or null; written from AGENT-FORMAT.md and Setting. */
    static String invalid(String program) {
        if (program.equals("none")) return null;
        String[] parts = program.split(" ; ", -1);
        if (parts.length > 3) return "more than 3 actions";
        Set<String> seen = new HashSet<>();
        for (String part : parts) {
            Matcher m = ACTION.matcher(part);
            if (!m.matches()) return "'" + part + "' is not an action";
            Setting s = catalog.byId(m.group(1)).orElse(null);
            if (s == null) return "no setting " + m.group(1);
            if (!seen.add(s.id())) return s.id() + " twice";
            Object value = m.group(3);
            if (value != null && s.type() == SettingType.RANGE) value = Double.parseDouble(m.group(3));
            String why = s.rejection(m.group(2), value).orElse(null);
            if (why != null) return why;
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ids-added", "ids-split"})
    void sampledProgramsAreValid(String name) throws IOException {
        try (Model model = Model.load(FIXTURES.resolve(name))) {
            Tokenizer tok = model.tokenizer();
            Constraint programs = Constraint.settingsPrograms(tok, catalog, END);
            int end = tok.tokenId(END).getAsInt();
            LogitsProcessor constraint = programs.newProcessor();   // reused: each generation resets it
            try (Session session = model.newSession()) {
                for (int seed = 0; seed < SEEDS; seed++) {
                    GenerationConfig config = GenerationConfig.builder().temperature(1).seed(seed).maxNewTokens(200)
                            .stopTokens(Set.of(end)).processors(List.of(constraint)).build();
                    Generation g = session.generate(prompt(tok, "make the screen brighter and mute"), config);
                    assertEquals(Generation.FinishReason.STOP_TOKEN, g.finishReason(), g.text());
                    assertEquals(null, invalid(g.text()), name + " seed " + seed + ": '" + g.text() + "'");
                    assertTrue(programs.matches(g.text()));
                    System.out.printf("%s seed %d: %s%n", name, seed, g.text());
                }
                GenerationConfig greedy = GenerationConfig.builder().maxNewTokens(200).stopTokens(Set.of(end))
                        .processors(List.of(constraint)).build();
                Generation g = session.generate(prompt(tok, "turn on bluetooth"), greedy);
                assertEquals(null, invalid(g.text()), g.text());

                GenerationConfig free = GenerationConfig.builder().temperature(1).seed(1).maxNewTokens(30)
                        .stopTokens(Set.of(end)).build();
                Generation unconstrained = session.generate(prompt(tok, "make the screen brighter"), free);
                assertNotEquals(null, invalid(unconstrained.text()), "a random model should not write programs alone");
            }
            System.out.println(programs);
        }
    }

    @Test
    void sampledJsonValidates() throws IOException {
        try (Model model = Model.load(FIXTURES.resolve("ids-split"))) {
            Tokenizer tok = model.tokenizer();
            Constraint json = Constraint.jsonSchema(tok, SCHEMA, END);
            int end = tok.tokenId(END).getAsInt();
            try (Session session = model.newSession()) {
                for (int seed = 0; seed < SEEDS; seed++) {
                    GenerationConfig config = GenerationConfig.builder().temperature(1).seed(seed).maxNewTokens(300)
                            .stopTokens(Set.of(end)).processors(List.of(json.newProcessor())).build();
                    Generation g = session.generate("<s><|user|>a setting as JSON<|plan|>", config);
                    assertEquals(Generation.FinishReason.STOP_TOKEN, g.finishReason(), g.text());
                    JsonObject o = parseStrict(g.text()).getAsJsonObject();
                    assertTrue(List.of("display.brightness", "sound.volume").contains(o.get("setting").getAsString()));
                    int value = o.get("value").getAsInt();
                    assertTrue(value >= 0 && value <= 100, g.text());
                    if (o.has("note")) assertTrue(o.get("note").getAsString().codePointCount(0, o.get("note").getAsString().length()) <= 8);
                    if (o.has("flags")) assertTrue(o.getAsJsonArray("flags").size() <= 3);
                    for (String k : o.keySet()) assertTrue(Set.of("setting", "value", "note", "flags").contains(k), k);
                    System.out.printf("json seed %d: %s%n", seed, g.text());
                }
            }
        }
    }

    static JsonElement parseStrict(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement e = JsonParser.parseReader(reader);
        assertEquals(JsonToken.END_DOCUMENT, reader.peek(), text);
        return e;
    }

    @Test
    void publicApiContract() throws IOException {
        Tokenizer tok = Tokenizer.load(FIXTURES.resolve("ids-added").resolve("tokenizer.json"));
        MuException e = assertThrows(MuException.class, () -> Constraint.settingsPrograms(tok, catalog, "<|nope|>"));
        assertTrue(e.getMessage().contains("'<|nope|>' is not in the vocabulary"), e.getMessage());
        e = assertThrows(MuException.class, () -> Constraint.jsonSchema(tok, "{\"type\": \"object\", \"properties\": "
                + "{\"a\": {\"type\": \"string\", \"pattern\": \"[a-z]+\"}}}", END));
        assertTrue(e.getMessage().startsWith("$.properties.a.pattern: "), e.getMessage());
        Constraint programs = Constraint.settingsPrograms(tok, catalog, END);
        assertTrue(programs.matches("display.brightness set 40 ; sound.mute on"));
        assertFalse(programs.matches("display.brightness set 400"));
        // a processor refuses tokens its masks would not have allowed
        LogitsProcessor p = programs.newProcessor();
        p.reset();
        int end = tok.tokenId(END).getAsInt();
        assertThrows(MuException.class, () -> p.accept(end));
        assertThrows(MuException.class, () -> p.accept(tok.tokenId("<|user|>").getAsInt()));
        p.accept(tok.tokenId("none").getAsInt());
        float[] logits = new float[tok.vocabSize() + 3];   // a model vocabulary may be larger than the tokenizer's
        p.process(new int[0], 0, logits);
        for (int i = 0; i < logits.length; i++) assertEquals(i == end ? 0f : Float.NEGATIVE_INFINITY, logits[i], "id " + i);
    }
}
