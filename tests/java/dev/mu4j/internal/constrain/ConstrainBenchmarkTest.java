package dev.mu4j.internal.constrain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prints what masking costs per decoded token for the settings grammar: the first time a state is met (its mask
 * is computed by the trie walk) and once masks are cached (lookup, claim check, one pass over the logits), plus
 * compile time and the memory of the automaton and the masks. Timings are printed, not asserted.
 *
 * <p>Run: {@code mvn -B test -Dtest='ConstrainBenchmark*'}. Vocabularies: the fixture tokenizers (1024 and 1402
 * tokens) and synthetic 32k / 128k vocabularies of word pieces, digits and punctuation drawn from the catalog's
 * text (every setting id split into pieces, so ids take several tokens as with a general-purpose tokenizer).
 */
class ConstrainBenchmarkTest {
    static final int PROGRAMS = 200;
    static final int CACHED_ROUNDS = 6;

    @Test
    void settingsMaskingCostPerToken() throws IOException {
        Catalog catalog = Catalog.load(ConstrainSettingsTest.CATALOG_FILE);
        long t0 = System.nanoTime();
        Dfa dfa = SettingsGrammar.compile(catalog);
        double compileMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("settings grammar: %d settings -> %d states, %d transitions (%.0f KiB), compiled in %.0f ms%n",
                catalog.settings().size(), dfa.stateCount(), dfa.rangeCount(), dfa.bytes() / 1024.0, compileMs);
        List<String> programs = ConstrainSettingsTest.generatedPrograms(catalog, PROGRAMS, 3);
        for (String name : List.of("ids-added", "ids-split")) {
            Tokenizer tok = ConstrainSettingsTest.tokenizer(name);
            byte[][] bytes = new byte[tok.vocabSize()][];
            boolean[] special = new boolean[tok.vocabSize()];
            for (int id = 0; id < bytes.length; id++) {
                bytes[id] = tok.tokenBytes(id);
                special[id] = tok.isSpecial(id);
            }
            List<int[]> encoded = new ArrayList<>();
            for (String p : programs) encoded.add(tok.encode(p, false));
            measure(name, dfa, bytes, special, tok.tokenId("<|end|>").getAsInt(), encoded);
        }
        for (int size : new int[] {32_000, 128_000}) {
            Synthetic v = synthetic(catalog, size, 11);
            List<int[]> encoded = new ArrayList<>();
            for (String p : programs) encoded.add(v.encode(p));
            measure("synthetic-" + size / 1000 + "k", dfa, v.bytes, new boolean[v.bytes.length], v.end, encoded);
        }
    }

    private static boolean warm;

    /**
     * Runs every program through a processor: masks cold (a fresh table), then cached (several rounds). The first
     * measurement of the JVM runs twice and prints the second, so that the JIT has compiled the code. Cached costs
     * are medians over tokens (process + accept per token), which a busy machine's preemptions do not move much;
     * the cold cost is a mean, since each state is cold once.
     */
    private static void measure(String name, Dfa dfa, byte[][] bytes, boolean[] special, int end, List<int[]> programs) {
        if (!warm) measureOnce(null, dfa, bytes, special, end, programs);
        warm = true;
        measureOnce(name, dfa, bytes, special, end, programs);
    }

    private static void measureOnce(String name, Dfa dfa, byte[][] bytes, boolean[] special, int end,
            List<int[]> programs) {
        long t0 = System.nanoTime();
        MaskTable table = new MaskTable(dfa, bytes, special, end);
        double trieMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        table.mask(0);   // the start state: the widest trie walk of the settings grammar (every id and "none")
        double startUs = (System.nanoTime() - t1) / 1e3;
        GrammarProcessor p = new GrammarProcessor(table);
        float[] logits = new float[bytes.length];
        int tokens = 0;
        for (int[] ids : programs) tokens += ids.length + 1;
        long[][] cold = run(p, programs, logits, end, tokens);
        int coldMasks = table.computedMasks();
        long[][] cached = new long[2][CACHED_ROUNDS * tokens];
        for (int r = 0; r < CACHED_ROUNDS; r++) {
            long[][] round = run(p, programs, logits, end, tokens);
            System.arraycopy(round[0], 0, cached[0], r * tokens, tokens);
            System.arraycopy(round[1], 0, cached[1], r * tokens, tokens);
        }
        assertTrue(table.computedMasks() == coldMasks, "the cached rounds computed new masks");
        if (name == null) return;
        long[] total = new long[cached[0].length];
        for (int i = 0; i < total.length; i++) total[i] = cached[0][i] + cached[1][i];
        System.out.printf("  %-14s vocab %6d (trie %6d nodes, built in %.0f ms): start-state mask %5.0f us; "
                        + "cold %5.1f us/token; cached median %4.1f us/token (p90 %4.1f; process %4.1f, accept %4.1f); "
                        + "%d masks, %.0f KiB (%.2f KiB/state), vocabulary %.0f KiB; %d tokens%n",
                name, bytes.length, table.trie().nodeCount(), trieMs, startUs,
                (Arrays.stream(cold[0]).sum() + Arrays.stream(cold[1]).sum()) / 1e3 / tokens,
                quantile(total, 0.5), quantile(total, 0.9), quantile(cached[0], 0.5), quantile(cached[1], 0.5),
                coldMasks, table.maskBytes() / 1024.0, table.maskBytes() / 1024.0 / coldMasks,
                table.vocabularyBytes() / 1024.0, tokens);
    }

