package dev.mu4j.internal.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mu4j.internal.agent.PlanJson;
import dev.mu4j.settings.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The loopback HTTP server: {@code POST /v1/plan} with {@code {"query": "..."}} returns the plan JSON;
 * {@code GET /v1/health} returns {@code {"status": "ok"}}. It binds the loopback address only and every request
 * must carry {@code Authorization: Bearer <token>} (401 otherwise, compared in constant time). Bodies over
 * {@link #MAX_BODY_BYTES} get 413, more than {@code maxRequestsPerSecond} get 429; when the bounded work queue
 * (256 requests) is full, new connections are closed unanswered.
 */
public final class HttpPlanServer implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final byte[] token;
    private final Function<String, Plan> planner;
    private final RateLimiter limiter;

    /** Starts serving on 127.0.0.1 (or ::1) at {@code port} (0 = any free port). */
    public HttpPlanServer(Function<String, Plan> planner, int port, String token, int threads, int maxRequestsPerSecond)
            throws IOException {
        if (token == null || token.length() < 16) throw new IllegalArgumentException("the token must have >= 16 characters");
        this.planner = planner;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.limiter = new RateLimiter(maxRequestsPerSecond);
        // Without TCP_NODELAY small responses wait for the client's delayed ACK: ~40 ms per request on loopback.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(workers);
        server.createContext("/v1/plan", this::plan);
        server.createContext("/v1/health", ex -> {
            if (authorized(ex)) send(ex, 200, "{\"status\":\"ok\"}");
        });
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address (always a loopback address). */
    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    private void plan(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex)) return;
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, err("use POST with {\"query\": \"...\"}"));
                return;
            }
            if (!limiter.tryAcquire()) {
                send(ex, 429, err("too many requests"));
                return;
            }
            byte[] body = readLimited(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, err("body larger than " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            String query;
            try {
                JsonElement req = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
                JsonElement q = req.isJsonObject() ? req.getAsJsonObject().get("query") : null;
                if (q == null || !q.isJsonPrimitive()) throw new IllegalArgumentException("field 'query' missing");
                query = q.getAsString();
            } catch (RuntimeException e) {
                send(ex, 400, err("expected {\"query\": \"...\"}: " + e.getMessage()));
                return;
            }
            send(ex, 200, PlanJson.compact(planner.apply(query)));
        } catch (RuntimeException e) {
            send(ex, 500, err("internal error: " + e));
        }
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = h != null && h.startsWith("Bearer ") ? h.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(given, token)) return true;
        send(ex, 401, err("missing or wrong token (Authorization: Bearer <token>)"));
        ex.close();
        return false;
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
        return data.length > MAX_BODY_BYTES ? null : data;
    }

    private static String err(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return o.toString();
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    /** Stops accepting, lets running requests finish (up to a second), stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }

    /** A token bucket refilled continuously at {@code perSecond}, holding at most one second of requests. */
    static final class RateLimiter {
        private final double perSecond;
        private double tokens;
        private long last = System.nanoTime();

        RateLimiter(int perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        synchronized boolean tryAcquire() {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }
}
