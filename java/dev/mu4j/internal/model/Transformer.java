package dev.mu4j.internal.model;

import dev.mu4j.ModelConfig;
import dev.mu4j.ModelConfig.FfnType;
import dev.mu4j.ModelConfig.NormType;
import dev.mu4j.MuException;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.Activation;
import dev.mu4j.internal.NativeArray;

/**
 * The forward pass of the Mu architecture (and of HF Llama/Qwen2, which it contains): one chunk of tokens at
 * consecutive positions, appended to the KV cache, producing logits. See models/FORMAT.md for the math and
 * ARCHITECTURE.md for the walk through one decode step.
 *
 * <p>Stateless: the weights are shared and read-only, the state is the caller's. Safe to call from several
 * threads with different states.
 */
public final class Transformer {
    private final Weights w;
    private final ModelConfig c;
    private final float attnScale;

    private final boolean fuse;

    public Transformer(Weights weights) {
        this(weights, true);
    }

    /** fuse = false: the unfused kernel calls throughout (tests compare the two; the results are the same bits). */
    Transformer(Weights weights, boolean fuse) {
        this.w = weights;
        this.c = weights.config;
        this.attnScale = (float) (1.0 / Math.sqrt(c.headDim()));
        this.fuse = fuse;
    }

    /**
     * Runs {@code tokens} at positions {@code pos0, pos0 + 1, ...} through the model, writing their keys and values
     * into the cache rows of those positions (rows past them keep stale data but are never read).
     *
     * @param allLogits true: logits for every token (t * vocab_size floats); false: for the last token only
     */
    public float[] forward(InferenceState s, int[] tokens, int pos0, boolean allLogits) {
        int vocab = c.vocabSize();
        if (tokens.length == 0) throw new MuException("forward needs at least one token");
        if (pos0 < 0 || pos0 + tokens.length > s.maxSeq) {
            throw new MuException("positions " + pos0 + ".." + (pos0 + tokens.length - 1) + " exceed the context of "
                    + s.maxSeq + " tokens");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new MuException("token id " + tokens[i] + " at index " + i + " is outside [0, " + vocab + ")");
            }
        }
        float[] result = new float[allLogits ? tokens.length * vocab : vocab];
        for (int start = 0; start < tokens.length; start += s.chunk) {
            int t = Math.min(s.chunk, tokens.length - start);
            boolean last = start + t == tokens.length;
            forwardChunk(s, tokens, start, t, pos0 + start);
            if (allLogits) {
                logits(s, 0, t);
                float[] part = new float[t * vocab];
                s.logits.read(0, part);
                System.arraycopy(part, 0, result, start * vocab, part.length);
            } else if (last) {
                logits(s, t - 1, 1);
                s.logits.read(0, result);
            }
        }
        return result;
    }

    /** One chunk of t <= s.chunk tokens (tokens[start .. start + t)) at positions pos0 .. pos0 + t - 1. */
    private void forwardChunk(InferenceState s, int[] tokens, int start, int t, int pos0) {
        int dim = c.dim(), hd = c.headDim();
        int[] positions = new int[t];
        for (int i = 0; i < t; i++) {
            positions[i] = pos0 + i;
            NativeArray row = s.x.slice((long) i * dim, dim);
            long token = tokens[start + i];
            if (w.embedQuant == null) {
                Kernels.toF32(row, w.embed.slice(token * dim, dim));
            } else {
                Kernels.dequantizeRow(w.embedQuant, row, w.embed, w.embedScale, dim, c.vocabSize(), token);
            }
        }
        s.pos.write(0, positions);
        Kernels.ropeTable(s.rope, s.pos, c.rotDim(), c.ropeTheta(), t); // once for the q and k of every layer

        for (int l = 0; l < c.nLayers(); l++) {
            Weights.Layer layer = w.layers.get(l);
            // attention sub-layer: x += post_norm(o(attention(rope(q), rope(k), v)))
            NativeArray xq = normQuant(s, s.x, layer.attnNorm(), t, layer.q(), layer.k(), layer.v());
            linears(new NativeArray[] {s.q, s.k, s.v}, new Weights.Linear[] {layer.q(), layer.k(), layer.v()}, s.xb, xq, t);
            Kernels.ropeRotate(s.q, s.rope, c.nHeads(), hd, c.rotDim(), t);
            Kernels.ropeRotate(s.k, s.rope, c.nKvHeads(), hd, c.rotDim(), t);
            Kernels.kvStore(s.kCache[l], s.vCache[l], s.k, s.v, c.nKvHeads(), hd, s.maxSeq, pos0, t);
            Kernels.attention(s.att, s.scores, s.q, s.kCache[l], s.vCache[l], c.nHeads(), c.nKvHeads(), hd,
                    s.maxSeq, pos0, t, attnScale);
            linear(s.out, layer.o(), s.att, quantizeFor(s, s.att, t, layer.o()), t);
            residual(s, layer.attnPostNorm(), t);

            // FFN sub-layer: x += post_norm(down(act(...)))
            long hidden = (long) t * c.hiddenDim();
            if (c.ffnType() == FfnType.SWIGLU) {
                xq = normQuant(s, s.x, layer.ffnNorm(), t, layer.gate(), layer.up());
                if (fusedSwiglu(layer)) {
                    // one threaded job: gate, up, SwiGLU and the down projection's quantized input (s.hq)
                    Weights.Linear gate = layer.gate(), up = layer.up();
                    Kernels.matmulSwigluQuant(gate.quant(), s.hb, s.hb2, s.hq, gate.weight(), gate.scale(), up.weight(),
                            up.scale(), xq, gate.in(), gate.out(), t);
                    linear(s.out, layer.down(), s.hb, s.hq, t);
                } else {
                    linears(new NativeArray[] {s.hb, s.hb2}, new Weights.Linear[] {layer.gate(), layer.up()}, s.xb, xq,
                            t);
                    Kernels.swiglu(s.hb, s.hb, s.hb2, hidden);
                    linear(s.out, layer.down(), s.hb, quantizeFor(s, s.hb, t, layer.down()), t);
                }
            } else {
                xq = normQuant(s, s.x, layer.ffnNorm(), t, layer.up());
                linear(s.hb, layer.up(), s.xb, xq, t);
                Kernels.activation(c.ffnType() == FfnType.GELU ? Activation.GELU : Activation.GELU_TANH, s.hb, s.hb,
                        hidden);
                linear(s.out, layer.down(), s.hb, quantizeFor(s, s.hb, t, layer.down()), t);
            }
            residual(s, layer.ffnPostNorm(), t);
        }
    }

    /** x += (post_norm(out) if dual norm else out), over t rows. */
    private void residual(InferenceState s, Weights.Norm postNorm, int t) {
        long n = (long) t * c.dim();
        if (postNorm != null) {
            norm(s.xb, s.out, postNorm, t);
            Kernels.add(s.x, s.x, s.xb, n);
        } else {
            Kernels.add(s.x, s.x, s.out, n);
        }
    }

    /** logits rows [0, count) = lm_head(norm(x rows [from, from + count))). */
    private void logits(InferenceState s, int from, int count) {
        int dim = c.dim();
        NativeArray rows = s.x.slice((long) from * dim, (long) count * dim);
        if (w.lmHeadQuant != null) {
            if (fuse) {
                normQuant(s.xq, s.xb, rows, w.finalNorm, count);
            } else {
                norm(s.xb, rows, w.finalNorm, count);
                Kernels.quantizeAct(s.xq, s.xb, dim, count);
            }
            Kernels.matmulQuant(w.lmHeadQuant, s.logits, w.lmHead, w.lmHeadScale, s.xq, dim, c.vocabSize(), count);
        } else if (count == 1) {
            norm(s.xb, rows, w.finalNorm, count);
            Kernels.matvec(s.logits, w.lmHead, s.xb, dim, c.vocabSize());
        } else {
            norm(s.xb, rows, w.finalNorm, count);
            Kernels.matmul(s.logits, w.lmHead, s.xb, dim, c.vocabSize(), count);
        }
    }

    private void norm(NativeArray out, NativeArray x, Weights.Norm n, int t) {
        if (c.normType() == NormType.LAYERNORM) {
            Kernels.layernorm(out, x, n.weight(), n.bias(), c.dim(), t, c.normEps());
        } else {
            Kernels.rmsnorm(out, x, n.weight(), c.dim(), t, c.normEps());
        }
    }

    /** xq = quantized rows of out = norm(x) (t rows of dim), in one fused call. */
    private void normQuant(NativeArray xq, NativeArray out, NativeArray x, Weights.Norm n, int t) {
        if (c.normType() == NormType.LAYERNORM) {
            Kernels.layernormQuant(xq, out, x, n.weight(), n.bias(), c.dim(), t, c.normEps());
        } else {
            Kernels.rmsnormQuant(xq, out, x, n.weight(), c.dim(), t, c.normEps());
        }
    }

    /**
     * s.xb = norm(x), the input of the given linear layers (all of dim inputs); if one of them is quantized, also
     * s.xq = s.xb quantized in the same call, which is returned; else null.
     */
    private NativeArray normQuant(InferenceState s, NativeArray x, Weights.Norm n, int t, Weights.Linear... readers) {
        if (!fuse) {
            norm(s.xb, x, n, t);
            return quantizeFor(s, s.xb, t, readers);
        }
        for (Weights.Linear lin : readers) {
            if (lin.quant() != null) {
                normQuant(s.xq, s.xb, x, n, t);
                return s.xq;
            }
        }
        norm(s.xb, x, n, t);
        return null;
    }

    /**
     * Whether the layer's SwiGLU runs fused (Kernels.matmulSwigluQuant): gate and up quantized in one format without
     * biases (a bias enters before the SwiGLU), and the down projection quantized (it reads the fused output).
     */
    private boolean fusedSwiglu(Weights.Layer layer) {
        if (!fuse) return false;
        Weights.Linear gate = layer.gate(), up = layer.up(), down = layer.down();
        return gate.quant() != null && up.quant() == gate.quant() && down.quant() != null && gate.bias() == null
                && up.bias() == null && gate.in() == up.in() && gate.out() == up.out() && down.in() == gate.out()
                && gate.out() % Kernels.QK == 0;
    }

    /**
     * The input x(t, n) of the given linear layers quantized per block into s.xq, once for all of them, if one of
     * them is quantized (they all read the same n inputs); null otherwise.
     */
    private static NativeArray quantizeFor(InferenceState s, NativeArray x, int t, Weights.Linear... readers) {
        for (Weights.Linear lin : readers) {
            if (lin.quant() != null) {
                Kernels.quantizeAct(s.xq, x, lin.in(), t);
                return s.xq;
            }
        }
        return null;
    }

    /**
     * out[i] = lins[i](x) for linear layers of one input: as one threaded product when all are quantized in one
     * format (one hand-off to the thread pool instead of one each), else one by one.
     */
    private static void linears(NativeArray[] out, Weights.Linear[] lins, NativeArray x, NativeArray xq, int t) {
        Kernels.QuantType type = lins[0].quant();
        boolean group = type != null;
        for (Weights.Linear lin : lins) group &= lin.quant() == type && lin.in() == lins[0].in();
        if (!group) {
            for (int i = 0; i < lins.length; i++) linear(out[i], lins[i], x, xq, t);
            return;
        }
        NativeArray[] w = new NativeArray[lins.length], scale = new NativeArray[lins.length];
        int[] d = new int[lins.length];
        for (int i = 0; i < lins.length; i++) {
            w[i] = lins[i].weight();
            scale[i] = lins[i].scale();
            d[i] = lins[i].out();
        }
        Kernels.matmulQuantGroup(type, out, w, scale, d, xq, lins[0].in(), t);
        for (int i = 0; i < lins.length; i++) {
            if (lins[i].bias() != null) Kernels.addBias(out[i], lins[i].bias(), lins[i].out(), t);
        }
    }

    /** out = lin(x); a quantized layer reads xq, x quantized by {@link #quantizeFor}. */
    private static void linear(NativeArray out, Weights.Linear lin, NativeArray x, NativeArray xq, int t) {
        if (lin.quant() != null) {
            Kernels.matmulQuant(lin.quant(), out, lin.weight(), lin.scale(), xq, lin.in(), lin.out(), t);
        } else if (t == 1) {
            Kernels.matvec(out, lin.weight(), x, lin.in(), lin.out());
        } else {
            Kernels.matmul(out, lin.weight(), x, lin.in(), lin.out(), t);
        }
        if (lin.bias() != null) Kernels.addBias(out, lin.bias(), lin.out(), t);
    }
}
