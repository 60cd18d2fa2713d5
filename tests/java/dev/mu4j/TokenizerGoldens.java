package dev.mu4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads tests/golden/tokenizers (written by scripts/gen_golden_tokenizers.py; layout in its README.md). */
final class TokenizerGoldens {
    static final Path DIR = Path.of("tests", "golden", "tokenizers");
    static final String FORMAT = "mu4j-tokenizer-golden";
    static final int VERSION = 1;
    /** The model families' tokenizers (see README.md). */
    static final List<String> FAMILIES = List.of("gpt2", "llama3", "qwen2", "llama2", "mistral", "metaspace");
    /** The same models with the components no family uses. */
    static final List<String> FEATURE_VARIANTS = List.of("roberta", "splits", "whitespace", "normalizers", "unk",
            "fuse-unk");

    /** One corpus string and what HF made of it. */
    record Case(String text, int[] ids, int[] idsNoSpecial, String decode, String decodeSkipSpecial) {}

    /** An id sequence (a prefix of one encoding, possibly cutting a character) and HF's decode of it. */
    record DecodeCase(int[] ids, String decode) {}

    record Expected(String name, int vocabSize, Map<String, Integer> specialTokens, List<Case> cases,
            List<DecodeCase> decodeCases) {}

    private TokenizerGoldens() {}

    /** Every golden tokenizer folder, for {@code @MethodSource("dev.mu4j.TokenizerGoldens#names")}. */
    static Stream<String> names() {
        return Stream.concat(FAMILIES.stream(), FEATURE_VARIANTS.stream());
    }

    /** The families only, for {@code @MethodSource("dev.mu4j.TokenizerGoldens#families")}. */
    static Stream<String> families() {
        return FAMILIES.stream();
    }

    static Path tokenizerFile(String name) {
        return DIR.resolve(name).resolve("tokenizer.json");
    }

    static Tokenizer load(String name) {
        try {
            return Tokenizer.load(tokenizerFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Expected expected(String name) {
        JsonObject root = read(DIR.resolve(name).resolve("expected.json"));
        if (!FORMAT.equals(root.get("format").getAsString()) || root.get("version").getAsInt() != VERSION) {
            throw new IllegalStateException(name + "/expected.json: expected format " + FORMAT + " version " + VERSION);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            cases.add(new Case(c.get("text").getAsString(), ints(c.getAsJsonArray("ids")),
                    ints(c.getAsJsonArray("ids_no_special")), c.get("decode").getAsString(),
                    c.get("decode_skip_special").getAsString()));
        }
        if (cases.size() != root.get("n_cases").getAsInt()) throw new IllegalStateException(name + ": n_cases mismatch");
        List<DecodeCase> decodeCases = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("decode_cases")) {
            JsonObject c = e.getAsJsonObject();
            decodeCases.add(new DecodeCase(ints(c.getAsJsonArray("ids")), c.get("decode").getAsString()));
        }
        Map<String, Integer> specials = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("special_tokens").entrySet()) {
            specials.put(e.getKey(), e.getValue().getAsInt());
        }
        return new Expected(name, root.get("vocab_size").getAsInt(), specials, cases, decodeCases);
    }

    /** The corpus strings, in order (the same texts as every expected.json's cases). */
    static List<String> corpus() {
        List<String> texts = new ArrayList<>();
        for (JsonElement e : read(DIR.resolve("corpus.json")).getAsJsonArray("texts")) texts.add(e.getAsString());
        return texts;
    }

    private static JsonObject read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    /** Escapes a string for failure messages so that whitespace and invisible characters show. */
    static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '\n') sb.append("\\n");
            else if (cp == '\t') sb.append("\\t");
            else if (cp == '\r') sb.append("\\r");
            else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F)
                    || cp == 0x3000 || cp == 0xFEFF) sb.append(String.format("\\u%04X", cp));
            else sb.appendCodePoint(cp);
        });
        return sb.append('"').toString();
    }

    /** Ids with their token strings, for failure messages. */
    static String showIds(Tokenizer tok, int[] ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) sb.append(", ");
            String t = ids[i] >= 0 && ids[i] < tok.vocabSize() ? safeToken(tok, ids[i]) : "?";
            sb.append(ids[i]).append(' ').append(show(t));
        }
        return sb.append(']').toString();
    }

    private static String safeToken(Tokenizer tok, int id) {
        try {
            return tok.token(id);
        } catch (MuException e) {
            return "?";
        }
    }
}
