package dev.mu4j.settings.apply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The apply journal: an append-only JSON-lines file, one record per line, each written and forced to disk
 * ({@link FileChannel#force}) before the change it describes is made.
 *
 * <p>Records ({@code "v": 1}):
 * <pre>
 * {"v":1,"type":"plan","plan":ID,"time":T,"dryRun":false,"query":"..."}
 * {"v":1,"type":"step","plan":ID,"index":0,"setting":"display.brightness","op":"set","previous":50,"next":70,
 *  "raw":{...}|null,"undoable":true,"dryRun":false,"time":T,"state":"pending"}
 * {"v":1,"type":"state","plan":ID,"index":0,"state":"done"|"failed"|"undone","time":T}
 * </pre>
 * A step's state is its last record: {@code pending} (written before the change; after a crash it means "maybe
 * applied"), then {@code done} or {@code failed}, and {@code undone} once undo restored it. A line that does not
 * parse (a write torn by a crash) is skipped with a warning; the next append starts on a fresh line.
 * One writer at a time is assumed (one mu4j process applying). Not thread-safe.
 */
final class Journal {
    static final System.Logger LOG = System.getLogger("dev.mu4j.settings.apply");

    /** One step as the journal last described it. */
    record Step(String plan, int index, String setting, String op, Object previous, Object next,
                Map<String, String> raw, boolean undoable, boolean dryRun, String time, String state) {
        Reading reading() {
            return new Reading(previous, raw);
        }
    }

    /** One plan's steps by index, in journal order of plans. */
    record PlanEntry(String plan, String query, boolean dryRun, List<Step> steps) {}

    /** Everything read back, and a warning per skipped line. */
    record Contents(List<PlanEntry> plans, List<String> warnings) {}

    /** Strict parsing: a torn line must not be "repaired" by lenient parsing into a different record. */
    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private final Path file;

    Journal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** {@code ~/.mu4j/journal.jsonl}. */
    static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".mu4j", "journal.jsonl");
    }

    void begin(String plan, String query, boolean dryRun, Instant time) throws IOException {
        JsonObject o = record("plan", plan, time);
        o.addProperty("dryRun", dryRun);
        o.addProperty("query", query);
        append(o);
    }

    /** Records a change about to be made, in state {@code pending}. Returns once the record is on disk. */
    void pending(String plan, int index, String setting, String op, Reading previous, Object next, boolean undoable,
                 boolean dryRun, Instant time) throws IOException {
        JsonObject o = record("step", plan, time);
        o.addProperty("index", index);
        o.addProperty("setting", setting);
        o.addProperty("op", op);
        o.add("previous", Values.toJson(previous.value()));
        o.add("next", Values.toJson(next));
        if (previous.raw() != null) {
            JsonObject raw = new JsonObject();
            for (Map.Entry<String, String> e : new TreeMap<>(previous.raw()).entrySet()) raw.addProperty(e.getKey(), e.getValue());
            o.add("raw", raw);
        }
        o.addProperty("undoable", undoable);
        o.addProperty("dryRun", dryRun);
        o.addProperty("state", "pending");
        // "time" is added by record(); keep field order stable for people reading the file
        append(o);
    }

    void mark(String plan, int index, String state, Instant time) throws IOException {
        JsonObject o = record("state", plan, time);
        o.addProperty("index", index);
        o.addProperty("state", state);
        append(o);
    }

    private static JsonObject record(String type, String plan, Instant time) {
        JsonObject o = new JsonObject();
        o.addProperty("v", 1);
        o.addProperty("type", type);
        o.addProperty("plan", plan);
        o.addProperty("time", time.toString());
        return o;
    }

    /**
     * Appends one line and forces it to disk. If the file does not end with a newline (the last write was torn),
     * a newline goes first so the torn fragment stays a line of its own.
     */
    private void append(JsonObject record) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean created = false;
        if (dir != null && !Files.isDirectory(dir)) Files.createDirectories(dir);
        if (!Files.exists(file)) created = true;
        boolean needsNewline = false;
        if (!created) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long n = f.length();
                if (n > 0) {
                    f.seek(n - 1);
                    needsNewline = f.read() != '\n';
                }
            }
        }
        byte[] line = ((needsNewline ? "\n" : "") + record + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        if (created && dir != null) forceDirectory(dir);
    }

    /** Makes a new file's directory entry durable where the OS allows opening a directory (not on Windows). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: Windows cannot open directories this way and commits the entry with the file
        }
    }

    /** Reads the whole journal; an absent file is an empty journal. */
    Contents read() throws IOException {
        if (!Files.exists(file)) return new Contents(List.of(), List.of());
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> warnings = new ArrayList<>();
        Map<String, String> queries = new LinkedHashMap<>();
        Map<String, Boolean> dryRuns = new LinkedHashMap<>();
        Map<String, Map<Integer, Step>> steps = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            JsonObject o = parse(line);
            String type = o == null ? null : string(o, "type");
            String plan = o == null ? null : string(o, "plan");
            if (type == null || plan == null) {
                String w = file + ":" + (i + 1) + ": skipped an unreadable record (torn by a crash?): "
                        + (line.length() > 60 ? line.substring(0, 60) + "..." : line);
                warnings.add(w);
                LOG.log(System.Logger.Level.WARNING, w);
                continue;
            }
            try {
                switch (type) {
                    case "plan" -> {
                        queries.put(plan, string(o, "query"));
                        dryRuns.put(plan, need(o, "dryRun").getAsBoolean());
                        steps.computeIfAbsent(plan, k -> new TreeMap<>());
                    }
                    case "step" -> {
                        Map<String, String> raw = null;
                        if (o.has("raw") && o.get("raw").isJsonObject()) {
                            raw = new LinkedHashMap<>();
                            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("raw").entrySet()) {
                                raw.put(e.getKey(), e.getValue().getAsString());
                            }
                        }
                        boolean dry = need(o, "dryRun").getAsBoolean();
                        dryRuns.putIfAbsent(plan, dry);
                        int index = need(o, "index").getAsInt();
                        steps.computeIfAbsent(plan, k -> new TreeMap<>()).put(index, new Step(plan, index,
                                need(o, "setting").getAsString(), need(o, "op").getAsString(),
                                Values.fromJson(o.get("previous")), Values.fromJson(o.get("next")), raw,
                                need(o, "undoable").getAsBoolean(), dry, string(o, "time"),
                                need(o, "state").getAsString()));
                    }
                    case "state" -> {
                        int index = need(o, "index").getAsInt();
                        Map<Integer, Step> m = steps.get(plan);
                        Step s = m == null ? null : m.get(index);
                        if (s == null) throw new IllegalStateException("state for a step that was never recorded");
                        m.put(index, new Step(s.plan(), s.index(), s.setting(), s.op(), s.previous(), s.next(),
                                s.raw(), s.undoable(), s.dryRun(), s.time(), need(o, "state").getAsString()));
                    }
                    default -> throw new IllegalStateException("unknown record type '" + type + "'");
                }
            } catch (RuntimeException e) {
                String w = file + ":" + (i + 1) + ": skipped a record: " + e.getMessage();
                warnings.add(w);
                LOG.log(System.Logger.Level.WARNING, w);
            }
        }
        List<PlanEntry> plans = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Step>> e : steps.entrySet()) {
            plans.add(new PlanEntry(e.getKey(), queries.get(e.getKey()), dryRuns.getOrDefault(e.getKey(), false),
                    List.copyOf(e.getValue().values())));
        }
        return new Contents(Collections.unmodifiableList(plans), List.copyOf(warnings));
    }

    /** One strict JSON object filling the whole line, or null. */
    private static JsonObject parse(String line) {
        try {
            return STRICT.fromJson(line, JsonObject.class);
        } catch (JsonParseException | ClassCastException | IllegalStateException e) {
            return null;
        }
    }

    private static JsonElement need(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw new IllegalStateException("missing field '" + key + "'");
        return e;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
