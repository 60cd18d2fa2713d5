package dev.mu4j.settings;

import java.util.List;

/**
 * What the settings agent proposes for one request: the actions to apply (possibly none), whether the request was
 * outside what the agent handles, and how long it took. This is the output contract of the CLI's {@code --json},
 * the servers and the Java API alike:
 * {@code {"query", "actions": [{"setting", "title", "uri", "op", "value", "confidence"}], "outOfScope", "latencyMs"}}.
 *
 * @param query      the request as given
 * @param actions    validated actions in the order the user asked for them
 * @param outOfScope true when the request is not a settings change the catalog covers (then actions is empty)
 * @param latencyMs  time to produce the plan
 * @param source     how it was produced: {@code model}, {@code keyword} (short queries answered by catalog search)
 *                   or {@code empty} (nothing to parse)
 * @param message    a human-readable line for the user (why nothing happens, what needs confirmation), or ""
 */
public record Plan(String query, List<Action> actions, boolean outOfScope, double latencyMs, String source,
                   String message) {
    public Plan {
        actions = List.copyOf(actions);
    }

    /** True when any action needs an explicit confirmation before it is applied. */
    public boolean needsConfirmation() {
        return actions.stream().anyMatch(Action::needsConfirmation);
    }

    /** The actions as one action program ({@code a ; b}), or {@code none}. */
    public String program() {
        if (actions.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        for (Action a : actions) sb.append(sb.length() == 0 ? "" : " ; ").append(a);
        return sb.toString();
    }
}
