package dev.mu4j.internal.cli;

import com.google.gson.Gson;
import dev.mu4j.ModelConfig;
import dev.mu4j.ModelConfig.FfnType;
import dev.mu4j.ModelConfig.NormType;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.model.ConfigReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mu4j random-model}: a model directory with random weights for any config, so benchmarks need no download.
 *
 * <p>Initialisation is scaled like a freshly initialised real model, so activations stay finite through any depth:
 * matrices N(0, 0.02), the output projections of each block ({@code o}, {@code down}) N(0, 0.02 / sqrt(2 n_layers)),
 * norm weights 1, biases 0. Each tensor draws from its own stream (seed and tensor name), so a tensor does not
 * depend on the others. The safetensors file is streamed to disk in 4 MiB pieces (no whole-model array), written
 * to a temporary name and renamed at the end.
 */
@Command(name = "random-model", sortOptions = false, description = {
        "Write a model directory with random weights for a config.json (config.json + model.safetensors).",
        "Weights: N(0, 0.02), block output projections N(0, 0.02/sqrt(2 n_layers)), norms 1, biases 0.",
        "",
        "Example: mu4j random-model --config models/configs/mu-330m.json --out build/models/mu-330m-f32"})
final class RandomModelCommand implements Callable<Integer> {
    static final double STD = 0.02;
    private static final int PIECE_BYTES = 4 << 20;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "config.json (Mu, HF Llama or HF Qwen2 format; see models/FORMAT.md)")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output model directory (created; must not already hold a model unless --force)")
    Path out;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f16|bf16", description = "dtype of every tensor (default ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--force", description = "overwrite a model already in --out")
    boolean force;

    @Override
    public Integer call() throws Exception {
        DType type = parseDtype(dtype);
        if (!Files.isRegularFile(config)) throw new MuException(config + ": config file does not exist");
        ModelConfig c = ConfigReader.read(config);
        Path weightsFile = out.resolve("model.safetensors");
        if (!force && (Files.exists(weightsFile) || Files.exists(out.resolve("config.json")))) {
            throw new MuException(out + ": already holds a model (config.json or model.safetensors); use --force to overwrite");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new MuException(out + ": exists and is not a directory");
        Files.createDirectories(out);
        List<Tensor> tensors = tensors(c);
        long bytes = tensors.stream().mapToLong(t -> t.elements() * type.bytes).sum();
        long t0 = System.nanoTime();
        try (Progress progress = new Progress("MiB written", (bytes + PIECE_BYTES - 1) / PIECE_BYTES)) {
            write(weightsFile, tensors, type, seed, progress::step);
        }
        Files.copy(config, out.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "%s: %,d parameters, %s, %.1f MB in %.1f s (seed %d)%n", out,
                c.parameterCount(), type.safetensorsName, bytes / 1e6, (System.nanoTime() - t0) / 1e9, seed);
        return 0;
    }

    static DType parseDtype(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> throw new MuException("--dtype '" + s + "' is not one of: f32, f16, bf16");
        };
    }

    /** How a tensor is initialised. */
    enum Init { NORMAL, NORMAL_OUT, ONES, ZEROS }

    /** One tensor of the model: name, shape, initialisation. */
    record Tensor(String name, long[] shape, Init init) {
        long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    /** Every tensor the config asks for, with the names {@code Weights} resolves (models/FORMAT.md). */
    static List<Tensor> tensors(ModelConfig c) {
        boolean mu = c.format().equals("mu");
        boolean ln = c.normType() == NormType.LAYERNORM;
        long dim = c.dim(), q = (long) c.nHeads() * c.headDim(), kv = (long) c.nKvHeads() * c.headDim();
        long hidden = c.hiddenDim(), vocab = c.vocabSize();
        List<Tensor> ts = new ArrayList<>();
        ts.add(new Tensor(mu ? "embed.weight" : "model.embed_tokens.weight", new long[] {vocab, dim}, Init.NORMAL));
        for (int i = 0; i < c.nLayers(); i++) {
            String p = mu ? "layers." + i + "." : "model.layers." + i + ".";
            norm(ts, p + (mu ? "attn_norm" : "input_layernorm"), dim, ln);
            linear(ts, p + (mu ? "attn.q" : "self_attn.q_proj"), q, dim, c.qkvBias(), Init.NORMAL);
            linear(ts, p + (mu ? "attn.k" : "self_attn.k_proj"), kv, dim, c.qkvBias(), Init.NORMAL);
            linear(ts, p + (mu ? "attn.v" : "self_attn.v_proj"), kv, dim, c.qkvBias(), Init.NORMAL);
            linear(ts, p + (mu ? "attn.o" : "self_attn.o_proj"), dim, q, c.oBias(), Init.NORMAL_OUT);
            if (c.dualNorm()) norm(ts, p + "attn_post_norm", dim, ln);
            norm(ts, p + (mu ? "ffn_norm" : "post_attention_layernorm"), dim, ln);
            if (c.ffnType() == FfnType.SWIGLU) linear(ts, p + (mu ? "ffn.gate" : "mlp.gate_proj"), hidden, dim, c.mlpBias(), Init.NORMAL);
            linear(ts, p + (mu ? "ffn.up" : "mlp.up_proj"), hidden, dim, c.mlpBias(), Init.NORMAL);
            linear(ts, p + (mu ? "ffn.down" : "mlp.down_proj"), dim, hidden, c.mlpBias(), Init.NORMAL_OUT);
            if (c.dualNorm()) norm(ts, p + "ffn_post_norm", dim, ln);
        }
        norm(ts, mu ? "norm" : "model.norm", dim, ln);
        if (!c.tieEmbeddings()) ts.add(new Tensor("lm_head.weight", new long[] {vocab, dim}, Init.NORMAL));
        return ts;
    }

    private static void norm(List<Tensor> ts, String prefix, long dim, boolean bias) {
        ts.add(new Tensor(prefix + ".weight", new long[] {dim}, Init.ONES));
        if (bias) ts.add(new Tensor(prefix + ".bias", new long[] {dim}, Init.ZEROS));
    }

    private static void linear(List<Tensor> ts, String prefix, long out, long in, boolean bias, Init init) {
        ts.add(new Tensor(prefix + ".weight", new long[] {out, in}, init));
        if (bias) ts.add(new Tensor(prefix + ".bias", new long[] {out}, Init.ZEROS));
    }

    /**
     * Writes {@code tensors} as one safetensors file (header padded so the data starts 64-byte aligned), via a
     * temporary file renamed into place. {@code piece} runs after every 4 MiB written.
     */
    static void write(Path file, List<Tensor> tensors, DType type, long seed, Runnable piece) throws IOException {
        int nLayers = (int) tensors.stream().filter(t -> t.init() == Init.NORMAL_OUT).count() / 2;
        double outStd = STD / Math.sqrt(2.0 * Math.max(1, nLayers));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt", "generator", "mu4j random-model", "seed", Long.toString(seed)));
        long offset = 0;
        for (Tensor t : tensors) {
            long size = t.elements() * type.bytes;
            header.put(t.name(), Map.of("dtype", type.safetensorsName, "shape", t.shape(),
                    "data_offsets", new long[] {offset, offset + size}));
            offset += size;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (int) (((8L + json.length + 63) / 64) * 64 - 8);
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocateDirect(PIECE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ t.name().hashCode());
                double std = t.init() == Init.NORMAL_OUT ? outStd : STD;
                Normal normal = new Normal(rng);
                for (long i = 0, n = t.elements(); i < n; i++) {
                    float v = switch (t.init()) {
                        case NORMAL, NORMAL_OUT -> (float) (std * normal.next());
                        case ONES -> 1f;
                        case ZEROS -> 0f;
                    };
                    switch (type) {
                        case F32 -> buf.putFloat(v);
                        case F16 -> buf.putShort(f32ToF16(v));
                        case BF16 -> buf.putShort(f32ToBf16(v));
                        default -> throw new IllegalArgumentException(type.toString());
                    }
                    if (!buf.hasRemaining()) {
                        buf.flip();
                        writeFully(ch, buf);
                        buf.clear();
                        piece.run();
                    }
                }
            }
            buf.flip();
            writeFully(ch, buf);
            if (offset > 0 && offset % PIECE_BYTES != 0) piece.run();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(file + ": cannot write the weights: " + e.getMessage(), e);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** Standard normal draws by the polar Box-Muller method (two per accepted pair). */
    private static final class Normal {
        private final SplittableRandom rng;
        private double spare;
        private boolean hasSpare;

        Normal(SplittableRandom rng) {
            this.rng = rng;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u, v, s;
            do {
                u = 2 * rng.nextDouble() - 1;
                v = 2 * rng.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * Math.log(s) / s);
            spare = v * m;
            hasSpare = true;
            return u * m;
        }
    }

    /** fp32 to IEEE binary16, round to nearest even (subnormals kept, overflow to infinity). */
    static short f32ToF16(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int abs = x & 0x7fffffff;
        if (abs > 0x7f800000) return (short) (sign | 0x7e00);            // NaN
        if (abs >= 0x477ff000) return (short) (sign | 0x7c00);           // >= 65520 rounds to infinity
        if (abs < 0x38800000) {                                           // below 2^-14: subnormal (or zero)
            return (short) (sign | (int) Math.rint(Float.intBitsToFloat(abs) * 16777216.0)); // units of 2^-24
        }
        int r = abs - (112 << 23);                                        // rebias the exponent 127 -> 15
        return (short) (sign | ((r + 0xfff + ((r >>> 13) & 1)) >>> 13));
    }

    /** fp32 to bfloat16, round to nearest even. */
    static short f32ToBf16(float f) {
        int x = Float.floatToRawIntBits(f);
        if ((x & 0x7fffffff) > 0x7f800000) return (short) ((x >>> 16) | 0x40);   // NaN stays NaN
        return (short) ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16);
    }
}
