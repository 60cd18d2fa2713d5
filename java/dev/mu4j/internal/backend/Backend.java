package dev.mu4j.internal.backend;

/**
 * What computes a model's forward pass: the native kernels ({@link NativeBackend}) or ONNX Runtime
 * ({@code dev.mu4j.internal.ort.OrtBackend}). {@link dev.mu4j.Session} (prefix reuse, fork, generation, sampling)
 * and everything above it run unchanged on either.
 *
 * <p>A backend is immutable after construction and shared by all sessions of a model; each session owns one
 * {@link State} (its KV cache and scratch memory). Backends and states hold native memory until closed.
 */
public interface Backend extends AutoCloseable {
    /** Short description for logs and benchmarks, e.g. {@code native} or {@code onnxruntime/cpu}. */
    String name();

    /** Element type of a state's KV cache: {@code f16}, {@code q8} or {@code f32}. */
    default String kvCacheType() {
        return "f32";
    }

    /** The largest KV cache (in tokens) a state may have. */
    int maxContext();

    /**
     * A new state with a KV cache of {@code maxContext} tokens ({@code <= maxContext()}).
     *
     * @param chunk tokens per forward pass the caller prefers (a backend with fixed windows may ignore it)
     */
    State newState(int maxContext, int chunk);

    /** Frees what the backend holds (not the model's weights); idempotent. States must be closed first. */
    @Override
    void close();

    /** One session's KV cache and scratch memory. Not thread-safe. */
    interface State extends AutoCloseable {
        /** KV cache rows (tokens). */
        int maxSeq();

        /**
         * Runs {@code tokens} at positions {@code pos0, pos0 + 1, ...}, writing their keys and values into cache rows
         * {@code pos0..}; rows {@code >= pos0 + tokens.length} are stale afterwards and never read.
         *
         * @param allLogits true: logits of every token ({@code tokens.length * vocab_size}); false: the last one
         */
        float[] forward(int[] tokens, int pos0, boolean allLogits);

        /** Copies cache rows {@code [0, n)} into {@code target}, a state of the same backend. */
        void copyPrefixTo(State target, int n);

        /** Native bytes held. */
        long bytes();

        /** Frees the cache and scratch; idempotent. */
        @Override
        void close();
    }
}
