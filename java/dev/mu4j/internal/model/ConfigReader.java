package dev.mu4j.internal.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.mu4j.ModelConfig;
import dev.mu4j.ModelConfig.FfnType;
import dev.mu4j.ModelConfig.NormType;
import dev.mu4j.MuException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads {@code config.json} in the Mu format or the HF Llama/Qwen2 format into a {@link ModelConfig}
 * (see {@code models/FORMAT.md}). Every error names the file and the field.
 */
public final class ConfigReader {
    private final Path file;
    private final JsonObject json;

    private ConfigReader(Path file, JsonObject json) {
        this.file = file;
        this.json = json;
    }

    /** Reads and validates a config.json. */
    public static ModelConfig read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(file, text);
    }

    /** Parses config text; {@code file} is only used in messages. */
    public static ModelConfig parse(Path file, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new MuException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) throw new MuException(file + ": expected a JSON object at the top level");
        ConfigReader r = new ConfigReader(file, root.getAsJsonObject());
        ModelConfig c = r.detectAndRead();
        r.validate(c);
        return c;
    }

    private ModelConfig detectAndRead() {
        String modelType = optString("model_type", "");
        String arch = "";
        if (json.has("architectures") && json.get("architectures").isJsonArray()
                && !json.getAsJsonArray("architectures").isEmpty()) {
            JsonElement first = json.getAsJsonArray("architectures").get(0);
            if (!first.isJsonPrimitive() || !first.getAsJsonPrimitive().isString()) {
                throw field("architectures", "must list class names, got " + first);
            }
            arch = first.getAsString();
        }
        if (modelType.equals("mu")) return readMu();
        if (modelType.equals("llama") || arch.equals("LlamaForCausalLM")) return readHf("llama");
        if (modelType.equals("qwen2") || arch.equals("Qwen2ForCausalLM")) return readHf("qwen2");
        throw new MuException(file + ": unsupported model: model_type '" + modelType + "'"
                + (arch.isEmpty() ? "" : ", architectures ['" + arch + "']")
                + "; supported: 'mu', 'llama' (LlamaForCausalLM), 'qwen2' (Qwen2ForCausalLM)");
    }

    private ModelConfig readMu() {
        int dim = posInt("dim");
        int headDim = posInt("head_dim");
        double fraction = optDouble("rotary_fraction", 1.0);
        if (!(fraction > 0 && fraction <= 1)) throw field("rotary_fraction", "must be in (0, 1], got " + fraction);
        double rot = headDim * fraction;
        int rotDim = (int) Math.round(rot);
        if (Math.abs(rot - rotDim) > 1e-6 || rotDim % 2 != 0) {
            throw field("rotary_fraction", "head_dim * rotary_fraction = " + rot + " must be an even integer");
        }
        return new ModelConfig("mu",
                posInt("vocab_size"), dim, posInt("n_layers"), posInt("n_heads"), posInt("n_kv_heads"), headDim,
                posInt("hidden_dim"),
                enumField("ffn_type", FfnType.class),
                enumField("norm_type", NormType.class),
                bool("dual_norm", null),
                posFloat("norm_eps"),
                posFloat("rope_theta"),
                rotDim,
                posInt("max_seq_len"),
                bool("tie_embeddings", null),
                bool("qkv_bias", false), bool("o_bias", false), bool("mlp_bias", false),
                optInt("bos_token_id", -1), eosIds());
    }

    private ModelConfig readHf(String format) {
        String act = optString("hidden_act", "silu");
        if (!act.equals("silu")) throw field("hidden_act", "'" + act + "' is not supported for " + format + " (only silu)");
        // transformers 4 writes rope_theta + rope_scaling at the top level, transformers 5 a rope_parameters object
        double ropeTheta = optDouble("rope_theta", 10000.0);
        for (String key : new String[] {"rope_scaling", "rope_parameters"}) {
            JsonElement s = json.get(key);
            if (s == null || s.isJsonNull()) continue;
            if (!s.isJsonObject()) throw field(key, "must be an object, got " + s);
            JsonObject o = s.getAsJsonObject();
            JsonElement t = o.has("rope_type") ? o.get("rope_type") : o.get("type");
            String type = t == null ? "?" : t.isJsonPrimitive() ? t.getAsString() : t.toString();
            if (!type.equals("default")) throw field(key, "rope type '" + type + "' is not supported (only default)");
            if (o.has("rope_theta")) {
                JsonElement theta = o.get("rope_theta");
                if (!theta.isJsonPrimitive() || !theta.getAsJsonPrimitive().isNumber()) {
                    throw field(key + ".rope_theta", "must be a number, got " + theta);
                }
                ropeTheta = theta.getAsDouble();
            }
        }
        if (bool("use_sliding_window", false)) throw field("use_sliding_window", "sliding-window attention is not supported");
        int dim = posInt("hidden_size");
        int nHeads = posInt("num_attention_heads");
        int headDim = json.has("head_dim") && !json.get("head_dim").isJsonNull() ? posInt("head_dim") : dim / nHeads;
        if (headDim < 1) throw field("num_attention_heads", nHeads + " is larger than hidden_size " + dim);
        double fraction = optDouble("partial_rotary_factor", 1.0);
        if (!(fraction > 0 && fraction <= 1)) throw field("partial_rotary_factor", "must be in (0, 1], got " + fraction);
        if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta) || (float) ropeTheta == Float.POSITIVE_INFINITY) {
            throw field("rope_theta", "must be a positive number, got " + ropeTheta);
        }
        int rotDim = (int) Math.round(headDim * fraction);
        boolean attnBias = bool("attention_bias", false);
        boolean qwen = format.equals("qwen2");
        return new ModelConfig(format,
                posInt("vocab_size"), dim, posInt("num_hidden_layers"), nHeads,
                json.has("num_key_value_heads") ? posInt("num_key_value_heads") : nHeads, headDim,
                posInt("intermediate_size"), FfnType.SWIGLU, NormType.RMSNORM, false,
                posFloat("rms_norm_eps"),
                (float) ropeTheta,
                rotDim,
                posInt("max_position_embeddings"),
                bool("tie_word_embeddings", false),
                qwen || attnBias, !qwen && attnBias, bool("mlp_bias", false),
                optInt("bos_token_id", -1), eosIds());
    }

    private void validate(ModelConfig c) {
        if (c.nHeads() % c.nKvHeads() != 0) {
            throw field(c.format().equals("mu") ? "n_kv_heads" : "num_key_value_heads",
                    c.nKvHeads() + " does not divide the " + c.nHeads() + " query heads");
        }
        if (c.rotDim() % 2 != 0 || c.rotDim() > c.headDim()) {
            throw new MuException(file + ": rotary dims " + c.rotDim() + " must be even and at most head_dim "
                    + c.headDim());
        }
        if (c.bosTokenId() >= c.vocabSize() || c.bosTokenId() < -1) {
            throw field("bos_token_id", c.bosTokenId() + " outside [0, vocab_size)");
        }
        for (int id : c.eosTokenIds()) {
            if (id < 0 || id >= c.vocabSize()) throw field("eos_token_id", id + " outside [0, vocab_size)");
        }
        long huge = (long) c.vocabSize() * c.dim();
        if (huge > Integer.MAX_VALUE * 4L) throw new MuException(file + ": vocab_size * dim = " + huge + " is too large");
    }

    // ---- field readers ---------------------------------------------------------------------------------

    private MuException field(String name, String problem) {
        return new MuException(file + ": field '" + name + "' " + problem);
    }

    private JsonPrimitive required(String name) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) throw field(name, "is missing");
        if (!e.isJsonPrimitive()) throw field(name, "must be a plain value, got " + e);
        return e.getAsJsonPrimitive();
    }

    private int posInt(String name) {
        JsonPrimitive p = required(name);
        if (!p.isNumber()) throw field(name, "must be a number, got " + p);
        double v = p.getAsDouble();
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw field(name, "must be a positive integer, got " + p);
        }
        return (int) v;
    }

    private int optInt(String name, int dflt) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) return dflt;
        return integer(name, e);
    }

    /** A whole number in int range, or a MuException naming the field. */
    private int integer(String name, JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw field(name, "must be an integer, got " + e);
        double v = e.getAsDouble();
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw field(name, "must be an integer, got " + e);
        return (int) v;
    }

    private float posFloat(String name) {
        JsonPrimitive p = required(name);
        if (!p.isNumber()) throw field(name, "must be a number, got " + p);
        double v = p.getAsDouble();
        if (!(v > 0) || Double.isInfinite(v) || (float) v == 0f || Float.isInfinite((float) v)) {
            throw field(name, "must be a positive number in float range, got " + p);
        }
        return (float) v;
    }

    private double optDouble(String name, double dflt) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) return dflt;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw field(name, "must be a number, got " + e);
        return e.getAsDouble();
    }

    private boolean bool(String name, Boolean dflt) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) {
            if (dflt == null) throw field(name, "is missing");
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw field(name, "must be true or false, got " + e);
        return e.getAsBoolean();
    }

    private String optString(String name, String dflt) {
        JsonElement e = json.get(name);
        if (e == null || e.isJsonNull()) return dflt;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw field(name, "must be a string, got " + e);
        return e.getAsString();
    }

    private <E extends Enum<E>> E enumField(String name, Class<E> type) {
        JsonPrimitive p = required(name);
        String v = p.getAsString();
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            throw field(name, "'" + v + "' is not one of: " + allowed);
        }
    }

    private int[] eosIds() {
        JsonElement e = json.get("eos_token_id");
        if (e == null || e.isJsonNull()) return new int[0];
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            int[] ids = new int[a.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = integer("eos_token_id", a.get(i));
            return ids;
        }
        return new int[] {optInt("eos_token_id", -1)};
    }
}
