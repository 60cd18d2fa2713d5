package dev.mu4j.settings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import dev.mu4j.MuException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates {@code catalog.json} (schema: {@code models/settings/README.md}). Every error is a
 * {@link MuException} naming the source, the setting id (or its index) and the field.
 */
final class CatalogReader {
    static final int VERSION = 1;
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    static final Pattern CATEGORY = Pattern.compile("[a-z][a-z_]*");
    static final Pattern VALUE_ID = Pattern.compile("[a-z0-9][a-z0-9_]*");
    static final Pattern URI = Pattern.compile("ms-settings:[A-Za-z0-9-]*(\\?\\S+)?");
    static final Pattern SPI_ACTION = Pattern.compile("SPI_[A-Z]+");
    static final Set<String> CONFIDENCE = Set.of("DOC", "MS-CODE", "COMMUNITY", "UNCONFIRMED");
    static final Set<String> STRONG = Set.of("DOC", "MS-CODE");
    static final Set<String> REG_TYPES =
            Set.of("REG_DWORD", "REG_QWORD", "REG_SZ", "REG_EXPAND_SZ", "REG_MULTI_SZ", "REG_BINARY");
    /** An increase/decrease step must split the range into 1..MAX_STEPS steps. */
    static final int MAX_STEPS = 1000;
    static final int MAX_DESCRIPTION = 300;

    private static final Set<String> TOP_FIELDS = Set.of("version", "settings");
    private static final Set<String> FIELDS = Set.of("id", "title", "category", "uri", "type", "min", "max", "step",
            "unit", "default", "values", "valueLabels", "valueSynonyms", "ordered", "synonyms", "description",
            "keywords", "apply", "risk", "riskNote", "confirmed", "confidence", "source");
    private static final Set<String> RANGE_FIELDS = Set.of("min", "max", "step", "unit", "default");
    private static final Set<String> ENUM_FIELDS = Set.of("values", "valueLabels", "valueSynonyms", "ordered");

    private final String sourceName;

    private CatalogReader(String sourceName) {
        this.sourceName = sourceName;
    }

    /** Reads the whole document and returns its validated settings in file order. */
    static List<Setting> read(Reader in, String sourceName) {
        return new CatalogReader(sourceName).readDocument(in);
    }

    private List<Setting> readDocument(Reader in) {
        JsonElement root;
        try {
            JsonReader r = new JsonReader(in);
            r.setStrictness(Strictness.STRICT);
            root = readValue(r, "$");
            if (r.peek() != JsonToken.END_DOCUMENT) throw new MuException(sourceName + ": text after the JSON document");
        } catch (MalformedJsonException | EOFException | IllegalStateException | NumberFormatException e) {
            throw new MuException(sourceName + ": not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(sourceName + ": " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) throw new MuException(sourceName + ": expected a JSON object at the top level");
        JsonObject top = root.getAsJsonObject();
        for (String k : top.keySet()) {
            if (!TOP_FIELDS.contains(k)) throw new MuException(sourceName + ": unknown top-level field '" + k + "'");
        }
        JsonElement v = top.get("version");
        if (v == null) throw new MuException(sourceName + ": field 'version': missing");
        if (!isNumber(v) || v.getAsDouble() != VERSION) {
            throw new MuException(sourceName + ": field 'version': expected " + VERSION + ", got " + v);
        }
        JsonElement s = top.get("settings");
        if (s == null) throw new MuException(sourceName + ": field 'settings': missing");
        if (!s.isJsonArray()) throw new MuException(sourceName + ": field 'settings': expected an array");
        JsonArray arr = s.getAsJsonArray();
        if (arr.isEmpty()) throw new MuException(sourceName + ": field 'settings': empty");

        List<Setting> out = new ArrayList<>(arr.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < arr.size(); i++) {
            Setting setting = readSetting(arr.get(i), i);
            Integer before = seen.putIfAbsent(setting.id(), i);
            if (before != null) {
                throw new MuException(sourceName + ": setting '" + setting.id() + "' (settings[" + i + "]): field 'id': "
                        + "duplicate id, first used by settings[" + before + "]");
            }
            out.add(setting);
        }
        return out;
    }

    // ---- one setting -------------------------------------------------------------------------------------------

    /** Field access for one setting; messages name the setting by id once the id is known. */
    private final class Entry {
        final JsonObject o;
        String where;

        Entry(JsonObject o, int index) {
            this.o = o;
            this.where = "settings[" + index + "]";
        }

        MuException fail(String field, String problem) {
            return new MuException(sourceName + ": " + where + ": field '" + field + "': " + problem);
        }

        boolean has(String f) {
            return o.has(f);
        }

        String string(String f) {
            JsonElement e = o.get(f);
            if (e == null) throw fail(f, "missing");
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw fail(f, "expected a string, got " + e);
            String s = e.getAsString();
            if (s.isBlank()) throw fail(f, "empty");
            return s;
        }

        String optString(String f) {
            return has(f) ? string(f) : "";
        }

        double number(String f) {
            JsonElement e = o.get(f);
            if (e == null) throw fail(f, "missing");
            if (!isNumber(e)) throw fail(f, "expected a number, got " + e);
            double d = e.getAsDouble();
            if (!Double.isFinite(d)) throw fail(f, "not a finite number: " + e);
            return d;
        }

        boolean bool(String f) {
            JsonElement e = o.get(f);
            if (e == null) throw fail(f, "missing");
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw fail(f, "expected true or false, got " + e);
            return e.getAsBoolean();
        }

        List<String> strings(String f) {
            JsonElement e = o.get(f);
            if (e == null) return List.of();
            return stringList(e, f, this::fail);
        }
    }

    private interface Failer {
        MuException fail(String field, String problem);
    }

    private static List<String> stringList(JsonElement e, String f, Failer failer) {
        if (!e.isJsonArray()) throw failer.fail(f, "expected an array of strings, got " + e);
        List<String> out = new ArrayList<>();
        Set<String> lower = new HashSet<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString() || x.getAsString().isBlank()) {
                throw failer.fail(f, "expected non-empty strings, got " + x);
            }
            if (!lower.add(x.getAsString().toLowerCase(Locale.ROOT))) throw failer.fail(f, "repeated entry " + x);
            out.add(x.getAsString());
        }
        return out;
    }

