package dev.mu4j.settings.apply;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.annotations.SerializedName;
import java.util.List;

/**
 * What {@link Executor} did (or, for a preview, would do) with a plan, step by step. Immutable; serialises to JSON
 * with {@link #toJson()}:
 * {@code {"planId", "steps": [{"setting", "op", "previous", "next", "status", "command", "message"}], "dryRun",
 * "message"}}.
 *
 * @param planId  the id the journal keeps the plan under (pass it to {@link Executor#undo(String)}); null when
 *                nothing was recorded
 * @param steps   one per action of the plan, in plan order (for an undo: one per restored step, in undo order)
 * @param dryRun  true when nothing on the machine was changed
 * @param message one line for the user: the overall outcome, or "" when the steps say it all
 */
public record ExecutionReport(String planId, List<Step> steps, boolean dryRun, String message) {
    private static final Gson JSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    public ExecutionReport {
        steps = List.copyOf(steps);
        message = message == null ? "" : message;
    }

    /** What became of one action. The JSON name is the lowercase constant name. */
    public enum Status {
        /** Preview only: this is what applying would do. */
        @SerializedName("planned") PLANNED,
        /** The value was changed (or the action was run). */
        @SerializedName("done") DONE,
        /** The setting already had the requested value; nothing was run. */
        @SerializedName("unchanged") UNCHANGED,
        /** The settings page was opened: an {@code open}, or a setting with no programmatic route. */
        @SerializedName("opened") OPENED,
        /** The change failed; later actions were skipped. */
        @SerializedName("failed") FAILED,
        /** The user said no; nothing of this action was applied. */
        @SerializedName("declined") DECLINED,
        /** Not in the catalog, or an op/value the catalog rejects; nothing of the plan was applied. */
        @SerializedName("refused") REFUSED,
        /** Not attempted because an earlier action failed or was refused. */
        @SerializedName("skipped") SKIPPED,
        /** Undo wrote the previous value back. */
        @SerializedName("restored") RESTORED,
        /** Undo cannot restore it: the previous value was never known. */
        @SerializedName("not_restorable") NOT_RESTORABLE,
        /** Undo has nothing to do: an opened page or an action that was run. */
        @SerializedName("not_undoable") NOT_UNDOABLE
    }

    /**
     * One action's outcome.
     *
     * @param setting  catalog id (as given in the plan when it was refused)
     * @param op       the plan's op ({@code undo} in undo reports)
     * @param previous the value before, in catalog terms ({@code "on"}, {@code 50}, {@code "dark"}); null when
     *                 unknown or not applicable
     * @param next     the value after (for relative ops the computed one); null when not applicable
     * @param status   what happened
     * @param command  the commands run (or, in a dry run or preview, that would run), one per line; "" when none
     * @param message  why, for the user: a refusal reason, a failure, "change it on the page", ...; or ""
     */
    public record Step(String setting, String op, Object previous, Object next, Status status, String command,
                       String message) {
        public Step {
            previous = Values.forReport(previous);
            next = Values.forReport(next);
            command = command == null ? "" : command;
            message = message == null ? "" : message;
        }
    }

    /** True when no step failed or was refused (declined steps do not count as errors). */
    public boolean ok() {
        return steps.stream().noneMatch(s -> s.status() == Status.FAILED || s.status() == Status.REFUSED);
    }

    /** This report as one line of JSON (nulls included). */
    public String toJson() {
        return JSON.toJson(this);
    }
}
