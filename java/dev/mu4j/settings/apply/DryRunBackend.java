package dev.mu4j.settings.apply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for Windows: prints the commands {@link WindowsBackend} would start (the same strings, from
 * {@link Routes}) and keeps setting values in memory, or in a JSON file that survives the process.
 *
 * <p>Values start at the catalog default of a range (else the middle of the range, on the step grid), "off" for
 * toggles and the first value of an enum. Like Windows, a setting whose route has no read command reads as unknown.
 * Only change commands are printed (one line each, prefixed {@code [dry run] }); reads are silent. Not thread-safe.
 */
final class DryRunBackend implements SystemBackend {
    static final String PREFIX = "[dry run] ";

    private final Catalog catalog;
    private final PrintStream out;
    private final Path stateFile;
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** In-memory state. */
    DryRunBackend(Catalog catalog, PrintStream out) {
        this(catalog, out, null);
    }

    /**
     * State kept in {@code stateFile} (a JSON object {@code {"setting.id": value}}), loaded now if it exists and
     * replaced atomically after every change.
     */
    DryRunBackend(Catalog catalog, PrintStream out, Path stateFile) {
        this.catalog = catalog;
        this.out = out;
        this.stateFile = stateFile;
        if (stateFile != null && Files.exists(stateFile)) {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(stateFile)).getAsJsonObject();
                for (Map.Entry<String, JsonElement> e : o.entrySet()) values.put(e.getKey(), Values.fromJson(e.getValue()));
            } catch (IOException e) {
                throw new UncheckedIOException(stateFile + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean isDryRun() {
        return true;
    }

    /** The simulated current value of a setting (its default until changed). */
    Object value(String id) {
        return values.containsKey(id) ? values.get(id) : initial(catalog.byId(id).orElseThrow());
    }

    /** The value a setting has before anything changed it. */
    static Object initial(Setting s) {
        switch (s.type()) {
            case TOGGLE:
                return "off";
            case ENUM:
                return s.valueIds().get(0);
            case RANGE:
                Range r = s.range();
                if (r.defaultValue() != null) return r.defaultValue();
                double steps = Math.floor((r.max() - r.min()) / 2 / r.step());
                return r.min() + steps * r.step();
            default:
                return null;
        }
    }

    @Override
    public Reading read(Setting s) throws ApplyException {
        if (Routes.of(s).read().isEmpty()) return Reading.UNKNOWN;
        return Reading.of(value(s.id()));
    }

    @Override
    public List<Command> write(Setting s, Object value) throws ApplyException {
        List<Command> cmds = Routes.of(s).write(value);
        print(cmds);
        values.put(s.id(), value instanceof Number n ? (Object) n.doubleValue() : value);
        save();
        return cmds;
    }

    @Override
    public List<Command> restore(Setting s, Reading previous) throws ApplyException {
        if (previous.value() == null) throw new ApplyException(s.id() + ": the previous value is unknown");
        return write(s, previous.value());
    }

    @Override
    public List<Command> open(Setting s) throws ApplyException {
        List<Command> cmds = List.of(Routes.open(s));
        print(cmds);
        return cmds;
    }

    @Override
    public List<Command> runAction(Setting s) throws ApplyException {
        List<Command> cmds = Routes.action(s);
        print(cmds);
        return cmds;
    }

    private void print(List<Command> cmds) {
        for (Command c : cmds) out.println(PREFIX + c.text());
        out.flush();
    }

    /** Temp file, fsync, atomic rename: a crash leaves the old or the new state, never half of one. */
    private void save() throws ApplyException {
        if (stateFile == null) return;
        JsonObject o = new JsonObject();
        for (Map.Entry<String, Object> e : values.entrySet()) o.add(e.getKey(), Values.toJson(e.getValue()));
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(o.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        } catch (IOException e) {
            throw new ApplyException("dry-run state " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ApplyException("dry-run state " + stateFile + ": " + e.getMessage(), e);
        }
    }
}