    private Setting readSetting(JsonElement el, int index) {
        if (!el.isJsonObject()) {
            throw new MuException(sourceName + ": settings[" + index + "]: expected an object, got " + el);
        }
        Entry e = new Entry(el.getAsJsonObject(), index);
        String id = e.string("id");
        if (!ID.matcher(id).matches()) {
            throw e.fail("id", "'" + id + "' is not a lowercase dotted id like 'display.brightness'");
        }
        e.where = "setting '" + id + "'";
        for (String k : e.o.keySet()) if (!FIELDS.contains(k)) throw e.fail(k, "unknown field");

        String title = e.string("title");
        String category = e.string("category");
        if (!CATEGORY.matcher(category).matches()) throw e.fail("category", "'" + category + "' is not a lowercase id");
        String uri = e.string("uri");
        if (!uri.startsWith("ms-settings:")) throw e.fail("uri", "'" + uri + "' does not start with ms-settings:");
        if (!URI.matcher(uri).matches()) throw e.fail("uri", "'" + uri + "' is not a valid ms-settings: URI");
        SettingType type = enumField(e, "type", SettingType.class);
        String description = e.string("description");
        if (description.contains("\n")) throw e.fail("description", "must be one line");
        if (description.length() > MAX_DESCRIPTION) {
            throw e.fail("description", "longer than " + MAX_DESCRIPTION + " characters");
        }
        List<String> synonyms = e.strings("synonyms");
        List<String> keywords = e.strings("keywords");

        for (String k : RANGE_FIELDS) if (type != SettingType.RANGE && e.has(k)) throw e.fail(k, "only for type range");
        for (String k : ENUM_FIELDS) if (type != SettingType.ENUM && e.has(k)) throw e.fail(k, "only for type enum");
        Range range = type == SettingType.RANGE ? readRange(e) : null;
        List<EnumValue> values = type == SettingType.ENUM ? readValues(e) : List.of();
        boolean ordered = type == SettingType.ENUM && e.has("ordered") && e.bool("ordered");

        ApplyMethod apply = readApply(e, type, values);
        Risk risk = enumField(e, "risk", Risk.class);
        String riskNote = e.optString("riskNote");
        if (risk == Risk.HIGH && riskNote.isEmpty()) throw e.fail("riskNote", "missing; required for risk 'high'");

        boolean confirmed = e.bool("confirmed");
        String confidence = e.string("confidence");
        if (!CONFIDENCE.contains(confidence)) throw e.fail("confidence", "'" + confidence + "' is not one of " + sorted(CONFIDENCE));
        String source = e.optString("source");
        if (confirmed && !STRONG.contains(confidence)) {
            throw e.fail("confirmed", "true needs confidence DOC or MS-CODE, got " + confidence);
        }
        if (!confirmed && STRONG.contains(confidence)) {
            throw e.fail("confirmed", "false with confidence " + confidence + "; use COMMUNITY or UNCONFIRMED");
        }
        if (confirmed && source.isEmpty()) throw e.fail("source", "missing; a confirmed setting must cite its source");

        return new Setting(id, title, category, uri, type, range, values, ordered, synonyms, description, keywords,
                apply, risk, riskNote, confirmed, confidence, source);
    }

