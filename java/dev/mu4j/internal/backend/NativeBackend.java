package dev.mu4j.internal.backend;

import dev.mu4j.ModelConfig;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.model.InferenceState;
import dev.mu4j.internal.model.Transformer;
import dev.mu4j.internal.model.Weights;

/** The native CPU backend: {@link Transformer} over memory-mapped weights, one {@link InferenceState} per session. */
public final class NativeBackend implements Backend {
    private final Transformer transformer;
    private final ModelConfig c;
    private final DType kvType;

    /** @param kvCache {@code auto}, {@code f16}, {@code q8} or {@code f32} (see {@code Model.Options.kvCache}) */
    public NativeBackend(Weights weights, String kvCache) {
        this.transformer = new Transformer(weights);
        this.c = weights.config;
        this.kvType = switch (kvCache) {
            case "f16" -> DType.F16;
            case "q8" -> DType.I8;
            case "f32" -> DType.F32;
            case "auto" -> weights.isQuantized() ? DType.F16 : DType.F32;
            default -> throw new IllegalArgumentException("kvCache " + kvCache);   // Options validated it
        };
    }

    @Override
    public String kvCacheType() {
        return switch (kvType) {
            case F16 -> "f16";
            case I8 -> "q8";
            default -> "f32";
        };
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public int maxContext() {
        return c.maxSeqLen();
    }

    @Override
    public State newState(int maxContext, int chunk) {
        return new NativeState(new InferenceState(c, maxContext, Math.min(chunk, maxContext), kvType));
    }

    /** The weights belong to the model, which closes them. */
    @Override
    public void close() {}

    private final class NativeState implements State {
        private final InferenceState s;

        NativeState(InferenceState s) {
            this.s = s;
        }

        @Override
        public int maxSeq() {
            return s.maxSeq;
        }

        @Override
        public float[] forward(int[] tokens, int pos0, boolean allLogits) {
            return transformer.forward(s, tokens, pos0, allLogits);
        }

        @Override
        public void copyPrefixTo(State target, int n) {
            InferenceState t = ((NativeState) target).s;
            long row = s.kvRow, head = s.maxSeq * row, tHead = t.maxSeq * row;   // elements
            for (int l = 0; l < c.nLayers(); l++) {
                for (int h = 0; h < c.nKvHeads(); h++) {
                    Kernels.copy(t.kCache(l).slice(h * tHead, n * row), s.kCache(l).slice(h * head, n * row));
                    Kernels.copy(t.vCache(l).slice(h * tHead, n * row), s.vCache(l).slice(h * head, n * row));
                }
            }
        }

        @Override
        public long bytes() {
            return s.bytes();
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
