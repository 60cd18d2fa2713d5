package dev.mu4j.settings.apply;

import dev.mu4j.settings.Setting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies settings on Windows by starting the commands {@link Routes} builds (reg.exe, powercfg.exe, Windows
 * PowerShell). The process runner is a seam: tests pass a fake one, so everything except starting processes is
 * tested on any OS. Not thread-safe.
 */
final class WindowsBackend implements SystemBackend {
    /** A settings command that has not finished in this time is killed (WinRT radio calls can take a few s). */
    static final long TIMEOUT_SECONDS = 120;

    private final ProcessRunner runner;

    WindowsBackend(ProcessRunner runner) {
        this.runner = runner;
    }

    WindowsBackend() {
        this(ProcessRunner.system(TIMEOUT_SECONDS));
    }

    @Override
    public boolean isDryRun() {
        return false;
    }

    @Override
    public Reading read(Setting s) throws ApplyException {
        Routes.Route route = Routes.of(s);
        List<Command> cmds = route.read();
        if (cmds.isEmpty()) return Reading.UNKNOWN;
        List<ProcessRunner.Result> results = new ArrayList<>();
        for (Command c : cmds) {
            try {
                results.add(runner.run(c));
            } catch (IOException e) {
                throw new ApplyException(s.id() + ": could not read: " + e.getMessage(), e);
            }
        }
        return route.parse(results);
    }

    @Override
    public List<Command> write(Setting s, Object value) throws ApplyException {
        return run(s, Routes.of(s).write(value));
    }

    @Override
    public List<Command> restore(Setting s, Reading previous) throws ApplyException {
        return run(s, Routes.of(s).restore(previous));
    }

    @Override
    public List<Command> open(Setting s) throws ApplyException {
        return run(s, List.of(Routes.open(s)));
    }

    @Override
    public List<Command> runAction(Setting s) throws ApplyException {
        return run(s, Routes.action(s));
    }

    /** Runs commands in order; the first required one that fails (non-zero exit) stops and fails the step. */
    private List<Command> run(Setting s, List<Command> cmds) throws ApplyException {
        for (Command c : cmds) {
            ProcessRunner.Result r;
            try {
                r = runner.run(c);
            } catch (IOException e) {
                if (!c.required()) continue;
                throw new ApplyException(s.id() + ": " + e.getMessage(), e);
            }
            if (r.exitCode() != 0 && c.required()) {
                String why = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
                if (why.length() > 400) why = why.substring(0, 400) + "...";
                throw new ApplyException(s.id() + ": " + c.argv().get(0) + " exited with " + r.exitCode()
                        + (why.isEmpty() ? "" : ": " + why)
                        + (s.apply().needsAdmin() ? " (this setting needs an elevated process: run as administrator)" : ""));
            }
        }
        return cmds;
    }
}
