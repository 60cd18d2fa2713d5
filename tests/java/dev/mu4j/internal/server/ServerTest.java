package dev.mu4j.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Plan;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The stdio and loopback HTTP servers around a stand-in planner: framing, errors, auth, limits. */
class ServerTest {
    static final String TOKEN = "0123456789abcdef0123";

    /** Echoes the query into a one-action plan so responses can be matched to requests. */
    static final Function<String, Plan> ECHO = q -> new Plan(q,
            List.of(new Action("display.brightness", "Brightness", "ms-settings:display", "set", 50.0, 0.9, false)),
            false, 1.5, "model", "");

    @Test
    void stdioAnswersEachLineInOrder() throws Exception {
        String in = "{\"id\": 1, \"query\": \"dim the screen\"}\n\"bare string\"\n\n{\"nope\": true}\nnot json\n";
        StringWriter out = new StringWriter();
        long served = new StdioServer(ECHO).serve(new StringReader(in), out);
        String[] lines = out.toString().split("\n");
        assertEquals(4, served);
        JsonObject first = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(1, first.get("id").getAsInt());
        assertEquals("dim the screen", first.get("query").getAsString());
        assertEquals(50, first.getAsJsonArray("actions").get(0).getAsJsonObject().get("value").getAsInt());
        assertEquals("50", first.getAsJsonArray("actions").get(0).getAsJsonObject().get("value").toString());
        assertEquals("bare string", JsonParser.parseString(lines[1]).getAsJsonObject().get("query").getAsString());
        assertTrue(lines[2].contains("error"), lines[2]);
        assertTrue(lines[3].contains("not JSON"), lines[3]);
    }

    @Test
    void stdioRefusesHugeLinesWithoutDying() throws Exception {
        String huge = "\"" + "x".repeat(StdioServer.MAX_LINE_CHARS * 2) + "\"\n{\"id\":2,\"query\":\"ok\"}\n";
        StringWriter out = new StringWriter();
        new StdioServer(ECHO).serve(new StringReader(huge), out);
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].contains("longer than"), lines[0]);
        assertEquals(2, JsonParser.parseString(lines[1]).getAsJsonObject().get("id").getAsInt());
    }

    @Test
    void httpServesOnLoopbackWithTokenAndLimits() throws Exception {
        try (HttpPlanServer server = new HttpPlanServer(ECHO, 0, TOKEN, 2, 1000)) {
            assertTrue(server.address().isLoopbackAddress());
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> ok = client.send(post(base, "{\"query\":\"hello\"}", TOKEN), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("hello", JsonParser.parseString(ok.body()).getAsJsonObject().get("query").getAsString());
            assertEquals(401, client.send(post(base, "{\"query\":\"x\"}", null), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, client.send(post(base, "{\"query\":\"x\"}", TOKEN + "x"), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(400, client.send(post(base, "[1,2]", TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode());
            String big = "{\"query\":\"" + "y".repeat(HttpPlanServer.MAX_BODY_BYTES) + "\"}";
            assertEquals(413, client.send(post(base, big, TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/v1/health")).header("Authorization", "Bearer " + TOKEN).build();
            assertEquals(200, client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void httpRateLimitAnswers429() throws Exception {
        try (HttpPlanServer server = new HttpPlanServer(ECHO, 0, TOKEN, 2, 3)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                if (client.send(post(base, "{\"query\":\"q\"}", TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode() == 429) limited++;
            }
            assertTrue(limited >= 5, "expected most of 10 fast requests over a 3/s limit to be refused, got " + limited);
        }
    }

    static HttpRequest post(String base, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/plan")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b.build();
    }
}
