package dev.mu4j.settings;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.Model;
import dev.mu4j.MuException;
import dev.mu4j.Session;
import dev.mu4j.internal.agent.AgentPipeline;
import dev.mu4j.internal.agent.BundledModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The Windows Settings agent: a request in plain language in, a validated {@link Plan} out.
 *
 * <p>Pipeline: normalise the text, build the prompt (with catalog metadata of the best keyword matches), run the
 * settings model on a pooled session whose KV cache keeps the shared prompt prefix, decode under a grammar that
 * only admits valid action programs for this catalog, parse and validate, then map to actions with confidences.
 * Very short keyword queries the model leaves empty ("bluetooth") fall back to catalog search and open the best
 * page. Thread-safe: concurrent {@link #plan} calls use separate sessions.
 *
 * <pre>{@code
 * try (SettingsAgent agent = SettingsAgent.loadDefault()) {
 *     Plan plan = agent.plan("make the mouse pointer larger and adjust the screen brightness");
 *     plan.actions().forEach(System.out::println);   // mouse.pointer_size increase, display.brightness open
 * }
 * }</pre>
 */
public final class SettingsAgent implements AutoCloseable {
    private final Model model;
    private final Catalog catalog;
    private final AgentPipeline pipeline;
    private final BlockingQueue<Session> sessions;

    private SettingsAgent(Model model, Catalog catalog, int metaCandidates, int maxSessions) {
        this.model = model;
        this.catalog = catalog;
        this.pipeline = new AgentPipeline(model, catalog, metaCandidates);
        this.sessions = new ArrayBlockingQueue<>(maxSessions);
    }

    /**
     * An agent over a settings model directory (config.json, model.safetensors, tokenizer.json) and a catalog. The
     * model's config.json may say how many catalog candidates its prompts carry ({@code agent_meta_candidates}).
     */
    public static SettingsAgent load(Path modelDir, Catalog catalog) throws IOException {
        return load(modelDir, catalog, Model.Options.defaults());
    }

    /**
     * Like {@link #load(Path, Catalog)}, with the model run by the backend {@code options} choose (for example
     * ONNX Runtime with an NPU execution provider and the CPU fallback; see {@link Model.Options}).
     */
    public static SettingsAgent load(Path modelDir, Catalog catalog, Model.Options options) throws IOException {
        int k = metaCandidates(modelDir);
        Model model = Model.load(modelDir, options);
        try {
            if (!model.hasTokenizer()) throw new MuException(modelDir + ": a settings model needs tokenizer.json");
            return new SettingsAgent(model, catalog, k, Math.max(2, Runtime.getRuntime().availableProcessors()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The agent over the settings model and catalog bundled in the jar: no arguments needed. */
    public static SettingsAgent loadDefault() throws IOException {
        return load(BundledModel.directory(), Catalog.loadDefault());
    }

    private static int metaCandidates(Path modelDir) throws IOException {
        Path config = modelDir.resolve("config.json");
        if (!Files.isRegularFile(config)) return 0;   // Model.load reports the missing file
        JsonObject o = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8)).getAsJsonObject();
        return o.has("agent_meta_candidates") ? o.get("agent_meta_candidates").getAsInt() : 0;
    }

    /** The catalog the agent plans against. */
    public Catalog catalog() {
        return catalog;
    }

    /** The settings model. */
    public Model model() {
        return model;
    }

    /**
     * Plans the settings changes a request asks for. Never throws for any text (empty, huge, binary, hostile):
     * the worst case is a plan with no actions. Every returned action validates against the catalog.
     */
    public Plan plan(String request) {
        Session session = sessions.poll();
        if (session == null) session = model.newSession();
        try {
            return pipeline.plan(request, session);
        } finally {
            if (!sessions.offer(session)) session.close();
        }
    }

    /** Frees the pooled sessions and the model; idempotent. */
    @Override
    public void close() {
        Session s;
        while ((s = sessions.poll()) != null) s.close();
        model.close();
    }
}
