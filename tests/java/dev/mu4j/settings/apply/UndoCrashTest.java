package dev.mu4j.settings.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.apply.ExecutionReport.Status;
import dev.mu4j.settings.apply.ExecutionReport.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety: a separate JVM ({@link CrashingApply}) applies a 3-action plan with a file-backed dry-run backend
 * standing in for Windows and halts during the second action, after that action's pending record. This process
 * then undoes from the journal and finds every value back where it was.
 */
class UndoCrashTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    static final long CHILD_TIMEOUT_S = 120;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"before-write", "after-write", "torn"})
    void undoRestoresEverythingAfterACrash(String mode) throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        Path state = dir.resolve("state.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingApply.class.getName(), journal.toString(), state.toString(), mode)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS), "child did not finish");
        assertEquals(CrashingApply.HALTED, p.exitValue(), "child output:\n" + out);
        assertTrue(out.contains("[dry run] powershell.exe") && out.contains("WmiSetBrightness"), out);

        // what the crash left: action 1 applied, action 2 applied or not, action 3 never started
        JsonObject after = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        assertEquals(80, after.get("display.brightness").getAsInt());
        assertEquals(!mode.equals("before-write"), after.has("colors.mode"), after.toString());
        assertFalse(after.has("mouse.speed"));
        Journal.Contents c = new Journal(journal).read();
        assertEquals(1, c.plans().size());
        assertEquals(List.of("done", "pending"), c.plans().get(0).steps().stream().map(Journal.Step::state)
                .collect(Collectors.toList()));
        assertEquals(mode.equals("torn") ? 1 : 0, c.warnings().size(), c.warnings().toString());

        // undo in this process, from the journal alone
        DryRunBackend dry = new DryRunBackend(CATALOG, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), state);
        Executor ex = new Executor(CATALOG, dry, new Journal(journal), false);
        ExecutionReport undo = ex.undo();
        assertEquals(List.of("colors.mode", "display.brightness"),
                undo.steps().stream().map(Step::setting).collect(Collectors.toList()), undo.toJson());
        assertTrue(undo.steps().stream().allMatch(s -> s.status() == Status.RESTORED), undo.toJson());
        assertTrue(undo.steps().get(0).message().contains("pending"), "pending is treated as maybe applied");

        JsonObject restored = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        assertEquals(50, restored.get("display.brightness").getAsInt(), "the dry run's starting value");
        assertEquals("light", restored.get("colors.mode").getAsString());
        assertFalse(restored.has("mouse.speed"));
        assertEquals(List.of("undone", "undone"), new Journal(journal).read().plans().get(0).steps().stream()
                .map(Journal.Step::state).collect(Collectors.toList()));
        assertTrue(ex.undo().message().startsWith("nothing to undo"));
    }
}
