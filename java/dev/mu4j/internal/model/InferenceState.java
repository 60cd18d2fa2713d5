package dev.mu4j.internal.model;

import dev.mu4j.ModelConfig;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.NativeArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The native memory one session computes in: activation scratch for a chunk of tokens and the KV cache.
 *
 * <p>Everything is allocated once, up front, and freed by {@link #close}: nothing is allocated per token. The
 * cache of layer l is {@code kCache[l], vCache[l]} with layout (n_kv_heads, maxSeq, row), row p = position p,
 * in F32 or F16 (row = head_dim values) or I8 (the int8 cache: row = head_dim quants and an fp32 scale, see
 * {@link Kernels#kvRowLength}); {@link Kernels#kvStore} and {@link Kernels#attention} take any of them.
 * Not thread-safe: one session, one thread at a time.
 */
public final class InferenceState implements AutoCloseable {
    public final int chunk;     // tokens computed per forward pass
    public final int maxSeq;    // KV cache rows
    public final long kvRow;    // elements of one cache row (one position of one KV head)

    final NativeArray x;        // (chunk, dim) residual stream
    final NativeArray xb;       // (chunk, dim) normed input of a sub-layer / post-normed output
    final NativeArray q;        // (chunk, n_heads * head_dim)
    final NativeArray k;        // (chunk, n_kv_heads * head_dim)
    final NativeArray v;        // (chunk, n_kv_heads * head_dim)
    final NativeArray att;      // (chunk, n_heads * head_dim) attention output before the o projection
    final NativeArray out;      // (chunk, dim) sub-layer output
    final NativeArray hb;       // (chunk, hidden_dim)
    final NativeArray hb2;      // (chunk, hidden_dim) SwiGLU up projection
    final NativeArray pos;      // (chunk) int32 positions
    final NativeArray rope;     // (chunk, rot_dim) cos | sin of the chunk's rotary angles (Kernels.ropeTable)
    final NativeArray scores;   // (maxSeq) attention scores
    final NativeArray logits;   // (chunk, vocab_size)
    final NativeArray xq;       // (chunk) rows of a matrix input quantized per block (Kernels.quantizeAct), I8
    final NativeArray hq;       // (chunk) rows of hidden_dim quantized: the fused SwiGLU's output (xq is its input)
    final NativeArray[] kCache; // per layer (n_kv_heads, maxSeq, kvRow), F32, F16 or I8 (q8)
    final NativeArray[] vCache;

    private final List<NativeArray> all = new ArrayList<>();

    /** An F32 KV cache. */
    public InferenceState(ModelConfig c, int maxSeq, int chunk) {
        this(c, maxSeq, chunk, DType.F32);
    }

    /** @param kvType element type of the KV cache: F32, F16 or I8 (the int8 cache) */
    public InferenceState(ModelConfig c, int maxSeq, int chunk, DType kvType) {
        if (kvType != DType.F32 && kvType != DType.F16 && kvType != DType.I8) {
            throw new MuException("KV cache type " + kvType + " is not supported: use F32, F16 or I8 (q8)");
        }
        this.chunk = chunk;
        this.maxSeq = maxSeq;
        this.kvRow = Kernels.kvRowLength(kvType, c.headDim());
        int qd = c.nHeads() * c.headDim(), kvd = c.nKvHeads() * c.headDim();
        try {
            x = f32((long) chunk * c.dim());
            xb = f32((long) chunk * c.dim());
            q = f32((long) chunk * qd);
            k = f32((long) chunk * kvd);
            v = f32((long) chunk * kvd);
            att = f32((long) chunk * qd);
            out = f32((long) chunk * c.dim());
            hb = f32((long) chunk * c.hiddenDim());
            hb2 = f32((long) chunk * c.hiddenDim());
            pos = track(NativeArray.allocate(DType.I32, chunk));
            rope = f32((long) chunk * Math.max(2, c.rotDim()));
            scores = f32(maxSeq);
            logits = f32((long) chunk * c.vocabSize());
            int widestInput = Math.max(c.dim(), Math.max(qd, c.hiddenDim()));
            xq = track(NativeArray.allocate(DType.I8, chunk * Kernels.actRowBytes(widestInput)));
            hq = track(NativeArray.allocate(DType.I8, chunk * Kernels.actRowBytes(c.hiddenDim())));
            kCache = new NativeArray[c.nLayers()];
            vCache = new NativeArray[c.nLayers()];
            for (int l = 0; l < c.nLayers(); l++) {
                kCache[l] = track(NativeArray.allocate(kvType, c.nKvHeads() * maxSeq * kvRow));
                vCache[l] = track(NativeArray.allocate(kvType, c.nKvHeads() * maxSeq * kvRow));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private NativeArray f32(long n) {
        return track(NativeArray.allocate(DType.F32, n));
    }

    private NativeArray track(NativeArray a) {
        all.add(a);
        return a;
    }

    /** Keys of layer l: (n_kv_heads, maxSeq, kvRow). */
    public NativeArray kCache(int layer) {
        return kCache[layer];
    }

    /** Values of layer l: (n_kv_heads, maxSeq, kvRow). */
    public NativeArray vCache(int layer) {
        return vCache[layer];
    }

    /** Native bytes held (scratch and cache). */
    public long bytes() {
        return all.stream().mapToLong(NativeArray::byteSize).sum();
    }

    /** Frees every buffer; idempotent. */
    @Override
    public void close() {
        all.forEach(NativeArray::close);
    }
}
