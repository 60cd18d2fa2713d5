package dev.mu4j.settings.apply;

import dev.mu4j.settings.Setting;
import java.util.List;

/**
 * Reads and changes settings on one machine, by each setting's catalog apply method. Implementations:
 * {@link WindowsBackend} (starts the commands {@link Routes} builds) and {@link DryRunBackend} (prints them and keeps
 * the values in memory or a file). Callers pass only catalog settings and valid values; the executor checks both.
 * Not thread-safe.
 */
interface SystemBackend {
    /** True when nothing on the machine changes. */
    boolean isDryRun();

    /** The current state of {@code s}; {@link Reading#UNKNOWN} when it cannot be read. */
    Reading read(Setting s) throws ApplyException;

    /** Makes {@code s} hold {@code value}; returns the commands that did it (or would have, in a dry run). */
    List<Command> write(Setting s, Object value) throws ApplyException;

    /** Brings back a state captured by {@link #read}. */
    List<Command> restore(Setting s, Reading previous) throws ApplyException;

    /** Opens the page that shows {@code s}. */
    List<Command> open(Setting s) throws ApplyException;

    /** Runs an action setting (check for updates, quick scan...). */
    List<Command> runAction(Setting s) throws ApplyException;
}
