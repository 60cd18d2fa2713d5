package dev.mu4j.internal.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.mu4j.LogitsProcessor;
import dev.mu4j.MuException;
import dev.mu4j.Tokenizer;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schema constraint: accept/reject tables per keyword, error messages that name the JSON path, random
 * walks over the allowed tokens that always end in JSON which parses (strictly) and validates, and valid
 * documents that pass token by token.
 */
class JsonSchemaGrammarTest {
    static final int RANDOM_WALKS = 150;
    /** Chance that a random walk step takes a token that brings the text closest to complete. */
    static final double FINISH_BIAS = 0.3;

    static final String PERSON = """
            {"type": "object", "title": "a person", "properties": {
              "name": {"type": "string", "maxLength": 12},
              "age": {"type": "integer", "minimum": 0, "maximum": 130},
              "score": {"type": "number"},
              "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b c", "dé"]}, "minItems": 1, "maxItems": 3},
              "admin": {"type": "boolean"},
              "nick": {"type": ["string", "null"], "maxLength": 5},
              "pos": {"type": "object", "properties": {"x": {"type": "integer", "minimum": -5, "maximum": 5},
                      "y": {"type": "integer"}}, "required": ["x"]},
              "kind": {"const": "user"}
            }, "required": ["name", "age", "kind"], "additionalProperties": false}""";
    static final String STRINGS = """
            {"type": "array", "items": {"type": "string"}, "maxItems": 4}""";
    static final String ACTIONS = """
            {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "object", "properties": {
              "id": {"enum": ["display.brightness", "sound.volume", "sound.mute"]},
              "op": {"type": "string", "enum": ["set", "increase", "open"]},
              "value": {"type": "integer", "minimum": 0, "maximum": 100}}, "required": ["id", "op"]}}""";
    static final String SCALARS = """
            {"type": ["integer", "boolean", "null"], "minimum": -1000, "exclusiveMaximum": 1000}""";
    static final String ENUM = """
            {"enum": [1, "x", null, true, {"a": [1, 2.5]}, "</tag>"]}""";
    static final String NUMBER = """
            {"type": "number", "description": "anything"}""";
    static final List<String> SCHEMAS = List.of(PERSON, STRINGS, ACTIONS, SCALARS, ENUM, NUMBER);

    static Dfa compile(String schema) {
        return JsonSchemaGrammar.compile(schema);
    }

    static boolean matches(Dfa dfa, String text) {
        return dfa.matches(text.getBytes(StandardCharsets.UTF_8));
    }

    static void table(String schema, List<String> ok, List<String> bad) {
        Dfa dfa = compile(schema);
        for (String t : ok) {
            assertTrue(matches(dfa, t), schema + " should accept " + t);
            assertEquals(null, violation(parseStrict(t), JsonParser.parseString(schema).getAsJsonObject(), "$"), t);
        }
        for (String t : bad) assertFalse(matches(dfa, t), schema + " should reject " + t);
    }

    @Test
    void scalars() {
        table("{\"type\": \"boolean\"}", List.of("true", "false"), List.of("True", "\"true\"", "1", "true ", " true", ""));
        table("{\"type\": \"null\"}", List.of("null"), List.of("nul", "\"null\"", "None"));
        table(NUMBER, List.of("0", "-0", "1.5", "-12.25e10", "1E+3", "2e-7", "123456789012345", "0.000000000000001"),
                List.of("01", "1.", ".5", "1e", "+1", "--1", "1234567890123456", "0x10", "NaN", "Infinity", "1e1234"));
        table("{\"type\": \"integer\"}", List.of("0", "-7", "9223372036854775807", "-9223372036854775808"),
                List.of("-0", "1.0", "1e3", "9223372036854775808", "007"));
        table(SCALARS, List.of("-1000", "999", "0", "true", "null"), List.of("1000", "-1001", "\"x\"", "1.5"));
        table("{\"type\": \"integer\", \"minimum\": 1.5, \"exclusiveMinimum\": 1, \"maximum\": 9.9}",
                List.of("2", "9"), List.of("1", "10"));
        table("{\"type\": \"integer\", \"minimum\": 3, \"exclusiveMinimum\": true, \"maximum\": 6, \"exclusiveMaximum\": true}",
                List.of("4", "5"), List.of("3", "6"));
    }

