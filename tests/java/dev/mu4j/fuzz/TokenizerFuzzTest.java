package dev.mu4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.mu4j.MuException;
import dev.mu4j.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * tokenizer.json, structure-aware: the fuzzer takes one of the golden tokenizers (ByteLevel, Metaspace with byte
 * fallback, normalizers) and applies a sequence of edits of its choosing: vocabulary entries removed or given
 * duplicate, negative or huge ids; merges naming unknown tokens, merges that form cycles, malformed merges; unknown
 * or missing component types; added tokens with empty or colliding content; the text cut short. Loading either
 * fails with a MuException or yields a tokenizer that encodes any text (lone surrogates, controls included) to ids
 * inside its vocabulary and decodes any of its ids (and the stream decoder, too) without throwing.
 */
class TokenizerFuzzTest {
    static final List<JsonObject> BASES = new ArrayList<>();
    static final Path FILE = FuzzSupport.scratch("tokenizer.json");
    static final String[] TYPES = {"ByteLevel", "Metaspace", "Whitespace", "Split", "Sequence", "NFC", "NFKC", "Lowercase",
        "Replace", "Prepend", "Strip", "ByteFallback", "Fuse", "TemplateProcessing", "RobertaProcessing", "BPE", "WordPiece", "?"};

    static {
        try {
            for (String name : new String[] {"gpt2", "llama2", "metaspace", "normalizers"}) {
                BASES.add(JsonParser.parseString(Files.readString(Path.of("tests/golden/tokenizers", name, "tokenizer.json")))
                        .getAsJsonObject());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void tokenizerJson(FuzzedDataProvider data) {
        JsonObject root = BASES.get(data.consumeInt(0, BASES.size() - 1)).deepCopy();
        JsonObject model = root.getAsJsonObject("model");
        JsonObject vocab = model.getAsJsonObject("vocab");
        JsonArray merges = model.getAsJsonArray("merges");
        List<String> tokens = new ArrayList<>(vocab.keySet());
        int edits = data.consumeInt(0, 8);
        for (int i = 0; i < edits; i++) {
            String a = pick(data, tokens), b = pick(data, tokens);
            switch (data.consumeInt(0, 9)) {
                case 0 -> vocab.remove(a);
                case 1 -> vocab.addProperty(a, data.pickValue(new int[] {-1, 0, 1, vocab.size(), vocab.size() + 1000,
                        1 << 20, Integer.MAX_VALUE, data.consumeInt()}));
                case 2 -> merges.add(pair(a, data.consumeString(4)));                 // unknown tokens
                case 3 -> {                                                            // a cycle: ab = a + b, a = ab + b
                    vocab.addProperty(a + b, vocab.size());
                    merges.add(pair(a, b));
                    merges.add(pair(a + b, b));
                    merges.add(pair(b, a + b));
                }
                case 4 -> {
                    if (!merges.isEmpty()) {
                        merges.set(data.consumeInt(0, merges.size() - 1), data.pickValue(List.<JsonElement>of(
                                new JsonPrimitive(7), JsonNull.INSTANCE, new JsonArray(), new JsonPrimitive(a + " " + b + " x"),
                                new JsonPrimitive(a + b), pair(a, a))));
                    }
                }
                case 5 -> model.add(data.pickValue(new String[] {"unk_token", "byte_fallback", "fuse_unk", "dropout",
                        "continuing_subword_prefix", "end_of_word_suffix", "ignore_merges", "type"}), primitive(data));
                case 6 -> {
                    JsonArray added = root.has("added_tokens") && root.get("added_tokens").isJsonArray()
                            ? root.getAsJsonArray("added_tokens") : new JsonArray();
                    JsonObject t = new JsonObject();
                    t.addProperty("id", data.consumeBoolean() ? vocab.size() + data.consumeInt(-3, 3) : data.consumeInt());
                    t.addProperty("content", data.consumeBoolean() ? a : data.consumeString(6));
                    for (String flag : new String[] {"single_word", "lstrip", "rstrip", "normalized", "special"}) {
                        t.addProperty(flag, data.consumeBoolean());
                    }
                    added.add(t);
                    root.add("added_tokens", added);
                }
                case 7 -> {
                    String part = data.pickValue(new String[] {"normalizer", "pre_tokenizer", "decoder", "post_processor"});
                    if (data.consumeBoolean()) {
                        root.remove(part);
                    } else {
                        JsonObject o = new JsonObject();
                        o.addProperty("type", data.pickValue(TYPES));
                        if (data.consumeBoolean()) o.add(data.consumeString(12), primitive(data));
                        root.add(part, data.consumeBoolean() ? o : JsonNull.INSTANCE);
                    }
                }
                case 8 -> merges.add(pair(a, ""));
                default -> root.add(data.pickValue(new String[] {"model", "added_tokens", "normalizer", "version"}), primitive(data));
            }
        }
        String text = root.toString();
        if (data.consumeBoolean()) text = text.substring(0, data.consumeInt(0, text.length()));
        FuzzSupport.write(FILE, text);
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.load(FILE);
        } catch (MuException e) {
            FuzzSupport.checkMessage(e);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String input = data.consumeString(200);
        int[] ids = tokenizer.encode(input, data.consumeBoolean());
        for (int id : ids) {
            if (id < 0 || id >= tokenizer.vocabSize()) throw new AssertionError("id " + id + " outside vocab " + tokenizer.vocabSize());
        }
        tokenizer.decode(ids);
        tokenizer.decode(ids, true);
        Tokenizer.StreamDecoder stream = tokenizer.newStreamDecoder();
        for (int id : ids) stream.push(id);
        stream.flush();
        int[] random = data.consumeInts(16);
        for (int i = 0; i < random.length; i++) random[i] = Math.floorMod(random[i], Math.max(1, tokenizer.vocabSize()));
        try {
            tokenizer.decode(random);
        } catch (MuException e) {   // documented for ids that are holes in the vocabulary
            FuzzSupport.checkMessage(e);
        }
    }

    private static String pick(FuzzedDataProvider data, List<String> tokens) {
        return tokens.isEmpty() || data.consumeBoolean() && data.consumeBoolean() ? data.consumeString(3)
                : tokens.get(data.consumeInt(0, tokens.size() - 1));
    }

    private static JsonArray pair(String a, String b) {
        JsonArray p = new JsonArray();
        p.add(a);
        p.add(b);
        return p;
    }

    private static JsonElement primitive(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(data.consumeBoolean());
            case 2 -> new JsonPrimitive(data.consumeInt());
            case 3 -> new JsonPrimitive(data.consumeString(8));
            default -> new JsonArray();
        };
    }
}
