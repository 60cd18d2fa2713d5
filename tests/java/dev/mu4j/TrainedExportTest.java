package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training pipeline's export, end to end: scripts/tiny_trained_export.py trains a tiny settings model for a few
 * steps with scripts/train.py (the loss must fall), then the Java runtime loads the trainer's own export and must
 * give PyTorch's logits for every position of a settings prompt, after encoding the prompt to HF tokenizers' ids.
 * Needs python3 with torch, tokenizers and safetensors; skipped with the reason printed when they are absent (CI).
 */
class TrainedExportTest {
    /** Max |ours - PyTorch| relative to PyTorch's logit range, as for the golden models (GoldenLogitsTest). */
    static final double REL_TOLERANCE = 1e-4;

    @Test
    void tinyTrainedModelLoadsWithPyTorchLogits(@TempDir Path tmp) throws Exception {
        String missing = missingPython();
        Assumptions.assumeTrue(missing == null, () -> {
            String why = "SKIP TrainedExportTest: " + missing + " (pip install torch tokenizers safetensors numpy)";
            System.out.println(why);
            return why;
        });
        Process p = new ProcessBuilder("python3", "scripts/tiny_trained_export.py", tmp.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "tiny training timed out");
        assertEquals(0, p.exitValue(), log);

        JsonObject ref = JsonParser.parseString(Files.readString(tmp.resolve("reference.json"))).getAsJsonObject();
        double first = ref.get("first_loss").getAsDouble(), last = ref.get("last_loss").getAsDouble();
        System.out.printf("tiny training: loss %.3f -> %.3f%n", first, last);
        assertTrue(last < 0.85 * first, "loss did not go down: " + first + " -> " + last);

        try (Model model = Model.load(tmp.resolve("run").resolve("model")); Session session = model.newSession()) {
            int[] ids = toInts(ref.getAsJsonArray("ids"));
            assertArrayEquals(ids, model.tokenizer().encode(ref.get("prompt").getAsString(), false),
                    "Java tokenizer ids differ from HF tokenizers");
            JsonArray expected = ref.getAsJsonArray("logits");
            float[] ours = session.forwardAll(ids, 0);   // (T, vocab)
            int vocab = model.config().vocabSize();
            assertEquals(ids.length * vocab, ours.length);
            double worst = 0, range = 0;
            for (int t = 0; t < ids.length; t++) {
                JsonArray row = expected.get(t).getAsJsonArray();
                double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
                for (int v = 0; v < vocab; v++) {
                    double e = row.get(v).getAsDouble();
                    lo = Math.min(lo, e);
                    hi = Math.max(hi, e);
                    worst = Math.max(worst, Math.abs(ours[t * vocab + v] - e));
                }
                range = Math.max(range, hi - lo);
            }
            System.out.printf("trained export vs PyTorch: max |diff| %.3g over %d positions (range %.3g)%n",
                    worst, ids.length, range);
            assertTrue(worst <= REL_TOLERANCE * range, "max diff " + worst + " > " + REL_TOLERANCE + " x " + range);
        }
    }

    /** null when python3 can import what the script needs, else what is missing. */
    private static String missingPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import torch, tokenizers, safetensors, numpy")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(2, TimeUnit.MINUTES)) return "python3 did not answer";
            return p.exitValue() == 0 ? null : "python3 cannot import the training stack: " + out.lines().reduce((a, b) -> b).orElse("");
        } catch (IOException | InterruptedException e) {
            return "no python3 (" + e.getMessage() + ")";
        }
    }

    private static int[] toInts(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }
}
