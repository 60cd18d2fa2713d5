package dev.mu4j.internal.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.ModelConfig;
import dev.mu4j.ModelConfig.FfnType;
import dev.mu4j.ModelConfig.NormType;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.NativeArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every weight of a model, resolved by name and checked against the config.
 *
 * <p>Matrices are views into the memory-mapped safetensors files (F32, F16, BF16, or q8_0/q4_0 quants with their
 * F16 block scales: models/FORMAT.md; never copied or converted). Norm weights
 * and biases are small and are kept as F32 copies when stored in another dtype. A tensor the config does not
 * account for is an error too: a config that contradicts the weights must not load. Immutable after load and
 * safe to share between threads; {@link #close} unmaps everything.
 */
public final class Weights implements AutoCloseable {
    /** One norm: weight, and bias for LayerNorm (null for RMSNorm). */
    public record Norm(NativeArray weight, NativeArray bias) {}

    /**
     * A linear layer: weight (out, in) and an optional bias (out). For a block-quantized weight (models/FORMAT.md)
     * {@code quant} is its format, {@code weight} the quants and {@code scale} the F16 block scales (out, in / 32);
     * both are null otherwise.
     */
    public record Linear(NativeArray weight, NativeArray bias, int in, int out, QuantType quant, NativeArray scale) {}

    /** A matrix as stored: a plain F32/F16/BF16 view, or quants + scales (quant and scale null when plain). */
    private record Matrix(NativeArray weight, QuantType quant, NativeArray scale) {}

    /** {@code __metadata__} key marking a quantized file, its value the main format (q8_0, q4_0). */
    public static final String QUANT_MARKER = "mu4j.quant";
    /**
     * {@code __metadata__} key of the quantized matrices' layout: absent or "plain" (row-major), or "r4": every
     * quantized matrix whose rows are a multiple of 4 and columns a multiple of 256 has its rows interleaved in
     * groups of 4 (q8_0r4 / q4_0r4), the others are plain (models/FORMAT.md, "Interleaved rows").
     */
    public static final String LAYOUT_MARKER = "mu4j.quant.layout";
    /** Suffix of the block-scale tensor of a quantized matrix NAME: NAME.qscale. */
    public static final String SCALE_SUFFIX = ".qscale";

    /** One transformer block. {@code attnPostNorm}/{@code ffnPostNorm} are null without dual norm; gate null for GELU. */
    public record Layer(Norm attnNorm, Linear q, Linear k, Linear v, Linear o, Norm attnPostNorm,
                        Norm ffnNorm, Linear gate, Linear up, Linear down, Norm ffnPostNorm) {}

    /** Tensors that checkpoints carry but inference never reads. */
    private static final Set<String> IGNORABLE_SUFFIXES = Set.of("rotary_emb.inv_freq");

    public final ModelConfig config;
    public final NativeArray embed;      // (vocab_size, dim); quants when embedQuant != null
    public final QuantType embedQuant;   // null unless the embedding table is block-quantized
    public final NativeArray embedScale; // (vocab_size, dim / 32) F16 block scales, or null
    public final List<Layer> layers;
    public final Norm finalNorm;
    public final NativeArray lmHead;     // (vocab_size, dim); the embedding table when tied
    public final QuantType lmHeadQuant;
    public final NativeArray lmHeadScale;

    private final List<SafeTensorsFile> files;
    private final List<NativeArray> owned = new ArrayList<>();
    private final Map<String, SafeTensorsFile> fileOf = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Path dir;

    private Weights(Path dir, ModelConfig config, List<SafeTensorsFile> files) {
        this.dir = dir;
        this.config = config;
        this.files = files;
        for (SafeTensorsFile f : files) {
            for (String name : f.entries().keySet()) {
                if (fileOf.put(name, f) != null) throw new MuException(dir + ": tensor '" + name + "' is in two files");
            }
        }
        Names names = Names.of(config.format());
        int dim = config.dim(), q = config.nHeads() * config.headDim(), kv = config.nKvHeads() * config.headDim();
        int hidden = config.hiddenDim();
        Matrix e = matrix(names.embed(), config.vocabSize(), dim);
        embed = e.weight();
        embedQuant = e.quant();
        embedScale = e.scale();
        List<Layer> ls = new ArrayList<>();
        for (int i = 0; i < config.nLayers(); i++) {
            boolean swiglu = config.ffnType() == FfnType.SWIGLU;
            ls.add(new Layer(
                    norm(names.layer(i, "attn_norm")),
                    linear(names.layer(i, "q"), dim, q, config.qkvBias()),
                    linear(names.layer(i, "k"), dim, kv, config.qkvBias()),
                    linear(names.layer(i, "v"), dim, kv, config.qkvBias()),
                    linear(names.layer(i, "o"), q, dim, config.oBias()),
                    config.dualNorm() ? norm(names.layer(i, "attn_post_norm")) : null,
                    norm(names.layer(i, "ffn_norm")),
                    swiglu ? linear(names.layer(i, "gate"), dim, hidden, config.mlpBias()) : null,
                    linear(names.layer(i, "up"), dim, hidden, config.mlpBias()),
                    linear(names.layer(i, "down"), hidden, dim, config.mlpBias()),
                    config.dualNorm() ? norm(names.layer(i, "ffn_post_norm")) : null));
        }
        layers = List.copyOf(ls);
        finalNorm = norm(names.finalNorm());
        Matrix head = config.tieEmbeddings() ? e : matrix(names.lmHead(), config.vocabSize(), dim);
        lmHead = head.weight();
        lmHeadQuant = head.quant();
        lmHeadScale = head.scale();
        if (config.tieEmbeddings() && !config.format().equals("mu") && fileOf.containsKey(names.lmHead())) {
            used.add(names.lmHead());   // some HF checkpoints save the tied head anyway; it equals the embedding
            if (fileOf.containsKey(names.lmHead() + SCALE_SUFFIX)) used.add(names.lmHead() + SCALE_SUFFIX);
        }
        checkAllUsed();
    }

    /** Loads the weights of the model directory {@code dir} for {@code config}, mapping its files. */
    public static Weights load(Path dir, ModelConfig config) throws IOException {
        return load(dir, config, false);
    }

    /** Loads the weights; with {@code hugePages} the files are read into huge-page memory (SafeTensorsFile.open). */
    public static Weights load(Path dir, ModelConfig config, boolean hugePages) throws IOException {
        List<SafeTensorsFile> files = new ArrayList<>();
        try {
            for (Path p : weightFiles(dir)) files.add(SafeTensorsFile.open(p, hugePages));
            return new Weights(dir, config, files);
        } catch (IOException | RuntimeException e) {
            files.forEach(SafeTensorsFile::close);
            throw e;
        }
    }

    /** model.safetensors, or the shards named by model.safetensors.index.json. */
    static List<Path> weightFiles(Path dir) throws IOException {
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) return List.of(single);
        Path index = dir.resolve("model.safetensors.index.json");
        if (!Files.isRegularFile(index)) {
            throw new MuException(dir + ": no model.safetensors (nor model.safetensors.index.json) in the model directory");
        }
        JsonObject map;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
            map = root.getAsJsonObject().getAsJsonObject("weight_map");
        } catch (RuntimeException e) {
            throw new MuException(index + ": not a valid index (expected {\"weight_map\": {...}}): " + e.getMessage(), e);
        }
        if (map == null) throw new MuException(index + ": field 'weight_map' is missing");
        Set<String> shards = new TreeSet<>();
        for (var e : map.entrySet()) shards.add(e.getValue().getAsString());
        List<Path> paths = new ArrayList<>();
        for (String s : shards) {
            Path p = dir.resolve(s).normalize();
            if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
                throw new MuException(index + ": shard '" + s + "' is not a file in " + dir);
            }
            paths.add(p);
        }
        return paths;
    }

    private SafeTensorsFile.Entry entry(String name, boolean required) {
        SafeTensorsFile f = fileOf.get(name);
        if (f == null) {
            if (required) throw new MuException(dir + ": tensor '" + name + "' is missing from the weights ("
                    + config.format() + " naming; see models/FORMAT.md)");
            return null;
        }
        used.add(name);
        return f.entries().get(name);
    }

    private NativeArray view(String name, SafeTensorsFile.Entry e) {
        return fileOf.get(name).view(e);
    }

    private Matrix matrix(String name, int rows, int cols) {
        SafeTensorsFile.Entry e = entry(name, true);
        SafeTensorsFile.Entry scale = entry(name + SCALE_SUFFIX, false);
        if (scale == null) {
            checkShape(e, new long[] {rows, cols});
            if (e.dtype() != DType.F32 && e.dtype() != DType.F16 && e.dtype() != DType.BF16) {
                throw new MuException(fileOf.get(name).path() + ": tensor '" + name + "' has dtype " + e.dtype()
                        + " but no " + name + SCALE_SUFFIX + " block scales; a matrix is F32, F16, BF16 or"
                        + " quantized (models/FORMAT.md)");
            }
            return new Matrix(view(name, e), null, null);
        }
        Path file = fileOf.get(name).path();
        if (!fileOf.get(name + SCALE_SUFFIX).metadata().containsKey(QUANT_MARKER)) {
            throw new MuException(fileOf.get(name + SCALE_SUFFIX).path() + ": tensor '" + name + SCALE_SUFFIX
                    + "' but no \"" + QUANT_MARKER + "\" in __metadata__: not a mu4j quantized file");
        }
        QuantType type = QuantType.ofQuants(e.dtype());
        if (type == null) {
            throw new MuException(file + ": quantized tensor '" + name + "' has dtype " + e.dtype()
                    + "; expected I8 (q8_0) or U8 (q4_0)");
        }
        String version = fileOf.get(name).metadata().getOrDefault(QUANT_MARKER + ".version", "1");
        if (!version.equals("1") && !version.equals("2")) {
            throw new MuException(file + ": \"" + QUANT_MARKER + ".version\" is \"" + version + "\"; this mu4j reads"
                    + " versions 1 and 2 (a newer mu4j wrote this file?)");
        }
        String layout = fileOf.get(name).metadata().getOrDefault(LAYOUT_MARKER, "plain");
        if (!layout.equals("plain") && !layout.equals("r4")) {
            throw new MuException(file + ": \"" + LAYOUT_MARKER + "\" is \"" + layout + "\"; expected \"plain\" or"
                    + " \"r4\" (models/FORMAT.md)");
        }
        if (layout.equals("r4") && QuantType.canInterleave(rows, cols)) type = type.withInterleavedRows();
        if (cols % Kernels.QK != 0) {
            throw new MuException(file + ": quantized tensor '" + name + "' has " + cols + " columns, not a multiple of "
                    + Kernels.QK);
        }
        checkShape(e, new long[] {rows, type.quantsPerRow(cols)});
        checkShape(scale, new long[] {rows, cols / Kernels.QK});
        if (scale.dtype() != DType.F16) {
            throw new MuException(file + ": tensor '" + scale.name() + "' has dtype " + scale.dtype() + "; expected F16");
        }
        return new Matrix(view(name, e), type, view(scale.name(), scale));
    }

    private NativeArray vector(String name, int n, boolean required) {
        SafeTensorsFile.Entry e = entry(name, required);
        if (e == null) return null;
        checkShape(e, new long[] {n});
        NativeArray v = view(name, e);
        if (v.dtype() == DType.F32) return v;
        NativeArray copy = NativeArray.allocate(DType.F32, n);
        owned.add(copy);
        Kernels.toF32(copy, v);
        return copy;
    }

    private Norm norm(String prefix) {
        boolean ln = config.normType() == NormType.LAYERNORM;
        return new Norm(vector(prefix + ".weight", config.dim(), true), ln ? vector(prefix + ".bias", config.dim(), true) : null);
    }

    private Linear linear(String prefix, int in, int out, boolean bias) {
        Matrix m = matrix(prefix + ".weight", out, in);
        return new Linear(m.weight(), bias ? vector(prefix + ".bias", out, true) : null, in, out, m.quant(), m.scale());
    }

    private void checkShape(SafeTensorsFile.Entry e, long[] expected) {
        if (!java.util.Arrays.equals(e.shape(), expected)) {
            throw new MuException(fileOf.get(e.name()).path() + ": tensor '" + e.name() + "' has shape "
                    + java.util.Arrays.toString(e.shape()) + " but config.json (" + config + ") implies "
                    + java.util.Arrays.toString(expected));
        }
    }

    private void checkAllUsed() {
        List<String> extra = new ArrayList<>();
        for (String name : fileOf.keySet()) {
            if (used.contains(name) || IGNORABLE_SUFFIXES.stream().anyMatch(name::endsWith)) continue;
            extra.add(name);
        }
        if (!extra.isEmpty()) {
            throw new MuException(dir + ": the weights have tensors that config.json does not account for (it"
                    + " contradicts the weights?): " + (extra.size() > 8 ? extra.subList(0, 8) + " and "
                    + (extra.size() - 8) + " more" : extra));
        }
    }

    /** Whether any layer matrix is block-quantized (q8_0 / q4_0); decides the {@code auto} KV cache type. */
    public boolean isQuantized() {
        return layers.stream().anyMatch(l -> l.q().quant() != null || l.k().quant() != null || l.v().quant() != null
                || l.o().quant() != null || l.up().quant() != null || l.down().quant() != null
                || (l.gate() != null && l.gate().quant() != null));
    }

    /** Bytes of weights read for one token (all matrices and vectors, the embedding row aside). */
    public long bytesPerToken() {
        long total = 0;
        for (SafeTensorsFile f : files) {
            for (SafeTensorsFile.Entry e : f.entries().values()) total += e.end() - e.begin();
        }
        return total - (config.tieEmbeddings() ? 0 : embed.byteSize());
    }

    /** Unmaps the files and frees the F32 copies; idempotent. */
    @Override
    public void close() {
        owned.forEach(NativeArray::close);
        owned.clear();
        files.forEach(SafeTensorsFile::close);
    }

    /** Tensor names of one checkpoint format. */
    private interface Names {
        String embed();
        String finalNorm();
        String lmHead();
        String layer(int i, String role);

        static Names of(String format) {
            return format.equals("mu") ? new MuNames() : new HfNames();
        }
    }

    private static final class MuNames implements Names {
        public String embed() { return "embed.weight"; }
        public String finalNorm() { return "norm"; }
        public String lmHead() { return "lm_head.weight"; }
        public String layer(int i, String role) {
            String p = "layers." + i + ".";
            return switch (role) {
                case "q", "k", "v", "o" -> p + "attn." + role;
                case "gate", "up", "down" -> p + "ffn." + role;
                default -> p + role;
            };
        }
    }

    private static final class HfNames implements Names {
        public String embed() { return "model.embed_tokens.weight"; }
        public String finalNorm() { return "model.norm"; }
        public String lmHead() { return "lm_head.weight"; }
        public String layer(int i, String role) {
            String p = "model.layers." + i + ".";
            return switch (role) {
                case "attn_norm" -> p + "input_layernorm";
                case "ffn_norm" -> p + "post_attention_layernorm";   // HF's name for the pre-FFN norm
                case "q", "k", "v", "o" -> p + "self_attn." + role + "_proj";
                case "gate", "up", "down" -> p + "mlp." + role + "_proj";
                default -> throw new MuException("HF checkpoints have no " + role + " tensors");
            };
        }
    }
}
