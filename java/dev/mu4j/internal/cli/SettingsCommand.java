package dev.mu4j.internal.cli;

import dev.mu4j.internal.agent.PlanJson;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.SettingsAgent;
import dev.mu4j.settings.apply.ExecutionReport;
import dev.mu4j.settings.apply.Executor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mu4j settings "..."}: plan the settings changes a request asks for. */
@Command(name = "settings", sortOptions = false, description = {
        "Turn a request in plain language into Windows settings operations.",
        "Uses the settings model and catalog inside the jar unless --model / --catalog say otherwise.",
        "",
        "Examples:",
        "  mu4j settings \"make the mouse pointer larger and adjust the screen brightness\"",
        "  mu4j settings \"turn on night light\" --json",
        "  mu4j settings \"set the volume to 30\" --apply        (asks before changing anything)",
        "",
        "Applying is opt-in: --apply asks for confirmation (--yes skips that question), security-relevant",
        "settings (firewall, Defender, UAC, ...) are always asked about one by one, and every change is journaled",
        "so that `mu4j undo` restores it. Off Windows, --apply is a dry run that prints the exact commands."})
final class SettingsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REQUEST", arity = "1..*", description = "what you want, e.g. \"dim the screen a bit\"")
    String[] words;

    @Option(names = "--json", description = "print the plan as JSON (the output contract of the servers)")
    boolean json;

    @Mixin
    AgentOptions agentOptions;

    @Option(names = "--apply", description = "apply the plan (after a confirmation prompt unless --yes)")
    boolean apply;

    @Option(names = "--yes", description = "with --apply: do not ask about the plan (high-risk settings are still asked)")
    boolean yes;

    @Option(names = "--journal", paramLabel = "FILE", description = "where changes are journaled for undo (default ~/.mu4j/journal.jsonl)")
    Path journal;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (SettingsAgent agent = agentOptions.open()) {
            Plan plan = agent.plan(String.join(" ", words));
            if (!apply) {
                out.println(json ? PlanJson.pretty(plan) : describe(plan));
                return 0;
            }
            if (!json) out.println(describe(plan));
            Executor executor = Prompts.WINDOWS ? Executor.forThisMachine(agent.catalog(), journal)
                    : Executor.dryRun(agent.catalog(), journal, json ? System.err : out);
            ExecutionReport report = executor.apply(plan, Prompts.confirmation(yes));
            out.println(json ? report.toJson() : report.message());
            return report.ok() ? 0 : 1;
        }
    }

    /** The plan for people: one numbered line per action, then why nothing happens or what needs confirming. */
    static String describe(Plan plan) {
        StringBuilder sb = new StringBuilder();
        if (plan.actions().isEmpty()) {
            sb.append("No settings change: ").append(plan.message());
        }
        int i = 1;
        for (Action a : plan.actions()) {
            sb.append(String.format("%d. %-28s %-40s %s  (confidence %.2f)%s%n", i++, a.title(), what(a), a.uri(),
                    a.confidence(), a.needsConfirmation() ? "  [needs confirmation]" : ""));
        }
        if (!plan.actions().isEmpty() && !plan.message().isEmpty()) sb.append(plan.message()).append('\n');
        sb.append(String.format("(%.1f ms, %s)", plan.latencyMs(), plan.source()));
        return sb.toString().stripTrailing();
    }

    private static String what(Action a) {
        return switch (a.op()) {
            case "set" -> "set to " + a.valueText();
            case "increase" -> a.value() == null ? "increase one step" : "increase by " + a.valueText();
            case "decrease" -> a.value() == null ? "decrease one step" : "decrease by " + a.valueText();
            case "on" -> "turn on";
            case "off" -> "turn off";
            default -> "open the page to choose";
        };
    }
}
