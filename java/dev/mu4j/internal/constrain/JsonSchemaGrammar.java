package dev.mu4j.internal.constrain;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.mu4j.MuException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compact JSON texts that validate against a JSON Schema, as an automaton. The subset:
 *
 * <ul>
 *   <li>{@code type} (a name or a list of names): {@code object}, {@code array}, {@code string}, {@code integer},
 *       {@code number}, {@code boolean}, {@code null}; {@code enum} and {@code const} (any JSON values, written
 *       compactly);
 *   <li>object: {@code properties}, written in their schema order, {@code required} ones always and the others
 *       optionally; no other keys are generated ({@code additionalProperties} is accepted and has no effect);
 *   <li>array: {@code items} (required), {@code minItems}, {@code maxItems};
 *   <li>string: {@code minLength}, {@code maxLength} (in code points); any Unicode text, escaped as JSON needs,
 *       valid UTF-8; {@code \}{@code u} escapes only for code points that are not surrogates;
 *   <li>integer: {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum} (numbers,
 *       or the draft-4 booleans); without bounds the range of a Java long;
 *   <li>number: no bounds (a schema with them is refused: a constraint must not let out-of-range values through);
 *       at most 15 digits before and 15 after the point and a 3-digit exponent.
 * </ul>
 *
 * No whitespace is generated. Annotations ({@code title}, {@code description}, {@code default}, {@code examples},
 * {@code format}, {@code $schema}, {@code $id}, {@code $comment}, {@code deprecated}, {@code readOnly},
 * {@code writeOnly}) are ignored; any other keyword is an error naming its JSON path, e.g.
 * {@code $.properties.tags.uniqueItems}.
 */
