package dev.mu4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mu4j.ModelConfig;
import dev.mu4j.MuException;
import dev.mu4j.internal.model.ConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code config.json} text (mu and Hugging Face Llama/Qwen2 forms): either a MuException naming the file, or a
 * config whose sizes are positive and consistent (the forward pass sizes its buffers from them). Seeds: the
 * golden models' configs.
 */
class ConfigFuzzTest {
    static final Path FILE = Path.of("fuzz", "config.json");

    @FuzzTest(maxDuration = "10s")
    void configJson(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);   // raw bytes: seeds are plain files
        ModelConfig c;
        try {
            c = ConfigReader.parse(FILE, text);
        } catch (MuException e) {
            FuzzSupport.checkMessage(e);
            if (!e.getMessage().contains(FILE.toString())) throw new AssertionError("message must name the file", e);
            return;
        }
        check(c.vocabSize() > 0 && c.dim() > 0 && c.nLayers() > 0 && c.hiddenDim() > 0 && c.maxSeqLen() > 0, c);
        check(c.nHeads() > 0 && c.nKvHeads() > 0 && c.nHeads() % c.nKvHeads() == 0 && c.headDim() > 0, c);
        check(c.rotDim() >= 0 && c.rotDim() % 2 == 0 && c.rotDim() <= c.headDim(), c);
        check(Float.isFinite(c.normEps()) && c.normEps() > 0 && Float.isFinite(c.ropeTheta()) && c.ropeTheta() > 0, c);
        check(c.bosTokenId() < c.vocabSize(), c);
        for (int id : c.eosTokenIds()) check(id >= 0 && id < c.vocabSize(), c);
        check(c.parameterCount() > 0, c);
    }

    private static void check(boolean ok, ModelConfig c) {
        if (!ok) throw new AssertionError("accepted an inconsistent config: " + c);
    }
}
