package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Greedy generation of every golden model is frozen: the ids (and, for the text model, the text through HF
 * tokenizers) that the PyTorch / transformers reference produced, written by scripts/gen_golden_models.py.
 */
class GreedyGoldenTest {
    static Stream<String> models() throws Exception {
        return GoldenFile.modelDirs().stream().filter(p -> Files.isRegularFile(p.resolve("greedy.json")))
                .map(p -> p.getFileName().toString());
    }

    private static JsonObject greedy(Path dir) throws Exception {
        return JsonParser.parseString(Files.readString(dir.resolve("greedy.json"))).getAsJsonObject();
    }

    private static int[] ints(JsonObject o, String field) {
        return o.getAsJsonArray(field).asList().stream().mapToInt(e -> e.getAsInt()).toArray();
    }

    private static GenerationConfig greedyConfig(int n) {
        return GenerationConfig.builder().maxNewTokens(n).stopTokens(Set.of()).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void greedyIdsAreFrozen(String name) throws Exception {
        Path dir = GoldenFile.ROOT.resolve(name);
        JsonObject g = greedy(dir);
        int[] expected = ints(g, "generated_ids");
        try (Model m = Model.load(dir); Session s = m.newSession()) {
            Generation gen = s.generate(ints(g, "prompt_ids"), greedyConfig(expected.length), null);
            assertArrayEquals(expected, gen.tokenIds(), name);
            assertEquals(Generation.FinishReason.MAX_TOKENS, gen.finishReason());
        }
    }

    @Test
    void textModelEncodesGeneratesAndDecodesLikeHf() throws Exception {
        Path dir = GoldenFile.ROOT.resolve("mu-tiny-text");
        JsonObject g = greedy(dir);
        try (Model m = Model.load(dir); Session s = m.newSession()) {
            String prompt = g.get("prompt_text").getAsString();
            assertArrayEquals(ints(g, "prompt_ids"), m.tokenizer().encode(prompt));
            int n = ints(g, "generated_ids").length;
            Generation gen = s.generate(prompt, greedyConfig(n));
            assertArrayEquals(ints(g, "generated_ids"), gen.tokenIds());
            assertEquals(g.get("generated_text").getAsString(), gen.text());

            // streaming yields the same text, piece by piece
            StringBuilder streamed = new StringBuilder();
            try (GenerationStream stream = s.stream(prompt, greedyConfig(n))) {
                stream.forEachRemaining(streamed::append);
                assertEquals(gen.text(), stream.result().text());
                assertArrayEquals(gen.tokenIds(), stream.result().tokenIds());
            }
            assertEquals(gen.text(), streamed.toString());

            // a stop string cuts the text before it and ends the generation
            String stop = gen.text().substring(3, 5);
            Generation cut = s.generate(prompt, greedyConfig(n).toBuilder().stopStrings(List.of(stop)).build());
            assertEquals(Generation.FinishReason.STOP_STRING, cut.finishReason());
            assertEquals(gen.text().substring(0, gen.text().indexOf(stop)), cut.text());
        }
    }
}
