package dev.mu4j.internal.agent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Plan;

/**
 * The output contract as JSON, the same for the CLI, the servers and {@code Plan}'s users:
 * {@code {"query", "actions": [{"setting", "title", "uri", "op", "value", "confidence", "needsConfirmation"}],
 * "outOfScope", "latencyMs", "source", "message"}}. Whole numbers print without a fraction.
 */
public final class PlanJson {
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private PlanJson() {}

    public static JsonObject toJson(Plan plan) {
        JsonObject o = new JsonObject();
        o.addProperty("query", plan.query());
        JsonArray actions = new JsonArray();
        for (Action a : plan.actions()) {
            JsonObject j = new JsonObject();
            j.addProperty("setting", a.setting());
            j.addProperty("title", a.title());
            j.addProperty("uri", a.uri());
            j.addProperty("op", a.op());
            j.add("value", value(a.value()));
            j.addProperty("confidence", Math.round(a.confidence() * 1000) / 1000.0);
            j.addProperty("needsConfirmation", a.needsConfirmation());
            actions.add(j);
        }
        o.add("actions", actions);
        o.addProperty("outOfScope", plan.outOfScope());
        o.addProperty("latencyMs", Math.round(plan.latencyMs() * 100) / 100.0);
        o.addProperty("source", plan.source());
        o.addProperty("message", plan.message());
        return o;
    }

    public static String compact(Plan plan) {
        return COMPACT.toJson(toJson(plan));
    }

    public static String pretty(Plan plan) {
        return PRETTY.toJson(toJson(plan));
    }

    private static com.google.gson.JsonElement value(Object v) {
        if (v == null) return JsonNull.INSTANCE;
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return new JsonPrimitive(d.longValue());
        if (v instanceof Number n && !Double.isFinite(n.doubleValue())) return new JsonPrimitive(n.toString());   // no JSON number
        if (v instanceof Number n) return new JsonPrimitive(n);
        return new JsonPrimitive(v.toString());
    }
}
