package dev.mu4j.internal.ort;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.ModelConfig;
import dev.mu4j.MuException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An ONNX package ({@code manifest.json} + {@code decode.onnx} + {@code prefill.onnx} + {@code weights.bin}, written
 * by {@code scripts/export_onnx.py}; contract in models/FORMAT.md), read and checked against the model's config.
 *
 * @param cacheLen  KV cache rows S of both graphs
 * @param prefill   query window of prefill.onnx (decode.onnx has window 1)
 * @param maskValue the additive attention-mask value for "may not attend"
 */
record OnnxPackage(Path dir, Path decode, Path prefill, int cacheLen, int prefillWindow, float maskValue,
                   int nLayers, int nKvHeads, int headDim, int vocabSize, String quantization) {
    static final String FORMAT = "mu4j-onnx";
    static final int FORMAT_VERSION = 1;
    static final List<String> INPUTS = List.of("input_ids", "position_ids", "attention_mask", "past_keys", "past_values");
    static final List<String> OUTPUTS = List.of("logits", "new_keys", "new_values");

    static OnnxPackage read(Path modelDir, Path dir, ModelConfig c) throws IOException {
        Path file = dir.resolve("manifest.json");
        if (!Files.isRegularFile(file)) {
            throw new MuException(dir + ": no ONNX package (manifest.json missing); write one with"
                    + " `python3 scripts/export_onnx.py " + modelDir + "`");
        }
        JsonObject m;
        try {
            m = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new MuException(file + ": not a JSON object: " + e.getMessage());
        }
        String format = str(m, file, "format");
        if (!format.equals(FORMAT)) throw new MuException(file + ": format '" + format + "', expected '" + FORMAT + "'");
        int version = num(m, file, "format_version");
        if (version != FORMAT_VERSION) {
            throw new MuException(file + ": format_version " + version + " is not supported (this mu4j reads "
                    + FORMAT_VERSION + "); re-export with scripts/export_onnx.py");
        }
        if (!m.has("backends") || !m.get("backends").toString().contains("\"onnxruntime\"")) {
            throw new MuException(file + ": field backends does not list onnxruntime");
        }
        JsonObject source = m.getAsJsonObject("source");
        if (source == null) throw new MuException(file + ": field source missing");
        String sha = str(source, file, "config_sha256");
        String actual = sha256(modelDir.resolve("config.json"));
        if (!sha.equals(actual)) {
            throw new MuException(file + ": exported from a different config.json (source.config_sha256 " + sha
                    + ", config.json has " + actual + "); re-export with scripts/export_onnx.py " + modelDir);
        }
        String fp = str(source, file, "weights_fingerprint");
        String actualFp = weightsFingerprint(modelDir);
        if (!fp.equals(actualFp)) {
            throw new MuException(file + ": exported from different weights (source.weights_fingerprint " + fp
                    + ", the model's *.safetensors give " + actualFp + "); re-export with scripts/export_onnx.py "
                    + modelDir);
        }
        expect(file, "n_layers", num(m, file, "n_layers"), c.nLayers());
        expect(file, "n_kv_heads", num(m, file, "n_kv_heads"), c.nKvHeads());
        expect(file, "head_dim", num(m, file, "head_dim"), c.headDim());
        expect(file, "vocab_size", num(m, file, "vocab_size"), c.vocabSize());
        expect(file, "batch", num(m, file, "batch"), 1);
        int cache = num(m, file, "cache_len");
        if (cache < 2 || cache > c.maxSeqLen()) {
            throw new MuException(file + ": cache_len " + cache + " must be in [2, max_seq_len " + c.maxSeqLen() + "]");
        }
        if (!str(m, file, "padding").equals("left")) throw new MuException(file + ": padding must be \"left\"");
        if (!m.get("inputs").toString().equals(json(INPUTS)) || !m.get("outputs").toString().equals(json(OUTPUTS))) {
            throw new MuException(file + ": inputs/outputs must be " + INPUTS + " / " + OUTPUTS);
        }
        float mask = m.get("mask_value").getAsFloat();
        if (!Float.isFinite(mask) || mask > -1000f) {
            throw new MuException(file + ": mask_value " + mask + " must be finite and <= -1000");
        }
        JsonObject graphs = m.getAsJsonObject("graphs");
        if (graphs == null || !graphs.has("decode") || !graphs.has("prefill")) {
            throw new MuException(file + ": graphs must have decode and prefill");
        }
        int decodeWindow = num(graphs.getAsJsonObject("decode"), file, "window");
        expect(file, "graphs.decode.window", decodeWindow, 1);
        int prefill = num(graphs.getAsJsonObject("prefill"), file, "window");
        if (prefill < 2 || prefill > cache) {
            throw new MuException(file + ": graphs.prefill.window " + prefill + " must be in [2, cache_len " + cache + "]");
        }
        Path decodeFile = graphFile(dir, file, graphs.getAsJsonObject("decode"));
        Path prefillFile = graphFile(dir, file, graphs.getAsJsonObject("prefill"));
        String quant = m.has("quantization") ? m.get("quantization").getAsString() : "unknown";
        return new OnnxPackage(dir, decodeFile, prefillFile, cache, prefill, mask, c.nLayers(), c.nKvHeads(),
                c.headDim(), c.vocabSize(), quant);
    }

    private static Path graphFile(Path dir, Path manifest, JsonObject g) {
        String name = str(g, manifest, "file");
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
            throw new MuException(manifest + ": graph file " + name + " is missing from " + dir);
        }
        return p;
    }

    private static String json(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static void expect(Path file, String field, int got, int want) {
        if (got != want) {
            throw new MuException(file + ": " + field + " is " + got + " but the model needs " + want
                    + " (package exported from another model?)");
        }
    }

    private static String str(JsonObject o, Path file, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) throw new MuException(file + ": field " + field + " missing or not a string");
        return e.getAsString();
    }

    private static int num(JsonObject o, Path file, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new MuException(file + ": field " + field + " missing or not a number");
        }
        return e.getAsInt();
    }

    static final int FINGERPRINT_BYTES = 65536;

    /**
     * SHA-256 over every {@code *.safetensors} file of the model directory, by name: "name\nsize\n", the first and
     * the last 64 KiB (scripts/export_onnx.py weights_fingerprint). Reads 128 KiB per file whatever the model size.
     */
    static String weightsFingerprint(Path modelDir) throws IOException {
        List<Path> files;
        try (var s = Files.list(modelDir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".safetensors"))
                    .sorted(java.util.Comparator.comparing(f -> f.getFileName().toString())).toList();
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                try (var ch = java.nio.channels.FileChannel.open(f)) {
                    long size = ch.size();
                    md.update((f.getFileName() + "\n" + size + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(read(ch, 0, (int) Math.min(FINGERPRINT_BYTES, size)));
                    long tail = Math.max(0, size - FINGERPRINT_BYTES);
                    md.update(read(ch, tail, (int) (size - tail)));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(java.nio.channels.FileChannel ch, long pos, int n) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new IOException("unexpected end of file");
        }
        return b.array();
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
