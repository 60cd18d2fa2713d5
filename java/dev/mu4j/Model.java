package dev.mu4j;

import dev.mu4j.internal.backend.Backend;
import dev.mu4j.internal.backend.NativeBackend;
import dev.mu4j.internal.model.ConfigReader;
import dev.mu4j.internal.model.Weights;
import dev.mu4j.internal.ort.OrtSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded model: its config, its memory-mapped weights and the backend that runs it (the native kernels by
 * default, or ONNX Runtime with an execution provider: see {@link Options}).
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
    private final Backend backend;
    private final Tokenizer tokenizer;
    private volatile boolean closed;

    private Model(Path dir, ModelConfig config, Weights weights, Tokenizer tokenizer, Backend backend) {
        this.dir = dir;
        this.config = config;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.backend = backend;
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
        return load(dir, Options.defaults());
    }

    /**
     * Loads a model directory like {@link #load(Path)}, run by the backend {@code options} choose. With
     * {@link Options#backend()} {@code "onnx"} the directory must hold an ONNX package
     * ({@code onnx/manifest.json}, written by {@code scripts/export_onnx.py}; see models/FORMAT.md), checked
     * against {@code config.json} at load, and ONNX Runtime must be on the class path.
     *
     * @throws MuException as for {@link #load(Path)}; also for a missing or stale ONNX package, ONNX Runtime absent
     *                     from the class path, or an execution provider this ONNX Runtime lacks (the message lists
     *                     the ones it has) unless {@link Options#fallbackToCpu()}
     */
    public static Model load(Path dir, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
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
        Weights weights = Weights.load(dir, config, options.hugePages());
        try {
            Backend backend = options.backend().equals("native") ? new NativeBackend(weights, options.kvCache())
                    : OrtSupport.open(dir, config, options.onnxPackage(), options.provider(), options.providerOptions(),
                            options.fallbackToCpu(), options.threads());
            return new Model(dir, config, weights, tokenizer, backend);
        } catch (RuntimeException | IOException e) {
            weights.close();
            throw e;
        }
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
        return newSession(backend.maxContext());
    }

    /** A new session whose KV cache holds {@code maxContext} tokens (at most the model's {@code max_seq_len}). */
    public Session newSession(int maxContext) {
        checkOpen();
        if (maxContext < 1 || maxContext > backend.maxContext()) {
            throw new MuException("maxContext " + maxContext + " must be in [1, " + backend.maxContext()
                    + "] (max_seq_len of " + dir + (backend.maxContext() < config.maxSeqLen() ? ", ONNX cache_len" : "")
                    + ")");
        }
        return new Session(this, maxContext);
    }

    /** Which backend runs this model, e.g. {@code native} or {@code onnxruntime/cpu} (for logs and benchmarks). */
    public String backendName() {
        return backend.name();
    }

    /**
     * The element type of this model's session KV caches, {@code f16}, {@code q8} or {@code f32}: {@link Options#kvCache()} with
     * {@code auto} resolved for these weights (ONNX Runtime: always {@code f32}).
     */
    public String kvCacheType() {
        return backend.kvCacheType();
    }

    Backend backend() {
        checkOpen();
        return backend;
    }

    void checkOpen() {
        if (closed) throw new MuException(dir + ": model used after close");
    }

    /** Closes the backend and unmaps the weights; idempotent. Sessions of this model must not be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            backend.close();
            weights.close();
        }
    }

    @Override
    public String toString() {
        return "Model[" + dir + ", " + config + ", " + backend.name() + "]";
    }

    /**
     * How to run a model: which backend, and for ONNX Runtime which execution provider with which options. Immutable;
     * {@link #defaults()} is the native backend.
     *
     * <pre>{@code
     * Model.Options cpu = Model.Options.builder().backend("onnx").build();             // ONNX Runtime, CPU provider
     * Model.Options npu = Model.Options.builder().backend("onnx").provider("qnn")
     *         .providerOption("backend_path", "QnnHtp.dll").fallbackToCpu(true).build();
     * }</pre>
     *
     * <p>Providers by name: {@code cpu}, {@code dnnl}, {@code qnn}, {@code openvino}, {@code dml} (the bundled ONNX
     * Runtime has {@code cpu} and {@code dnnl}; the README says how to plug in a build with another provider).
     * Provider options are passed to ONNX Runtime unchanged.
     */
    public static final class Options {
        private static final Options DEFAULTS = builder().build();

        private final String backend;
        private final String provider;
        private final Map<String, String> providerOptions;
        private final boolean fallbackToCpu;
        private final String onnxPackage;
        private final int threads;
        private final String kvCache;
        private final boolean hugePages;

        private Options(Builder b) {
            this.backend = b.backend;
            this.provider = b.provider;
            this.providerOptions = Map.copyOf(b.providerOptions);
            this.fallbackToCpu = b.fallbackToCpu;
            this.onnxPackage = b.onnxPackage;
            this.threads = b.threads;
            this.kvCache = b.kvCache;
            this.hugePages = b.hugePages;
        }

        /** The native backend. */
        public static Options defaults() {
            return DEFAULTS;
        }

        /** A builder starting from the defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** {@code native} (default) or {@code onnx}. */
        public String backend() {
            return backend;
        }

        /** ONNX Runtime execution provider by name; default {@code cpu}. */
        public String provider() {
            return provider;
        }

        /** Options given to the execution provider as they are (keys and values are the provider's). */
        public Map<String, String> providerOptions() {
            return providerOptions;
        }

        /** If the provider is missing from the loaded ONNX Runtime: true falls back to CPU with a warning, false fails. */
        public boolean fallbackToCpu() {
            return fallbackToCpu;
        }

        /** Sub-directory of the model directory holding the ONNX package; default {@code onnx}. */
        public String onnxPackage() {
            return onnxPackage;
        }

        /**
         * ONNX Runtime intra-op threads; default 1 (the shipped models are small: more threads mostly add ONNX
         * Runtime's spinning workers, which hurt on a busy machine); 0 lets ONNX Runtime choose (one per core).
         */
        public int threads() {
            return threads;
        }

        /**
         * Element type of the native backend's KV cache: {@code auto} (default), {@code f16}, {@code q8} or
         * {@code f32}. {@code f16} stores keys and values as IEEE fp16 (rounded to nearest even; half the memory and
         * half the bytes attention reads per token); {@code q8} stores each key / value row of a KV head as
         * {@code head_dim} int8 values and one fp32 scale (symmetric, max|x| / 127: (head_dim + 4) / (4 head_dim) of
         * the fp32 bytes, 27% at head_dim 64; models/FORMAT.md); {@code auto} is {@code f16} for block-quantized
         * (q8_0 / q4_0) weights and {@code f32} for F32 / F16 / BF16 weights. {@link Model#kvCacheType()} says what a loaded model uses. The ONNX Runtime
         * backend's cache is always fp32 ({@code auto} or {@code f32}).
         */
        public String kvCache() {
            return kvCache;
        }

        /**
         * Native backend: read the weight files into private memory backed by transparent huge pages instead of
         * mapping them (default false). The bytes are the same, nothing is converted; a decode step then streams its
         * weights with far fewer TLB misses (on a 2-vCPU VM: q4_0r4 decode x1.13 at 1 thread and x1.18 at 2, other
         * formats 0-13%: BENCHMARKS.md). Costs
         * a read of the files at load (about 0.1 s per 200 MB from the page cache) and private rather than shared
         * memory. Linux only: elsewhere, and where the kernel's transparent huge pages are off
         * ({@code /sys/kernel/mm/transparent_hugepage/enabled} is {@code never}), the copy has ordinary pages.
         */
        public boolean hugePages() {
            return hugePages;
        }

        @Override
        public String toString() {
            return backend.equals("native") ? "native[kv " + kvCache + (hugePages ? ", huge pages" : "") + "]" : "onnx[" + onnxPackage + ", " + provider + providerOptions
                    + (fallbackToCpu ? ", fallback to cpu" : "") + "]";
        }

        /** Builds {@link Options}; every setter validates its argument. */
        public static final class Builder {
            private String backend = "native";
            private String provider = "cpu";
            private final Map<String, String> providerOptions = new LinkedHashMap<>();
            private boolean fallbackToCpu;
            private String onnxPackage = "onnx";
            private int threads = 1;
            private String kvCache = "auto";
            private boolean hugePages;

            private Builder() {}

            /** {@code native} or {@code onnx} (also accepted: {@code ort}, {@code onnxruntime}). */
            public Builder backend(String name) {
                String n = name.toLowerCase(Locale.ROOT);
                switch (n) {
                    case "native" -> backend = "native";
                    case "onnx", "ort", "onnxruntime" -> backend = "onnx";
                    default -> throw new MuException("unknown backend '" + name + "': use native or onnx");
                }
                return this;
            }

            /** Execution provider: {@code cpu}, {@code dnnl}, {@code qnn}, {@code openvino} or {@code dml}. */
            public Builder provider(String name) {
                String n = name.toLowerCase(Locale.ROOT);
                if (!OrtSupport.PROVIDERS.containsKey(n)) {
                    throw new MuException("unknown execution provider '" + name + "': use one of "
                            + String.join(", ", OrtSupport.PROVIDERS.keySet()));
                }
                provider = n;
                return this;
            }

            /** Adds one provider option (e.g. QNN's {@code backend_path}, OpenVINO's {@code device_type}). */
            public Builder providerOption(String key, String value) {
                providerOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
                return this;
            }

            /** See {@link Options#fallbackToCpu()}. */
            public Builder fallbackToCpu(boolean fallback) {
                fallbackToCpu = fallback;
                return this;
            }

            /** See {@link Options#onnxPackage()}, e.g. {@code onnx-int8}. */
            public Builder onnxPackage(String dirName) {
                if (dirName.isEmpty() || dirName.contains("/") || dirName.contains("\\") || dirName.contains("..")) {
                    throw new MuException("onnx package '" + dirName + "' must be a directory name inside the model directory");
                }
                onnxPackage = dirName;
                return this;
            }

            /** See {@link Options#threads()}. */
            public Builder threads(int n) {
                if (n < 0) throw new MuException("threads " + n + " must be >= 0");
                threads = n;
                return this;
            }

            /** See {@link Options#kvCache()}: {@code auto}, {@code f16}, {@code q8} or {@code f32} (any case). */
            public Builder kvCache(String type) {
                String n = Objects.requireNonNull(type, "type").strip().toLowerCase(Locale.ROOT);
                if (!List.of("auto", "f16", "q8", "f32").contains(n)) {
                    throw new MuException("unknown kvCache type '" + type + "': use auto, f16, q8 or f32");
                }
                kvCache = n;
                return this;
            }

            /** See {@link Options#hugePages()}. */
            public Builder hugePages(boolean on) {
                hugePages = on;
                return this;
            }

            /**
             * @throws MuException for {@code kvCache("f16")}, {@code kvCache("q8")} or {@code hugePages(true)} with the
             *                     ONNX Runtime backend
             *                     (its cache is fp32; it reads its own weight files)
             */
            public Options build() {
                if (backend.equals("onnx") && (kvCache.equals("f16") || kvCache.equals("q8"))) {
                    throw new MuException("kvCache " + kvCache + " needs the native backend (the ONNX Runtime cache is"
                            + " fp32)");
                }
                if (backend.equals("onnx") && hugePages) {
                    throw new MuException("hugePages needs the native backend (ONNX Runtime reads its own weight files)");
                }
                return new Options(this);
            }
        }
    }
}
