package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KV-cache reuse (prefix, fork, rewind) gives exactly the logits of computing from scratch; sessions are isolated. */
class SessionTest {
    private static final Path DIR = GoldenFile.ROOT.resolve("hf-llama-tiny");
    private static final int[] PROMPT = {1, 17, 92, 5, 230, 41, 8, 77, 150, 3};
    private static Model model;

    @BeforeAll
    static void load() throws IOException {
        model = Model.load(DIR);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] fromScratch(int[] ids) {
        try (Session s = model.newSession()) {
            return s.forward(ids, 0);
        }
    }

    private static int[] concat(int[] a, int... b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void incrementalEqualsScratch() {
        try (Session s = model.newSession()) {
            s.forward(java.util.Arrays.copyOf(PROMPT, 6), 0);
            float[] inc = s.forward(java.util.Arrays.copyOfRange(PROMPT, 6, PROMPT.length), 6);
            assertArrayEquals(fromScratch(PROMPT), inc);
        }
    }

    @Test
    void rewindThenDivergeEqualsScratch() {
        try (Session s = model.newSession()) {
            s.forward(PROMPT, 0);
            s.rewind(4);
            assertEquals(4, s.position());
            float[] diverged = s.forward(new int[] {99, 100}, 4);
            int[] expected = concat(java.util.Arrays.copyOf(PROMPT, 4), 99, 100);
            assertArrayEquals(fromScratch(expected), diverged);
            assertArrayEquals(expected, s.tokens());
        }
    }

    @Test
    void forkContinuesIndependently() {
        try (Session base = model.newSession()) {
            base.forward(PROMPT, 0);
            try (Session a = base.fork(); Session b = base.fork()) {
                float[] la = a.forward(new int[] {11}, PROMPT.length);
                float[] lb = b.forward(new int[] {12, 13}, PROMPT.length);
                assertArrayEquals(fromScratch(concat(PROMPT, 11)), la);
                assertArrayEquals(fromScratch(concat(PROMPT, 12, 13)), lb);
                assertEquals(PROMPT.length, base.position());
                assertArrayEquals(fromScratch(concat(PROMPT, 14)), base.forward(new int[] {14}, PROMPT.length));
            }
        }
    }

    @Test
    void generatePrefixReuseEqualsScratchAndIsCounted() {
        GenerationConfig cfg = GenerationConfig.builder().maxNewTokens(6).stopTokens(java.util.Set.of()).build();
        int[] prefix = java.util.Arrays.copyOf(PROMPT, 8);
        try (Session warm = model.newSession(); Session cold = model.newSession()) {
            Generation first = warm.generate(concat(prefix, 5), cfg, null);
            assertEquals(0, first.timings().reusedTokens());
            Generation reused = warm.generate(concat(prefix, 6), cfg, null);
            assertEquals(prefix.length, reused.timings().reusedTokens());
            Generation scratch = cold.generate(concat(prefix, 6), cfg, null);
            assertArrayEquals(scratch.tokenIds(), reused.tokenIds());
            // the same prompt again: everything but the last token is reused
            Generation again = warm.generate(concat(prefix, 6), cfg, null);
            assertEquals(prefix.length, again.timings().reusedTokens());
            assertArrayEquals(scratch.tokenIds(), again.tokenIds());
        }
    }

    @Test
    void generateStopsAtMaxTokensStopTokenAndContext() {
        try (Session s = model.newSession(16)) {
            Generation g = s.generate(PROMPT, GenerationConfig.builder().maxNewTokens(3).stopTokens(java.util.Set.of()).build(), null);
            assertEquals(Generation.FinishReason.MAX_TOKENS, g.finishReason());
            assertEquals(3, g.tokenIds().length);
            int stop = g.tokenIds()[1];
            Generation stopped = s.generate(PROMPT, GenerationConfig.builder().maxNewTokens(3).stopTokens(java.util.Set.of(stop)).build(), null);
            assertEquals(Generation.FinishReason.STOP_TOKEN, stopped.finishReason());
            assertArrayEquals(java.util.Arrays.copyOf(g.tokenIds(), 2), stopped.tokenIds());
            Generation full = s.generate(PROMPT, GenerationConfig.builder().maxNewTokens(100).stopTokens(java.util.Set.of()).build(), null);
            assertEquals(Generation.FinishReason.CONTEXT_FULL, full.finishReason());
            assertEquals(16 - PROMPT.length + 1, full.tokenIds().length);
            assertThrows(MuException.class, () -> s.generate(new int[16], GenerationConfig.defaults(), null));
        }
    }

    @Test
    void listenerCancels() {
        try (Session s = model.newSession()) {
            List<Integer> seen = new ArrayList<>();
            Generation g = s.generate(PROMPT, GenerationConfig.builder().maxNewTokens(10).stopTokens(java.util.Set.of()).build(),
                    (id, text) -> { seen.add(id); return seen.size() < 2; });
            assertEquals(Generation.FinishReason.CANCELLED, g.finishReason());
            assertEquals(2, g.tokenIds().length);
        }
    }

    @Test
    void concurrentSessionsDoNotInterfere() throws Exception {
        int threads = 4;
        int[][] prompts = new int[threads][];
        float[][] expected = new float[threads][];
        for (int t = 0; t < threads; t++) {
            prompts[t] = concat(PROMPT, 20 + t, 40 + t, 60 + t);
            expected[t] = fromScratch(prompts[t]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int[] p = prompts[t];
                results.add(pool.submit(() -> {
                    float[] last = null;
                    for (int round = 0; round < 20; round++) {
                        try (Session s = model.newSession()) {
                            s.forward(java.util.Arrays.copyOf(p, 5), 0);
                            last = s.forward(java.util.Arrays.copyOfRange(p, 5, p.length), 5);
                        }
                    }
                    return last;
                }));
            }
            for (int t = 0; t < threads; t++) assertArrayEquals(expected[t], results.get(t).get());
        } finally {
            pool.shutdownNow();
        }
    }
}
