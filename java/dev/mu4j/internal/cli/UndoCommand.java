package dev.mu4j.internal.cli;

import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.apply.ExecutionReport;
import dev.mu4j.settings.apply.Executor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mu4j undo}: restore the settings the last applied plan changed, from the journal. */
@Command(name = "undo", description = {
        "Restore what the last applied plan changed (again: the plan before it), from the journal.",
        "Changes of a plan interrupted by a crash are restored too. Off Windows this undoes the dry run's record."})
final class UndoCommand implements Callable<Integer> {
    @Option(names = "--plan", paramLabel = "ID", description = "undo this plan id instead of the last one")
    String planId;

    @Option(names = "--journal", paramLabel = "FILE", description = "the journal (default ~/.mu4j/journal.jsonl)")
    Path journal;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = Catalog.loadDefault();
        Executor executor = Prompts.WINDOWS ? Executor.forThisMachine(catalog, journal)
                : Executor.dryRun(catalog, journal, json ? System.err : System.out);
        ExecutionReport report = planId == null ? executor.undo() : executor.undo(planId);
        System.out.println(json ? report.toJson() : report.message());
        return report.ok() ? 0 : 1;
    }
}
