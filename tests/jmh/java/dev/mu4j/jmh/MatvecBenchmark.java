package dev.mu4j.jmh;

import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.NativeArray;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One weight matrix times one token (decode) and times 32 tokens (prefill) at the mu-330m shapes, through the
 * validated {@code Kernels} entry points. Shapes are {@code n x d} (inputs x outputs): 1024x1024 q and o,
 * 1024x256 k and v, 1024x2816 gate and up, 2816x1024 down, 1024x32000 the tied logits. Weights rotate through
 * {@link Buffers#COLD_BYTES} so they come from memory, not cache. Bytes per call / time = the bandwidth reached.
 * q8_0 / q4_0 weights are quantized from random f32 at setup; their input rows are quantized once at setup too
 * (the forward pass quantizes each matrix input once and shares it, e.g. between q, k and v).
 * Threads: the native pool's default (available processors) unless {@code -jvmArgsAppend -Dmu4j.threads=N}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MatvecBenchmark {
    @Param({"1024x1024", "1024x256", "1024x2816", "2816x1024", "1024x32000"})
    public String shape;

    @Param({"f32", "f16", "bf16", "q8_0", "q4_0"})
    public String dtype;

    private int n, d, next;
    private Kernels.QuantType quant;      // null for f32/f16/bf16
    private NativeArray[] weights;        // (d, n) values, or quants for q8_0/q4_0
    private NativeArray[] scales;         // F16 block scales (d, n / 32) for q8_0/q4_0
    private NativeArray x, xs, xq, xsq, out, outs;

    @Setup(Level.Trial)
    public void setup() {
        String[] nd = shape.split("x");
        n = Integer.parseInt(nd[0]);
        d = Integer.parseInt(nd[1]);
        quant = dtype.startsWith("q") ? Kernels.QuantType.valueOf(dtype.toUpperCase(java.util.Locale.ROOT)) : null;
        long elements = (long) n * d;
        long bytes = quant == null ? elements * Buffers.dtype(dtype).bytes
                : quant.quantsPerRow(n) * d + 2 * elements / Kernels.QK;
        weights = new NativeArray[(int) Math.max(1, (Buffers.COLD_BYTES + bytes - 1) / bytes)];
        scales = new NativeArray[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (quant == null) {
                weights[i] = Buffers.random(Buffers.dtype(dtype), elements, i);
            } else {
                try (NativeArray f32 = Buffers.random(DType.F32, elements, i)) {
                    weights[i] = NativeArray.allocate(quant.quantsDtype, quant.quantsPerRow(n) * d);
                    scales[i] = NativeArray.allocate(DType.F16, elements / Kernels.QK);
                    if (!Kernels.quantize(quant, weights[i], scales[i], f32, elements)) throw new IllegalStateException("quantize");
                }
            }
        }
        x = Buffers.random(DType.F32, n, 100);
        xs = Buffers.random(DType.F32, 32L * n, 101);
        xq = NativeArray.allocate(DType.I8, Kernels.actRowBytes(n));
        xsq = NativeArray.allocate(DType.I8, 32 * Kernels.actRowBytes(n));
        Kernels.quantizeAct(xq, x, n, 1);
        Kernels.quantizeAct(xsq, xs, n, 32);
        out = NativeArray.allocate(DType.F32, d);
        outs = NativeArray.allocate(DType.F32, 32L * d);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (NativeArray w : weights) w.close();
        for (NativeArray sc : scales) if (sc != null) sc.close();
        xq.close();
        xsq.close();
        x.close();
        xs.close();
        out.close();
        outs.close();
    }

    @Benchmark
    public void decode() {
        next = next + 1 == weights.length ? 0 : next + 1;
        if (quant == null) {
            Kernels.matvec(out, weights[next], x, n, d);
        } else {
            Kernels.matmulQuant(quant, out, weights[next], scales[next], xq, n, d, 1);
        }
    }

    @Benchmark
    public void prefill32() {
        next = next + 1 == weights.length ? 0 : next + 1;
        if (quant == null) {
            Kernels.matmul(outs, weights[next], xs, n, d, 32);
        } else {
            Kernels.matmulQuant(quant, outs, weights[next], scales[next], xsq, n, d, 32);
        }
    }
}
