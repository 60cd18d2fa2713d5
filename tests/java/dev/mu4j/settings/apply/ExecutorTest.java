package dev.mu4j.settings.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.apply.ExecutionReport.Status;
import dev.mu4j.settings.apply.ExecutionReport.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor on the dry-run backend: relative ops, refusals, confirmation, policy, reports. */
class ExecutorTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    /** Confirms the plan; answers high-risk questions with yes. */
    static final Confirmation YES = Confirmation.yes((step, note) -> true);

    @TempDir
    Path dir;
    ByteArrayOutputStream printed;
    DryRunBackend backend;
    Executor ex;

    @BeforeEach
    void setUp() {
        printed = new ByteArrayOutputStream();
        backend = new DryRunBackend(CATALOG, new PrintStream(printed, true, StandardCharsets.UTF_8));
        ex = new Executor(CATALOG, backend, new Journal(dir.resolve("journal.jsonl")), false);
    }

    static Action act(String setting, String op, Object value) {
        return new Action(setting, setting, "ms-settings:", op, value, 1.0, false);
    }

    static Plan plan(Action... actions) {
        return new Plan("test request", List.of(actions), false, 0, "model", "");
    }

    Step one(String setting, String op, Object value) {
        ExecutionReport r = ex.apply(plan(act(setting, op, value)), YES);
        assertEquals(1, r.steps().size(), r.toJson());
        return r.steps().get(0);
    }

    @Test
    void increaseDecreaseAndClamp() {
        // mouse.speed: 1..20, step 2, Windows default 10
        assertEquals(10.0, backend.value("mouse.speed"));
        Step s = one("mouse.speed", "increase", null);
        assertEquals(Status.DONE, s.status());
        assertEquals(10L, s.previous());
        assertEquals(12L, s.next(), "one step");
        assertEquals(7L, one("mouse.speed", "decrease", 5.0).next(), "an amount");
        assertEquals(20L, one("mouse.speed", "increase", 19.0).next(), "clamped at max");
        assertEquals(Status.UNCHANGED, one("mouse.speed", "increase", null).status(), "already at max");
        assertEquals(1L, one("mouse.speed", "decrease", 19.0).next(), "clamped at min");
        assertEquals(15L, one("mouse.speed", "set", 15.0).next());
        assertEquals(15.0, backend.value("mouse.speed"));
        // brightness has no catalog default: the dry run starts mid-range on the step grid
        Step b = one("display.brightness", "decrease", null);
        assertEquals(50L, b.previous());
        assertEquals(40L, b.next());
    }

    @Test
    void orderedEnumsMoveOnePosition() {
        assertEquals("5", backend.value("visual_effects.notification_duration"));
        Step up = one("visual_effects.notification_duration", "increase", null);
        assertEquals("5", up.previous());
        assertEquals("7", up.next());
        assertEquals("15", one("visual_effects.notification_duration", "increase", null).next());
        assertEquals("7", one("visual_effects.notification_duration", "decrease", null).next());
        one("visual_effects.notification_duration", "set", "300");
        assertEquals(Status.UNCHANGED, one("visual_effects.notification_duration", "increase", null).status(),
                "stays at the last value");
    }

    @Test
    void togglesAndEnums() {
        assertEquals("off", backend.value("colors.transparency"));
        Step on = one("colors.transparency", "on", null);
        assertEquals(Status.DONE, on.status());
        assertEquals("off", on.previous());
        assertEquals("on", on.next());
        assertEquals(Status.UNCHANGED, one("colors.transparency", "on", null).status());
        assertEquals("dark", one("colors.mode", "set", "dark").next());
        assertEquals("dark", backend.value("colors.mode"));
    }

    @Test
    void sameSettingTwiceSeesTheFirstChange() {
        ExecutionReport r = ex.apply(plan(act("mouse.speed", "increase", null), act("mouse.speed", "increase", null)), YES);
        assertEquals(List.of(10L, 12L), r.steps().stream().map(Step::previous).collect(Collectors.toList()));
        assertEquals(14.0, backend.value("mouse.speed"));
        ex.undo();
        assertEquals(10.0, backend.value("mouse.speed"));
    }

    @Test
    void outOfCatalogAndInvalidValuesRefuseTheWholePlan() {
        Path journal = dir.resolve("journal.jsonl");
        List<Plan> bad = List.of(
                plan(act("colors.mode", "set", "dark"), act("registry.anything", "set", "1")),
                plan(act("colors.mode", "set", "dark"), act("display.brightness", "set", 150.0)),
                plan(act("colors.mode", "set", "purple")),
                plan(act("colors.transparency", "set", "on")),
                plan(act("mouse.speed", "increase", -3.0)),
                plan(act("colors.mode", "set", "dark"), act("colors.transparency", "on", 1.0)));
        for (Plan p : bad) {
            ExecutionReport r = ex.apply(p, YES);
            assertFalse(r.ok(), r.toJson());
            assertNull(r.planId());
            assertTrue(r.steps().stream().anyMatch(s -> s.status() == Status.REFUSED), r.toJson());
            assertTrue(r.steps().stream().allMatch(s -> s.status() == Status.REFUSED || s.status() == Status.SKIPPED));
        }
        assertEquals("light", backend.value("colors.mode"), "nothing applied");
        assertFalse(Files.exists(journal), "nothing journalled");
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing run, not even in a dry run");
        ExecutionReport r = ex.apply(plan(act("registry.anything", "set", "1")), YES);
        assertTrue(r.steps().get(0).message().contains("not a setting of the catalog"), r.toJson());
    }

    @Test
    void planNotConfirmedAppliesNothing() {
        List<ExecutionReport> previews = new ArrayList<>();
        ExecutionReport r = ex.apply(plan(act("colors.mode", "set", "dark"), act("mouse.speed", "increase", null)),
                Confirmation.of(p -> previews.add(p) && false, (s, n) -> true));
        assertEquals(List.of(Status.DECLINED, Status.DECLINED), r.steps().stream().map(Step::status).collect(Collectors.toList()));
        assertEquals("light", backend.value("colors.mode"));
        assertEquals(10.0, backend.value("mouse.speed"));
        assertFalse(Files.exists(dir.resolve("journal.jsonl")));
        ExecutionReport preview = previews.get(0);
        assertEquals(Status.PLANNED, preview.steps().get(0).status());
        assertEquals("light", preview.steps().get(0).previous());
        assertEquals("dark", preview.steps().get(0).next());
        assertTrue(preview.steps().get(0).command().startsWith("reg.exe add "), "the preview shows the commands");
        assertEquals(12L, preview.steps().get(1).next());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void highRiskActionsAreConfirmedOneByOne() {
        List<String> asked = new ArrayList<>();
        Plan p = plan(act("system.remote_desktop", "on", null), act("colors.mode", "set", "dark"));
        // --yes confirms the plan, but a high-risk action is still asked, and "no" applies nothing of it
        ExecutionReport r = ex.apply(p, Confirmation.yes((step, note) -> asked.add(step.setting() + ": " + note) && false));
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).startsWith("system.remote_desktop: "), asked.get(0));
        assertEquals(CATALOG.byId("system.remote_desktop").orElseThrow().riskNote(), asked.get(0).substring(23));
        assertEquals(Status.DECLINED, r.steps().get(0).status());
        assertEquals(Status.DONE, r.steps().get(1).status(), "the other actions still apply");
        assertEquals("off", backend.value("system.remote_desktop"));
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("fDenyTSConnections"), "not even printed");

        ExecutionReport yes = ex.apply(p, YES);
        assertEquals(Status.DONE, yes.steps().get(0).status());
        assertEquals("on", backend.value("system.remote_desktop"));

        // the plan may ask for confirmation on a low-risk setting too: it is honoured, never downgraded
        asked.clear();
        Action flagged = new Action("colors.transparency", "t", "u", "on", null, 1.0, true);
        ex.apply(plan(flagged), Confirmation.yes((step, note) -> asked.add(step.setting()) && false));
        assertEquals(List.of("colors.transparency"), asked);
        assertEquals("off", backend.value("colors.transparency"));
    }

    @Test
    void unconfirmedRoutesOpenThePageUnlessAllowed() {
        Step s = one("notifications.sounds", "off", null);
        assertEquals(Status.OPENED, s.status());
        assertTrue(s.message().contains("not confirmed by a cited source"), s.message());
        assertTrue(s.command().endsWith("Start-Process 'ms-settings:notifications'"), s.command());
        assertEquals("off", backend.value("notifications.sounds"));
        ex = ex.allowUnconfirmed(true);
        ExecutionReport r = ex.apply(plan(act("notifications.sounds", "on", null)), YES);
        assertEquals(Status.DONE, r.steps().get(0).status());
        assertEquals("on", backend.value("notifications.sounds"));
    }

    @Test
    void openUiOnlyAndActions() {
        Step open = one("display.brightness", "open", null);
        assertEquals(Status.OPENED, open.status());
        assertEquals(ApplyCommandsTest.PS + "Start-Process 'ms-settings:display'", open.command());

        Step ui = one("display.night_light", "on", null);
        assertEquals(Status.OPENED, ui.status());
        assertTrue(ui.message().contains("ui_only") && ui.message().endsWith("change it there"), ui.message());

        ExecutionReport ran = ex.apply(plan(act("accounts.hello_face", "on", null)), YES); // confirmed uri action
        assertEquals(Status.DONE, ran.steps().get(0).status());
        assertTrue(ran.steps().get(0).message().contains("cannot be undone"));

        assertEquals("nothing to undo", ex.undo().message(), "opened pages and run actions leave nothing to restore");
        ExecutionReport undo = ex.undo(ran.planId());
        assertEquals(List.of(Status.NOT_UNDOABLE), undo.steps().stream().map(Step::status).collect(Collectors.toList()),
                undo.toJson());
    }

    @Test
    void dryRunPrintsTheWindowsCommands() {
        ex.apply(plan(act("colors.mode", "set", "dark"), act("mouse.speed", "set", 4.0)), YES);
        String out = printed.toString(StandardCharsets.UTF_8);
        String key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize";
        assertTrue(out.startsWith("[dry run] reg.exe add " + key + " /v AppsUseLightTheme /t REG_DWORD /d 0 /f\n"
                + "[dry run] reg.exe add " + key + " /v SystemUsesLightTheme /t REG_DWORD /d 0 /f\n"), out);
        assertTrue(out.contains("[dry run] powershell.exe -NoProfile -NonInteractive -Command $ErrorActionPreference = "
                + "'Stop'; Add-Type -Namespace Mu4j -Name Spi"), out);
        assertTrue(out.contains("SetValue(0x0071, 0, [IntPtr]4, 3)"), out);
        assertTrue(ex.isDryRun());
    }

    @Test
    void reportSerialisesToJson() {
        ExecutionReport r = ex.apply(plan(act("mouse.speed", "increase", null), act("display.night_light", "on", null)), YES);
        JsonObject o = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertEquals(r.planId(), o.get("planId").getAsString());
        assertTrue(r.planId().matches("\\d{8}T\\d{6}-[0-9a-f]{6}"), r.planId());
        assertTrue(o.get("dryRun").getAsBoolean());
        JsonObject s0 = o.getAsJsonArray("steps").get(0).getAsJsonObject();
        assertEquals("mouse.speed", s0.get("setting").getAsString());
        assertEquals("increase", s0.get("op").getAsString());
        assertEquals("10", s0.get("previous").toString(), "whole numbers without .0");
        assertEquals("12", s0.get("next").toString());
        assertEquals("done", s0.get("status").getAsString());
        assertTrue(s0.get("command").getAsString().contains("SetValue(0x0071, 0, [IntPtr]12, 3)"));
        JsonObject s1 = o.getAsJsonArray("steps").get(1).getAsJsonObject();
        assertEquals("opened", s1.get("status").getAsString());
        assertTrue(s1.get("previous").isJsonNull(), "nulls are written");
        assertTrue(o.get("message").getAsString().contains("1 of 2 applied"), o.toString());
    }

    @Test
    void emptyAndOutOfScopePlans() {
        ExecutionReport r = ex.apply(new Plan("what's the weather", List.of(), true, 0, "model", ""), YES);
        assertTrue(r.steps().isEmpty());
        assertTrue(r.ok());
        assertEquals("out of scope: nothing to apply", r.message());
    }

    @Test
    void forThisMachineIsADryRunOffWindows() {
        Executor here = Executor.forThisMachine(CATALOG, dir.resolve("j.jsonl"));
        assertEquals(!System.getProperty("os.name").startsWith("Windows"), here.isDryRun());
        assertEquals(dir.resolve("j.jsonl"), here.journal());
        assertEquals(Path.of(System.getProperty("user.home"), ".mu4j", "journal.jsonl"), Executor.defaultJournal());
    }
}
