package dev.mu4j.internal.cli;

import com.google.gson.JsonParser;
import dev.mu4j.internal.agent.Evaluator;
import dev.mu4j.internal.server.HttpPlanServer;
import dev.mu4j.settings.SettingsAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mu4j bench-agent}: latency of the settings agent in process, over loopback HTTP, and as a cold CLI. */
@Command(name = "bench-agent", sortOptions = false, description = {
        "Measure the settings agent: in-process latency over a request set (p50/p95/p99 of several rounds),",
        "the same requests through the loopback HTTP server, and the cold start of `java -jar mu4j.jar settings`.",
        "",
        "Example: java -jar target/mu4j.jar bench-agent models/settings/eval/handwritten.jsonl"})
final class BenchAgentCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", description = "JSONL with a \"text\" field per line")
    Path dataset;

    @Option(names = "--rounds", defaultValue = "5", description = "passes over the set (default ${DEFAULT-VALUE}); the first is warm-up")
    int rounds;

    @Option(names = "--cold-runs", defaultValue = "5", description = "CLI cold starts to time (default ${DEFAULT-VALUE}; 0 = skip)")
    int coldRuns;

    @Mixin
    AgentOptions agentOptions;

    @Override
    public Integer call() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(dataset, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) texts.add(JsonParser.parseString(line).getAsJsonObject().get("text").getAsString());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("requests", texts.size());
        try (SettingsAgent agent = agentOptions.open();
             Progress progress = new Progress("requests", (long) texts.size() * (Math.max(2, rounds) + 2))) {
            for (String t : texts) {   // warm-up round: JIT, masks, prompt prefix
                agent.plan(t);
                progress.step();
            }
            double[] inProcess = new double[texts.size() * Math.max(1, rounds - 1)];
            int k = 0;
            for (int r = 1; r < Math.max(2, rounds); r++) {
                for (String t : texts) {
                    long t0 = System.nanoTime();
                    agent.plan(t);
                    inProcess[k++] = (System.nanoTime() - t0) / 1e6;
                    progress.step();
                }
            }
            report.put("inProcessMs", percentiles(Arrays.copyOf(inProcess, k)));

            String token = "bench-token-0123456789";
            try (HttpPlanServer server = new HttpPlanServer(agent::plan, 0, token, 2, 100_000)) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/plan");
                double[] http = new double[texts.size()];
                for (int round = 0; round < 2; round++) {   // round 0 warms the HTTP path
                    for (int i = 0; i < texts.size(); i++) {
                        String body = "{\"query\":" + Main.JSON.toJson(texts.get(i)) + "}";
                        long t0 = System.nanoTime();
                        HttpResponse<String> resp = client.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        http[i] = (System.nanoTime() - t0) / 1e6;
                        progress.step();
                        if (resp.statusCode() != 200) throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + resp.body());
                    }
                }
                report.put("httpRoundTripMs", percentiles(http));
            }
        }
        if (coldRuns > 0) report.put("cliColdStartMs", coldStarts());
        System.out.println(Main.JSON.toJson(report));
        return 0;
    }

    /** Wall time of `java -jar <this jar> settings "..."` in fresh JVMs. */
    private Map<String, Double> coldStarts() throws Exception {
        Path jar = Path.of(BenchAgentCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) return Map.of();   // running from classes: nothing to time
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "settings", "turn on bluetooth"));
        if (agentOptions.model != null) cmd.addAll(List.of("--model", agentOptions.model.toString()));
        double[] ms = new double[coldRuns];
        for (int i = 0; i < coldRuns; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new IllegalStateException("cold run failed: " + cmd);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return percentiles(ms);
    }

    static Map<String, Double> percentiles(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", round(Evaluator.percentile(s, 50)));
        m.put("p95", round(Evaluator.percentile(s, 95)));
        m.put("p99", round(Evaluator.percentile(s, 99)));
        m.put("max", round(s[s.length - 1]));
        m.put("n", (double) s.length);
        return m;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
