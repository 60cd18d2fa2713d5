package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints encode speed in microseconds per word for a 1,000-word text (scripts/data/tokenizer_train.txt, repeated):
 * cold is the first encode of a freshly loaded tokenizer (empty word cache, code not yet compiled by the JIT), warm
 * the same text again after a warm-up. It asserts only that the cached path gives the ids of the cold one; the
 * numbers are for reading, not for pass/fail (build machines are shared and noisy).
 *
 * <p>gpt2 and llama3 encode word by word through the cache. llama2 (legacy) has no pre-tokenizer, so the whole
 * text is one 6,000-character "word" that BPE merges from scratch on every call, as in HF.
 *
 * <pre>mvn -B -DskipNative test -Dtest=TokenizerBenchmarkTest</pre>
 */
class TokenizerBenchmarkTest {
    private static final int WORDS = 1000;
    /** How long the warm-up runs before measuring, and how long the measurement runs. */
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final long MEASURE_NANOS = 300_000_000L;
    /** Lossless tokenizers, whose decode gives the text back (see TokenizerGoldenTest). */
    private static final List<String> BYTE_LEVEL = List.of("gpt2", "llama3", "qwen2");

    @Test
    void printMicrosecondsPerWord() throws IOException {
        String text = thousandWords();
        for (String name : List.of("gpt2", "llama3", "llama2")) {
            Tokenizer tok = Tokenizer.load(TokenizerGoldens.tokenizerFile(name));
            long t0 = System.nanoTime();
            int[] cold = tok.encode(text);
            long coldNanos = System.nanoTime() - t0;

            int[] warm = null;
            for (long start = System.nanoTime(); System.nanoTime() - start < WARMUP_NANOS; ) warm = tok.encode(text);
            int runs = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                warm = tok.encode(text);
                runs++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < MEASURE_NANOS);
            assertArrayEquals(cold, warm, name + ": cached encode differs from the first one");
            if (BYTE_LEVEL.contains(name)) {
                assertEquals(text, tok.decode(warm, true), name + ": byte-level round trip");
            }
            System.out.printf("tokenizer %-9s %d words -> %5d ids: cold %7.2f us/word, warm %6.3f us/word "
                    + "(%d runs)%n", name, WORDS, warm.length, coldNanos / 1e3 / WORDS, elapsed / 1e3 / runs / WORDS,
                    runs);
        }
    }

    /** The first 1,000 whitespace-separated words of the training text (repeated if short), joined by spaces. */
    static String thousandWords() throws IOException {
        String source = Files.readString(Path.of("scripts", "data", "tokenizer_train.txt"), StandardCharsets.UTF_8);
        String[] words = source.trim().split("\\s+");
        List<String> out = new ArrayList<>(WORDS);
        for (int i = 0; out.size() < WORDS; i++) out.add(words[i % words.length]);
        return String.join(" ", out);
    }
}
