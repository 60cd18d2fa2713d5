package dev.mu4j.internal.cli;

import dev.mu4j.settings.apply.Confirmation;
import dev.mu4j.settings.apply.ExecutionReport;
import java.io.Console;
import java.util.Locale;

/** Confirmation questions on the terminal. Without a terminal every question is answered "no". */
final class Prompts {
    static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private Prompts() {}

    /** Asks about the plan unless {@code yes}; always asks about each high-risk action. */
    static Confirmation confirmation(boolean yes) {
        Console console = System.console();
        return new Confirmation() {
            @Override
            public boolean plan(ExecutionReport preview) {
                if (yes) return true;
                return ask(console, "Apply " + preview.steps().size() + " change(s)? [y/N] ");
            }

            @Override
            public boolean highRisk(ExecutionReport.Step step, String riskNote) {
                return ask(console, "Security-relevant: " + step.setting() + " " + step.op()
                        + (riskNote.isEmpty() ? "" : " (" + riskNote + ")") + ". Change it? [y/N] ");
            }
        };
    }

    private static boolean ask(Console console, String question) {
        if (console == null) {
            System.err.println(question + "no (not a terminal; use --yes for the plan, high-risk changes need a terminal)");
            return false;
        }
        String answer = console.readLine("%s", question);
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }
}