    private static double quantile(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) (q * (sorted.length - 1))] / 1e3;
    }

    /** Per token, the end tokens included: {process nanos[], accept nanos[]}. */
    private static long[][] run(GrammarProcessor p, List<int[]> programs, float[] logits, int end, int tokens) {
        long[] process = new long[tokens], accept = new long[tokens];
        int k = 0;
        for (int[] ids : programs) {
            p.reset();
            for (int i = 0; i <= ids.length; i++) {
                int id = i < ids.length ? ids[i] : end;
                long a = System.nanoTime();
                p.process(null, 0, logits);
                long b = System.nanoTime();
                if (logits[id] == Float.NEGATIVE_INFINITY) throw new AssertionError("token " + id + " masked");
                p.accept(id);
                long c = System.nanoTime();
                process[k] = b - a;
                accept[k++] = c - b;
                Arrays.fill(logits, 0f);   // a model would write fresh logits; not timed
            }
        }
        return new long[][] {process, accept};
    }

    /** A made-up vocabulary and a greedy longest-match encoder for it. */
    record Synthetic(byte[][] bytes, int end, java.util.Map<String, Integer> ids, int maxLen) {
        int[] encode(String text) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < text.length(); ) {
                int len = Math.min(maxLen, text.length() - i);
                while (!ids.containsKey(text.substring(i, i + len))) len--;
                out.add(ids.get(text.substring(i, i + len)));
                i += len;
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * {@code size} tokens: every printable ASCII character, " ; ", digits up to 999 with and without a space,
     * pieces of the catalog's words and id segments with and without a leading space, then random letter strings;
     * the last id is the end token.
     */
    static Synthetic synthetic(Catalog catalog, int size, long seed) {
        Set<String> tokens = new LinkedHashSet<>();
        for (char c = ' '; c <= '~'; c++) tokens.add(String.valueOf(c));
        tokens.add(" ;");
        tokens.add(" ; ");
        for (int i = 0; i < 1000; i++) {
            tokens.add(Integer.toString(i));
            tokens.add(" " + i);
        }
        List<String> words = new ArrayList<>();
        for (Setting s : catalog.settings()) {
            for (String seg : s.id().split("[._]")) words.add(seg);
            words.addAll(Arrays.asList((s.title() + " " + s.description()).toLowerCase().split("[^a-z]+")));
            words.addAll(s.valueIds());
        }
        words.addAll(List.of("set", "increase", "decrease", "on", "off", "open", "none"));
        for (String w : words) {
            if (w.isEmpty()) continue;
            for (int a = 0; a < w.length(); a++) {
                for (int z = a + 1; z <= w.length() && z - a <= 8; z++) {
                    tokens.add(w.substring(a, z));
                    if (a == 0) tokens.add(" " + w.substring(0, z));
                    if (tokens.size() >= size - 1) break;
                }
            }
        }
        Random rng = new Random(seed);
        while (tokens.size() < size - 1) {
            StringBuilder sb = new StringBuilder(rng.nextBoolean() ? " " : "");
            int len = 2 + rng.nextInt(8);
            for (int k = 0; k < len; k++) sb.append((char) ('a' + rng.nextInt(26)));
            tokens.add(sb.toString());
        }
        List<String> list = new ArrayList<>(tokens).subList(0, size - 1);
        byte[][] bytes = new byte[size][];
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        int maxLen = 1;
        for (int i = 0; i < list.size(); i++) {
            bytes[i] = list.get(i).getBytes(StandardCharsets.UTF_8);
            ids.put(list.get(i), i);
            maxLen = Math.max(maxLen, list.get(i).length());
        }
        bytes[size - 1] = "<|end|>".getBytes(StandardCharsets.UTF_8);
        return new Synthetic(bytes, size - 1, ids, maxLen);
    }

    /** Where a program's walk goes to: masks of unseen states cost a trie walk once. */
    @Test
    void jsonSchemaMaskingCostPerToken() throws IOException {
        Tokenizer tok = Tokenizer.load(Path.of("tests", "golden", "tokenizers", "gpt2", "tokenizer.json"));
        long t0 = System.nanoTime();
        Grammar g = Grammar.jsonSchema(tok, JsonSchemaGrammarTest.PERSON, "<|endoftext|>");
        double compileMs = (System.nanoTime() - t0) / 1e6;
        List<int[]> docs = new ArrayList<>();
        for (String d : List.of("{\"name\":\"Ann\",\"age\":30,\"kind\":\"user\"}",
                "{\"name\":\"The quick\",\"age\":42,\"score\":-12.5,\"tags\":[\"a\",\"dé\"],\"admin\":false,\"nick\":null,"
                        + "\"pos\":{\"x\":-5,\"y\":123456},\"kind\":\"user\"}")) {
            docs.add(tok.encode(d, false));
        }
        MaskTable table = g.table();
        byte[][] bytes = new byte[tok.vocabSize()][];
        boolean[] special = new boolean[bytes.length];
        for (int id = 0; id < bytes.length; id++) {
            bytes[id] = tok.tokenBytes(id);
            special[id] = tok.isSpecial(id);
        }
        System.out.printf("json schema (person): %d states, compiled in %.0f ms%n", table.dfa().stateCount(), compileMs);
        measure("gpt2-golden", table.dfa(), bytes, special, table.endToken(), docs);
    }
}
