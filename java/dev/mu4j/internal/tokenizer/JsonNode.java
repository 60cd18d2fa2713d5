package dev.mu4j.internal.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mu4j.MuException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value together with the file and the path it was read from ({@code model.merges[12]}), so that every
 * error about it names both. {@code value} is null when the field is absent.
 */
record JsonNode(Path file, String path, JsonElement value) {

    /** An error about this field: {@code <file>: field '<path>' <problem>}. */
    MuException error(String problem) {
        return new MuException(file + ": field '" + path + "' " + problem);
    }

    /** True when the field is absent or JSON null. */
    boolean isNull() {
        return value == null || value.isJsonNull();
    }

    /** The member {@code name} of this object; absent members give a node whose value is null. */
    JsonNode get(String name) {
        JsonElement child = object().get(name);
        return new JsonNode(file, path.isEmpty() ? name : path + "." + name, child);
    }

    /** The member {@code name}, which must be present and not null. */
    JsonNode required(String name) {
        JsonNode child = get(name);
        if (child.isNull()) throw child.error("is missing");
        return child;
    }

    JsonObject object() {
        if (value == null || !value.isJsonObject()) throw error("must be a JSON object, got " + describe());
        return value.getAsJsonObject();
    }

    /** This array, unwrapped. */
    JsonArray array() {
        if (value == null || !value.isJsonArray()) throw error("must be a JSON array, got " + describe());
        return value.getAsJsonArray();
    }

    /** The elements of this array, each with its index in its path. */
    List<JsonNode> elements() {
        JsonArray array = array();
        List<JsonNode> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) out.add(new JsonNode(file, path + "[" + i + "]", array.get(i)));
        return out;
    }

    /** Element {@code i} of this array (which must have it); for messages about one element of a large array. */
    JsonNode element(int i) {
        return new JsonNode(file, path + "[" + i + "]", array().get(i));
    }

    /** Member {@code key} of this object, with the key quoted in its path ({@code model.vocab['x']}). */
    JsonNode member(String key) {
        return new JsonNode(file, path + "['" + key + "']", object().get(key));
    }

    /** The members of this object in file order, each with its key in its path. */
    List<Map.Entry<String, JsonNode>> members() {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : object().entrySet()) {
            out.add(Map.entry(e.getKey(), new JsonNode(file, path + "['" + e.getKey() + "']", e.getValue())));
        }
        return out;
    }

    String string() {
        if (!isPrimitive() || !value.getAsJsonPrimitive().isString()) throw error("must be a string, got " + describe());
        return value.getAsString();
    }

    boolean bool() {
        if (!isPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw error("must be true or false, got " + describe());
        }
        return value.getAsBoolean();
    }

    /** A non-negative integer that fits an int (token ids, counts). */
    int index() {
        if (!isPrimitive() || !value.getAsJsonPrimitive().isNumber()) throw error("must be a number, got " + describe());
        double v = value.getAsDouble();
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            throw error("must be a non-negative integer, got " + describe());
        }
        return (int) v;
    }

    double number() {
        if (!isPrimitive() || !value.getAsJsonPrimitive().isNumber()) throw error("must be a number, got " + describe());
        return value.getAsDouble();
    }

    String optString(String name, String dflt) {
        JsonNode child = get(name);
        return child.isNull() ? dflt : child.string();
    }

    boolean optBool(String name, boolean dflt) {
        JsonNode child = get(name);
        return child.isNull() ? dflt : child.bool();
    }

    /** The {@code type} member, as HF writes it on every normalizer, pre-tokenizer, model, decoder and processor. */
    String type() {
        return required("type").string();
    }

    /** An error for a {@code type} this implementation does not have. */
    MuException unsupportedType(String supported) {
        return get("type").error("'" + type() + "' is not supported; supported: " + supported);
    }

    private boolean isPrimitive() {
        return value != null && value.isJsonPrimitive();
    }

    private String describe() {
        if (value == null) return "nothing (the field is missing)";
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    static JsonNode root(Path file, JsonElement value) {
        return new JsonNode(file, "", value);
    }
}
