package dev.mu4j.fuzz;

import dev.mu4j.MuException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared by the Jazzer fuzz tests of this package. Each test class holds one {@code @FuzzTest} (Jazzer fuzzes one
 * per JVM; Surefire forks one JVM per class in the {@code fuzz} execution of pom.xml). What counts as a finding:
 * any exception other than the documented ones ({@link MuException}, and {@link IOException} for I/O), a JVM
 * crash, or a broken invariant asserted by the test. See TESTING.md for the short and long runs.
 */
final class FuzzSupport {
    private FuzzSupport() {}

    /** A per-JVM scratch file, rewritten for each input (fuzz tests run one input at a time). */
    static Path scratch(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-scratch", ProcessHandle.current().pid() + ""));
            return dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes UTF-8; a lone surrogate becomes '?' (Files.writeString would throw on it). */
    static void write(Path file, String content) {
        try {
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of an expected error must say what is wrong: never null or blank. */
    static void checkMessage(RuntimeException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("error without a message", e);
    }
}
