/**
 * Applying settings plans: {@link dev.mu4j.settings.apply.Executor} turns a {@link dev.mu4j.settings.Plan} into
 * system operations (reg.exe, powercfg, PowerShell on Windows; a printed dry run elsewhere), journals each change
 * before making it, and undoes plans from the journal.
 *
 * <pre>{@code
 * Executor ex = Executor.forThisMachine(Catalog.loadDefault(), null);   // ~/.mu4j/journal.jsonl
 * ExecutionReport r = ex.apply(plan, Confirmation.of(
 *         preview -> askUser("Apply " + preview.steps().size() + " changes?"),       // --yes: Confirmation.yes(...)
 *         (step, riskNote) -> askUser(step.setting() + ": " + riskNote)));         // high risk: always asked
 * System.out.println(r.toJson());       // {"planId":"20250102T030405-1a2b3c","steps":[...],"dryRun":false,...}
 * ex.undo();                            // restores the last plan, newest change first
 * ex.undo(r.planId());                  // or a given one
 * ex.isDryRun();                        // true off Windows: commands are printed, nothing changes
 * }</pre>
 *
 * <p>Formats, per-method commands and what cannot be undone: {@code models/settings/APPLY.md}.
 */
package dev.mu4j.settings.apply;