    @Test
    void strings() {
        String s = "{\"type\": \"string\", \"minLength\": 2, \"maxLength\": 3}";
        table(s, List.of("\"ab\"", "\"abc\"", "\"é😀\"", "\"\\u00e9x\"", "\"\\n\\t\\\"\"", "\"\\\\/\"", "\"a\\/\"",
                        "\"日本語\""),
                List.of("\"a\"", "\"abcd\"", "\"\\ud83d\\ude00\"", "\"a\tb\"", "\"\\x41b\"", "\"ab", "ab", "'ab'",
                        "\"\\u12\"", "\"😀😀😀😀\""));
        Dfa dfa = compile(s);
        assertFalse(dfa.matches(new byte[] {'"', 'a', (byte) 0xC0, (byte) 0x80, '"'}), "overlong UTF-8");
        assertFalse(dfa.matches(new byte[] {'"', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}), "UTF-8 surrogate");
        assertFalse(dfa.matches(new byte[] {'"', 'a', (byte) 0xFF, '"'}), "not UTF-8");
        table(STRINGS, List.of("[]", "[\"\"]", "[\"a b\",\"\",\"ü\",\"x\"]"),
                List.of("[\"a\",]", "[,]", "[\"a\" ]", "[\"1\",\"2\",\"3\",\"4\",\"5\"]", "[1]"));
        table("{\"enum\": [\"a\", \"b\"], \"type\": \"string\"}", List.of("\"a\"", "\"b\""), List.of("\"c\"", "\"ab\""));
    }

    @Test
    void objectsAndArrays() {
        table(PERSON, List.of(
                "{\"name\":\"Ann\",\"age\":30,\"kind\":\"user\"}",
                "{\"name\":\"\",\"age\":0,\"score\":-1.5,\"tags\":[\"a\",\"dé\"],\"admin\":true,\"nick\":null,"
                        + "\"pos\":{\"x\":-5,\"y\":12},\"kind\":\"user\"}",
                "{\"name\":\"x\",\"age\":130,\"nick\":\"bob\",\"pos\":{\"x\":5},\"kind\":\"user\"}"),
                List.of("{\"age\":30,\"name\":\"Ann\",\"kind\":\"user\"}", "{\"name\":\"Ann\",\"age\":30}",
                        "{\"name\":\"Ann\", \"age\":30,\"kind\":\"user\"}",
                        "{\"name\":\"Ann\",\"age\":30,\"kind\":\"user\",\"extra\":1}",
                        "{\"name\":\"Ann\",\"age\":131,\"kind\":\"user\"}",
                        "{\"name\":\"Ann\",\"age\":3,\"tags\":[],\"kind\":\"user\"}",
                        "{\"name\":\"Ann\",\"age\":3,\"pos\":{\"y\":1},\"kind\":\"user\"}",
                        "{\"name\":\"Ann\",\"age\":3,\"kind\":\"admin\"}", "{}"));
        table(ACTIONS, List.of("[{\"id\":\"sound.mute\",\"op\":\"open\"}]",
                "[{\"id\":\"sound.volume\",\"op\":\"set\",\"value\":40},{\"id\":\"display.brightness\",\"op\":\"increase\"}]"),
                List.of("[]", "[{\"id\":\"sound.mute\"}]", "[{\"op\":\"open\",\"id\":\"sound.mute\"}]",
                        "[{\"id\":\"sound.mute\",\"op\":\"open\"},{\"id\":\"sound.mute\",\"op\":\"open\"},"
                                + "{\"id\":\"sound.mute\",\"op\":\"open\"},{\"id\":\"sound.mute\",\"op\":\"open\"}]"));
        table("{\"type\": \"object\"}", List.of("{}"), List.of("{\"a\":1}"));
        table(ENUM, List.of("1", "\"x\"", "null", "true", "{\"a\":[1,2.5]}", "\"</tag>\""),
                List.of("2", "\"y\"", "{\"a\":[1,2.5] }", "\"\\u003c/tag>\""));
    }