final class JsonSchemaGrammar {
    private static final int MAX_STATES = 2_000_000;
    private static final int NUMBER_DIGITS = 15;
    private static final int EXPONENT_DIGITS = 3;
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "format",
            "$schema", "$id", "$comment", "deprecated", "readOnly", "writeOnly");
    private static final Set<String> KEYWORDS = new LinkedHashSet<>(List.of("type", "enum", "const", "properties",
            "required", "additionalProperties", "items", "minItems", "maxItems", "minLength", "maxLength", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum"));
    private static final List<String> TYPES = List.of("object", "array", "string", "integer", "number", "boolean",
            "null");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Nfa nfa;

    private JsonSchemaGrammar(Nfa nfa) {
        this.nfa = nfa;
    }

    /**
     * The automaton of the compact JSON texts that {@code schemaJson} admits.
     *
     * @throws MuException when the schema is not JSON, uses an unsupported keyword or admits no value; the
     *                     message names the JSON path
     */
    static Dfa compile(String schemaJson) {
        JsonElement schema;
        try {
            schema = JsonParser.parseString(schemaJson);
        } catch (RuntimeException e) {
            throw new MuException("the JSON schema is not valid JSON: " + e.getMessage(), e);
        }
        Nfa nfa = new Nfa(MAX_STATES, "the JSON schema");
        int start = nfa.state();
        int end = new JsonSchemaGrammar(nfa).value(schema, "$", start);
        Dfa dfa = nfa.determinize(start, end, 0);
        if (dfa == null) throw new MuException("$: the JSON schema admits no value");
        return dfa;
    }

    /** The texts of one schema from {@code from}; returns the end state. */
    private int value(JsonElement schemaElement, String path, int from) {
        if (!schemaElement.isJsonObject()) {
            throw new MuException(path + ": a schema must be a JSON object, got " + schemaElement);
        }
        JsonObject schema = schemaElement.getAsJsonObject();
        for (String key : schema.keySet()) {
            if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key)) {
                throw new MuException(path + "." + key + ": '" + key + "' is not supported; supported keywords: "
                        + KEYWORDS + " (annotations such as title and description are ignored)");
            }
        }
        int end = nfa.state();
        if (schema.has("const")) {
            nfa.epsilon(nfa.literal(from, GSON.toJson(schema.get("const"))), end);
            return end;
        }
        if (schema.has("enum")) {
            JsonElement e = schema.get("enum");
            if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
                throw new MuException(path + ".enum: must be a non-empty array, got " + e);
            }
            for (JsonElement v : e.getAsJsonArray()) nfa.epsilon(nfa.literal(from, GSON.toJson(v)), end);
            return end;
        }
        for (String type : types(schema, path)) {
            int typeEnd = switch (type) {
                case "null" -> nfa.literal(from, "null");
                case "boolean" -> {
                    int e = nfa.literal(from, "true");
                    nfa.epsilon(nfa.literal(from, "false"), e);
                    yield e;
                }
                case "integer" -> integer(schema, path, from);
                case "number" -> number(schema, path, from);
                case "string" -> string(schema, path, from);
                case "array" -> array(schema, path, from);
                default -> object(schema, path, from);
            };
            nfa.epsilon(typeEnd, end);
        }
        return end;
    }

    private static List<String> types(JsonObject schema, String path) {
        JsonElement t = schema.get("type");
        List<String> types = new ArrayList<>();
        if (t == null) {
            if (schema.has("properties")) types.add("object");
            else if (schema.has("items")) types.add("array");
            else throw new MuException(path + ": the schema needs a 'type', 'enum' or 'const' to generate from");
        } else if (t.isJsonArray() && !t.getAsJsonArray().isEmpty()) {
            for (JsonElement e : t.getAsJsonArray()) types.add(typeName(e, path + ".type"));
        } else {
            types.add(typeName(t, path + ".type"));
        }
        return types;
    }

    private static String typeName(JsonElement e, String path) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || !TYPES.contains(e.getAsString())) {
            throw new MuException(path + ": " + e + " is not a type; expected one of " + TYPES + " or a list of them");
        }
        return e.getAsString();
    }

    // ---- numbers ---------------------------------------------------------------------------------------------

    private int integer(JsonObject schema, String path, int from) {
        BigInteger lo = BigInteger.valueOf(Long.MIN_VALUE), hi = BigInteger.valueOf(Long.MAX_VALUE);
        BigDecimal min = bound(schema, "minimum", path), max = bound(schema, "maximum", path);
        JsonElement exMin = schema.get("exclusiveMinimum"), exMax = schema.get("exclusiveMaximum");
        boolean draft4ExMin = exMin != null && isBoolean(exMin) && exMin.getAsBoolean();
        boolean draft4ExMax = exMax != null && isBoolean(exMax) && exMax.getAsBoolean();
        if (min != null) lo = lo.max(draft4ExMin ? floorPlusOne(min) : min.setScale(0, RoundingMode.CEILING).toBigInteger());
        if (max != null) hi = hi.min(draft4ExMax ? ceilMinusOne(max) : max.setScale(0, RoundingMode.FLOOR).toBigInteger());
        if (exMin != null && !isBoolean(exMin)) lo = lo.max(floorPlusOne(bound(schema, "exclusiveMinimum", path)));
        if (exMax != null && !isBoolean(exMax)) hi = hi.min(ceilMinusOne(bound(schema, "exclusiveMaximum", path)));
        if (lo.compareTo(hi) > 0) throw new MuException(path + ": no integer lies between the bounds (" + lo + " > " + hi + ")");
        return Numbers.integers(nfa, from, lo, hi);
    }

    private static boolean isBoolean(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean();
    }

    private static BigInteger floorPlusOne(BigDecimal v) {
        return v.setScale(0, RoundingMode.FLOOR).toBigInteger().add(BigInteger.ONE);
    }

    private static BigInteger ceilMinusOne(BigDecimal v) {
        return v.setScale(0, RoundingMode.CEILING).toBigInteger().subtract(BigInteger.ONE);
    }

    private static BigDecimal bound(JsonObject schema, String key, String path) {
        JsonElement e = schema.get(key);
        if (e == null) return null;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new MuException(path + "." + key + ": must be a number, got " + e);
        }
        return e.getAsBigDecimal();
    }

    /** {@code -?(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?([eE][+-]?[0-9]{1,3})?} */
    private int number(JsonObject schema, String path, int from) {
        for (String k : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
            if (schema.has(k)) {
                throw new MuException(path + "." + k + ": bounds on 'number' are not supported (only on 'integer'); "
                        + "drop the bound or use an integer");
            }
        }
        int sign = nfa.state();
        nfa.epsilon(from, sign);
        nfa.edge(from, '-', '-', sign);
        int whole = nfa.state();
        nfa.edge(sign, '0', '0', whole);
        nfa.epsilon(repeat(nfa.range(sign, '1', '9'), 0, NUMBER_DIGITS - 1, '0', '9'), whole);
        int fraction = nfa.state();
        nfa.epsilon(whole, fraction);
        nfa.epsilon(repeat(nfa.literal(whole, "."), 1, NUMBER_DIGITS, '0', '9'), fraction);
        int end = nfa.state();
        nfa.epsilon(fraction, end);
        int e = nfa.range(fraction, 'E', 'E');
        nfa.edge(fraction, 'e', 'e', e);
        int expSign = nfa.state();
        nfa.epsilon(e, expSign);
        nfa.edge(e, '+', '+', expSign);
        nfa.edge(e, '-', '-', expSign);
        nfa.epsilon(repeat(expSign, 1, EXPONENT_DIGITS, '0', '9'), end);
        return end;
    }

    /** Between min and max bytes from lo..hi. */
    private int repeat(int from, int min, int max, int lo, int hi) {
        int end = nfa.state();
        int s = from;
        for (int i = 0; i <= max; i++) {
            if (i >= min) nfa.epsilon(s, end);
            if (i < max) s = nfa.range(s, lo, hi);
        }
        return end;
    }

    // ---- strings ---------------------------------------------------------------------------------------------

    private int string(JsonObject schema, String path, int from) {
        int min = count(schema, "minLength", path, 0), max = count(schema, "maxLength", path, -1);
        if (max >= 0 && max < min) throw new MuException(path + ": maxLength " + max + " is below minLength " + min);
        int s = nfa.literal(from, "\"");
        int close = nfa.state();
        for (int i = 0; max < 0 ? i < min : i <= max; i++) {
            if (i >= min) nfa.epsilon(s, close);
            if (i < max || max < 0) s = character(s);
        }
        if (max < 0) {
            nfa.epsilon(s, close);
            nfa.epsilon(character(s), s);
        }
        return nfa.literal(close, "\"");
    }

    /** One character of a JSON string body: plain (valid UTF-8, not {@code "}, {@code \} or a control) or an escape. */
    private int character(int from) {
        int end = nfa.state();
        nfa.edge(from, 0x20, 0x21, end);
        nfa.edge(from, 0x23, 0x5B, end);
        nfa.edge(from, 0x5D, 0x7F, end);
        // UTF-8 (RFC 3629 table): lead bytes and the continuation ranges they allow
        int cont1 = nfa.state(), cont2 = nfa.state(), cont3 = nfa.state();
        nfa.edge(cont1, 0x80, 0xBF, end);
        nfa.edge(cont2, 0x80, 0xBF, cont1);
        nfa.edge(cont3, 0x80, 0xBF, cont2);
        nfa.edge(from, 0xC2, 0xDF, cont1);
        nfa.edge(nfa.range(from, 0xE0, 0xE0), 0xA0, 0xBF, cont1);
        nfa.edge(from, 0xE1, 0xEC, cont2);
        nfa.edge(nfa.range(from, 0xED, 0xED), 0x80, 0x9F, cont1);
        nfa.edge(from, 0xEE, 0xEF, cont2);
        nfa.edge(nfa.range(from, 0xF0, 0xF0), 0x90, 0xBF, cont2);
        nfa.edge(from, 0xF1, 0xF3, cont3);
        nfa.edge(nfa.range(from, 0xF4, 0xF4), 0x80, 0x8F, cont2);
        int esc = nfa.range(from, '\\', '\\');
        for (char c : "\"\\/bfnrt".toCharArray()) nfa.edge(esc, c, c, end);
        int u = nfa.range(esc, 'u', 'u');
        // four hex digits, not a surrogate (D800..DFFF): a first digit d/D must be followed by 0..7
        int rest3 = nfa.state(), rest2 = nfa.state(), rest1 = nfa.state();
        hex(rest1, end);
        hex(rest2, rest1);
        hex(rest3, rest2);
        for (int[] r : new int[][] {{'0', '9'}, {'a', 'c'}, {'A', 'C'}, {'e', 'f'}, {'E', 'F'}}) nfa.edge(u, r[0], r[1], rest3);
        int d = nfa.state();
        nfa.edge(u, 'd', 'd', d);
        nfa.edge(u, 'D', 'D', d);
        nfa.edge(d, '0', '7', rest2);
        return end;
    }

    private void hex(int from, int to) {
        nfa.edge(from, '0', '9', to);
        nfa.edge(from, 'a', 'f', to);
        nfa.edge(from, 'A', 'F', to);
    }

    private static int count(JsonObject schema, String key, String path, int absent) {
        JsonElement e = schema.get(key);
        if (e == null) return absent;
        BigDecimal v = bound(schema, key, path);
        if (v.signum() < 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(100_000)) > 0) {
            throw new MuException(path + "." + key + ": must be a whole number in 0..100000, got " + e);
        }
        return v.intValueExact();
    }

    // ---- arrays and objects ----------------------------------------------------------------------------------

    private int array(JsonObject schema, String path, int from) {
        JsonElement items = schema.get("items");
        if (items == null) throw new MuException(path + ": an array schema needs 'items' to generate from");
        int min = count(schema, "minItems", path, 0), max = count(schema, "maxItems", path, -1);
        if (max >= 0 && max < min) throw new MuException(path + ": maxItems " + max + " is below minItems " + min);
        int s = nfa.literal(from, "[");
        int close = nfa.state();
        int built = max < 0 ? Math.max(min, 1) : max;
        for (int k = 0; k < built; k++) {
            if (k >= min) nfa.epsilon(s, close);
            s = value(items, path + ".items", k == 0 ? s : nfa.literal(s, ","));
        }
        nfa.epsilon(s, close);
        if (max < 0) nfa.epsilon(value(items, path + ".items", nfa.literal(s, ",")), s);
        return nfa.literal(close, "]");
    }

    private int object(JsonObject schema, String path, int from) {
        JsonObject props = new JsonObject();
        if (schema.has("properties")) {
            JsonElement p = schema.get("properties");
            if (!p.isJsonObject()) throw new MuException(path + ".properties: must be an object, got " + p);
            props = p.getAsJsonObject();
        }
        Set<String> required = new HashSet<>();
        if (schema.has("required")) {
            JsonElement r = schema.get("required");
            if (!r.isJsonArray()) throw new MuException(path + ".required: must be an array of names, got " + r);
            JsonArray names = r.getAsJsonArray();
            for (int i = 0; i < names.size(); i++) {
                JsonElement n = names.get(i);
                if (!n.isJsonPrimitive() || !n.getAsJsonPrimitive().isString()) {
                    throw new MuException(path + ".required[" + i + "]: must be a property name, got " + n);
                }
                if (!props.has(n.getAsString())) {
                    throw new MuException(path + ".required[" + i + "]: '" + n.getAsString() + "' is not in properties"
                            + " (only listed properties are generated)");
                }
                required.add(n.getAsString());
            }
        }
        JsonElement additional = schema.get("additionalProperties");
        if (additional != null && !isBoolean(additional) && !additional.isJsonObject()) {
            throw new MuException(path + ".additionalProperties: must be a boolean or a schema, got " + additional);
        }
        // first: no property written yet (no comma needed); rest: at least one written
        int first = nfa.literal(from, "{");
        int rest = nfa.state();
        for (Map.Entry<String, JsonElement> p : props.entrySet()) {
            int key = nfa.state();
            nfa.epsilon(first, key);
            nfa.edge(rest, ',', ',', key);
            int v = value(p.getValue(), path + ".properties." + p.getKey(),
                    nfa.literal(key, GSON.toJson(new JsonPrimitive(p.getKey())) + ":"));
            int nextFirst = nfa.state(), nextRest = nfa.state();
            nfa.epsilon(v, nextRest);
            if (!required.contains(p.getKey())) {
                nfa.epsilon(first, nextFirst);
                nfa.epsilon(rest, nextRest);
            }
            first = nextFirst;
            rest = nextRest;
        }
        int close = nfa.state();
        nfa.epsilon(first, close);
        nfa.epsilon(rest, close);
        return nfa.literal(close, "}");
    }
}
