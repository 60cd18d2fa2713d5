package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.NativeArray;
import dev.mu4j.internal.model.Quantizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Model.Options.hugePages}: the weights read into private (huge-page) memory give the same logits, bit for
 * bit, as the mapped files, for every golden model and a quantized (q4_0r4) one; the option is refused where it
 * cannot apply.
 */
class HugePagesTest {
    static final Model.Options HUGE = Model.Options.builder().hugePages(true).build();

    @TempDir
    Path tmp;

    private static void assertSameLogits(Path dir) throws Exception {
        GoldenFile golden = GoldenFile.read(GoldenFile.ROOT.resolve("mu-dual-ln-gelu").resolve("expected.bin"));
        try (Model mapped = Model.load(dir); Model huge = Model.load(dir, HUGE);
                Session a = mapped.newSession(); Session b = huge.newSession()) {
            int vocab = mapped.config().vocabSize();
            for (GoldenFile.Step step : golden.steps()) {
                int[] tokens = step.tokens().clone();
                for (int i = 0; i < tokens.length; i++) tokens[i] %= vocab;
                assertArrayEquals(a.forwardAll(tokens, step.startPos()), b.forwardAll(tokens, step.startPos()),
                        dir + ": logits with the weights in huge pages differ from the mapped weights");
            }
        }
    }

    @Test
    void goldenModelsGiveTheSameLogitsInHugePages() throws Exception {
        for (Path dir : GoldenFile.modelDirs()) assertSameLogits(dir);
    }

    @Test
    void quantizedInterleavedModelGivesTheSameLogitsInHugePages() throws Exception {
        Path src = GoldenFile.ROOT.resolve("mu-dual-ln-gelu"), out = tmp.resolve("q4r4");
        Quantizer.quantize(src, out, QuantType.Q4_0R4, done -> {});
        assertSameLogits(out);
    }

    @Test
    void optionIsOffByDefaultAndNativeOnly() {
        assertFalse(Model.Options.defaults().hugePages());
        assertTrue(HUGE.hugePages() && HUGE.toString().contains("huge pages"), HUGE.toString());
        MuException e = assertThrows(MuException.class, () -> Model.Options.builder().backend("onnx").hugePages(true).build());
        assertTrue(e.getMessage().contains("hugePages") && e.getMessage().contains("native backend"), e.getMessage());
    }

    @Test
    void aMissingOrEmptyWeightFileIsAClearError() throws Exception {
        Path dir = tmp.resolve("empty");
        Files.createDirectories(dir);
        Files.copy(GoldenFile.ROOT.resolve("mu-dual-ln-gelu").resolve("config.json"), dir.resolve("config.json"));
        Files.createFile(dir.resolve("model.safetensors"));
        Exception e = assertThrows(Exception.class, () -> Model.load(dir, HUGE));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void loadFileCopiesTheBytesAndReportsFailures() throws Exception {
        Path f = tmp.resolve("bytes.bin");
        byte[] data = new byte[(3 << 20) + 7];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 37 + (i >> 11));
        Files.write(f, data);
        for (boolean huge : new boolean[] {false, true}) {
            long[] loaded = Kernels.loadFile(f.toString(), huge);
            assertTrue(loaded[0] != 0 && loaded[1] == data.length, "loadFile(" + huge + "): " + loaded[1]);
            try (NativeArray view = NativeArray.view(loaded[0], data.length, DType.I8)) {
                byte[] back = new byte[data.length];
                Kernels.readBytes(view, back);
                assertArrayEquals(data, back);
            } finally {
                Kernels.unloadFile(loaded[0], loaded[1]);
            }
        }
        long[] missing = Kernels.loadFile(tmp.resolve("none.bin").toString(), true);
        assertTrue(missing[0] == 0 && missing[1] == -1);
    }
}
