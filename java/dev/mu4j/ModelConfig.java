package dev.mu4j;

/**
 * The architecture of a model, as read from its {@code config.json} (see {@code models/FORMAT.md}).
 *
 * <p>One vocabulary across C++ and Java: {@code dim}, {@code hiddenDim}, {@code nLayers}, {@code nHeads},
 * {@code nKvHeads}, {@code headDim}, {@code vocabSize}, {@code maxSeqLen}. HF Llama/Qwen2 configs are mapped onto
 * the same fields ({@link #format()} says which reader produced it).
 *
 * @param format           "mu", "llama" or "qwen2": the tensor naming scheme of the weights
 * @param vocabSize        rows of the embedding table
 * @param dim              residual stream width
 * @param nLayers          transformer blocks
 * @param nHeads           query heads
 * @param nKvHeads         key/value heads (divides nHeads)
 * @param headDim          width of one head
 * @param hiddenDim        FFN inner width
 * @param ffnType          the FFN kind
 * @param normType         the norm kind
 * @param dualNorm         a norm before and after each sub-layer
 * @param normEps          epsilon of every norm
 * @param ropeTheta        rotary base
 * @param rotDim           rotary dims per head (even, at most headDim)
 * @param maxSeqLen        the longest context the model supports
 * @param tieEmbeddings    logits reuse the embedding table
 * @param qkvBias          q, k, v projections have biases
 * @param oBias            the output projection has a bias
 * @param mlpBias          the FFN projections have biases
 * @param bosTokenId       beginning-of-sequence id, or -1
 * @param eosTokenIds      end-of-sequence ids (possibly empty)
 */
public record ModelConfig(
        String format,
        int vocabSize,
        int dim,
        int nLayers,
        int nHeads,
        int nKvHeads,
        int headDim,
        int hiddenDim,
        FfnType ffnType,
        NormType normType,
        boolean dualNorm,
        float normEps,
        float ropeTheta,
        int rotDim,
        int maxSeqLen,
        boolean tieEmbeddings,
        boolean qkvBias,
        boolean oBias,
        boolean mlpBias,
        int bosTokenId,
        int[] eosTokenIds) {

    /** FFN kinds: SwiGLU {@code down(silu(gate(h)) * up(h))} or a GELU MLP {@code down(gelu(up(h)))}. */
    public enum FfnType { SWIGLU, GELU, GELU_TANH }

    /** Norm kinds: LayerNorm (weight and bias) or RMSNorm (weight). */
    public enum NormType { LAYERNORM, RMSNORM }

    /** Number of weights (parameters) this architecture has, biases and norms included. */
    public long parameterCount() {
        long q = (long) nHeads * headDim, kv = (long) nKvHeads * headDim;
        long norm = normType == NormType.LAYERNORM ? 2L * dim : dim;
        long attn = dim * q + 2 * dim * kv + q * dim + (qkvBias ? q + 2 * kv : 0) + (oBias ? dim : 0);
        int ffnMats = ffnType == FfnType.SWIGLU ? 3 : 2;
        long ffn = ffnMats * (long) dim * hiddenDim + (mlpBias ? (ffnMats - 1L) * hiddenDim + dim : 0);
        long perLayer = attn + ffn + norm * (dualNorm ? 4 : 2);
        long embed = (long) vocabSize * dim;
        return embed + (tieEmbeddings ? 0 : embed) + nLayers * perLayer + norm;
    }

    @Override
    public String toString() {
        return String.format("%s: vocab %d, dim %d, %d layers, %d heads (%d kv) x %d, ffn %s %d, %s%s, rope %.0f/%d,"
                        + " ctx %d%s", format, vocabSize, dim, nLayers, nHeads, nKvHeads, headDim, ffnType, hiddenDim,
                normType, dualNorm ? " dual" : "", ropeTheta, rotDim, maxSeqLen, tieEmbeddings ? ", tied" : "");
    }
}
