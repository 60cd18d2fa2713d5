package dev.mu4j.internal.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.GenerationConfig;
import dev.mu4j.Model;
import dev.mu4j.MuException;
import dev.mu4j.Session;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.SettingsAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Execution provider selection (the clear error for providers the loaded ONNX Runtime lacks, the opt-in CPU fallback)
 * and the checks an ONNX package gets at load (manifest vs config, stale export, static graph shapes).
 */
class OrtPackageTest {
    static final Path GOLDEN = Path.of("tests/golden/mu-swiglu-rms-f16");

    static Model.Options onnx(String provider, boolean fallback) {
        return Model.Options.builder().backend("onnx").provider(provider).fallbackToCpu(fallback).threads(1).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"qnn", "openvino", "dml"})
    void missingProviderNamesItAndListsTheAvailableOnes(String provider) {
        MuException e = assertThrows(MuException.class, () -> Model.load(GOLDEN, onnx(provider, false)));
        String m = e.getMessage();
        assertTrue(m.contains("'" + provider + "'"), m);
        assertTrue(m.contains(OrtSupport.PROVIDERS.get(provider)), m);
        assertTrue(m.contains("it has: cpu, dnnl"), m);        // this build: CPU and DNNL only
        assertTrue(m.contains(OrtBackend.version()), m);
        assertTrue(m.contains("--ort-fallback"), m);
    }

    /** Below the availability check: provider options reach ONNX Runtime's generic AppendExecutionProvider. */
    @Test
    void providerOptionsReachOnnxRuntime() {
        OrtBackend.env();
        RuntimeException e = assertThrows(RuntimeException.class, () -> OrtBackend.session(
                GOLDEN.resolve("onnx/decode.onnx"), "qnn", java.util.Map.of("backend_path", "QnnHtp.dll"), 1));
        assertTrue(e.getMessage().contains("QNN"), e.getMessage());
    }

    @Test
    void fallbackRunsOnCpu() throws Exception {
        try (Model m = Model.load(GOLDEN, onnx("qnn", true))) {
            assertEquals("onnxruntime/cpu", m.backendName());
            try (Session s = m.newSession()) {
                assertEquals(m.config().vocabSize(), s.forward(new int[] {1, 2, 3}, 0).length);
            }
        }
    }

    @Test
    void settingsAgentAnswersThroughTheCpuFallback() throws Exception {
        Path dir = Path.of("models/mu-settings");
        String request = "turn on night light and make the text bigger";
        try (SettingsAgent nat = SettingsAgent.load(dir, Catalog.loadDefault());
             SettingsAgent npu = SettingsAgent.load(dir, Catalog.loadDefault(), onnx("openvino", true))) {
            assertEquals("onnxruntime/cpu", npu.model().backendName());
            Plan a = nat.plan(request), b = npu.plan(request);
            assertTrue(!b.actions().isEmpty(), b.toString());
            assertEquals(a.program(), b.program());
        }
    }

    @Test
    void dnnlProviderMatchesNative() throws Exception {
        GenerationConfig greedy = GenerationConfig.builder().maxNewTokens(16).stopTokens(Set.of()).build();
        int[] prompt = {5, 17, 42, 7, 99, 3};
        try (Model nat = Model.load(GOLDEN); Model dnnl = Model.load(GOLDEN, onnx("dnnl", false));
             Session a = nat.newSession(); Session b = dnnl.newSession()) {
            assertEquals("onnxruntime/dnnl", dnnl.backendName());
            assertArrayEquals(a.generate(prompt, greedy, null).tokenIds(), b.generate(prompt, greedy, null).tokenIds());
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThrows(MuException.class, () -> Model.Options.builder().backend("tensorrt"));
        MuException e = assertThrows(MuException.class, () -> Model.Options.builder().provider("npu"));
        assertTrue(e.getMessage().contains("cpu, dnnl, qnn, openvino, dml"), e.getMessage());
        assertThrows(MuException.class, () -> Model.Options.builder().onnxPackage("../elsewhere"));
        Model.Options cpuWithOptions = Model.Options.builder().backend("onnx").providerOption("x", "1").build();
        e = assertThrows(MuException.class, () -> Model.load(GOLDEN, cpuWithOptions));
        assertTrue(e.getMessage().contains("no options"), e.getMessage());
    }

    static Path copyModel(Path src, Path dst) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dst;
    }

    @Test
    void noPackageSaysHowToExport(@TempDir Path tmp) throws Exception {
        Path dir = copyModel(GOLDEN, tmp.resolve("m"));
        Model.Options o = Model.Options.builder().backend("onnx").onnxPackage("onnx-int8").build();
        MuException e = assertThrows(MuException.class, () -> Model.load(dir, o));
        assertTrue(e.getMessage().contains("export_onnx.py"), e.getMessage());
    }

    @Test
    void staleExportIsRejected(@TempDir Path tmp) throws Exception {
        Path dir = copyModel(GOLDEN, tmp.resolve("m"));
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")) + "\n");
        MuException e = assertThrows(MuException.class, () -> Model.load(dir, onnx("cpu", false)));
        assertTrue(e.getMessage().contains("different config.json"), e.getMessage());
    }

    @Test
    void retrainedWeightsAreRejected(@TempDir Path tmp) throws Exception {
        Path dir = copyModel(GOLDEN, tmp.resolve("m"));
        Path weights = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(weights);
        b[b.length - 1] ^= 0x01;          // one weight's low bits: same shapes, new values
        Files.write(weights, b);
        MuException e = assertThrows(MuException.class, () -> Model.load(dir, onnx("cpu", false)));
        assertTrue(e.getMessage().contains("exported from different weights"), e.getMessage());
    }

    @Test
    void manifestThatContradictsTheGraphIsRejected(@TempDir Path tmp) throws Exception {
        Path dir = copyModel(GOLDEN, tmp.resolve("m"));
        Path manifest = dir.resolve("onnx/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"cache_len\": 64", "\"cache_len\": 32"));
        MuException e = assertThrows(MuException.class, () -> Model.load(dir, onnx("cpu", false)));
        assertTrue(e.getMessage().contains("attention_mask has shape [1, 1, 1, 65], the manifest implies [1, 1, 1, 33]"), e.getMessage());
    }

    @Test
    void dynamicShapeIsRejected(@TempDir Path tmp) throws Exception {
        Path dir = copyModel(GOLDEN, tmp.resolve("m"));
        // written by scripts/gen_golden_onnx.py: this model's decode graph with input_ids declared [1, "T"]
        Files.copy(Path.of("tests/golden/onnx-dynamic/decode.onnx"), dir.resolve("onnx/decode.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        MuException e = assertThrows(MuException.class, () -> Model.load(dir, onnx("cpu", false)));
        assertTrue(e.getMessage().contains("input_ids has a dynamic shape [1, -1]"), e.getMessage());
    }

    @Test
    void closingTheModelBeforeItsSessionsIsSafe() throws Exception {
        Model m = Model.load(GOLDEN, onnx("cpu", false));
        Session s = m.newSession();
        s.forward(new int[] {1, 2}, 0);
        m.close();
        assertThrows(MuException.class, () -> s.forward(new int[] {3}, 2));
        assertThrows(MuException.class, m::newSession);
        s.close();      // releases the bindings, then the ONNX Runtime sessions
        s.close();
    }

    @Test
    void sessionsCannotOutgrowTheCache() throws Exception {
        try (Model m = Model.load(GOLDEN, onnx("cpu", false)); Session s = m.newSession()) {
            assertEquals(64, s.maxContext());
            assertThrows(MuException.class, () -> m.newSession(65));
            assertThrows(MuException.class, () -> s.forward(new int[] {m.config().vocabSize()}, 0));
        }
    }
}
