package dev.mu4j.settings.apply;

import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The user's say before anything is changed, asked by {@link Executor#apply}. Implementations prompt (CLI, UI) or
 * decide by policy; they are called on the applying thread.
 *
 * <p>Two questions: once for the plan as a whole, with a preview of every step ({@code --yes} answers it without
 * asking, see {@link #yes}); and, even after that, once for each high-risk action ({@code Risk.HIGH}: firewall,
 * Defender, UAC, remote desktop...), with the catalog's risk note. A "no" to the plan applies nothing; a "no" to a
 * high-risk action skips that action only.
 */
public interface Confirmation {
    /** Asked once before anything is applied; {@code preview} has one {@code planned} step per action. */
    boolean plan(ExecutionReport preview);

    /** Asked just before a high-risk change, with the step as it will run and why the setting is risky. */
    boolean highRisk(ExecutionReport.Step step, String riskNote);

    /** Plan and high-risk questions answered by the given tests. */
    static Confirmation of(Predicate<ExecutionReport> plan, BiPredicate<ExecutionReport.Step, String> highRisk) {
        return new Confirmation() {
            @Override
            public boolean plan(ExecutionReport preview) {
                return plan.test(preview);
            }

            @Override
            public boolean highRisk(ExecutionReport.Step step, String riskNote) {
                return highRisk.test(step, riskNote);
            }
        };
    }

    /** {@code --yes}: the plan is confirmed without asking; high-risk actions still go to {@code highRisk}. */
    static Confirmation yes(BiPredicate<ExecutionReport.Step, String> highRisk) {
        return of(preview -> true, highRisk);
    }

    /** Says no to everything (high-risk actions are never applied). */
    static Confirmation no() {
        return of(preview -> false, (step, note) -> false);
    }
}
