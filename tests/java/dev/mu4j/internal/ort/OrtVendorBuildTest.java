package dev.mu4j.internal.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugging in another ONNX Runtime build instead of the bundled one, the way README "ONNX Runtime backend" tells a
 * user with a vendor (QNN, OpenVINO) build: a directory with that build's {@code libonnxruntime.so.1} (+
 * {@code libonnxruntime_providers_shared.so}), the preset's DNNL/CUDA provider libraries shadowed, and
 * {@code -Dorg.bytedeco.javacpp.pathsFirst=true -Djava.library.path=DIR}. The other build here is the one inside the
 * Python {@code onnxruntime} wheel (a different version); the test is skipped, saying why, where there is none (CI).
 * Set {@code MU4J_TEST_ORT_DIR} to a directory holding another build's libraries to use that one instead.
 */
class OrtVendorBuildTest {
    static final String GOLDEN_IDS = "[777,415,415,415,415,415,415,415,209,209]";   // tests/golden/mu-tiny-text/greedy.json

    static Path otherBuild() throws Exception {
        String env = System.getenv("MU4J_TEST_ORT_DIR");
        if (env != null) return Path.of(env);
        try {
            Process p = new ProcessBuilder("python3", "-c",
                    "import onnxruntime, os; print(os.path.join(os.path.dirname(onnxruntime.__file__), 'capi'))")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Path.of(out) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static Path findLib(Path dir, String prefix) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().findFirst().orElse(null);
        }
    }

    @Test
    void anotherOrtBuildLoadsAndGeneratesTheSameTokens(@TempDir Path tmp) throws Exception {
        Path build = otherBuild();
        Path core = build == null ? null : findLib(build, "libonnxruntime.so.1");
        Path shared = build == null ? null : findLib(build, "libonnxruntime_providers_shared.so");
        if (core == null || shared == null) {
            System.out.println("SKIPPED OrtVendorBuildTest: no second ONNX Runtime build (Python onnxruntime wheel or"
                    + " MU4J_TEST_ORT_DIR) on this machine");
            Assumptions.abort("no second ONNX Runtime build on this machine");
        }
        Path dir = Files.createDirectories(tmp.resolve("ort"));
        Files.createSymbolicLink(dir.resolve("libonnxruntime.so.1"), core);
        Files.createSymbolicLink(dir.resolve("libonnxruntime_providers_shared.so"), shared);
        // the preset preloads its own DNNL and CUDA provider libraries, built against its ONNX Runtime: shadow them
        // with a harmless library of the same name, or their static initialisers crash against the other build
        Files.createSymbolicLink(dir.resolve("libonnxruntime_providers_dnnl.so"), shared);
        Files.createSymbolicLink(dir.resolve("libonnxruntime_providers_cuda.so"), shared);

        String describe = run(dir, "dev.mu4j.internal.ort.OrtSupport");
        System.out.println("plugged-in build: " + describe.trim());
        assertTrue(describe.startsWith("ONNX Runtime 1."), describe);
        assertFalse(describe.startsWith("ONNX Runtime " + OrtBackend.version() + " "), "still the bundled build: " + describe);

        String json = run(dir, "dev.mu4j.internal.cli.Main", "generate", "tests/golden/mu-tiny-text", "--token-ids",
                "822,288,673,457,273,734,77,280,78,87", "-n", "10", "--backend", "onnx", "--json");
        JsonObject o = JsonParser.parseString(json.substring(json.indexOf('{'))).getAsJsonObject();
        assertEquals(GOLDEN_IDS, o.get("tokenIds").toString());
    }

    private static String run(Path libDir, String main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dorg.bytedeco.javacpp.pathsFirst=true",
                "-Djava.library.path=" + libDir, "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + " -> " + out);
        return out;
    }
}
