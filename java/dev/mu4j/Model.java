package dev.mu4j;

import dev.mu4j.internal.model.ConfigReader;
import dev.mu4j.internal.model.Transformer;
import dev.mu4j.internal.model.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded model: its config and its memory-mapped weights.
 *
 * <p>A model is immutable and thread-safe: any number of {@link Session}s, on any threads, share it. It holds
 * native memory (the file mappings) until {@link #close}; sessions must be closed or abandoned before that.
 *
 * <pre>{@code
 * try (Model model = Model.load(Path.of("models/mu-settings"));
 *      Session session = model.newSession()) {
 *     float[] logits = session.forward(new int[] {1, 42, 7}, 0);
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {
    private final Path dir;
    private final ModelConfig config;
    private final Weights weights;
    private final Transformer transformer;
    private final Tokenizer tokenizer;
    private volatile boolean closed;

    private Model(Path dir, ModelConfig config, Weights weights, Tokenizer tokenizer) {
        this.dir = dir;
        this.config = config;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.transformer = new Transformer(weights);
    }

    /**
     * Loads a model directory: {@code config.json} (Mu, HF Llama or HF Qwen2 format) and {@code model.safetensors}
     * (or sharded safetensors with an index), and {@code tokenizer.json} when present. Weights are memory-mapped,
     * not copied.
     *
     * @throws MuException if the directory, config or weights are malformed or contradict each other; the message
     *                     names the file and the field or tensor
     * @throws IOException if a file cannot be read
     */
    public static Model load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new MuException(dir + ": model directory does not exist (expected config.json + model.safetensors)");
        }
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) throw new MuException(dir + ": no config.json in the model directory");
        ModelConfig config = ConfigReader.read(configFile);
        Path tokenizerFile = dir.resolve("tokenizer.json");
        Tokenizer tokenizer = Files.isRegularFile(tokenizerFile) ? Tokenizer.load(tokenizerFile) : null;
        if (tokenizer != null && tokenizer.vocabSize() > config.vocabSize()) {
            throw new MuException(tokenizerFile + ": the tokenizer has " + tokenizer.vocabSize()
                    + " tokens but config.json says vocab_size " + config.vocabSize());
        }
        return new Model(dir, config, Weights.load(dir, config), tokenizer);
    }

    /** The tokenizer of the model directory; a MuException if it has no tokenizer.json. */
    public Tokenizer tokenizer() {
        if (tokenizer == null) throw new MuException(dir + ": no tokenizer.json in the model directory (text input"
                + " and output need one; token ids work without)");
        return tokenizer;
    }

    /** Whether the model directory has a tokenizer. */
    public boolean hasTokenizer() {
        return tokenizer != null;
    }

    Tokenizer tokenizerOrNull() {
        return tokenizer;
    }

    /** The architecture. */
    public ModelConfig config() {
        return config;
    }

    /** The directory the model was loaded from. */
    public Path directory() {
        return dir;
    }

    /** A new session with a KV cache for the model's full context ({@code max_seq_len} tokens). */
    public Session newSession() {
        return newSession(config.maxSeqLen());
    }

    /** A new session whose KV cache holds {@code maxContext} tokens (at most the model's {@code max_seq_len}). */
    public Session newSession(int maxContext) {
        checkOpen();
        if (maxContext < 1 || maxContext > config.maxSeqLen()) {
            throw new MuException("maxContext " + maxContext + " must be in [1, " + config.maxSeqLen()
                    + "] (max_seq_len of " + dir + ")");
        }
        return new Session(this, maxContext);
    }

    Transformer transformer() {
        checkOpen();
        return transformer;
    }

    void checkOpen() {
        if (closed) throw new MuException(dir + ": model used after close");
    }

    /** Unmaps the weights; idempotent. Sessions of this model must not be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            weights.close();
        }
    }

    @Override
    public String toString() {
        return "Model[" + dir + ", " + config + "]";
    }
}
