package dev.mu4j.internal.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.mu4j.Model;
import dev.mu4j.MuException;
import dev.mu4j.Session;
import dev.mu4j.internal.Kernels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code mu4j} command line: {@code java -jar mu4j.jar <command> ...}. Exit codes: 0 ok, 1 error, 2 usage. */
@Command(name = "mu4j", mixinStandardHelpOptions = true, version = "mu4j 0.1.0",
        description = "On-device small-language-model runtime for the JVM.",
        subcommands = {SettingsCommand.class, UndoCommand.class, ServeCommand.class, EvalCommand.class, BenchAgentCommand.class,
                GenerateCommand.class, QuantizeCommand.class, Main.Info.class, Main.Forward.class,
                RandomModelCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    static final Gson JSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("mu4j: " + (e instanceof MuException ? "" : e.getClass().getSimpleName() + ": ")
                    + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Command(name = "info", description = "Print a model's architecture, parameter count and the native ISA in use.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL_DIR", description = "model directory: config.json + model.safetensors")
        Path dir;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Model m = Model.load(dir)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("model", dir.toString());
                out.put("config", m.config());
                out.put("parameters", m.config().parameterCount());
                out.put("isa", Kernels.isaName(Kernels.isa()));
                if (json) {
                    System.out.println(JSON.toJson(out));
                } else {
                    System.out.println(m.config());
                    System.out.printf("%,d parameters; kernels: %s%n", m.config().parameterCount(), out.get("isa"));
                }
            }
            return 0;
        }
    }

    @Command(name = "forward", description = {
            "Run token ids through a model and print the most likely next tokens.",
            "Example: mu4j forward tests/golden/mu-dual-ln-gelu --token-ids 1,2,3 --top 5"})
    static final class Forward implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL_DIR", description = "model directory: config.json + model.safetensors")
        Path dir;

        @Option(names = "--token-ids", required = true, split = ",", paramLabel = "ID",
                description = "prompt as comma-separated token ids")
        int[] ids;

        @Option(names = "--top", defaultValue = "5", description = "how many next-token candidates to print (default ${DEFAULT-VALUE})")
        int top;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Model m = Model.load(dir); Session s = m.newSession()) {
                long t0 = System.nanoTime();
                float[] logits = s.forward(ids, 0);
                double ms = (System.nanoTime() - t0) / 1e6;
                Integer[] order = new Integer[logits.length];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
                List<Map<String, Object>> best = Arrays.stream(order).limit(Math.max(0, top))
                        .map(i -> Map.<String, Object>of("id", i, "logit", logits[i])).toList();
                if (json) {
                    System.out.println(JSON.toJson(Map.of("tokenIds", ids, "next", best, "latencyMs", ms)));
                } else {
                    System.out.printf("%d tokens in %.2f ms; next-token candidates:%n", ids.length, ms);
                    best.forEach(b -> System.out.printf("  id %6d  logit %9.4f%n", b.get("id"), b.get("logit")));
                }
            }
            return 0;
        }
    }
}