    @Test
    void badSchemasNameTheirJsonPath() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("not json {", "the JSON schema is not valid JSON"),
                Map.entry("[]", "$: a schema must be a JSON object"),
                Map.entry("{}", "$: the schema needs a 'type', 'enum' or 'const'"),
                Map.entry("{\"type\": \"strin\"}", "$.type: \"strin\" is not a type"),
                Map.entry("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"x\"}}}",
                        "$.properties.a.pattern: 'pattern' is not supported"),
                Map.entry("{\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"t\": {\"anyOf\": []}}}}",
                        "$.items.properties.t.anyOf: 'anyOf' is not supported"),
                Map.entry("{\"type\": \"array\"}", "$: an array schema needs 'items'"),
                Map.entry("{\"type\": \"object\", \"properties\": {}, \"required\": [\"x\"]}",
                        "$.required[0]: 'x' is not in properties"),
                Map.entry("{\"type\": \"number\", \"minimum\": 0}", "$.minimum: bounds on 'number' are not supported"),
                Map.entry("{\"type\": \"integer\", \"minimum\": 5, \"maximum\": 4}", "$: no integer lies between the bounds"),
                Map.entry("{\"type\": \"string\", \"maxLength\": -1}", "$.maxLength: must be a whole number"),
                Map.entry("{\"type\": \"string\", \"maxLength\": 1, \"minLength\": 2}", "$: maxLength 1 is below minLength 2"),
                Map.entry("{\"enum\": []}", "$.enum: must be a non-empty array"),
                Map.entry("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}, \"uniqueItems\": true}",
                        "$.uniqueItems: 'uniqueItems' is not supported"),
                Map.entry("{\"type\": \"array\", \"maxItems\": 100000, \"items\": {\"type\": \"array\", \"maxItems\": 1000, "
                        + "\"items\": {\"type\": \"string\", \"maxLength\": 100}}}", "needs more than 2000000 automaton states"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            MuException e = assertThrows(MuException.class, () -> compile(c.getKey()), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " gave: " + e.getMessage());
        }
    }

    // ---- with a tokenizer ----------------------------------------------------------------------------------

    static Tokenizer tokenizer(String name) throws IOException {
        return name.equals("gpt2") ? Tokenizer.load(Path.of("tests", "golden", "tokenizers", "gpt2", "tokenizer.json"))
                : Tokenizer.load(ConstrainSettingsTest.FIXTURES.resolve(name).resolve("tokenizer.json"));
    }

    static String endToken(String name) {
        return name.equals("gpt2") ? "<|endoftext|>" : "<|end|>";
    }

    /** Random walks (uniform, with a pull towards completion) always end in valid JSON. */
    @ParameterizedTest
    @ValueSource(strings = {"ids-split", "gpt2"})
    void randomWalksProduceValidJson(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        Random rng = new Random(name.hashCode());
        for (String schemaText : SCHEMAS) {
            Grammar grammar = Grammar.jsonSchema(tok, schemaText, endToken(name));
            MaskTable table = grammar.table();
            Dfa dfa = table.dfa();
            int[] distance = distanceToAccept(dfa);
            int end = table.endToken();
            JsonObject schema = JsonParser.parseString(schemaText).getAsJsonObject();
            LogitsProcessor p = grammar.newProcessor();
            float[] logits = new float[tok.vocabSize()];
            int[] allowed = new int[tok.vocabSize()];
            for (int walk = 0; walk < RANDOM_WALKS; walk++) {
                p.reset();
                List<Integer> ids = new ArrayList<>();
                int state = 0;
                while (true) {
                    Arrays.fill(logits, 0f);
                    p.process(null, 0, logits);
                    int n = 0;
                    for (int id = 0; id < logits.length; id++) if (logits[id] == 0f) allowed[n++] = id;
                    assertTrue(n > 0);
                    int next = allowed[rng.nextInt(n)];
                    if (rng.nextDouble() < FINISH_BIAS) next = closest(table, state, allowed, n, distance, rng);
                    p.accept(next);
                    if (next == end) break;
                    ids.add(next);
                    state = run(dfa, state, table.bytes(next));
                    assertTrue(ids.size() < 2000, "walk does not end: " + tok.decode(toArray(ids)));
                }
                String text = tok.decode(toArray(ids));
                JsonElement value = parseStrict(text);
                String why = violation(value, schema, "$");
                if (why != null) fail(name + ": " + text + " violates the schema: " + why + "\nschema: " + schemaText);
                assertTrue(grammar.matches(text));
                if (walk < 2) System.out.println("json walk (" + name + "): " + text);
            }
        }
    }

    /** Valid documents pass token by token, the end token only at the end. */
    @ParameterizedTest
    @ValueSource(strings = {"ids-split", "gpt2"})
    void validDocumentsPassTokenByToken(String name) throws IOException {
        Tokenizer tok = tokenizer(name);
        Map<String, List<String>> documents = Map.of(
                PERSON, List.of("{\"name\":\"Ann\",\"age\":30,\"kind\":\"user\"}",
                        "{\"name\":\"é \\\"q\\\" \\\\ 😀\",\"age\":0,\"score\":-1.5e3,\"tags\":[\"b c\",\"dé\"],"
                                + "\"admin\":false,\"nick\":null,\"pos\":{\"x\":-5,\"y\":123456789},\"kind\":\"user\"}",
                        "{\"name\":\"The quick\",\"age\":42,\"nick\":\"日本語\",\"kind\":\"user\"}"),
                STRINGS, List.of("[]", "[\"\",\"hello world\",\"日本語\",\"tab\\tnew\\nline\"]",
                        "[\"Hello, world! How are you doing today?\"]"),
                ACTIONS, List.of("[{\"id\":\"display.brightness\",\"op\":\"set\",\"value\":100},{\"id\":\"sound.mute\",\"op\":\"open\"}]"),
                SCALARS, List.of("-1000", "999", "true", "null"),
                ENUM, List.of("{\"a\":[1,2.5]}", "\"</tag>\"", "null"),
                NUMBER, List.of("3.14159", "-0.5e-3", "100"));
        int passed = 0;
        for (Map.Entry<String, List<String>> e : documents.entrySet()) {
            Grammar grammar = Grammar.jsonSchema(tok, e.getKey(), endToken(name));
            int end = grammar.table().endToken();
            LogitsProcessor p = grammar.newProcessor();
            float[] logits = new float[tok.vocabSize()];
            for (String doc : e.getValue()) {
                assertEquals(null, violation(parseStrict(doc), JsonParser.parseString(e.getKey()).getAsJsonObject(), "$"));
                int[] ids = tok.encode(doc, false);
                p.reset();
                for (int i = 0; i < ids.length; i++) {
                    Arrays.fill(logits, 0f);
                    p.process(null, 0, logits);
                    if (logits[ids[i]] != 0f) {
                        fail(name + ": " + doc + ": token " + i + " '" + tok.token(ids[i]) + "' masked after "
                                + tok.decode(Arrays.copyOf(ids, i)));
                    }
                    p.accept(ids[i]);
                    passed++;
                }
                Arrays.fill(logits, 0f);
                p.process(null, 0, logits);
                assertEquals(0f, logits[end], doc);
                p.accept(end);
            }
        }
        assertTrue(passed > 50);
    }

    /** The allowed token whose end state is nearest to acceptance (ties broken at random; the end token is 0). */
    static int closest(MaskTable table, int state, int[] allowed, int n, int[] distance, Random rng) {
        int best = -1, bestDistance = Integer.MAX_VALUE, ties = 0;
        for (int i = 0; i < n; i++) {
            int t = allowed[i];
            int d = t == table.endToken() ? -1 : distance[run(table.dfa(), state, table.bytes(t))];
            if (d < bestDistance) {
                best = t;
                bestDistance = d;
                ties = 1;
            } else if (d == bestDistance && rng.nextInt(++ties) == 0) {
                best = t;
            }
        }
        return best;
    }

    static int run(Dfa dfa, int state, byte[] bytes) {
        for (byte b : bytes) state = dfa.target(dfa.find(state, b & 0xFF));
        return state;
    }

    /** Bytes from each state to the nearest accepting state. */
    static int[] distanceToAccept(Dfa dfa) {
        int n = dfa.stateCount();
        List<List<Integer>> rev = new ArrayList<>();
        for (int s = 0; s < n; s++) rev.add(new ArrayList<>());
        for (int s = 0; s < n; s++) for (int r = dfa.rangesFrom(s); r < dfa.rangesTo(s); r++) rev.get(dfa.target(r)).add(s);
        int[] d = new int[n];
        Arrays.fill(d, Integer.MAX_VALUE);
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int s = 0; s < n; s++) {
            if (dfa.accepting(s)) {
                d[s] = 0;
                q.add(s);
            }
        }
        while (!q.isEmpty()) {
            int s = q.poll();
            for (int p : rev.get(s)) {
                if (d[p] == Integer.MAX_VALUE) {
                    d[p] = d[s] + 1;
                    q.add(p);
                }
            }
        }
        return d;
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Parses one JSON value with gson in strict mode (no lenient extensions, nothing after the value). */
    static JsonElement parseStrict(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) throw new AssertionError("text after the value: " + text);
            return e;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("not strict JSON: " + text + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Why {@code v} does not validate against {@code schema} (the subset the grammar supports, with
     * additionalProperties false), or null. Written from the JSON Schema rules, not from the grammar.
     */
    static String violation(JsonElement v, JsonObject schema, String path) {
        if (schema.has("const")) return v.equals(schema.get("const")) ? null : path + ": not the const";
        if (schema.has("enum")) {
            for (JsonElement e : schema.getAsJsonArray("enum")) if (e.equals(v)) return null;
            return path + ": not in the enum";
        }
        List<String> types = new ArrayList<>();
        JsonElement t = schema.get("type");
        if (t == null) types.add(schema.has("items") ? "array" : "object");
        else if (t.isJsonArray()) t.getAsJsonArray().forEach(x -> types.add(x.getAsString()));
        else types.add(t.getAsString());
        String last = path + ": type is not " + types;
        for (String type : types) {
            String why = violationOfType(v, type, schema, path);
            if (why == null) return null;
            last = why;
        }
        return last;
    }

    private static String violationOfType(JsonElement v, String type, JsonObject schema, String path) {
        switch (type) {
            case "null":
                return v.isJsonNull() ? null : path + ": not null";
            case "boolean":
                return v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() ? null : path + ": not a boolean";
            case "number":
                return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? null : path + ": not a number";
            case "integer": {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) return path + ": not a number";
                BigDecimal d = v.getAsBigDecimal();
                if (d.stripTrailingZeros().scale() > 0) return path + ": not whole";
                if (schema.has("minimum") && d.compareTo(schema.get("minimum").getAsBigDecimal()) < 0) return path + ": < minimum";
                if (schema.has("maximum") && d.compareTo(schema.get("maximum").getAsBigDecimal()) > 0) return path + ": > maximum";
                JsonElement exMin = schema.get("exclusiveMinimum"), exMax = schema.get("exclusiveMaximum");
                if (exMin != null && exMin.getAsJsonPrimitive().isNumber() && d.compareTo(exMin.getAsBigDecimal()) <= 0) {
                    return path + ": <= exclusiveMinimum";
                }
                if (exMax != null && exMax.getAsJsonPrimitive().isNumber() && d.compareTo(exMax.getAsBigDecimal()) >= 0) {
                    return path + ": >= exclusiveMaximum";
                }
                if (exMin != null && exMin.getAsJsonPrimitive().isBoolean() && exMin.getAsBoolean()
                        && d.compareTo(schema.get("minimum").getAsBigDecimal()) == 0) return path + ": = exclusive minimum";
                if (exMax != null && exMax.getAsJsonPrimitive().isBoolean() && exMax.getAsBoolean()
                        && d.compareTo(schema.get("maximum").getAsBigDecimal()) == 0) return path + ": = exclusive maximum";
                if (d.compareTo(new BigDecimal(Long.MAX_VALUE)) > 0 || d.compareTo(new BigDecimal(Long.MIN_VALUE)) < 0) {
                    return path + ": beyond a long (the grammar's range without bounds)";
                }
                return null;
            }
            case "string": {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) return path + ": not a string";
                String s = v.getAsString();
                int len = s.codePointCount(0, s.length());
                if (schema.has("minLength") && len < schema.get("minLength").getAsInt()) return path + ": too short";
                if (schema.has("maxLength") && len > schema.get("maxLength").getAsInt()) return path + ": too long";
                return null;
            }
            case "array": {
                if (!v.isJsonArray()) return path + ": not an array";
                int n = v.getAsJsonArray().size();
                if (schema.has("minItems") && n < schema.get("minItems").getAsInt()) return path + ": too few items";
                if (schema.has("maxItems") && n > schema.get("maxItems").getAsInt()) return path + ": too many items";
                for (int i = 0; i < n; i++) {
                    String why = violation(v.getAsJsonArray().get(i), schema.getAsJsonObject("items"), path + "[" + i + "]");
                    if (why != null) return why;
                }
                return null;
            }
            default: {
                if (!v.isJsonObject()) return path + ": not an object";
                JsonObject o = v.getAsJsonObject();
                JsonObject props = schema.has("properties") ? schema.getAsJsonObject("properties") : new JsonObject();
                for (String k : o.keySet()) {
                    if (!props.has(k)) return path + ": unexpected property " + k;
                    String why = violation(o.get(k), props.getAsJsonObject(k), path + "." + k);
                    if (why != null) return why;
                }
                if (schema.has("required")) {
                    for (JsonElement r : schema.getAsJsonArray("required")) {
                        if (!o.has(r.getAsString())) return path + ": missing " + r.getAsString();
                    }
                }
                return null;
            }
        }
    }
}
