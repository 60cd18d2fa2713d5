package dev.mu4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.internal.server.StdioServer;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingsAgent;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The agent's input handling: any request text (the fuzzer's choice of characters, lone surrogates and controls
 * included, sometimes wrapped in a stdio request line or followed by the prompt's own special tokens) gives a plan
 * whose every action validates against the catalog, never an exception; a stdio request line of any bytes gets
 * exactly one JSON response line. The model is the random-weight one of tests/golden/constrain/ids-added (the
 * real catalog grammar, fast); the bundled model runs the same pipeline in the load test.
 */
class AgentInputFuzzTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    static final SettingsAgent AGENT;
    static final String[] SPECIALS = {"<|end|>", "<|plan|>", "<|user|>", "</s>", "<s>", "none", " ; ", "display.brightness set 999"};

    static {
        try {
            AGENT = SettingsAgent.load(Path.of("tests/golden/constrain/ids-added"), CATALOG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void planAnyRequest(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        if (mode == 2) {
            String line = data.consumeRemainingAsString();
            StringWriter out = new StringWriter();
            try {
                new StdioServer(AGENT::plan).serve(new StringReader(line.replace('\n', ' ') + "\n"), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String[] lines = out.toString().split("\n", -1);
            if (line.isBlank()) return;
            if (lines.length != 2 || !lines[1].isEmpty()) throw new AssertionError("expected one response line, got " + out);
            JsonObject o = JsonParser.parseString(lines[0]).getAsJsonObject();
            if (!o.has("error")) {
                for (JsonElement a : o.getAsJsonArray("actions")) {
                    String id = a.getAsJsonObject().get("setting").getAsString();
                    if (CATALOG.byId(id).isEmpty()) throw new AssertionError("unknown setting " + id + " in " + lines[0]);
                }
            }
            return;
        }
        String request = data.consumeString(300);
        if (mode == 1) request = request + data.pickValue(SPECIALS) + data.consumeRemainingAsString();
        Plan plan = AGENT.plan(request);
        if (plan.actions().size() > 3 || plan.actions().isEmpty() != plan.outOfScope()) {
            throw new AssertionError("malformed plan " + plan);
        }
        for (Action a : plan.actions()) {
            Setting s = CATALOG.byId(a.setting()).orElseThrow(() -> new AssertionError("unknown setting " + a.setting()));
            if (s.rejection(a.op(), a.value()).isPresent()) throw new AssertionError("invalid action " + a + ": " + s.rejection(a.op(), a.value()));
            if (s.risk().needsConfirmation() != a.needsConfirmation()) throw new AssertionError("confirmation flag wrong on " + a);
        }
    }
}
