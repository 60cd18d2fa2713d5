package dev.mu4j.internal.cli;

import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.NativeArray;
import java.util.Arrays;

/**
 * Read bandwidth of main memory: timed passes of {@code Kernels.readSum} over a buffer much larger than the
 * last-level cache, in ordinary or in huge pages. The buffer is written first (a fresh allocation would read the kernel's shared zero page, which
 * stays in cache). The result is the median of the passes after one untimed pass, in GB/s (10^9 bytes per second).
 * A {@link Buffer} kept open gives single passes between other work.
 */
final class BandwidthProbe {
    /** GB/s of each timed pass, sorted; the buffer size in bytes. */
    record Result(double[] gbPerSecond, long bytes) {
        double median() {
            return BenchCommand.median(gbPerSecond);
        }

        double min() {
            return gbPerSecond[0];
        }

        double max() {
            return gbPerSecond[gbPerSecond.length - 1];
        }

        /** Both results' passes together. */
        Result merge(Result other) {
            double[] all = Arrays.copyOf(gbPerSecond, gbPerSecond.length + other.gbPerSecond.length);
            System.arraycopy(other.gbPerSecond, 0, all, gbPerSecond.length, other.gbPerSecond.length);
            Arrays.sort(all);
            return new Result(all, bytes);
        }
    }

    private BandwidthProbe() {}

    /**
     * {@code passes} timed passes over a buffer of {@code mib} MiB; with {@code hugePages} the buffer asks for
     * transparent huge pages, as weights loaded with {@code Model.Options.hugePages} do.
     */
    static Result measure(int mib, int passes, boolean hugePages) {
        if (passes < 1) throw new IllegalArgumentException("probe: passes must be positive");
        try (Buffer buf = new Buffer(mib, hugePages)) {
            double[] gbps = new double[passes];
            for (int p = 0; p < passes; p++) gbps[p] = buf.pass();
            Arrays.sort(gbps);
            return new Result(gbps, buf.bytes());
        }
    }

    /**
     * A probe buffer kept for single passes between other work (`mu4j bench` brackets each decode run with two):
     * written once and read once untimed when made, freed by {@link #close}.
     */
    static final class Buffer implements AutoCloseable {
        private final long address, bytes;
        private final NativeArray array;

        Buffer(int mib, boolean hugePages) {
            if (mib < 1) throw new IllegalArgumentException("probe: mib must be positive");
            long floats = (long) mib << 18;
            bytes = floats * Float.BYTES;
            address = Kernels.allocPages(bytes, hugePages);
            if (address == 0) throw new MuException("bandwidth probe: cannot allocate " + mib + " MiB");
            array = NativeArray.view(address, floats, DType.F32);
            try {
                float[] piece = new float[1 << 18];   // 1 MiB of distinct non-zero values
                for (int i = 0; i < piece.length; i++) piece[i] = 1 + i;
                for (long off = 0; off < floats; off += piece.length) array.write(off, piece);
                Kernels.readSum(array);   // untimed warm-up pass (a native call: the JIT cannot drop it)
            } catch (RuntimeException e) {
                Kernels.freePages(address, bytes);
                throw e;
            }
        }

        long bytes() {
            return bytes;
        }

        /** One timed pass at the pool's current thread count, in GB/s. */
        double pass() {
            long t0 = System.nanoTime();
            Kernels.readSum(array);
            return bytes / ((System.nanoTime() - t0) * 1e-9) / 1e9;
        }

        /** The fastest of {@code passes} timed passes, in GB/s. */
        double fastest(int passes) {
            double best = 0;
            for (int p = 0; p < passes; p++) best = Math.max(best, pass());
            return best;
        }

        @Override
        public void close() {
            array.close();
            Kernels.freePages(address, bytes);
        }
    }
}
