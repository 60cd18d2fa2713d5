package dev.mu4j.internal.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/**
 * How ONNX Runtime ships: not inside the drop-in jar (which then says what to add), but as target/ort-lib/ beside it;
 * with those jars on the class path the agent runs on the ONNX Runtime backend.
 */
class OrtDropInJarIT {
    @TempDir
    Path folder;

    private record Result(int exit, String out) {}

    private Result java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dmu4j.cache.dir=" + folder.resolve("cache")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(folder.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Result(p.exitValue(), out);
    }

    @Test
    void dropInJarSaysWhatToAddForTheOnnxBackend() throws Exception {
        Path jar = Files.copy(Path.of("target", "mu4j.jar"), folder.resolve("mu4j.jar"));
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("org/bytedeco/onnxruntime/")),
                    "the drop-in jar must not carry ONNX Runtime");
        }
        Result r = java("-jar", jar.toString(), "settings", "turn on night light", "--model",
                Path.of("models/mu-settings").toAbsolutePath().toString(), "--backend", "onnx");
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("needs org.bytedeco:onnxruntime:1.24.1-1.5.13"), r.out());
    }

    @Test
    void ortLibBesideTheJarRunsTheAgentOnOnnxRuntime() throws Exception {
        Path lib = Path.of("target", "ort-lib").toAbsolutePath();
        assertTrue(Files.isDirectory(lib), "mvn package writes target/ort-lib");
        String cp = Path.of("target", "mu4j.jar").toAbsolutePath() + java.io.File.pathSeparator + lib + "/*";
        Result r = java("-cp", cp, "dev.mu4j.internal.cli.Main", "settings", "turn on night light", "--json",
                "--model", Path.of("models/mu-settings").toAbsolutePath().toString(), "--backend", "onnx");
        assertEquals(0, r.exit(), r.out());
        JsonObject plan = JsonParser.parseString(r.out().substring(r.out().indexOf('{'))).getAsJsonObject();
        assertEquals("display.night_light",
                plan.getAsJsonArray("actions").get(0).getAsJsonObject().get("setting").getAsString());
    }
}
