package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.internal.model.ConfigReader;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.SettingsAgent;
import dev.mu4j.settings.apply.Confirmation;
import dev.mu4j.settings.apply.ExecutionReport;
import dev.mu4j.settings.apply.Executor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-input matrix, the items not already pinned elsewhere (TESTING.md maps every item to its test):
 * NaN/Inf weights, tokenizer merges that form cycles, config.json values the fuzzer found, and settings outside
 * the catalog or out of range through the planning and apply path. Each gives a MuException that names what is
 * wrong, or a plan/report with no action; never another exception or a JVM crash.
 */
class BadInputMatrixTest {
    static final Path GELU = GoldenFile.ROOT.resolve("mu-dual-ln-gelu");          // F32 weights
    static final Path SETTINGS = GoldenFile.ROOT.resolve("constrain/ids-added");    // F16 weights, real catalog grammar

    @TempDir
    Path tmp;

    /** A copy of {@code model} with every element of {@code tensor} set to {@code value}. */
    private Path withTensorFilled(Path model, String tensor, float value) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model-" + tensor + "-" + value));
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            if (Files.exists(model.resolve(f))) Files.copy(model.resolve(f), dir.resolve(f));
        }
        Path file = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(file);
        long len = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject entry = JsonParser.parseString(new String(all, 8, (int) len, StandardCharsets.UTF_8)).getAsJsonObject()
                .getAsJsonObject(tensor);
        JsonArray offsets = entry.getAsJsonArray("data_offsets");
        ByteBuffer data = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int begin = 8 + (int) len + offsets.get(0).getAsInt(), end = 8 + (int) len + offsets.get(1).getAsInt();
        String dtype = entry.get("dtype").getAsString();
        for (int at = begin; at < end; at += dtype.equals("F32") ? 4 : 2) {
            if (dtype.equals("F32")) data.putFloat(at, value);
            else data.putShort(at, nonFiniteHalf(value));
        }
        Files.write(file, all);
        return dir;
    }

    /** The binary16 pattern of NaN or an infinity (the only values this test writes into F16 tensors). */
    private static short nonFiniteHalf(float value) {
        if (Float.isNaN(value)) return (short) 0x7e00;
        if (value == Float.POSITIVE_INFINITY) return (short) 0x7c00;
        if (value == Float.NEGATIVE_INFINITY) return (short) 0xfc00;
        throw new IllegalArgumentException("only NaN and infinities: " + value);
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteWeightsStopGenerationNamingModelAndPosition(float value) throws IOException {
        Path dir = withTensorFilled(GELU, "norm.weight", value);
        try (Model model = Model.load(dir); Session session = model.newSession()) {
            GenerationConfig greedy = GenerationConfig.builder().maxNewTokens(4).temperature(0).build();
            MuException e = assertThrows(MuException.class, () -> session.generate(new int[] {1, 2, 3}, greedy, null));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("at position 2"), e.getMessage());
            assertTrue(e.getMessage().contains("NaN or infinite weights"), e.getMessage());
            // The raw forward pass still returns what the weights give (for debugging), without crashing.
            float[] logits = session.forward(new int[] {4}, 3);
            assertEquals(model.config().vocabSize(), logits.length);
        }
    }

    @Test
    void agentOnNaNWeightsPlansNoActionAndSaysWhy() throws IOException {
        Path dir = withTensorFilled(SETTINGS, "norm.weight", Float.NaN);
        try (SettingsAgent agent = SettingsAgent.load(dir, Catalog.loadDefault())) {
            Plan plan = agent.plan("turn up the brightness and enable dark mode");
            assertTrue(plan.actions().isEmpty(), plan.toString());
            assertTrue(plan.outOfScope());
            assertTrue(plan.message().contains("NaN or infinite weights"), plan.message());
        }
    }

    @Test
    void cyclicAndSelfReferentialMergesLoadOrFailClearlyAndEncodingTerminates() throws IOException {
        Path file = tmp.resolve("tokenizer.json");
        JsonObject json = JsonParser.parseString(Files.readString(GoldenFile.ROOT.resolve("tokenizers/gpt2/tokenizer.json")))
                .getAsJsonObject();
        json.add("added_tokens", new JsonArray());   // new vocabulary ids would collide with the added token's
        JsonObject model = json.getAsJsonObject("model");
        JsonObject vocab = model.getAsJsonObject("vocab");
        int next = vocab.size();
        vocab.addProperty("ab", next);
        vocab.addProperty("abb", next + 1);
        vocab.addProperty("bab", next + 2);
        JsonArray merges = model.getAsJsonArray("merges");
        for (String[] m : new String[][] {{"a", "b"}, {"ab", "b"}, {"b", "ab"}, {"ab", "b"}, {"a", "b"}}) {
            JsonArray pair = new JsonArray();
            pair.add(m[0]);
            pair.add(m[1]);
            merges.add(pair);
        }
        Files.writeString(file, json.toString());
        Tokenizer t;
        try {
            t = Tokenizer.load(file);
        } catch (MuException e) {   // a clear refusal is an acceptable answer too
            assertTrue(e.getMessage().contains("model.merges"), e.getMessage());
            return;
        }
        int[] ids = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> t.encode("abbabab ".repeat(2000)));
        for (int id : ids) assertTrue(id >= 0 && id < t.vocabSize());
        assertEquals("abbabab ".repeat(2000), t.decode(ids));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"architectures\": [{\"x\": 1}], \"model_type\": \"llama\"}",
        "{\"model_type\": \"qwen2\", \"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": \"1000 0\"}}",
        "{\"model_type\": \"qwen2\", \"rope_scaling\": {\"type\": [1]}}",
        "{\"model_type\": \"llama\", \"hidden_size\": 8, \"num_attention_heads\": 16}",
        "{\"model_type\": \"mu\", \"vocab_size\": 10, \"dim\": 8, \"n_layers\": 1, \"n_heads\": 2, \"n_kv_heads\": 2,"
            + " \"head_dim\": 4, \"hidden_dim\": 8, \"ffn_type\": \"gelu\", \"norm_type\": \"layernorm\", \"dual_norm\": false,"
            + " \"norm_eps\": 1e-5, \"rope_theta\": 1e39, \"max_seq_len\": 8, \"tie_embeddings\": true}",
        "{\"model_type\": \"mu\", \"vocab_size\": 10, \"dim\": 8, \"n_layers\": 1, \"n_heads\": 2, \"n_kv_heads\": 2,"
            + " \"head_dim\": 4, \"hidden_dim\": 8, \"ffn_type\": \"gelu\", \"norm_type\": \"layernorm\", \"dual_norm\": false,"
            + " \"norm_eps\": 1e-5, \"rope_theta\": 1e4, \"max_seq_len\": 8, \"tie_embeddings\": true, \"eos_token_id\": [1.5]}",
    })
    void configValuesTheFuzzerTriedAreNamedErrors(String text) {
        MuException e = assertThrows(MuException.class, () -> ConfigReader.parse(Path.of("x", "config.json"), text));
        assertTrue(e.getMessage().startsWith(Path.of("x", "config.json") + ": "), e.getMessage());
    }

    /** Settings outside the catalog and values out of range, as a model or a caller might produce them. */
    @Test
    void executorRefusesOutOfCatalogAndOutOfRangeWithoutApplyingAnything() {
        Catalog catalog = Catalog.loadDefault();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Executor ex = Executor.dryRun(catalog, tmp.resolve("journal.jsonl"), new PrintStream(printed, true, StandardCharsets.UTF_8));
        Confirmation yes = Confirmation.yes((step, note) -> true);
        List<Action> bad = List.of(
                new Action("registry.hklm_run", "x", "ms-settings:", "set", "calc.exe", 1, false),
                new Action("display.brightness", "Brightness", "ms-settings:display", "set", 1e9, 1, false),
                new Action("display.brightness", "Brightness", "ms-settings:display", "set", Double.NaN, 1, false),
                new Action("display.brightness", "Brightness", "ms-settings:display", "set", Double.POSITIVE_INFINITY, 1, false),
                new Action("display.brightness", "Brightness", "ms-settings:display", "set", -1.0, 1, false),
                new Action("display.brightness", "Brightness", "ms-settings:display", "set", "50; rm -rf /", 1, false),
                new Action("display.brightness", "Brightness", "ms-settings:display", "format", null, 1, false),
                new Action("../../etc/passwd", "x", "ms-settings:", "open", null, 1, false),
                new Action("", "", "", "", null, 1, false));
        for (Action a : bad) {
            ExecutionReport r = ex.apply(new Plan("q", List.of(a), false, 0, "model", ""), yes);
            assertFalse(r.ok(), r.toJson());
            assertNull(r.planId(), r.toJson());
            assertTrue(r.steps().stream().allMatch(s -> s.status() == ExecutionReport.Status.REFUSED), r.toJson());
            assertTrue(JsonParser.parseString(r.toJson()).isJsonObject());   // NaN/Infinity too (was an exception)
        }
        assertFalse(Files.exists(tmp.resolve("journal.jsonl")), "nothing journalled");
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing run, not even in a dry run");
    }
}
