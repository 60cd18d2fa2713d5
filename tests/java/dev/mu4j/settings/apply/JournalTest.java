package dev.mu4j.settings.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.apply.ExecutionReport.Status;
import dev.mu4j.settings.apply.ExecutionReport.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: records on disk before each change, failures mid-plan, torn lines. */
class JournalTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    @TempDir
    Path dir;
    Path file;
    DryRunBackend dry;

    @BeforeEach
    void setUp() {
        file = dir.resolve("journal.jsonl");
        dry = new DryRunBackend(CATALOG, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Delegates to a backend; {@code beforeWrite} runs first on every write, with the write's 1-based number. */
    static class Hooked implements SystemBackend {
        interface Hook {
            void run(int n, Setting s, Object value) throws ApplyException;
        }

        final SystemBackend d;
        final Hook beforeWrite;
        final Hook afterWrite;
        int writes;

        Hooked(SystemBackend d, Hook beforeWrite, Hook afterWrite) {
            this.d = d;
            this.beforeWrite = beforeWrite;
            this.afterWrite = afterWrite;
        }

        @Override public boolean isDryRun() {
            return d.isDryRun();
        }

        @Override public Reading read(Setting s) throws ApplyException {
            return d.read(s);
        }

        @Override public List<Command> write(Setting s, Object value) throws ApplyException {
            writes++;
            beforeWrite.run(writes, s, value);
            List<Command> c = d.write(s, value);
            afterWrite.run(writes, s, value);
            return c;
        }

        @Override public List<Command> restore(Setting s, Reading previous) throws ApplyException {
            return d.restore(s, previous);
        }

        @Override public List<Command> open(Setting s) throws ApplyException {
            return d.open(s);
        }

        @Override public List<Command> runAction(Setting s) throws ApplyException {
            return d.runAction(s);
        }
    }

    static final Hooked.Hook NOTHING = (n, s, v) -> { };

    static ExecutionReport applyThree(Executor ex) {
        return ex.apply(ExecutorTest.plan(ExecutorTest.act("display.brightness", "set", 80.0),
                ExecutorTest.act("colors.mode", "set", "dark"), ExecutorTest.act("mouse.speed", "increase", null)),
                ExecutorTest.YES);
    }

    @Test
    void pendingRecordIsOnDiskBeforeEachChange() throws Exception {
        List<String> seen = new ArrayList<>();
        Hooked b = new Hooked(dry, (n, s, v) -> {
            try {
                Journal.Contents c = new Journal(file).read(); // a fresh reader: only what reached the file
                Journal.Step last = c.plans().get(c.plans().size() - 1).steps().get(n - 1);
                seen.add(last.setting() + " " + last.state() + " " + Values.text(last.previous()) + "->"
                        + Values.text(last.next()) + " " + (last.time() != null));
            } catch (IOException e) {
                throw new ApplyException(e.getMessage(), e);
            }
        }, NOTHING);
        ExecutionReport r = applyThree(new Executor(CATALOG, b, new Journal(file), false));
        assertTrue(r.ok(), r.toJson());
        assertEquals(List.of("display.brightness pending 50->80 true", "colors.mode pending light->dark true",
                "mouse.speed pending 10->12 true"), seen);
        List<String> states = new Journal(file).read().plans().get(0).steps().stream().map(Journal.Step::state)
                .collect(Collectors.toList());
        assertEquals(List.of("done", "done", "done"), states);
    }

    @Test
    void failureMidPlanStopsAndUndoRestoresEverything() throws Exception {
        // the second write changes the value and then fails: a half-applied step
        Hooked b = new Hooked(dry, NOTHING, (n, s, v) -> {
            if (n == 2) throw new ApplyException("simulated failure after writing " + s.id());
        });
        Executor ex = new Executor(CATALOG, b, new Journal(file), false);
        ExecutionReport r = applyThree(ex);
        assertEquals(List.of(Status.DONE, Status.FAILED, Status.SKIPPED),
                r.steps().stream().map(Step::status).collect(Collectors.toList()), r.toJson());
        assertTrue(r.steps().get(1).message().contains("simulated failure"));
        assertFalse(r.ok());
        assertEquals(80.0, dry.value("display.brightness"));
        assertEquals("dark", dry.value("colors.mode"));
        assertEquals(10.0, dry.value("mouse.speed"), "not reached");

        Journal.PlanEntry p = new Journal(file).read().plans().get(0);
        assertEquals(r.planId(), p.plan());
        assertEquals(List.of("done", "failed"), p.steps().stream().map(Journal.Step::state).collect(Collectors.toList()));

        ExecutionReport undo = ex.undo();
        assertEquals(List.of("colors.mode", "display.brightness"),
                undo.steps().stream().map(Step::setting).collect(Collectors.toList()), "newest first");
        assertTrue(undo.steps().stream().allMatch(s -> s.status() == Status.RESTORED), undo.toJson());
        assertEquals(50.0, dry.value("display.brightness"));
        assertEquals("light", dry.value("colors.mode"));
        assertEquals("nothing to undo", ex.undo().message());
    }

    @Test
    void unwritableJournalChangesNothing() throws Exception {
        Files.createDirectories(file); // a directory where the file should be
        Executor ex = new Executor(CATALOG, dry, new Journal(file), false);
        ExecutionReport r = ex.apply(ExecutorTest.plan(ExecutorTest.act("colors.mode", "set", "dark")), ExecutorTest.YES);
        assertEquals(Status.FAILED, r.steps().get(0).status());
        assertTrue(r.steps().get(0).message().contains("nothing was changed"), r.toJson());
        assertEquals("light", dry.value("colors.mode"));
    }

    @Test
    void tornLastLineIsSkippedAndTheNextRecordStartsAFreshLine() throws Exception {
        Executor ex = new Executor(CATALOG, dry, new Journal(file), false);
        ex.apply(ExecutorTest.plan(ExecutorTest.act("mouse.speed", "set", 4.0)), ExecutorTest.YES);
        Files.writeString(file, "{\"v\":1,\"type\":\"state\",\"plan\":\"x\",\"ind", StandardOpenOption.APPEND);

        Journal.Contents c = new Journal(file).read();
        assertEquals(1, c.plans().size());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("journal.jsonl:4: skipped an unreadable record"), c.warnings().get(0));

        ex.apply(ExecutorTest.plan(ExecutorTest.act("colors.mode", "set", "dark")), ExecutorTest.YES);
        c = new Journal(file).read();
        assertEquals(2, c.plans().size(), "the new records parse: they start on a line of their own");
        assertEquals(1, c.warnings().size());

        ExecutionReport u1 = ex.undo();
        assertTrue(u1.message().contains("journal warnings"), u1.message());
        assertEquals("light", dry.value("colors.mode"));
        ex.undo();
        assertEquals(10.0, dry.value("mouse.speed"));
    }

    @Test
    void damagedRecordsAnywhereAreSkipped() throws Exception {
        Journal j = new Journal(file);
        Instant t = Instant.parse("2025-01-02T03:04:05Z");
        j.begin("p1", "q", true, t);
        j.pending("p1", 0, "colors.mode", "set", Reading.of("light"), "dark", true, true, t);
        Files.writeString(file, String.join("\n",
                "not json at all",
                "{\"v\":1,\"type\":\"state\",\"plan\":\"p1\",\"index\":7,\"state\":\"done\",\"time\":\"t\"}",
                "{\"v\":1,\"type\":\"mystery\",\"plan\":\"p1\"}",
                "{\"v\":1,\"type\":\"step\",\"plan\":\"p1\"}",
                "[1, 2]",
                "{'lenient': 'json'}",
                "") , StandardOpenOption.APPEND);
        j.mark("p1", 0, "done", t);
        Journal.Contents c = j.read();
        assertEquals(6, c.warnings().size(), String.join("\n", c.warnings()));
        Journal.Step s = c.plans().get(0).steps().get(0);
        assertEquals("done", s.state());
        assertEquals("light", s.previous());
        assertEquals("dark", s.next());
        assertNull(s.raw());
        assertTrue(c.plans().get(0).dryRun());
        assertEquals("q", c.plans().get(0).query());
    }

    @Test
    void recordFormat() throws Exception {
        Journal j = new Journal(file);
        Instant t = Instant.parse("2025-01-02T03:04:05Z");
        j.begin("p1", "make it dark", false, t);
        j.pending("p1", 0, "colors.transparency", "on", new Reading(null,
                java.util.Map.of("HKCU\\X\\EnableTransparency", "absent")), "on", true, false, t);
        j.mark("p1", 0, "done", t);
        assertEquals(List.of(
                "{\"v\":1,\"type\":\"plan\",\"plan\":\"p1\",\"time\":\"2025-01-02T03:04:05Z\",\"dryRun\":false,"
                        + "\"query\":\"make it dark\"}",
                "{\"v\":1,\"type\":\"step\",\"plan\":\"p1\",\"time\":\"2025-01-02T03:04:05Z\",\"index\":0,"
                        + "\"setting\":\"colors.transparency\",\"op\":\"on\",\"previous\":null,\"next\":\"on\","
                        + "\"raw\":{\"HKCU\\\\X\\\\EnableTransparency\":\"absent\"},\"undoable\":true,\"dryRun\":false,"
                        + "\"state\":\"pending\"}",
                "{\"v\":1,\"type\":\"state\",\"plan\":\"p1\",\"time\":\"2025-01-02T03:04:05Z\",\"index\":0,"
                        + "\"state\":\"done\"}"),
                Files.readAllLines(file));
        assertEquals(Path.of(System.getProperty("user.home"), ".mu4j", "journal.jsonl"), Journal.defaultPath());
    }
}
