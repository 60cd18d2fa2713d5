package dev.mu4j.jmh;

import dev.mu4j.internal.DType;
import dev.mu4j.internal.NativeArray;
import java.util.SplittableRandom;

/** Native buffers with random, finite contents for the benchmarks. */
final class Buffers {
    /** Weights are cycled through at least this many bytes, twice the 32 MiB L3 of the reference machine, so each
     *  product streams its matrix from memory as in a real decode step (where the whole model passes through). */
    static final long COLD_BYTES = 64L << 20;

    private Buffers() {}

    /** n random values: F32 in [-1, 1), F16/BF16 finite values of magnitude about 2^-3..2 (random bit patterns). */
    static NativeArray random(DType dtype, long n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NativeArray a = NativeArray.allocate(dtype, n);
        if (dtype == DType.F32) {
            float[] piece = new float[1 << 16];
            for (long off = 0; off < n; off += piece.length) {
                int len = (int) Math.min(piece.length, n - off);
                for (int i = 0; i < len; i++) piece[i] = (float) (2 * rng.nextDouble() - 1);
                a.write(off, len == piece.length ? piece : java.util.Arrays.copyOf(piece, len));
            }
            return a;
        }
        // 16-bit values written two per 32-bit word through an I32 view of the same memory
        NativeArray words = NativeArray.view(a.address(), n / 2, DType.I32);
        int[] piece = new int[1 << 16];
        for (long off = 0; off < n / 2; off += piece.length) {
            int len = (int) Math.min(piece.length, n / 2 - off);
            for (int i = 0; i < len; i++) piece[i] = half(dtype, rng) | half(dtype, rng) << 16;
            words.write(off, len == piece.length ? piece : java.util.Arrays.copyOf(piece, len));
        }
        return a;
    }

    private static int half(DType dtype, SplittableRandom rng) {
        int sign = rng.nextInt(2) << 15;
        return dtype == DType.F16
                ? sign | rng.nextInt(12, 16) << 10 | rng.nextInt(1 << 10)    // f16 exponents 12..15: 2^-3..2
                : sign | rng.nextInt(124, 128) << 7 | rng.nextInt(1 << 7);   // bf16 exponents 124..127
    }

    static DType dtype(String name) {
        return switch (name) {
            case "f32" -> DType.F32;
            case "f16" -> DType.F16;
            case "bf16" -> DType.BF16;
            default -> throw new IllegalArgumentException("dtype " + name);
        };
    }
}
