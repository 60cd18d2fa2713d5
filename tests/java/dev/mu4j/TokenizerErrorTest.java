package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed or unsupported tokenizer.json files fail to load with a message naming the file and the field. */
class TokenizerErrorTest {
    @TempDir
    Path dir;

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("missing model", "gpt2", j -> j.remove("model"), "field 'model' is missing"),
                broken("unknown model type", "gpt2", j -> model(j).addProperty("type", "Unigram"),
                        "field 'model.type' 'Unigram' is not supported; supported: BPE"),
                broken("merge of an unknown token", "gpt2", j -> merges(j).set(3, pair("notatoken", "x")),
                        "field 'model.merges[3]' refers to token 'notatoken' which is not in model.vocab"),
                broken("merge whose result is not in the vocabulary", "gpt2", j -> merges(j).set(0, pair("x", "q")),
                        "field 'model.merges[0]' merges into 'xq' which is not in model.vocab"),
                broken("legacy merge line with three tokens", "gpt2",
                        j -> merges(j).set(0, new JsonPrimitive("a b c")),
                        "field 'model.merges[0]' must be two tokens separated by one space, got 'a b c'"),
                broken("negative id", "gpt2", j -> model(j).getAsJsonObject("vocab").addProperty("x", -1),
                        "field 'model.vocab['x']' must be a non-negative integer, got -1"),
                broken("unk_token not in vocabulary", "llama2", j -> model(j).addProperty("unk_token", "<nope>"),
                        "field 'model.unk_token' '<nope>' is not in model.vocab"),
                broken("WordPiece affix", "gpt2", j -> model(j).addProperty("continuing_subword_prefix", "##"),
                        "field 'model.continuing_subword_prefix' '##' is not supported"),
                broken("dropout", "gpt2", j -> model(j).addProperty("dropout", 0.1),
                        "field 'model.dropout' 0.1 is not supported"),
                broken("unknown normalizer", "qwen2", j -> j.getAsJsonObject("normalizer").addProperty("type", "Precompiled"),
                        "field 'normalizer.type' 'Precompiled' is not supported; supported: Sequence, Prepend"),
                broken("unknown normalizer inside a sequence", "llama2",
                        j -> j.getAsJsonObject("normalizer").getAsJsonArray("normalizers").get(1).getAsJsonObject()
                                .addProperty("type", "Nmt"),
                        "field 'normalizer.normalizers[1].type' 'Nmt' is not supported"),
                broken("regex Java cannot compile", "llama3",
                        j -> splitStep(j).getAsJsonObject("pattern").addProperty("Regex", "(?~abc)"),
                        "field 'pre_tokenizer.pretokenizers[0].pattern.Regex' regex '(?~abc)' is not supported"),
                broken("regex with a POSIX bracket", "llama3",
                        j -> splitStep(j).getAsJsonObject("pattern").addProperty("Regex", "[[:alpha:]]+"),
                        "POSIX bracket classes like [:alpha:] are not supported"),
                broken("unknown split behavior", "llama3", j -> splitStep(j).addProperty("behavior", "Sideways"),
                        "field 'pre_tokenizer.pretokenizers[0].behavior' 'Sideways' is not one of: Removed, Isolated"),
                broken("unknown pre-tokenizer", "gpt2", j -> j.getAsJsonObject("pre_tokenizer").addProperty("type", "BertPreTokenizer"),
                        "field 'pre_tokenizer.type' 'BertPreTokenizer' is not supported"),
                broken("unknown prepend scheme", "mistral",
                        j -> j.getAsJsonObject("pre_tokenizer").addProperty("prepend_scheme", "sometimes"),
                        "field 'pre_tokenizer.prepend_scheme' 'sometimes' is not one of: always, first, never"),
                broken("unknown decoder", "gpt2", j -> j.getAsJsonObject("decoder").addProperty("type", "WordPiece"),
                        "field 'decoder.type' 'WordPiece' is not supported; supported: Sequence, ByteLevel"),
                broken("template with an undefined special token", "llama3",
                        j -> j.getAsJsonObject("post_processor").getAsJsonArray("processors").get(1).getAsJsonObject()
                                .getAsJsonArray("single").get(0).getAsJsonObject().getAsJsonObject("SpecialToken")
                                .addProperty("id", "<nope>"),
                        "field 'post_processor.processors[1].single[0].SpecialToken.id' '<nope>' is not defined in "
                                + "post_processor.processors[1].special_tokens"),
                broken("added token id that HF would not give it", "llama3",
                        j -> j.getAsJsonArray("added_tokens").get(0).getAsJsonObject().addProperty("id", 5000),
                        "field 'added_tokens[0].id' 5000 disagrees with the id HF tokenizers assigns to "
                                + "'<|begin_of_text|>': 822"),
                broken("added token without content", "gpt2",
                        j -> j.getAsJsonArray("added_tokens").get(0).getAsJsonObject().remove("content"),
                        "field 'added_tokens[0].content' is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileNamesFileAndField(String what, String base, Consumer<JsonObject> breakIt, String message)
            throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(TokenizerGoldens.tokenizerFile(base)))
                .getAsJsonObject();
        breakIt.accept(json);
        Path file = dir.resolve(base + "-broken.json");
        Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
        MuException e = assertThrows(MuException.class, () -> Tokenizer.load(file), what);
        assertTrue(e.getMessage().startsWith(file + ": "), what + ": message does not start with the file: "
                + e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": expected a message containing\n  " + message
                + "\nbut got\n  " + e.getMessage());
    }

    @Test
    void notJsonNamesFile() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": ");
        MuException e = assertThrows(MuException.class, () -> Tokenizer.load(file));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON"), e.getMessage());
        Files.writeString(file, "[1, 2]");
        e = assertThrows(MuException.class, () -> Tokenizer.load(file));
        assertTrue(e.getMessage().equals(file + ": expected a JSON object at the top level"), e.getMessage());
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> Tokenizer.load(dir.resolve("absent.json")));
    }

    private static Arguments broken(String what, String base, Consumer<JsonObject> breakIt, String message) {
        return Arguments.of(what, base, breakIt, message);
    }

    private static JsonObject model(JsonObject json) {
        return json.getAsJsonObject("model");
    }

    private static JsonArray merges(JsonObject json) {
        return model(json).getAsJsonArray("merges");
    }

    private static JsonObject splitStep(JsonObject json) {
        return json.getAsJsonObject("pre_tokenizer").getAsJsonArray("pretokenizers").get(0).getAsJsonObject();
    }

    private static JsonArray pair(String a, String b) {
        JsonArray p = new JsonArray();
        p.add(a);
        p.add(b);
        return p;
    }
}
