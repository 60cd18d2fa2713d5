package dev.mu4j.settings.apply;

import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import dev.mu4j.settings.apply.ExecutionReport.Status;
import dev.mu4j.settings.apply.ExecutionReport.Step;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Applies a settings {@link Plan} to this machine, recording every change in a journal first so that
 * {@link #undo()} can put it back, even after a crash in the middle of a plan.
 *
 * <p>Contract of {@link #apply}: every action must name a catalog setting with an op and value the catalog accepts
 * ({@code Setting.rejection}), else the whole plan is refused and nothing runs. Then the plan is previewed and
 * confirmed, and the actions are applied in order: relative ops ({@code increase}, {@code decrease}) read the
 * current value first; high-risk settings are confirmed one by one; a setting already at its target is left
 * alone; {@code open}, and settings with no programmatic route, open their page; the first failure stops the plan.
 * Before each change a {@code pending} record (previous value, new value, time) is forced to disk; it is marked
 * {@code done} or {@code failed} afterwards. Undo treats {@code pending} as "maybe applied" and restores it too.
 *
 * <p>By default only settings whose apply route the catalog marks {@code confirmed} are changed programmatically;
 * for the others the page is opened (the catalog's runtime guidance, see models/settings/README.md);
 * {@link #allowUnconfirmed} changes that. On Windows the commands are reg.exe, powercfg.exe and Windows PowerShell;
 * elsewhere (and with {@link #dryRun}) a dry run prints the same commands and keeps values in memory.
 *
 * <p>Instances are immutable in configuration; calls are serialised (synchronized), and one process at a time
 * should write a journal.
 */
public final class Executor {
    private final Catalog catalog;
    private final SystemBackend backend;
    private final Journal journal;
    private final boolean allowUnconfirmed;

    Executor(Catalog catalog, SystemBackend backend, Journal journal, boolean allowUnconfirmed) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.allowUnconfirmed = allowUnconfirmed;
    }

    /**
     * The executor for the machine this JVM runs on: real changes on Windows ({@code os.name} starts with
     * "Windows"), a dry run printing to {@code System.out} anywhere else.
     *
     * @param journal the journal file, or null for {@link #defaultJournal()}
     */
    public static Executor forThisMachine(Catalog catalog, Path journal) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        SystemBackend b = windows ? new WindowsBackend() : new DryRunBackend(catalog, System.out);
        return new Executor(catalog, b, new Journal(journal == null ? defaultJournal() : journal), false);
    }

    /**
     * A dry run on any OS: prints each command Windows would run to {@code out} (prefixed {@code [dry run] }) and
     * changes nothing; simulated values start at catalog defaults and last as long as this executor. Its plans are
     * journalled as dry runs, which a real executor never undoes.
     *
     * @param journal the journal file, or null for {@link #defaultJournal()}
     */
    public static Executor dryRun(Catalog catalog, Path journal, PrintStream out) {
        return new Executor(catalog, new DryRunBackend(catalog, out),
                new Journal(journal == null ? defaultJournal() : journal), false);
    }

    /** {@code ~/.mu4j/journal.jsonl}. */
    public static Path defaultJournal() {
        return Journal.defaultPath();
    }

    /**
     * This executor, but also changing settings whose catalog route is not {@code confirmed} by a cited source
     * (instead of opening their page).
     */
    public Executor allowUnconfirmed(boolean allow) {
        return new Executor(catalog, backend, journal, allow);
    }

    /** True when nothing on the machine is changed (not Windows, or {@link #dryRun}). */
    public boolean isDryRun() {
        return backend.isDryRun();
    }

    /** The journal file this executor writes. */
    public Path journal() {
        return journal.file();
    }

    // ------------------------------------------------------------------------------------------------ apply

    private enum Kind { OPEN, RUN, CHANGE, UNCHANGED, ERROR }

    /** What applying one action will do, decided before the plan is confirmed. */
    private record Decision(Action action, Setting setting, Kind kind, Reading previous, Object next,
                            List<Command> commands, String message) {
        boolean highRisk() {
            return setting.risk().needsConfirmation() || action.needsConfirmation();
        }

        Step step(Status status, List<Command> ran, String msg) {
            return new Step(setting.id(), action.op(), previous.value(), next, status, text(ran), msg);
        }
    }

    /**
     * What {@link #apply} would do, without changing anything or writing the journal: one {@code planned} step per
     * action (or {@code unchanged}, {@code refused}, {@code failed} where that is already known). Reads current
     * values.
     */
    public synchronized ExecutionReport preview(Plan plan) {
        List<Step> refused = refusals(plan);
        if (refused != null) return new ExecutionReport(null, refused, isDryRun(), "plan refused: nothing applied");
        return previewOf(null, decide(plan));
    }

    /**
     * Applies {@code plan}; see the class comment for the rules. Never throws for a step that fails (the report
     * says so); a journal that cannot be written fails the step before anything is changed.
     */
    public synchronized ExecutionReport apply(Plan plan, Confirmation confirm) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(confirm, "confirm");
        List<Step> refused = refusals(plan);
        if (refused != null) return new ExecutionReport(null, refused, isDryRun(), "plan refused: nothing applied");
        if (plan.actions().isEmpty()) {
            return new ExecutionReport(null, List.of(), isDryRun(), plan.outOfScope() ? "out of scope: nothing to apply"
                    : "nothing to apply");
        }
        String planId = newPlanId();
        List<Decision> decisions = decide(plan);
        if (!confirm.plan(previewOf(planId, decisions))) {
            List<Step> steps = new ArrayList<>();
            for (Decision d : decisions) steps.add(d.step(Status.DECLINED, List.of(), "plan not confirmed"));
            return new ExecutionReport(null, steps, isDryRun(), "not confirmed: nothing applied");
        }
        List<Step> steps = new ArrayList<>();
        boolean begun = false;
        boolean stopped = false;
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            if (stopped) {
                steps.add(d.step(Status.SKIPPED, List.of(), "an earlier action failed"));
                continue;
            }
            if (d.kind() == Kind.ERROR) {
                steps.add(d.step(Status.FAILED, List.of(), d.message()));
                stopped = true;
                continue;
            }
            if (d.kind() == Kind.UNCHANGED) {
                steps.add(d.step(Status.UNCHANGED, List.of(), d.message()));
                continue;
            }
            if (d.kind() != Kind.OPEN && d.highRisk()) {
                String note = d.setting().riskNote().isEmpty() ? "security-relevant setting" : d.setting().riskNote();
                if (!confirm.highRisk(d.step(Status.PLANNED, d.commands(), d.message()), note)) {
                    steps.add(d.step(Status.DECLINED, List.of(), "high-risk change not confirmed"));
                    continue;
                }
            }
            boolean undoable = d.kind() == Kind.CHANGE;
            try {
                if (!begun) {
                    journal.begin(planId, plan.query(), isDryRun(), Instant.now());
                    begun = true;
                }
                journal.pending(planId, i, d.setting().id(), d.action().op(), undoable ? d.previous() : Reading.UNKNOWN,
                        undoable ? d.next() : null, undoable, isDryRun(), Instant.now());
            } catch (IOException e) {
                steps.add(d.step(Status.FAILED, List.of(), "journal " + journal.file() + " could not be written, so "
                        + "nothing was changed: " + e.getMessage()));
                stopped = true;
                continue;
            }
            List<Command> ran;
            try {
                ran = switch (d.kind()) {
                    case OPEN -> backend.open(d.setting());
                    case RUN -> backend.runAction(d.setting());
                    default -> backend.write(d.setting(), d.next());
                };
            } catch (ApplyException | RuntimeException e) {
                mark(planId, i, "failed");
                steps.add(d.step(Status.FAILED, d.commands(), e.getMessage()));
                stopped = true;
                continue;
            }
            String warn = mark(planId, i, "done");
            Status status = d.kind() == Kind.OPEN ? Status.OPENED : Status.DONE;
            String msg = d.message() + (warn == null ? "" : (d.message().isEmpty() ? "" : "; ") + warn);
            steps.add(d.step(status, ran, msg));
        }
        long changed = steps.stream().filter(s -> s.status() == Status.DONE).count();
        return new ExecutionReport(begun ? planId : null, steps, isDryRun(),
                (stopped ? "stopped at a failure; " : "") + changed + " of " + steps.size() + " applied"
                        + (isDryRun() ? " (dry run: nothing on this machine changed)" : ""));
    }

    /** Marks a step; a failure here is reported but does not undo what was done (undo treats pending alike). */
    private String mark(String planId, int index, String state) {
        try {
            journal.mark(planId, index, state, Instant.now());
            return null;
        } catch (IOException e) {
            return "journal could not record '" + state + "' (undo will still restore it): " + e.getMessage();
        }
    }

    /** Refusal of the whole plan when any action is outside the catalog or rejected by it; null when all pass. */
    private List<Step> refusals(Plan plan) {
        List<Step> steps = new ArrayList<>();
        boolean any = false;
        for (Action a : plan.actions()) {
            Optional<Setting> s = catalog.byId(a.setting());
            String why = s.isEmpty() ? "'" + a.setting() + "' is not a setting of the catalog"
                    : s.get().rejection(a.op(), a.value()).orElse(null);
            if (why != null) any = true;
            steps.add(new Step(a.setting(), a.op(), null, a.value(), why == null ? Status.SKIPPED : Status.REFUSED, "",
                    why == null ? "plan refused" : why));
        }
        return any ? steps : null;
    }

    /** Decides every action in order; later actions on a setting see the value earlier ones leave. */
    private List<Decision> decide(Plan plan) {
        Map<String, Object> planned = new HashMap<>();
        List<Decision> out = new ArrayList<>();
        for (Action a : plan.actions()) {
            Setting s = catalog.byId(a.setting()).orElseThrow();
            Decision d = decide(a, s, planned);
            if (d.kind() == Kind.CHANGE) planned.put(s.id(), d.next());
            out.add(d);
        }
        return out;
    }

    private Decision decide(Action a, Setting s, Map<String, Object> planned) {
        if (a.op().equals("open")) {
            return open(a, s, "");
        }
        String what = s.type() == SettingType.ACTION ? "do it" : "change it";
        List<Command> run = List.of();
        try {
            if (s.type() == SettingType.ACTION) run = Routes.action(s);
            else Routes.of(s);
        } catch (ApplyException e) {
            return open(a, s, e.getMessage() + "; opened its page: " + what + " there");
        }
        if (!s.confirmed() && !allowUnconfirmed) {
            return open(a, s, s.id() + ": its apply route is not confirmed by a cited source (" + s.confidence()
                    + "); opened its page: " + what + " there");
        }
        if (s.type() == SettingType.ACTION) {
            return new Decision(a, s, Kind.RUN, Reading.UNKNOWN, null, run, "an action: running it cannot be undone");
        }
        Reading previous;
        String readProblem = "";
        if (planned.containsKey(s.id())) {
            previous = Reading.of(planned.get(s.id()));
        } else {
            try {
                previous = backend.read(s);
            } catch (ApplyException | RuntimeException e) {
                previous = Reading.UNKNOWN;
                readProblem = e.getMessage();
            }
        }
        Object next;
        try {
            next = Values.next(s, a.op(), a.value(), previous.value());
        } catch (ApplyException e) {
            return new Decision(a, s, Kind.ERROR, previous, null, List.of(),
                    e.getMessage() + (readProblem.isEmpty() ? "" : " (" + readProblem + ")"));
        }
        if (Values.same(previous.value(), next)) {
            return new Decision(a, s, Kind.UNCHANGED, previous, next, List.of(), "already " + Values.text(next));
        }
        List<Command> cmds;
        try {
            cmds = Routes.of(s).write(next);
        } catch (ApplyException e) {
            return open(a, s, e.getMessage());
        }
        String msg = previous.restorable() ? "" : "the current value cannot be read, so undo cannot restore it";
        return new Decision(a, s, Kind.CHANGE, previous, next, cmds, msg);
    }

    private Decision open(Action a, Setting s, String message) {
        List<Command> cmds;
        try {
            cmds = List.of(Routes.open(s));
        } catch (ApplyException e) {
            return new Decision(a, s, Kind.ERROR, Reading.UNKNOWN, null, List.of(), e.getMessage());
        }
        return new Decision(a, s, Kind.OPEN, Reading.UNKNOWN, null, cmds, message);
    }

    private ExecutionReport previewOf(String planId, List<Decision> decisions) {
        List<Step> steps = new ArrayList<>();
        for (Decision d : decisions) {
            Status st = switch (d.kind()) {
                case UNCHANGED -> Status.UNCHANGED;
                case ERROR -> Status.FAILED;
                default -> Status.PLANNED;
            };
            String msg = d.highRisk() && d.kind() != Kind.OPEN
                    ? (d.message().isEmpty() ? "" : d.message() + "; ") + "high risk: asks again before applying"
                    : d.message();
            steps.add(d.step(st, d.commands(), msg));
        }
        return new ExecutionReport(planId, steps, isDryRun(), "preview: nothing changed yet");
    }

    // ------------------------------------------------------------------------------------------------- undo

    /**
     * Undoes the most recent plan of this kind (real or dry run) that still has changes to restore; calling it
     * again walks further back. Restores in reverse order, including {@code pending} and {@code failed} steps
     * (maybe applied), and marks each step {@code undone} in the journal.
     */
    public synchronized ExecutionReport undo() {
        Journal.Contents c;
        try {
            c = journal.read();
        } catch (IOException e) {
            return new ExecutionReport(null, List.of(), isDryRun(), "journal " + journal.file() + ": " + e.getMessage());
        }
        for (int i = c.plans().size() - 1; i >= 0; i--) {
            Journal.PlanEntry p = c.plans().get(i);
            if (p.dryRun() == isDryRun() && p.steps().stream().anyMatch(Executor::toRestore)) return undo(p, c.warnings());
        }
        return new ExecutionReport(null, List.of(), isDryRun(), "nothing to undo" + warnings(c.warnings()));
    }

    /** Undoes the plan with this id (as {@link ExecutionReport#planId()} gave it); see {@link #undo()}. */
    public synchronized ExecutionReport undo(String planId) {
        Journal.Contents c;
        try {
            c = journal.read();
        } catch (IOException e) {
            return new ExecutionReport(planId, List.of(), isDryRun(), "journal " + journal.file() + ": " + e.getMessage());
        }
        for (Journal.PlanEntry p : c.plans()) {
            if (!p.plan().equals(planId)) continue;
            if (p.dryRun() != isDryRun()) {
                return new ExecutionReport(planId, List.of(), isDryRun(), "plan " + planId + " was "
                        + (p.dryRun() ? "a dry run; a real executor does not undo it" : "applied for real; a dry run "
                        + "does not undo it"));
            }
            return undo(p, c.warnings());
        }
        return new ExecutionReport(planId, List.of(), isDryRun(), "no plan " + planId + " in " + journal.file()
                + warnings(c.warnings()));
    }

    private static boolean toRestore(Journal.Step s) {
        return s.undoable() && !"undone".equals(s.state());
    }

    private ExecutionReport undo(Journal.PlanEntry p, List<String> journalWarnings) {
        List<Step> steps = new ArrayList<>();
        int restored = 0;
        boolean failed = false;
        List<Journal.Step> reversed = new ArrayList<>(p.steps());
        java.util.Collections.reverse(reversed);
        for (Journal.Step js : reversed) {
            if ("undone".equals(js.state())) continue;
            if (!js.undoable()) {
                steps.add(new Step(js.setting(), "undo", null, null, Status.NOT_UNDOABLE, "",
                        js.op().equals("open") ? "opened a page; nothing to restore" : "nothing to restore"));
                continue;
            }
            Optional<Setting> s = catalog.byId(js.setting());
            if (s.isEmpty()) {
                steps.add(new Step(js.setting(), "undo", js.next(), js.previous(), Status.REFUSED, "",
                        "'" + js.setting() + "' is no longer a setting of the catalog"));
                failed = true;
                continue;
            }
            Reading previous = js.reading();
            if (previous.value() != null && !Values.valid(s.get(), previous.value())) {
                steps.add(new Step(js.setting(), "undo", js.next(), js.previous(), Status.REFUSED, "",
                        "journal value '" + Values.text(previous.value()) + "' is not valid for " + js.setting()));
                failed = true;
                continue;
            }
            if (!previous.restorable()) {
                steps.add(new Step(js.setting(), "undo", js.next(), null, Status.NOT_RESTORABLE, "",
                        "its value before the change could not be read"));
                continue;
            }
            try {
                List<Command> ran = backend.restore(s.get(), previous);
                String warn = mark(p.plan(), js.index(), "undone");
                steps.add(new Step(js.setting(), "undo", js.next(), js.previous(), Status.RESTORED, text(ran),
                        ("pending".equals(js.state()) ? "was pending (maybe applied); restored" : "")
                                + (warn == null ? "" : warn)));
                restored++;
            } catch (ApplyException | RuntimeException e) {
                steps.add(new Step(js.setting(), "undo", js.next(), js.previous(), Status.FAILED, "", e.getMessage()));
                failed = true;
            }
        }
        return new ExecutionReport(p.plan(), steps, isDryRun(), "undo of " + p.plan()
                + (p.query() == null ? "" : " (\"" + p.query() + "\")") + ": " + restored + " restored"
                + (failed ? ", some failed" : "") + warnings(journalWarnings));
    }

    private static String warnings(List<String> w) {
        return w.isEmpty() ? "" : "; journal warnings: " + String.join(" | ", w);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** {@code 20250102T030405-1a2b3c}: sortable by time, unique enough for one user's journal. */
    static String newPlanId() {
        return ID_TIME.format(Instant.now()) + "-" + String.format(Locale.ROOT, "%06x",
                ThreadLocalRandom.current().nextInt(1 << 24));
    }

    static String text(List<Command> cmds) {
        return cmds.stream().map(Command::text).collect(Collectors.joining("\n"));
    }
}
