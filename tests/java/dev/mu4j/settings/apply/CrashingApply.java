package dev.mu4j.settings.apply;

import dev.mu4j.settings.Catalog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link UndoCrashTest}: applies a 3-action plan with a file-backed dry-run backend and kills its
 * own JVM ({@link Runtime#halt}, no shutdown hooks, no flushing) during the second action, after the journal's
 * pending record. Exit code {@link #HALTED} says it got there.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.mu4j.settings.apply.CrashingApply JOURNAL STATE MODE}, MODE one of
 * {@code before-write} (crash before the change), {@code after-write} (change made, not yet marked done),
 * {@code torn} (as after-write, and the crash also tears the journal's next record in half).
 */
public final class CrashingApply {
    static final int HALTED = 77;

    private CrashingApply() {}

    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        Path state = Path.of(args[1]);
        String mode = args[2];
        Catalog catalog = Catalog.loadDefault();
        DryRunBackend dry = new DryRunBackend(catalog, System.out, state);
        JournalTest.Hooked halting = new JournalTest.Hooked(dry,
                (n, s, v) -> {
                    if (n == 2 && mode.equals("before-write")) Runtime.getRuntime().halt(HALTED);
                },
                (n, s, v) -> {
                    if (n != 2) return;
                    if (mode.equals("torn")) tear(journal);
                    Runtime.getRuntime().halt(HALTED);
                });
        ExecutionReport r = JournalTest.applyThree(new Executor(catalog, halting, new Journal(journal), false));
        System.out.println("not halted: " + r.toJson());
        System.exit(1);
    }

    /** Half of a "done" record, without its newline: what a crash in the middle of a write leaves. */
    private static void tear(Path journal) {
        try (FileOutputStream out = new FileOutputStream(journal.toFile(), true)) {
            out.write("{\"v\":1,\"type\":\"state\",\"plan\":\"".getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
