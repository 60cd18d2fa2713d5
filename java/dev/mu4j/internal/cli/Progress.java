package dev.mu4j.internal.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr for long CLI work. It draws only when the JVM has a terminal (so pipes and
 * files never see it, and nothing leaves colour codes), redraws at most every 100 ms, and erases itself on close.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final PrintStream err;
    private final boolean enabled;
    private long done;
    private long lastDraw;

    Progress(String label, long total) {
        this(label, total, System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    Progress(String label, long total, PrintStream err, boolean enabled) {
        this.label = label;
        this.total = Math.max(1, total);
        this.err = err;
        this.enabled = enabled;
    }

    /** One more unit done. */
    void step() {
        done++;
        long now = System.nanoTime();
        if (!enabled || (now - lastDraw < REDRAW_NANOS && done < total)) return;
        lastDraw = now;
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format("%3d%% %s (%d/%d)", 100 * Math.min(done, total) / total, label, done, total));
        err.flush();
    }

    /** Erases the bar. */
    @Override
    public void close() {
        if (enabled && lastDraw != 0) {
            err.print("\r" + " ".repeat(WIDTH + label.length() + 40) + "\r");
            err.flush();
        }
    }
}
