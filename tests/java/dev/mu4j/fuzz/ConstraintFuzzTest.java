package dev.mu4j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.mu4j.Constraint;
import dev.mu4j.LogitsProcessor;
import dev.mu4j.MuException;
import dev.mu4j.Tokenizer;
import dev.mu4j.internal.agent.ProgramParser;
import dev.mu4j.settings.Catalog;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Constrained decoding: the fuzzer either writes a JSON Schema (from a vocabulary of the supported keywords, or
 * as free text) that is compiled against a real tokenizer, or takes the settings-program grammar over the real
 * catalog; then it drives the mask with token choices of its own among the allowed ones. Invariants: compiling
 * fails only with a MuException; the mask never leaves a dead end (some token is always allowed); whenever the
 * end token is chosen, the text so far is accepted by the grammar and is strict JSON (schemas) or a program whose
 * every action validates against the catalog (settings).
 */
class ConstraintFuzzTest {
    static final String END = "<|end|>";
    static final int MAX_STEPS = 64;
    static final Tokenizer TOKENIZER;
    static final Catalog CATALOG = Catalog.loadDefault();
    static final Constraint PROGRAMS;
    static final int END_ID;

    static {
        try {
            TOKENIZER = Tokenizer.load(Path.of("tests/golden/constrain/ids-added/tokenizer.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PROGRAMS = Constraint.settingsPrograms(TOKENIZER, CATALOG, END);
        END_ID = TOKENIZER.tokenId(END).getAsInt();
    }

    @FuzzTest(maxDuration = "10s")
    void constrainedDecoding(FuzzedDataProvider data) {
        boolean settings = data.consumeBoolean();
        Constraint constraint;
        if (settings) {
            constraint = PROGRAMS;
        } else {
            String schema = data.consumeBoolean() ? schema(data, 0) : data.consumeString(300);
            try {
                constraint = Constraint.jsonSchema(TOKENIZER, schema, END);
            } catch (MuException e) {
                FuzzSupport.checkMessage(e);
                return;
            }
        }
        LogitsProcessor p = constraint.newProcessor();
        p.reset();
        int[] history = new int[MAX_STEPS];
        float[] logits = new float[TOKENIZER.vocabSize()];
        int[] allowed = new int[logits.length];
        for (int step = 0; step < MAX_STEPS; step++) {
            Arrays.fill(logits, 0f);
            p.process(history, step, logits);
            int n = 0;
            for (int i = 0; i < logits.length; i++) if (logits[i] != Float.NEGATIVE_INFINITY) allowed[n++] = i;
            if (n == 0) throw new AssertionError("dead end after '" + TOKENIZER.decode(Arrays.copyOf(history, step), true) + "'");
            int token = allowed[data.consumeInt(0, n - 1)];
            if (token == END_ID) {
                String text = TOKENIZER.decode(Arrays.copyOf(history, step), true);
                if (!constraint.matches(text)) throw new AssertionError("end allowed but the grammar rejects '" + text + "'");
                if (settings) {
                    ProgramParser.parse(text, CATALOG);    // throws MuException (a finding here) for an invalid action
                } else {
                    strictJson(text);
                }
                return;
            }
            p.accept(token);
            history[step] = token;
        }
    }

    private static void strictJson(String text) {
        try {
            JsonReader r = new JsonReader(new StringReader(text));
            r.setStrictness(Strictness.STRICT);
            JsonParser.parseReader(r);
            if (r.peek() != JsonToken.END_DOCUMENT) throw new AssertionError("text after JSON: " + text);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("accepted text is not strict JSON: '" + text + "'", e);
        }
    }

    /** A schema tree from the supported keywords, with odd bounds on purpose (min > max, negative, huge). */
    private static String schema(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 2 ? 5 : 7);
        return switch (kind) {
            case 0 -> "{\"type\":\"boolean\"}";
            case 1 -> "{\"type\":\"null\"}";
            case 2 -> "{\"type\":\"integer\",\"minimum\":" + data.consumeInt(-5, 50) + ",\"maximum\":" + data.consumeInt(-5, 200)
                    + (data.consumeBoolean() ? ",\"exclusiveMinimum\":" + data.consumeInt(-5, 50) : "") + "}";
            case 3 -> "{\"type\":\"string\",\"minLength\":" + data.consumeInt(0, 4) + ",\"maxLength\":" + data.consumeInt(0, 6) + "}";
            case 4 -> "{\"enum\":[" + quoted(data) + "," + data.consumeInt(-9, 9) + ",null," + quoted(data) + "]}";
            case 5 -> data.consumeBoolean() ? "{\"type\":\"number\"}" : "{\"const\":" + quoted(data) + "}";
            case 6 -> "{\"type\":\"array\",\"items\":" + schema(data, depth + 1) + ",\"minItems\":" + data.consumeInt(0, 2)
                    + ",\"maxItems\":" + data.consumeInt(0, 3) + "}";
            default -> {
                StringBuilder sb = new StringBuilder("{\"type\":\"object\",\"properties\":{");
                int props = data.consumeInt(0, 3);
                StringBuilder req = new StringBuilder();
                for (int i = 0; i < props; i++) {
                    String name = "p" + i + data.consumeAsciiString(2).replaceAll("[^a-z]", "");
                    if (i > 0) sb.append(',');
                    sb.append('"').append(name).append("\":").append(schema(data, depth + 1));
                    if (data.consumeBoolean()) req.append(req.length() > 0 ? "," : "").append('"').append(name).append('"');
                }
                yield sb.append("},\"required\":[").append(req).append("]}").toString();
            }
        };
    }

    private static String quoted(FuzzedDataProvider data) {
        return new JsonPrimitive(data.consumeString(5)).toString();
    }
}
