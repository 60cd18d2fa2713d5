package dev.mu4j.internal.cli;

import dev.mu4j.MuException;
import dev.mu4j.internal.server.HttpPlanServer;
import dev.mu4j.internal.server.StdioServer;
import dev.mu4j.settings.SettingsAgent;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mu4j serve --stdio | --port N}: the settings agent as a long-running process. */
@Command(name = "serve", sortOptions = false, description = {
        "Serve the settings agent to other programs.",
        "  --stdio     JSON lines: {\"id\": 1, \"query\": \"...\"} in, the plan JSON (with the id) out, one per line.",
        "  --port N    HTTP on 127.0.0.1 only: POST /v1/plan {\"query\": \"...\"} with 'Authorization: Bearer TOKEN';",
        "              GET /v1/health. The token comes from --token, $MU4J_TOKEN, or is generated and written to",
        "              ~/.mu4j/server.token (readable by you only)."})
final class ServeCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--stdio", description = "JSON lines on stdin/stdout")
        boolean stdio;

        @Option(names = "--port", paramLabel = "N", description = "HTTP on 127.0.0.1:N (0 = a free port, printed)")
        Integer port;
    }

    @Option(names = "--token", description = "bearer token for HTTP (>= 16 characters)")
    String token;

    @Option(names = "--threads", defaultValue = "4", description = "HTTP worker threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--max-rps", defaultValue = "200", description = "HTTP requests per second before 429 (default ${DEFAULT-VALUE})")
    int maxRps;

    @Mixin
    AgentOptions agentOptions;

    @Override
    public Integer call() throws Exception {
        try (SettingsAgent agent = agentOptions.open()) {
            if (mode.stdio) {
                new StdioServer(agent::plan).serve(new InputStreamReader(System.in, StandardCharsets.UTF_8),
                        new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                return 0;
            }
            String t = token != null ? token : System.getenv("MU4J_TOKEN");
            if (t == null) t = generatedToken();
            if (t.length() < 16) throw new MuException("--token must have at least 16 characters");
            try (HttpPlanServer server = new HttpPlanServer(agent::plan, mode.port, t, threads, maxRps)) {
                System.err.printf("mu4j: serving on http://%s:%d/v1/plan (Ctrl-C to stop)%n",
                        server.address().getHostAddress(), server.port());
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        }
        return 0;
    }

    private static String generatedToken() throws java.io.IOException {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String t = HexFormat.of().formatHex(b);
        Path file = Path.of(System.getProperty("user.home"), ".mu4j", "server.token");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {   // created private, never readable by others even for a moment
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);   // Windows: the user profile folder is already private to the user
        }
        Files.writeString(file, t + "\n");
        System.err.println("mu4j: token written to " + file);
        return t;
    }
}