    private static <E extends Enum<E>> E enumField(Entry e, String f, Class<E> cls) {
        String s = e.string(f);
        List<String> names = new ArrayList<>();
        for (E c : cls.getEnumConstants()) {
            String n = c.name().toLowerCase(Locale.ROOT);
            if (n.equals(s)) return c;
            names.add(n);
        }
        throw e.fail(f, "unknown value '" + s + "'; expected one of " + names);
    }

    private static Range readRange(Entry e) {
        double min = e.number("min");
        double max = e.number("max");
        double step = e.number("step");
        String unit = e.string("unit");
        if (!(min < max)) throw e.fail("max", "must be greater than min (" + Setting.fmt(min) + "), got " + Setting.fmt(max));
        if (!(step > 0)) throw e.fail("step", "must be > 0, got " + Setting.fmt(step));
        double steps = (max - min) / step;
        if (steps < 1) throw e.fail("step", Setting.fmt(step) + " is larger than max - min = " + Setting.fmt(max - min));
        if (steps > MAX_STEPS) {
            throw e.fail("step", Setting.fmt(step) + " splits " + Setting.fmt(min) + ".." + Setting.fmt(max) + " into "
                    + (long) steps + " steps; at most " + MAX_STEPS);
        }
        if (Range.isWhole(min) && Range.isWhole(max) && !Range.isWhole(step)) {
            throw e.fail("step", "must be a whole number when min and max are, got " + step);
        }
        Double def = null;
        if (e.has("default")) {
            def = e.number("default");
            Range r = new Range(min, max, step, unit, null);
            if (!r.contains(def)) {
                throw e.fail("default", Setting.fmt(def) + " is outside " + Setting.fmt(min) + ".." + Setting.fmt(max)
                        + (r.integral() ? " or not whole" : ""));
            }
        }
        return new Range(min, max, step, unit, def);
    }

