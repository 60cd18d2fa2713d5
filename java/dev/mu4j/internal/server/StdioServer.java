package dev.mu4j.internal.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.internal.agent.PlanJson;
import dev.mu4j.settings.Plan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.function.Function;

/**
 * JSON-lines over stdin/stdout, for shell extensions: each request line is {@code {"id": any, "query": "..."}}
 * (a bare JSON string is taken as the query); each response line is the plan JSON with the request's {@code id},
 * or {@code {"id", "error"}}. One request at a time, in order. Lines longer than {@link #MAX_LINE_CHARS} are
 * refused with an error response (and skipped), never buffered whole.
 */
public final class StdioServer {
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private final Function<String, Plan> planner;

    public StdioServer(Function<String, Plan> planner) {
        this.planner = planner;
    }

    /** Serves until end of input; returns the number of requests answered. */
    public long serve(Reader in, Writer out) throws IOException {
        BufferedReader r = new BufferedReader(in);
        long served = 0;
        StringBuilder line = new StringBuilder();
        while (true) {
            boolean tooLong = false;
            line.setLength(0);
            int c;
            while ((c = r.read()) >= 0 && c != '\n') {
                if (line.length() < MAX_LINE_CHARS) line.append((char) c);
                else tooLong = true;
            }
            if (c < 0 && line.length() == 0) break;
            String text = line.toString().strip();
            if (!text.isEmpty() || tooLong) {
                out.write(tooLong ? error(null, "request longer than " + MAX_LINE_CHARS + " characters") : answer(text));
                out.write('\n');
                out.flush();
                served++;
            }
            if (c < 0) break;
        }
        return served;
    }

    /** The response line for one request line. */
    String answer(String requestLine) {
        JsonElement id = null;
        String query;
        try {
            JsonElement req = JsonParser.parseString(requestLine);
            if (req.isJsonPrimitive() && req.getAsJsonPrimitive().isString()) {
                query = req.getAsString();
            } else if (req.isJsonObject() && req.getAsJsonObject().has("query")
                    && req.getAsJsonObject().get("query").isJsonPrimitive()) {
                id = req.getAsJsonObject().get("id");
                query = req.getAsJsonObject().get("query").getAsString();
            } else {
                return error(req.isJsonObject() ? req.getAsJsonObject().get("id") : null,
                        "expected {\"id\": ..., \"query\": \"...\"}");
            }
        } catch (RuntimeException e) {
            return error(null, "not JSON: " + e.getMessage());
        }
        try {
            JsonObject o = PlanJson.toJson(planner.apply(query));
            if (id != null) o.add("id", id);
            return o.toString();
        } catch (RuntimeException e) {
            return error(id, "internal error: " + e);
        }
    }

    static String error(JsonElement id, String message) {
        JsonObject o = new JsonObject();
        if (id != null) o.add("id", id);
        o.addProperty("error", message);
        return o.toString();
    }
}
