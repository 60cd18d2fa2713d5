package dev.mu4j.internal.cli;

import dev.mu4j.internal.agent.Evaluator;
import dev.mu4j.settings.SettingsAgent;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mu4j eval-settings DATASET}: accuracy and latency of the settings agent through the Java runtime. */
@Command(name = "eval-settings", sortOptions = false, description = {
        "Run the settings agent over a JSONL dataset ({\"text\": ..., \"program\": ...} per line) and print exact-match",
        "accuracy, per-category accuracy, out-of-scope precision/recall, multi-intent accuracy and latency percentiles.",
        "",
        "Example: mu4j eval-settings models/settings/eval/handwritten.jsonl"})
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", description = "JSONL file with text and program fields")
    Path dataset;

    @Mixin
    AgentOptions agentOptions;

    @Option(names = "--errors", defaultValue = "20", description = "how many wrong answers to list (default ${DEFAULT-VALUE})")
    int errors;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (SettingsAgent agent = agentOptions.open()) {
            agent.plan("warm up the runtime");   // JIT and the prompt prefix: latency figures are for a warm agent
            long lines;
            try (var all = java.nio.file.Files.lines(dataset)) {
                lines = all.filter(l -> !l.isBlank()).count();
            }
            Evaluator.Report r;
            try (Progress progress = new Progress("requests", lines)) {
                r = Evaluator.run(dataset, agent.catalog(), q -> {
                    dev.mu4j.settings.Plan p = agent.plan(q);
                    progress.step();
                    return p;
                });
            }
            System.out.println(json ? Main.JSON.toJson(r) : Evaluator.format(r, errors));
        }
        return 0;
    }
}