    private static List<EnumValue> readValues(Entry e) {
        List<String> ids = e.has("values") ? e.strings("values") : null;
        if (ids == null) throw e.fail("values", "missing; an enum needs its list of value ids");
        if (ids.size() < 2) throw e.fail("values", "an enum needs at least 2 values, got " + ids.size());
        for (String id : ids) {
            if (!VALUE_ID.matcher(id).matches()) throw e.fail("values", "'" + id + "' is not a lowercase value id");
        }
        Map<String, String> labels = new HashMap<>();
        if (e.has("valueLabels")) {
            JsonElement l = e.o.get("valueLabels");
            if (!l.isJsonObject()) throw e.fail("valueLabels", "expected an object {valueId: label}");
            for (Map.Entry<String, JsonElement> kv : l.getAsJsonObject().entrySet()) {
                if (!ids.contains(kv.getKey())) throw e.fail("valueLabels", "'" + kv.getKey() + "' is not in values");
                JsonElement x = kv.getValue();
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString() || x.getAsString().isBlank()) {
                    throw e.fail("valueLabels", "label of '" + kv.getKey() + "' must be a non-empty string");
                }
                labels.put(kv.getKey(), x.getAsString());
            }
        }
        Map<String, List<String>> syns = new HashMap<>();
        if (e.has("valueSynonyms")) {
            JsonElement s = e.o.get("valueSynonyms");
            if (!s.isJsonObject()) throw e.fail("valueSynonyms", "expected an object {valueId: [phrases]}");
            for (Map.Entry<String, JsonElement> kv : s.getAsJsonObject().entrySet()) {
                if (!ids.contains(kv.getKey())) throw e.fail("valueSynonyms", "'" + kv.getKey() + "' is not in values");
                syns.put(kv.getKey(), stringList(kv.getValue(), "valueSynonyms", e::fail));
            }
        }
        List<EnumValue> out = new ArrayList<>();
        for (String id : ids) out.add(new EnumValue(id, labels.getOrDefault(id, id), syns.getOrDefault(id, List.of())));
        return out;
    }

    private static ApplyMethod readApply(Entry e, SettingType type, List<EnumValue> values) {
        JsonElement a = e.o.get("apply");
        if (a == null) throw e.fail("apply", "missing");
        if (!a.isJsonObject()) throw e.fail("apply", "expected an object with 'method'");
        Map<String, String> details = new LinkedHashMap<>();
        String methodName = null;
        for (Map.Entry<String, JsonElement> kv : a.getAsJsonObject().entrySet()) {
            JsonElement x = kv.getValue();
            if (!x.isJsonPrimitive()) throw e.fail("apply." + kv.getKey(), "expected a string, number or boolean");
            if (kv.getKey().equals("method")) methodName = x.getAsString();
            else details.put(kv.getKey(), x.getAsString());
        }
        if (methodName == null) throw e.fail("apply.method", "missing");
        ApplyMethod.Method method = null;
        List<String> names = new ArrayList<>();
        for (ApplyMethod.Method m : ApplyMethod.Method.values()) {
            if (m.jsonName().equals(methodName)) method = m;
            names.add(m.jsonName());
        }
        if (method == null) throw e.fail("apply.method", "unknown value '" + methodName + "'; expected one of " + names);
        if (type == SettingType.PAGE && method != ApplyMethod.Method.URI) {
            throw e.fail("apply.method", "a page is applied by opening its URI: use 'uri', got '" + methodName + "'");
        }

        // data.<x> maps an on/off state or an enum value id to what is written; x must be one of those.
        Set<String> targets = new HashSet<>();
        if (type == SettingType.TOGGLE) targets.addAll(List.of("on", "off"));
        for (EnumValue v : values) targets.add(v.id());
        for (String k : details.keySet()) {
            if (k.startsWith("data.") && !targets.contains(k.substring(5))) {
                throw e.fail("apply." + k, "'" + k.substring(5) + "' is not " + (type == SettingType.TOGGLE ? "on/off"
                        : type == SettingType.ENUM ? "a value id" : "valid for type " + type.jsonName()));
            }
        }
        switch (method) {
            case REGISTRY -> {
                String key = need(e, details, "key");
                if (!key.startsWith("HKCU\\") && !key.startsWith("HKLM\\")) {
                    throw e.fail("apply.key", "'" + key + "' must start with HKCU\\ or HKLM\\");
                }
                if (key.startsWith("HKLM\\") && !"true".equals(details.get("admin"))) {
                    throw e.fail("apply.admin", "an HKLM key needs \"admin\": \"true\"");
                }
                need(e, details, "value");
                String vt = need(e, details, "valueType");
                if (!REG_TYPES.contains(vt)) throw e.fail("apply.valueType", "'" + vt + "' is not one of " + sorted(REG_TYPES));
                if (type == SettingType.TOGGLE || type == SettingType.ENUM) needData(e, details, targets);
            }
            case SPI -> {
                String action = need(e, details, "action");
                if (!SPI_ACTION.matcher(action).matches()) throw e.fail("apply.action", "'" + action + "' is not an SPI_ constant");
            }
            case WMI -> {
                need(e, details, "namespace");
                need(e, details, "class");
                need(e, details, "member");
            }
            case COM -> need(e, details, "interface");
            case WIN32 -> need(e, details, "function");
            case POWERSHELL -> {
                if (type == SettingType.TOGGLE && !details.containsKey("command")) {
                    need(e, details, "command.on");
                    need(e, details, "command.off");
                } else {
                    String cmd = need(e, details, "command");
                    if (cmd.contains("{data}")) needData(e, details, targets);
                }
            }
            case URI, UI_ONLY -> { }
        }
        return new ApplyMethod(method, details);
    }

    private static String need(Entry e, Map<String, String> details, String key) {
        String v = details.get(key);
        if (v == null || v.isBlank()) throw e.fail("apply." + key, "missing");
        return v;
    }

    private static void needData(Entry e, Map<String, String> details, Set<String> targets) {
        for (String t : sorted(targets)) {
            if (!details.containsKey("data." + t)) throw e.fail("apply.data." + t, "missing; say what is written for '" + t + "'");
        }
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    private static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    // ---- JSON with duplicate-key detection ---------------------------------------------------------------------

    /** Like Gson's JsonParser, but a key repeated inside one object is an error instead of a silent overwrite. */
    private JsonElement readValue(JsonReader r, String path) throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    String p = path + "." + name;
                    if (o.has(name)) throw new MuException(sourceName + ": " + describePath(o, path) + ": field '" + name + "': repeated key");
                    o.add(name, readValue(r, p));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                int i = 0;
                while (r.hasNext()) a.add(readValue(r, path + "[" + i++ + "]"));
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(Double.parseDouble(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new MuException(sourceName + ": not valid JSON at " + r.getPath());
        }
    }

    /** "setting 'x'" when the object being read already has its id, else the JSON path. */
    private static String describePath(JsonObject o, String path) {
        JsonElement id = o.get("id");
        if (id != null && id.isJsonPrimitive()) return "setting '" + id.getAsString() + "'";
        return path;
    }
}
