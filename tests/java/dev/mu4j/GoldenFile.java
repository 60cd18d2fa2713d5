package dev.mu4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of {@code tests/golden/<model>/expected.bin}, written by scripts/gen_golden_models.py (layout in
 * tests/golden/README.md): magic "MU4JGOLD", int32 version, vocab_size, n_steps, then per step int32 start_pos,
 * n_tokens, the token ids and float32 logits (n_tokens, vocab_size). Little-endian.
 */
record GoldenFile(int vocabSize, List<Step> steps) {
    static final Path ROOT = Path.of("tests", "golden");

    /** One forward call: tokens at positions startPos.. and the reference logits after each of them. */
    record Step(int startPos, int[] tokens, float[] logits) {}

    static GoldenFile read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("MU4JGOLD")) throw new IOException(file + ": bad magic");
        int version = b.getInt();
        if (version != 1) throw new IOException(file + ": unsupported version " + version);
        int vocab = b.getInt(), nSteps = b.getInt();
        List<Step> steps = new ArrayList<>();
        for (int s = 0; s < nSteps; s++) {
            int start = b.getInt(), n = b.getInt();
            int[] tokens = new int[n];
            for (int i = 0; i < n; i++) tokens[i] = b.getInt();
            float[] logits = new float[n * vocab];
            b.asFloatBuffer().get(logits);
            b.position(b.position() + 4 * logits.length);
            steps.add(new Step(start, tokens, logits));
        }
        if (b.hasRemaining()) throw new IOException(file + ": " + b.remaining() + " trailing bytes");
        return new GoldenFile(vocab, steps);
    }

    /** max - min over every logit of every step: the scale the tolerance is relative to. */
    float logitRange() {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (Step s : steps) {
            for (float v : s.logits) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi - lo;
    }

    /** Model directories under tests/golden that have an expected.bin. */
    static List<Path> modelDirs() throws IOException {
        try (var s = Files.list(ROOT)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("expected.bin"))).sorted().toList();
        }
    }
}
