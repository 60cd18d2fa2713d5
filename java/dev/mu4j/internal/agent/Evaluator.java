package dev.mu4j.internal.agent;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.MuException;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a planner over a JSONL dataset of {@code {"text", "program", ...}} lines and scores it: exact match (every
 * action right: setting, op, value, in order), per category (of the first expected action, or {@code none}),
 * out-of-scope precision and recall ({@code none} as the positive class), multi-intent exact match, and latency
 * percentiles.
 */
public final class Evaluator {
    /** One scored example. */
    public record Example(String text, String expected, String actual, boolean exact, String category, double latencyMs) {}

    /** The scores of a run. */
    public record Report(int n, double exactMatch, Map<String, double[]> perCategory, double oosPrecision,
                         double oosRecall, int multiN, double multiExact, double p50Ms, double p95Ms, double p99Ms,
                         List<Example> errors) {}

    private Evaluator() {}

    public static Report run(Path dataset, Catalog catalog, Function<String, Plan> planner) throws IOException {
        List<Example> all = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(dataset, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new MuException(dataset + ":" + lineNo + ": not a JSON object: " + e.getMessage(), e);
            }
            String text = o.get("text").getAsString(), expected = o.get("program").getAsString();
            List<ProgramParser.ParsedAction> want;
            try {
                want = ProgramParser.parse(expected, catalog);
            } catch (MuException e) {
                throw new MuException(dataset + ":" + lineNo + ": invalid expected program: " + e.getMessage(), e);
            }
            Plan plan = planner.apply(text);
            String actual = plan.program();
            all.add(new Example(text, expected, actual, same(want, plan.actions()),
                    want.isEmpty() ? "none" : want.get(0).setting().category(), plan.latencyMs()));
        }
        if (all.isEmpty()) throw new MuException(dataset + ": no examples");
        return score(all);
    }

    static boolean same(List<ProgramParser.ParsedAction> want, List<Action> got) {
        if (want.size() != got.size()) return false;
        for (int i = 0; i < want.size(); i++) {
            ProgramParser.ParsedAction w = want.get(i);
            Action g = got.get(i);
            if (!w.setting().id().equals(g.setting()) || !w.op().equals(g.op())) return false;
            Object wv = w.value(), gv = g.value();
            if (wv == null ? gv != null : !(wv instanceof Double d ? gv instanceof Double e && d.equals(e) : wv.equals(gv))) {
                return false;
            }
        }
        return true;
    }

    static Report score(List<Example> all) {
        int exact = 0, tp = 0, fp = 0, fn = 0, multiN = 0, multiExact = 0;
        Map<String, double[]> perCategory = new TreeMap<>();   // category -> {n, exact}
        List<Example> errors = new ArrayList<>();
        double[] lat = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Example e = all.get(i);
            lat[i] = e.latencyMs();
            double[] c = perCategory.computeIfAbsent(e.category(), k -> new double[2]);
            c[0]++;
            if (e.exact()) {
                exact++;
                c[1]++;
            } else {
                errors.add(e);
            }
            boolean wantNone = e.expected().equals("none"), gotNone = e.actual().equals("none");
            if (wantNone && gotNone) tp++;
            if (!wantNone && gotNone) fp++;
            if (wantNone && !gotNone) fn++;
            if (e.expected().contains(" ; ")) {
                multiN++;
                if (e.exact()) multiExact++;
            }
        }
        Arrays.sort(lat);
        return new Report(all.size(), (double) exact / all.size(), perCategory,
                tp + fp == 0 ? 1 : (double) tp / (tp + fp), tp + fn == 0 ? 1 : (double) tp / (tp + fn),
                multiN, multiN == 0 ? 0 : (double) multiExact / multiN,
                percentile(lat, 50), percentile(lat, 95), percentile(lat, 99), errors);
    }

    /** The p-th percentile (nearest rank) of sorted values. */
    public static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The report for people. */
    public static String format(Report r, int maxErrors) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("examples %d   exact match %.1f%%   out-of-scope precision %.1f%% recall %.1f%%%n",
                r.n(), 100 * r.exactMatch(), 100 * r.oosPrecision(), 100 * r.oosRecall()));
        sb.append(String.format("multi-intent %d examples, exact %.1f%%%n", r.multiN(), 100 * r.multiExact()));
        sb.append(String.format("latency ms: p50 %.2f  p95 %.2f  p99 %.2f%n", r.p50Ms(), r.p95Ms(), r.p99Ms()));
        sb.append("per category (of the first expected action):\n");
        r.perCategory().forEach((k, v) -> sb.append(String.format("  %-20s %4d  %5.1f%%%n", k, (int) v[0], 100 * v[1] / v[0])));
        if (!r.errors().isEmpty() && maxErrors > 0) {
            sb.append("errors (first ").append(Math.min(maxErrors, r.errors().size())).append(" of ").append(r.errors().size()).append("):\n");
            for (Example e : r.errors().subList(0, Math.min(maxErrors, r.errors().size()))) {
                sb.append("  ").append(e.text()).append("\n    want ").append(e.expected()).append("\n    got  ").append(e.actual()).append('\n');
            }
        }
        return sb.toString();
    }

}
