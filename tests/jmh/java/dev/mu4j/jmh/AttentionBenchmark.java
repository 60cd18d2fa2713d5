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
 * Causal GQA attention of one mu-330m layer (16 query heads, 4 KV heads, head_dim 64): one query at position
 * {@code pos} (decode), and 32 queries at positions pos..pos+31 (prefill), over a 2048-row cache of fp32 or fp16
 * ({@code kv}: {@code mu_attention} or {@code mu_attention_f16}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AttentionBenchmark {
    static final int N_HEADS = 16, N_KV_HEADS = 4, HEAD_DIM = 64, CTX = 2048;

    @Param({"32", "128", "1024"})
    public int pos;

    @Param({"f32", "f16"})
    public String kv;

    private NativeArray q, kCache, vCache, out, scratch;

    @Setup(Level.Trial)
    public void setup() {
        q = Buffers.random(DType.F32, 32L * N_HEADS * HEAD_DIM, 1);
        kCache = Buffers.random(Buffers.dtype(kv), (long) N_KV_HEADS * CTX * HEAD_DIM, 2);
        vCache = Buffers.random(Buffers.dtype(kv), (long) N_KV_HEADS * CTX * HEAD_DIM, 3);
        out = NativeArray.allocate(DType.F32, 32L * N_HEADS * HEAD_DIM);
        scratch = NativeArray.allocate(DType.F32, CTX);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        q.close();
        kCache.close();
        vCache.close();
        out.close();
        scratch.close();
    }

    @Benchmark
    public void decode() {
        Kernels.attention(out, scratch, q, kCache, vCache, N_HEADS, N_KV_HEADS, HEAD_DIM, CTX, pos, 1,
                (float) (1 / Math.sqrt(HEAD_DIM)));
    }

    @Benchmark
    public void prefill32() {
        Kernels.attention(out, scratch, q, kCache, vCache, N_HEADS, N_KV_HEADS, HEAD_DIM, CTX, pos, 32,
                (float) (1 / Math.sqrt(HEAD_DIM)));
    }
}
