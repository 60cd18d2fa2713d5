package dev.mu4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar draws on a terminal, never in a pipe, and erases itself. */
class ProgressTest {
    @Test
    void drawsOnATerminalAndErasesItself() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = new Progress("items", 4, new PrintStream(buf, true, StandardCharsets.UTF_8), true)) {
            for (int i = 0; i < 4; i++) p.step();
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("100% items (4/4)"), out);
        assertTrue(out.endsWith("\r"), "erased at the end");
        assertTrue(!out.contains("\u001b"), "no escape codes");
    }

    @Test
    void silentWithoutATerminal() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = new Progress("items", 4, new PrintStream(buf, true, StandardCharsets.UTF_8), false)) {
            for (int i = 0; i < 4; i++) p.step();
        }
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
    }
}
