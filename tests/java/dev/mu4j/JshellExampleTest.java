package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs the README's jshell example, as written, with scripts/mu4j.jsh and the test class path. */
class JshellExampleTest {
    @Test
    void readmeJshellExampleRuns() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Assumptions.assumeTrue(Files.isExecutable(jshell), "SKIP: no jshell in " + jshell.getParent());
        List<String> lines = readmeJshellLines();
        assertTrue(lines.size() >= 5, "README jshell block: " + lines);

        // The class path of this test run stands in for target/mu4j.jar (not built yet in the test phase).
        List<String> cmd = new ArrayList<>(List.of(jshell.toString(), "--class-path",
                System.getProperty("java.class.path"), "--startup", "DEFAULT", "--startup", "scripts/mu4j.jsh",
                "-R--enable-native-access=ALL-UNNAMED", "-q"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n/exit\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jshell did not finish");
        assertEquals(0, p.exitValue(), "jshell " + cmd + " printed:\n" + out);
        assertFalse(out.contains("Error") || out.contains("Exception"), out);
        assertTrue(out.contains("Timings[promptTokens=10"), out);
        assertTrue(out.contains("display.night_light on"), "the agent planned night light: " + out);
    }

    /** The lines after "jshell> " in the README's ```jshell block. */
    static List<String> readmeJshellLines() throws Exception {
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("```jshell")) inBlock = true;
            else if (inBlock && line.startsWith("```")) break;
            else if (inBlock && line.startsWith("jshell> ")) lines.add(line.substring("jshell> ".length()));
        }
        return lines;
    }

}
