package dev.mu4j.settings.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.apply.ExecutionReport.Status;
import dev.mu4j.settings.apply.ExecutionReport.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undo: order, history, plan ids, real vs dry run, values that cannot or must not be restored. */
class UndoTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    @TempDir
    Path dir;
    Path file;
    DryRunBackend dry;
    Executor ex;

    @BeforeEach
    void setUp() {
        file = dir.resolve("journal.jsonl");
        dry = new DryRunBackend(CATALOG, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ex = new Executor(CATALOG, dry, new Journal(file), false);
    }

    static List<Status> statuses(ExecutionReport r) {
        return r.steps().stream().map(Step::status).collect(Collectors.toList());
    }

    @Test
    void undoWalksBackThroughPlansNewestFirst() {
        ExecutionReport a = ex.apply(ExecutorTest.plan(ExecutorTest.act("mouse.speed", "set", 4.0),
                ExecutorTest.act("mouse.speed", "set", 8.0)), ExecutorTest.YES);
        ExecutionReport b = ex.apply(ExecutorTest.plan(ExecutorTest.act("colors.mode", "set", "dark")), ExecutorTest.YES);
        ExecutionReport u1 = ex.undo();
        assertEquals(b.planId(), u1.planId());
        assertEquals("light", dry.value("colors.mode"));
        assertEquals(8.0, dry.value("mouse.speed"));
        ExecutionReport u2 = ex.undo();
        assertEquals(a.planId(), u2.planId());
        assertEquals(List.of(8L, 4L), u2.steps().stream().map(Step::previous).collect(Collectors.toList()),
                "reverse order: 8 -> 4, then 4 -> 10");
        assertEquals(List.of(4L, 10L), u2.steps().stream().map(Step::next).collect(Collectors.toList()));
        assertEquals(10.0, dry.value("mouse.speed"));
        assertTrue(u2.message().contains("\"test request\""), u2.message());
        assertEquals("nothing to undo", ex.undo().message());
    }

    @Test
    void undoById() {
        ExecutionReport a = ex.apply(ExecutorTest.plan(ExecutorTest.act("mouse.speed", "set", 4.0)), ExecutorTest.YES);
        ex.apply(ExecutorTest.plan(ExecutorTest.act("colors.mode", "set", "dark")), ExecutorTest.YES);
        assertEquals(List.of(Status.RESTORED), statuses(ex.undo(a.planId())));
        assertEquals(10.0, dry.value("mouse.speed"));
        assertEquals("dark", dry.value("colors.mode"), "the later plan stays");
        assertEquals(List.of(), statuses(ex.undo(a.planId())), "already undone");
        assertTrue(ex.undo("19990101T000000-000000").message().startsWith("no plan 19990101T000000-000000"));
    }

    @Test
    void aRealExecutorNeverUndoesADryRun() {
        ExecutionReport a = ex.apply(ExecutorTest.plan(ExecutorTest.act("colors.mode", "set", "dark")), ExecutorTest.YES);
        ApplyWindowsBackendTest.FakeRunner runner = new ApplyWindowsBackendTest.FakeRunner();
        Executor real = new Executor(CATALOG, new WindowsBackend(runner), new Journal(file), false);
        assertEquals("nothing to undo", real.undo().message());
        assertTrue(real.undo(a.planId()).message().contains("was a dry run"));
        assertEquals(List.of(), runner.ran, "no command ran");
    }

    @Test
    void realUndoRestoresTheRawRegistryState() {
        // EnableTransparency does not exist before: undo deletes it rather than writing a guessed value
        ApplyWindowsBackendTest.FakeRunner runner = new ApplyWindowsBackendTest.FakeRunner().answer("reg.exe query", 1, "");
        Executor real = new Executor(CATALOG, new WindowsBackend(runner), new Journal(file), false);
        ExecutionReport r = real.apply(ExecutorTest.plan(ExecutorTest.act("colors.transparency", "on", null)),
                ExecutorTest.YES);
        assertEquals(Status.DONE, r.steps().get(0).status(), r.toJson());
        assertEquals(null, r.steps().get(0).previous());
        runner.ran.clear();
        ExecutionReport u = real.undo();
        assertEquals(List.of(Status.RESTORED), statuses(u), u.toJson());
        assertEquals(1, runner.ran.size());
        assertTrue(runner.ran.get(0).contains("Remove-ItemProperty -LiteralPath 'Registry::HKEY_CURRENT_USER\\Software"
                + "\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize' -Name 'EnableTransparency'"), runner.ran.get(0));
    }

    @Test
    void unknownPreviousValueIsNotRestorable() {
        // powercfg /hibernate has no read route: the change is applied, and undo says it cannot restore it
        ExecutionReport r = ex.apply(ExecutorTest.plan(ExecutorTest.act("power.hibernate", "on", null)), ExecutorTest.YES);
        assertEquals(Status.DONE, r.steps().get(0).status());
        assertTrue(r.steps().get(0).message().contains("undo cannot restore it"), r.toJson());
        assertEquals(List.of(Status.NOT_RESTORABLE), statuses(ex.undo(r.planId())));
    }

    @Test
    void relativeOpOnAnUnreadableValueFailsAndStops() {
        ApplyWindowsBackendTest.FakeRunner runner = new ApplyWindowsBackendTest.FakeRunner()
                .answer(ApplyCommandsTest.PS + "Add-Type -Namespace Mu4j -Name Spi", 1, "");
        Executor real = new Executor(CATALOG, new WindowsBackend(runner), new Journal(file), false);
        ExecutionReport r = real.apply(ExecutorTest.plan(ExecutorTest.act("mouse.speed", "increase", null),
                ExecutorTest.act("colors.mode", "set", "dark")), ExecutorTest.YES);
        assertEquals(List.of(Status.FAILED, Status.SKIPPED), statuses(r), r.toJson());
        assertTrue(r.steps().get(0).message().contains("cannot increase mouse.speed"), r.toJson());
    }

    @Test
    void journalValuesAreValidatedBeforeTheyAreWritten() throws Exception {
        Journal j = new Journal(file);
        Instant t = Instant.now();
        j.begin("p1", "q", true, t);
        j.pending("p1", 0, "colors.mode", "set", Reading.of("purple"), "dark", true, true, t);
        j.pending("p1", 1, "registry.arbitrary", "set", Reading.of("1"), "0", true, true, t);
        j.pending("p1", 2, "mouse.speed", "set", Reading.of(400.0), 4.0, true, true, t);
        dry.write(CATALOG.byId("colors.mode").orElseThrow(), "dark");
        ExecutionReport u = ex.undo("p1");
        assertEquals(List.of(Status.REFUSED, Status.REFUSED, Status.REFUSED), statuses(u), u.toJson());
        assertTrue(u.steps().get(1).message().contains("no longer a setting of the catalog"), u.toJson());
        assertEquals("dark", dry.value("colors.mode"), "nothing written");
        assertEquals(10.0, dry.value("mouse.speed"));
    }
}
