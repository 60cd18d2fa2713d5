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

    @Param({"f32", "f16", "bf16"})
    public String dtype;

    private int n, d, next;
    private NativeArray[] weights;
    private NativeArray x, xs, out, outs;

    @Setup(Level.Trial)
    public void setup() {
        String[] nd = shape.split("x");
        n = Integer.parseInt(nd[0]);
        d = Integer.parseInt(nd[1]);
        DType type = Buffers.dtype(dtype);
        long bytes = (long) n * d * type.bytes;
        weights = new NativeArray[(int) Math.max(1, (Buffers.COLD_BYTES + bytes - 1) / bytes)];
        for (int i = 0; i < weights.length; i++) weights[i] = Buffers.random(type, (long) n * d, i);
        x = Buffers.random(DType.F32, n, 100);
        xs = Buffers.random(DType.F32, 32L * n, 101);
        out = NativeArray.allocate(DType.F32, d);
        outs = NativeArray.allocate(DType.F32, 32L * d);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (NativeArray w : weights) w.close();
        x.close();
        xs.close();
        out.close();
        outs.close();
    }

    private NativeArray nextWeights() {
        next = next + 1 == weights.length ? 0 : next + 1;
        return weights[next];
    }

    @Benchmark
    public void decode() {
        Kernels.matvec(out, nextWeights(), x, n, d);
    }

    @Benchmark
    public void prefill32() {
        Kernels.matmul(outs, nextWeights(), xs, n, d, 32);
    }
}
