package dev.mu4j.internal.cli;

import dev.mu4j.Generation;
import dev.mu4j.GenerationConfig;
import dev.mu4j.Model;
import dev.mu4j.MuException;
import dev.mu4j.Session;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mu4j generate}: text (or token ids) in, a continuation out, streamed or as JSON. */
@Command(name = "generate", sortOptions = false, description = {
        "Generate a continuation of a prompt with a model directory (Mu, HF Llama or HF Qwen2 format).",
        "The text streams to stdout as it is generated; --json prints one JSON object at the end instead.",
        "",
        "Examples:",
        "  mu4j generate models/my-model \"Once upon a time\" --max-tokens 40 --temperature 0.8 --seed 1",
        "  mu4j generate tests/golden/hf-llama-tiny --token-ids 1,15,42 --max-tokens 8 --json"})
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "model directory: config.json, model.safetensors"
            + " and (for text) tokenizer.json")
    Path dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROMPT", description = "the prompt text (needs tokenizer.json)")
    String prompt;

    @Mixin
    BackendOptions backend = new BackendOptions();

    @Option(names = "--token-ids", split = ",", paramLabel = "ID", description = "the prompt as comma-separated token ids instead of text")
    int[] tokenIds;

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "128", description = "tokens to generate at most (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0", description = "0 = greedy (default); higher = more random")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "sample from the k most likely tokens (0 = off)")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "sample from the smallest set with this total probability (1 = off)")
    float topP;

    @Option(names = "--min-p", defaultValue = "0", description = "drop tokens less likely than this fraction of the best (0 = off)")
    float minP;

    @Option(names = "--repetition-penalty", defaultValue = "1", description = "divide the logits of recent tokens (1 = off)")
    float repetitionPenalty;

    @Option(names = "--frequency-penalty", defaultValue = "0", description = "subtract per occurrence of a recent token")
    float frequencyPenalty;

    @Option(names = "--presence-penalty", defaultValue = "0", description = "subtract once for any recent token")
    float presencePenalty;

    @Option(names = "--logit-bias", split = ",", paramLabel = "ID=BIAS", description = "add BIAS to token ID's logit, e.g. 13=-100,7=2.5")
    Map<Integer, Float> logitBias = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", description = "random seed: the same seed gives the same output")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "stop when the output contains TEXT (repeatable)")
    List<String> stops = List.of();

    @Option(names = "--stop-token", split = ",", paramLabel = "ID", description = "stop at these token ids (default: the model's eos ids)")
    Set<Integer> stopTokens;

    @Option(names = "--json", description = "print one JSON object: text, token ids, finish reason, timings")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if ((prompt == null) == (tokenIds == null)) {
            throw new MuException("give exactly one of PROMPT (text) or --token-ids");
        }
        GenerationConfig cfg = GenerationConfig.builder()
                .maxNewTokens(maxTokens).temperature(temperature).topK(topK).topP(topP).minP(minP)
                .repetitionPenalty(repetitionPenalty).frequencyPenalty(frequencyPenalty)
                .presencePenalty(presencePenalty).logitBias(logitBias).seed(seed).stopStrings(stops)
                .stopTokens(stopTokens).build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Model model = Model.load(dir, backend.options()); Session session = model.newSession()) {
            int[] ids = tokenIds != null ? tokenIds : model.tokenizer().encode(prompt);
            boolean text = model.hasTokenizer();
            Generation g = session.generate(ids, cfg, json ? null : (id, piece) -> {
                out.print(text ? piece : id >= 0 ? id + " " : "");   // without a tokenizer, stream the ids
                return true;
            });
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("text", g.text());
                o.put("promptTokenIds", ids);
                o.put("tokenIds", g.tokenIds());
                o.put("finishReason", g.finishReason().name().toLowerCase(java.util.Locale.ROOT));
                o.put("timings", g.timings());
                out.println(Main.JSON.toJson(o));
            } else {
                out.println();
                Generation.Timings t = g.timings();
                System.err.printf("[%d prompt tokens, %d generated, first token %.1f ms, %.1f tokens/s, %s]%n",
                        t.promptTokens(), t.generatedTokens(), t.timeToFirstTokenMs(), t.tokensPerSecond(),
                        g.finishReason().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return 0;
    }
}
