package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, copied alone into an empty folder, runs with `java -jar` (natives load from inside it). */
class DropInJarIT {
    @TempDir
    Path folder;

    private String run(Path jar, String... args) throws Exception {
        // the bundled model is extracted into the folder, not into the user's ~/.mu4j
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmu4j.cache.dir=" + folder.resolve("cache"), "-jar", jar.getFileName().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(folder.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + " printed:\n" + out);
        return out;
    }

    @Test
    void jarRunsFromAnEmptyFolder() throws Exception {
        Path jar = Files.copy(Path.of("target", "mu4j.jar"), folder.resolve("mu4j.jar"));
        Path model = Path.of("tests", "golden", "hf-llama-tiny").toAbsolutePath();
        JsonObject golden = JsonParser.parseString(Files.readString(model.resolve("greedy.json"))).getAsJsonObject();
        String ids = golden.getAsJsonArray("prompt_ids").toString().replaceAll("[\\[\\] ]", "");
        String out = run(jar, "generate", model.toString(), "--token-ids", ids, "-n", "10", "--stop-token", "-1", "--json");
        JsonObject o = JsonParser.parseString(out.substring(out.indexOf('{'))).getAsJsonObject();
        assertEquals(golden.get("generated_ids"), o.get("tokenIds"));
        assertTrue(run(jar, "--help").contains("generate"));

        // the main job with no flags: bundled model and catalog
        String plan = run(jar, "settings", "make the mouse pointer larger and adjust the screen brightness", "--json");
        JsonObject p = JsonParser.parseString(plan.substring(plan.indexOf('{'))).getAsJsonObject();
        var actions = p.getAsJsonArray("actions");
        assertEquals("mouse.pointer_size", actions.get(0).getAsJsonObject().get("setting").getAsString());
        assertEquals("increase", actions.get(0).getAsJsonObject().get("op").getAsString());
        assertEquals("display.brightness", actions.get(1).getAsJsonObject().get("setting").getAsString());
        assertEquals("open", actions.get(1).getAsJsonObject().get("op").getAsString());
        assertTrue(Files.isDirectory(folder.resolve("cache")), "bundled model extracted into mu4j.cache.dir");
    }

    /** The README's jshell block with the copied jar as the only class path entry. */
    @Test
    void jshellScriptRunsWithTheJarAlone() throws Exception {
        Path jar = Files.copy(Path.of("target", "mu4j.jar"), folder.resolve("mu4j.jar"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "--class-path", jar.toString(), "--startup", "DEFAULT", "--startup", "scripts/mu4j.jsh",
                "-R--enable-native-access=ALL-UNNAMED", "-R-Dmu4j.cache.dir=" + folder.resolve("cache"), "-q");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write((String.join("\n", JshellExampleTest.readmeJshellLines()) + "\n/exit\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "jshell did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("Exception") && out.contains("Timings[") && out.contains("display.night_light on"), out);
    }
}
