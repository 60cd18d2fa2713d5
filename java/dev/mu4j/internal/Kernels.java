package dev.mu4j.internal;

import dev.mu4j.MuException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JNI boundary: the only class JavaCPP binds ({@code native/include/mu4j.h}).
 *
 * <p>Every public method checks dtypes and sizes against the {@link NativeArray} bounds before it touches native
 * memory, then calls the private native function of the same name in {@code mu4j.h}. Kernels are pure (no
 * allocation) and safe to call from any thread on disjoint outputs; the matrix products split their rows, and
 * attention its (token, KV head) pairs, over a persistent native thread pool ({@link #setThreads},
 * {@code -Dmu4j.threads}).
 */
@Platform(include = "mu4j.h", link = "mu4j_kernels")
public final class Kernels {
    /** ISA ids of {@code mu4j.h}. */
    public static final int ISA_REF = 0, ISA_AVX2 = 1, ISA_AVX512 = 2, ISA_NEON = 3;

    /** System property: threads of the matrix products and attention (default: available processors). */
    public static final String THREADS_PROPERTY = "mu4j.threads";

    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

    static {
        NativeLoader.load(); // from the jar through JavaCPP, or from -Dmu4j.native.path
        setThreads(defaultThreads());
        LOG.log(System.Logger.Level.DEBUG, "mu4j kernels: isa {0}, {1} threads", isaName(isa()), threads());
    }

    /** -Dmu4j.threads if set (a positive integer), else the available processors; the one place it is read. */
    private static int defaultThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) return Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 256) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MuException("-D" + THREADS_PROPERTY + "=" + value + " is not a thread count in [1, 256]");
    }

    private Kernels() {}

    // ---- ISA --------------------------------------------------------------------------------------------

    /** The active ISA id. */
    public static int isa() {
        return mu_isa();
    }

    /** The name of an ISA id: "ref", "avx2", "avx512", "neon". */
    public static String isaName(int isa) {
        return mu_isa_name(isa);
    }

    /** Whether this CPU and build can run the ISA. */
    public static boolean isaSupported(int isa) {
        return mu_isa_supported(isa) == 1;
    }

    /** Forces the ISA for every later kernel call in this process. */
    public static void setIsa(int isa) {
        if (mu_set_isa(isa) != 0) {
            throw new MuException("ISA " + isaName(isa) + " is not supported on this CPU");
        }
    }

    /** ISA ids this machine can run, "ref" first. */
    public static int[] supportedIsas() {
        return java.util.stream.IntStream.rangeClosed(ISA_REF, ISA_NEON).filter(Kernels::isaSupported).toArray();
    }

    // ---- threads ----------------------------------------------------------------------------------------

    /**
     * Sets the threads of every later matrix product and attention in this process (the calling thread included),
     * in [1, 256]. Workers are persistent native threads; results do not depend on the count.
     */
    public static void setThreads(int n) {
        if (mu_set_threads(n) != 0) throw new MuException("threads must be in [1, 256], got " + n);
    }

    /** Threads of the matrix products. */
    public static int threads() {
        return mu_threads();
    }

    // ---- memory -----------------------------------------------------------------------------------------

    static long alloc(long bytes) {
        return mu_alloc(bytes);
    }

    static void free(long address) {
        mu_free(address);
    }

    static void copyOut(float[] dst, long src, int n) {
        mu_copy(dst, src, 4L * n);
    }

    static void copyIn(long dst, float[] src, int n) {
        mu_copy(dst, src, 4L * n);
    }

    static void copyIn(long dst, int[] src, int n) {
        mu_copy(dst, src, 4L * n);
    }

    /** Copies the first {@code dst.length} bytes of {@code src} into {@code dst}. */
    public static void readBytes(NativeArray src, byte[] dst) {
        if (dst.length > src.byteSize()) {
            throw new MuException("readBytes: " + dst.length + " bytes from an array of " + src.byteSize());
        }
        mu_copy(dst, src.address(), dst.length);
    }

    /** Copies {@code src} into {@code dst} (same dtype, dst at least as long). */
    public static void copy(NativeArray dst, NativeArray src) {
        if (dst.dtype() != src.dtype() || dst.length() < src.length()) {
            throw new MuException("copy: " + src.length() + " " + src.dtype() + " into " + dst.length() + " "
                    + dst.dtype());
        }
        mu_copy(dst.address(), src.address(), src.byteSize());
    }

    /** Maps a whole file read-only; returns {address, size}. Address 0 means failure (size -1) or empty (0). */
    public static long[] mapFile(String path) {
        long[] size = new long[1];
        long address = mu_map_file(cPath(path), size);
        return new long[] {address, size[0]};
    }

    public static void unmapFile(long address, long size) {
        mu_unmap_file(address, size);
    }

    /**
     * Reads a whole file into a private read-only copy (huge-page backed on Linux with {@code hugePages}); returns
     * {address, size} with {@link #mapFile}'s conventions. Freed by {@link #unloadFile}.
     */
    public static long[] loadFile(String path, boolean hugePages) {
        long[] size = new long[1];
        long address = mu_load_file(cPath(path), size, hugePages ? 1 : 0);
        return new long[] {address, size[0]};
    }

    /** A path as the native side takes it: UTF-8, NUL-terminated. */
    private static byte[] cPath(String path) {
        return (path + "\0").getBytes(StandardCharsets.UTF_8);
    }

    public static void unloadFile(long address, long size) {
        mu_unload_file(address, size);
    }

    /** Page-aligned zero-filled memory (huge-page backed on Linux with {@code hugePages}); 0 on failure. */
    public static long allocPages(long bytes, boolean hugePages) {
        if (bytes <= 0) throw new MuException("allocPages: " + bytes + " bytes");
        return mu_alloc_pages(bytes, hugePages ? 1 : 0);
    }

    public static void freePages(long address, long bytes) {
        mu_free_pages(address, bytes);
    }

    // ---- conversions ------------------------------------------------------------------------------------

    /** out = x converted to fp32 (x is F32, F16 or BF16); out.length >= x.length. */
    public static void toF32(NativeArray out, NativeArray x) {
        f32(out, x.length(), "toF32 out");
        switch (x.dtype()) {
            case F32 -> copy(out, x);
            case F16 -> mu_f16_to_f32(out.address(), x.address(), x.length());
            case BF16 -> mu_bf16_to_f32(out.address(), x.address(), x.length());
            default -> throw new MuException("toF32: unsupported dtype " + x.dtype());
        }
    }

    // ---- matrix products --------------------------------------------------------------------------------

    /** out(d) = W(d, n) @ x(n); W is F32, F16 or BF16. */
    public static void matvec(NativeArray out, NativeArray w, NativeArray x, int n, int d) {
        positive(n, "n");
        positive(d, "d");
        f32(out, d, "matvec out");
        f32(x, n, "matvec x");
        atLeast(w, (long) n * d, "matvec w");
        switch (w.dtype()) {
            case F32 -> mu_matvec_f32(out.address(), w.address(), x.address(), n, d);
            case F16 -> mu_matvec_f16(out.address(), w.address(), x.address(), n, d);
            case BF16 -> mu_matvec_bf16(out.address(), w.address(), x.address(), n, d);
            default -> throw new MuException("matvec: unsupported weight dtype " + w.dtype());
        }
    }

    /** out(t, d) = X(t, n) @ W(d, n)^T; W is F32, F16 or BF16. */
    public static void matmul(NativeArray out, NativeArray w, NativeArray x, int n, int d, int t) {
        positive(n, "n");
        positive(d, "d");
        positive(t, "t");
        f32(out, (long) t * d, "matmul out");
        f32(x, (long) t * n, "matmul x");
        atLeast(w, (long) n * d, "matmul w");
        switch (w.dtype()) {
            case F32 -> mu_matmul_f32(out.address(), w.address(), x.address(), n, d, t);
            case F16 -> mu_matmul_f16(out.address(), w.address(), x.address(), n, d, t);
            case BF16 -> mu_matmul_bf16(out.address(), w.address(), x.address(), n, d, t);
            default -> throw new MuException("matmul: unsupported weight dtype " + w.dtype());
        }
    }

    // ---- block-quantized weights (models/FORMAT.md) -------------------------------------------------------

    /** Weights per block of a quantized format (and activations per block). */
    public static final int QK = 32;

    /**
     * The block formats: q8_0 (I8 quants) and q4_0 (U8 packed nibbles), each with F16 block scales, in the plain
     * row-major layout or with the rows interleaved in groups of 4 (q8_0r4, q4_0r4: the same quants and scales
     * reordered so that a product reads one stream per group; models/FORMAT.md, "Interleaved rows").
     */
    public enum QuantType {
        Q8_0(DType.I8, 0), Q4_0(DType.U8, 1), Q8_0R4(DType.I8, 2), Q4_0R4(DType.U8, 3);

        /** Rows per interleaved group, and the column multiple an interleaved matrix needs (8 blocks). */
        public static final int R4_ROWS = 4, R4_COLUMNS = 8 * QK;

        /** dtype of the quants tensor. */
        public final DType quantsDtype;
        /** The type code of the native entry points (mu4j.h). */
        final int code;

        QuantType(DType quantsDtype, int code) {
            this.quantsDtype = quantsDtype;
            this.code = code;
        }

        /** Quants elements of a row of n weights. */
        public long quantsPerRow(long n) {
            return quantsDtype == DType.I8 ? n : n / 2;
        }

        /** Whether the rows are interleaved in groups of 4. */
        public boolean interleaved() {
            return code >= 2;
        }

        /** The same block format in the plain layout (itself when plain). */
        public QuantType plain() {
            return interleaved() ? values()[code - 2] : this;
        }

        /** The same block format with interleaved rows (itself when interleaved). */
        public QuantType withInterleavedRows() {
            return interleaved() ? this : values()[code + 2];
        }

        /** Whether a (rows, cols) matrix can be stored with interleaved rows: rows % 4 == 0, cols % 256 == 0. */
        public static boolean canInterleave(long rows, long cols) {
            return rows > 0 && cols > 0 && rows % R4_ROWS == 0 && cols % R4_COLUMNS == 0;
        }

        /** The plain format of a quants tensor of this dtype, or null. */
        public static QuantType ofQuants(DType dtype) {
            for (QuantType q : values()) {
                if (q.quantsDtype == dtype) return q;
            }
            return null;
        }

        /** The lower-case name used on the command line and in {@code __metadata__}: q8_0, q4_0, q8_0r4, q4_0r4. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Bytes of one row of n activations quantized by {@link #quantizeAct}. */
    public static long actRowBytes(int n) {
        return n + n / 4;
    }

    /**
     * Quantizes {@code n} values of x (F32; n a multiple of 32) into q (quants) and scale (F16, n / 32).
     *
     * @return false when a value is not finite or a block scale overflows fp16
     */
    public static boolean quantize(QuantType type, NativeArray q, NativeArray scale, NativeArray x, long n) {
        plainType(type, "quantize");
        blocks(n, "quantize n");
        f32(x, n, "quantize x");
        typed(q, type.quantsDtype, type.quantsPerRow(n), "quantize q");
        typed(scale, DType.F16, n / QK, "quantize scale");
        int status = type == QuantType.Q8_0 ? mu_quantize_q8_0(q.address(), scale.address(), x.address(), n)
                : mu_quantize_q4_0(q.address(), scale.address(), x.address(), n);
        return status == 0;
    }

    /** out(n) = n quantized weights (n a multiple of 32) widened to f32. */
    public static void dequantize(QuantType type, NativeArray out, NativeArray q, NativeArray scale, long n) {
        plainType(type, "dequantize");
        blocks(n, "dequantize n");
        f32(out, n, "dequantize out");
        typed(q, type.quantsDtype, type.quantsPerRow(n), "dequantize q");
        typed(scale, DType.F16, n / QK, "dequantize scale");
        if (type == QuantType.Q8_0) {
            mu_dequantize_q8_0(out.address(), q.address(), scale.address(), n);
        } else {
            mu_dequantize_q4_0(out.address(), q.address(), scale.address(), n);
        }
    }

    /**
     * out(n) = row {@code row} of a quantized W(d, n) of any {@link QuantType}, widened to f32 (an embedding
     * lookup); q and scale are the whole matrix.
     */
    public static void dequantizeRow(QuantType type, NativeArray out, NativeArray q, NativeArray scale, int n, int d,
            long row) {
        quantShape(type, n, d, "dequantizeRow");
        f32(out, n, "dequantizeRow out");
        typed(q, type.quantsDtype, type.quantsPerRow(n) * d, "dequantizeRow q");
        typed(scale, DType.F16, (long) d * (n / QK), "dequantizeRow scale");
        if (row < 0 || row >= d) throw new MuException("dequantizeRow: row " + row + " outside 0.." + (d - 1));
        mu_dequantize_row(type.code, out.address(), q.address(), scale.address(), n, row);
    }

    /**
     * dstQ / dstScale = a plain q8_0 or q4_0 W(d, n) (q, scale) with its rows interleaved in groups of 4
     * ({@code type.withInterleavedRows()}); needs {@link QuantType#canInterleave}(d, n).
     */
    public static void interleaveRows(QuantType type, NativeArray dstQ, NativeArray dstScale, NativeArray q,
            NativeArray scale, int n, int d) {
        plainType(type, "interleaveRows");
        quantShape(type.withInterleavedRows(), n, d, "interleaveRows");
        long quants = type.quantsPerRow(n) * d, scales = (long) d * (n / QK);
        typed(q, type.quantsDtype, quants, "interleaveRows q");
        typed(dstQ, type.quantsDtype, quants, "interleaveRows dstQ");
        typed(scale, DType.F16, scales, "interleaveRows scale");
        typed(dstScale, DType.F16, scales, "interleaveRows dstScale");
        disjoint(dstQ, quants, q, quants, "interleaveRows dstQ and q");
        disjoint(dstScale, scales * 2, scale, scales * 2, "interleaveRows dstScale and scale");
        mu_interleave_r4(type.code, dstQ.address(), dstScale.address(), q.address(), scale.address(), n, d);
    }

    private static void plainType(QuantType type, String what) {
        if (type.interleaved()) throw new MuException(what + ": needs a plain format (q8_0, q4_0), got " + type.id());
    }

    /** n a multiple of 32 (256 and d of 4 for the interleaved types), d positive. */
    private static void quantShape(QuantType type, int n, int d, String what) {
        blocks(n, what + " n");
        positive(d, what + " d");
        if (type.interleaved() && !QuantType.canInterleave(d, n)) {
            throw new MuException(what + ": a " + type.id() + " matrix needs rows % " + QuantType.R4_ROWS
                    + " == 0 and columns % " + QuantType.R4_COLUMNS + " == 0, got (" + d + ", " + n + ")");
        }
    }

    /** xq = t rows of x(t, n) quantized per block of 32 (I8 buffer of t * actRowBytes(n) bytes). */
    public static void quantizeAct(NativeArray xq, NativeArray x, int n, int t) {
        blocks(n, "quantizeAct n");
        positive(t, "t");
        f32(x, (long) n * t, "quantizeAct x");
        typed(xq, DType.I8, actRowBytes(n) * t, "quantizeAct xq");
        mu_quantize_act(xq.address(), x.address(), n, t);
    }

    /**
     * out(t, d) = X(t, n) @ W(d, n)^T for quantized W (quants w of {@code type}, F16 scale) and X given by
     * {@link #quantizeAct}; t = 1 runs the matrix-vector product.
     */
    public static void matmulQuant(QuantType type, NativeArray out, NativeArray w, NativeArray scale, NativeArray xq,
            int n, int d, int t) {
        quantShape(type, n, d, "matmulQuant");
        positive(t, "t");
        f32(out, (long) t * d, "matmul out");
        typed(w, type.quantsDtype, type.quantsPerRow(n) * d, "matmul w");
        typed(scale, DType.F16, (long) d * (n / QK), "matmul scale");
        typed(xq, DType.I8, actRowBytes(n) * t, "matmul xq");
        // One product of the group job: the matvec kernel for t = 1, as mu_matvec_q8_0 / q4_0 would run it.
        mu_matmul_quant3(type.code, 1, out.address(), w.address(), scale.address(), d, 0, 0, 0, 0, 0, 0, 0, 0,
                xq.address(), n, t);
    }

    /**
     * Two or three quantized products of one input as one threaded job (a layer's q / k / v or gate / up): for
     * each i, out[i](t, d[i]) = X(t, n) @ W_i(d[i], n)^T, W_i given by w[i] (quants of {@code type}) and scale[i]
     * (F16); the same results as {@link #matmulQuant} once per product.
     */
    public static void matmulQuantGroup(QuantType type, NativeArray[] out, NativeArray[] w, NativeArray[] scale,
            int[] d, NativeArray xq, int n, int t) {
        int count = out.length;
        if (count < 1 || count > 3 || w.length != count || scale.length != count || d.length != count) {
            throw new MuException("matmulQuantGroup: 1 to 3 products with as many out, w, scale and d, got " + count);
        }
        blocks(n, "n");
        positive(t, "t");
        typed(xq, DType.I8, actRowBytes(n) * t, "matmul xq");
        long[] o = new long[3], wa = new long[3], sa = new long[3];
        int[] dd = new int[3];
        for (int i = 0; i < count; i++) {
            quantShape(type, n, d[i], "matmulQuantGroup");
            f32(out[i], (long) t * d[i], "matmul out");
            typed(w[i], type.quantsDtype, type.quantsPerRow(n) * d[i], "matmul w");
            typed(scale[i], DType.F16, (long) d[i] * (n / QK), "matmul scale");
            o[i] = out[i].address();
            wa[i] = w[i].address();
            sa[i] = scale[i].address();
            dd[i] = d[i];
        }
        mu_matmul_quant3(type.code, count, o[0], wa[0], sa[0], dd[0], o[1], wa[1], sa[1], dd[1],
                o[2], wa[2], sa[2], dd[2], xq.address(), n, t);
    }

    // ---- fused ------------------------------------------------------------------------------------------

    /**
     * out = LayerNorm(x) over t rows of n (bias may be null) and xq = those rows quantized (as {@link #quantizeAct}),
     * a row at a time: the same values as {@link #layernorm} then {@link #quantizeAct}. out may be x.
     */
    public static void layernormQuant(NativeArray xq, NativeArray out, NativeArray x, NativeArray weight,
            NativeArray bias, int n, int t, float eps) {
        normQuantChecks(xq, out, x, weight, n, t, "layernormQuant");
        if (bias != null) f32(bias, n, "layernormQuant bias");
        mu_layernorm_quant(xq.address(), out.address(), x.address(), weight.address(), bias == null ? 0 : bias.address(),
                n, t, eps);
    }

    /** out = RMSNorm(x) over t rows of n and xq = those rows quantized: {@link #rmsnorm} then {@link #quantizeAct}. */
    public static void rmsnormQuant(NativeArray xq, NativeArray out, NativeArray x, NativeArray weight, int n, int t,
            float eps) {
        normQuantChecks(xq, out, x, weight, n, t, "rmsnormQuant");
        mu_rmsnorm_quant(xq.address(), out.address(), x.address(), weight.address(), n, t, eps);
    }

    private static void normQuantChecks(NativeArray xq, NativeArray out, NativeArray x, NativeArray weight, int n,
            int t, String what) {
        blocks(n, what + " n");
        positive(t, "t");
        f32(out, (long) n * t, what + " out");
        f32(x, (long) n * t, what + " x");
        f32(weight, n, what + " weight");
        typed(xq, DType.I8, actRowBytes(n) * t, what + " xq");
    }

    /**
     * The SwiGLU FFN up to its down projection's input, as one threaded job: h(t, d) = silu(X W_gate^T) * (X W_up^T)
     * and hq = h quantized (as {@link #quantizeAct}), both weights quantized as {@code type} (quants, F16 scales),
     * X given by xq; up(t, d) receives X W_up^T. The same values as {@link #matmulQuantGroup} of gate and up, then
     * {@link #swiglu} and {@link #quantizeAct}. d must be a multiple of 32; h, up, hq and xq must not overlap.
     */
    public static void matmulSwigluQuant(QuantType type, NativeArray h, NativeArray up, NativeArray hq,
            NativeArray wGate, NativeArray sGate, NativeArray wUp, NativeArray sUp, NativeArray xq, int n, int d, int t) {
        quantShape(type, n, d, "matmulSwigluQuant");
        blocks(d, "matmulSwigluQuant d");
        positive(t, "t");
        long outs = (long) t * d;
        f32(h, outs, "matmulSwigluQuant h");
        f32(up, outs, "matmulSwigluQuant up");
        typed(hq, DType.I8, actRowBytes(d) * t, "matmulSwigluQuant hq");
        typed(xq, DType.I8, actRowBytes(n) * t, "matmul xq");
        typed(wGate, type.quantsDtype, type.quantsPerRow(n) * d, "matmulSwigluQuant gate w");
        typed(sGate, DType.F16, (long) d * (n / QK), "matmulSwigluQuant gate scale");
        typed(wUp, type.quantsDtype, type.quantsPerRow(n) * d, "matmulSwigluQuant up w");
        typed(sUp, DType.F16, (long) d * (n / QK), "matmulSwigluQuant up scale");
        long hBytes = outs * 4, hqBytes = actRowBytes(d) * t, xqBytes = actRowBytes(n) * t;
        disjoint(h, hBytes, up, hBytes, "matmulSwigluQuant h and up");
        disjoint(hq, hqBytes, xq, xqBytes, "matmulSwigluQuant hq and xq");
        disjoint(h, hBytes, xq, xqBytes, "matmulSwigluQuant h and xq");
        disjoint(up, hBytes, xq, xqBytes, "matmulSwigluQuant up and xq");
        disjoint(h, hBytes, hq, hqBytes, "matmulSwigluQuant h and hq");
        disjoint(up, hBytes, hq, hqBytes, "matmulSwigluQuant up and hq");
        mu_matmul_swiglu_quant(type.code, h.address(), up.address(), hq.address(),
                wGate.address(), sGate.address(), wUp.address(), sUp.address(), xq.address(), n, d, t);
    }

    // ---- elementwise ------------------------------------------------------------------------------------

    /** out = a + b over n elements. */
    public static void add(NativeArray out, NativeArray a, NativeArray b, long n) {
        f32(out, n, "add out");
        f32(a, n, "add a");
        f32(b, n, "add b");
        mu_add(out.address(), a.address(), b.address(), n);
    }

    /** x(t, n) += bias(n) per row. */
    public static void addBias(NativeArray x, NativeArray bias, int n, int t) {
        positive(n, "n");
        positive(t, "t");
        f32(x, (long) n * t, "addBias x");
        f32(bias, n, "addBias bias");
        mu_add_bias(x.address(), bias.address(), n, t);
    }

    /** Activation kinds of {@link #activation}. */
    public enum Activation { SILU, GELU, GELU_TANH }

    /** out = act(x) over n elements (in place allowed). */
    public static void activation(Activation act, NativeArray out, NativeArray x, long n) {
        f32(out, n, "activation out");
        f32(x, n, "activation x");
        switch (act) {
            case SILU -> mu_silu(out.address(), x.address(), n);
            case GELU -> mu_gelu(out.address(), x.address(), n);
            case GELU_TANH -> mu_gelu_tanh(out.address(), x.address(), n);
        }
    }

    /** out = silu(gate) * up over n elements. */
    public static void swiglu(NativeArray out, NativeArray gate, NativeArray up, long n) {
        f32(out, n, "swiglu out");
        f32(gate, n, "swiglu gate");
        f32(up, n, "swiglu up");
        mu_swiglu(out.address(), gate.address(), up.address(), n);
    }

    /** out = softmax(x) over n elements. */
    public static void softmax(NativeArray out, NativeArray x, int n) {
        positive(n, "n");
        f32(out, n, "softmax out");
        f32(x, n, "softmax x");
        mu_softmax(out.address(), x.address(), n);
    }

    // ---- normalisation ----------------------------------------------------------------------------------

    /** LayerNorm over t rows of n; bias may be null. */
    public static void layernorm(NativeArray out, NativeArray x, NativeArray weight, NativeArray bias, int n, int t,
            float eps) {
        positive(n, "n");
        positive(t, "t");
        f32(out, (long) n * t, "layernorm out");
        f32(x, (long) n * t, "layernorm x");
        f32(weight, n, "layernorm weight");
        if (bias != null) f32(bias, n, "layernorm bias");
        mu_layernorm(out.address(), x.address(), weight.address(), bias == null ? 0 : bias.address(), n, t, eps);
    }

    /** RMSNorm over t rows of n. */
    public static void rmsnorm(NativeArray out, NativeArray x, NativeArray weight, int n, int t, float eps) {
        positive(n, "n");
        positive(t, "t");
        f32(out, (long) n * t, "rmsnorm out");
        f32(x, (long) n * t, "rmsnorm x");
        f32(weight, n, "rmsnorm weight");
        mu_rmsnorm(out.address(), x.address(), weight.address(), n, t, eps);
    }

    // ---- rotary and attention ---------------------------------------------------------------------------

    /** Rotary embedding in place on x(t, nHeads, headDim) at positions pos(t) (I32). */
    public static void rope(NativeArray x, NativeArray pos, int nHeads, int headDim, int rotDim, float theta, int t) {
        rotated("rope", x, nHeads, headDim, rotDim, t);
        if (pos.dtype() != DType.I32 || pos.length() < t) throw new MuException("rope: pos must hold " + t + " I32");
        mu_rope(x.address(), pos.address(), nHeads, headDim, rotDim, theta, t);
    }

    /**
     * table(t, rotDim) = per token the cos, then the sin, of its rotDim / 2 rotary angles at positions pos(t) (I32):
     * computed once for all the tensors {@link #ropeRotate} turns at those positions.
     */
    public static void ropeTable(NativeArray table, NativeArray pos, int rotDim, float theta, int t) {
        positive(t, "t");
        if (rotDim < 0 || rotDim % 2 != 0) throw new MuException("ropeTable: rot_dim " + rotDim + " must be even");
        f32(table, (long) t * rotDim, "ropeTable table");
        if (pos.dtype() != DType.I32 || pos.length() < t) throw new MuException("ropeTable: pos must hold " + t + " I32");
        mu_rope_table(table.address(), pos.address(), rotDim, theta, t);
    }

    /** The checks {@link #rope} and {@link #ropeRotate} share: the shape of x and an even rot_dim within head_dim. */
    private static void rotated(String what, NativeArray x, int nHeads, int headDim, int rotDim, int t) {
        positive(nHeads, "n_heads");
        positive(headDim, "head_dim");
        positive(t, "t");
        if (rotDim < 0 || rotDim > headDim || rotDim % 2 != 0) {
            throw new MuException(what + ": rot_dim " + rotDim + " must be even and within head_dim " + headDim);
        }
        f32(x, (long) t * nHeads * headDim, what + " x");
    }

    /** {@link #rope} of x(t, nHeads, headDim) in place with the cos / sin of {@link #ropeTable}: the same values. */
    public static void ropeRotate(NativeArray x, NativeArray table, int nHeads, int headDim, int rotDim, int t) {
        rotated("ropeRotate", x, nHeads, headDim, rotDim, t);
        f32(table, (long) t * rotDim, "ropeRotate table");
        mu_rope_rotate(x.address(), table.address(), nHeads, headDim, rotDim, t);
    }

    /**
     * Elements of one KV-cache row (one position of one KV head) of the given type: {@code headDim} for F32 and F16;
     * for I8 (the int8 cache) {@code headDim} quants plus the 4 bytes of their fp32 scale ({@code MU_KV_Q8_ROW_BYTES}).
     */
    public static long kvRowLength(DType type, int headDim) {
        return switch (type) {
            case F32, F16 -> headDim;
            case I8 -> (long) headDim + 4;
            default -> throw new MuException("KV cache type " + type + " is not supported: use F32, F16 or I8 (q8)");
        };
    }

    /**
     * Stores t keys/values (t, nKvHeads, headDim) at cache rows pos0 .. pos0 + t - 1. The cache is F32; or F16 (both
     * halves alike): each value is then rounded to fp16, nearest even ({@code mu_kv_store_f16}); or I8: each row is
     * quantized to int8 with one fp32 scale ({@code mu_kv_store_q8}, rows of {@link #kvRowLength} bytes).
     */
    public static void kvStore(NativeArray kCache, NativeArray vCache, NativeArray k, NativeArray v, int nKvHeads,
            int headDim, int kvStride, int pos0, int t) {
        positive(nKvHeads, "n_kv_heads");
        positive(headDim, "head_dim");
        positive(t, "t");
        if (pos0 < 0 || pos0 + t > kvStride) {
            throw new MuException("kv store at positions " + pos0 + ".." + (pos0 + t - 1) + " outside cache of "
                    + kvStride);
        }
        DType type = cacheType(kCache, vCache, nKvHeads, kvStride, headDim, "kv store");
        f32(k, (long) t * nKvHeads * headDim, "kv store k");
        f32(v, (long) t * nKvHeads * headDim, "kv store v");
        switch (type) {
            case F16 -> mu_kv_store_f16(kCache.address(), vCache.address(), k.address(), v.address(), nKvHeads,
                    headDim, kvStride, pos0, t);
            case I8 -> mu_kv_store_q8(kCache.address(), vCache.address(), k.address(), v.address(), nKvHeads,
                    headDim, kvStride, pos0, t);
            default -> mu_kv_store(kCache.address(), vCache.address(), k.address(), v.address(), nKvHeads, headDim,
                    kvStride, pos0, t);
        }
    }

    /** Causal grouped-query attention of t queries at positions pos0.. over an F32, F16 or I8 cache (see mu4j.h). */
    public static void attention(NativeArray out, NativeArray scratch, NativeArray q, NativeArray kCache,
            NativeArray vCache, int nHeads, int nKvHeads, int headDim, int kvStride, int pos0, int t, float scale) {
        positive(nHeads, "n_heads");
        positive(nKvHeads, "n_kv_heads");
        positive(headDim, "head_dim");
        positive(t, "t");
        if (nHeads % nKvHeads != 0) throw new MuException("n_heads " + nHeads + " not a multiple of n_kv_heads " + nKvHeads);
        if (pos0 < 0 || pos0 + t > kvStride) {
            throw new MuException("attention at positions " + pos0 + ".." + (pos0 + t - 1) + " outside cache of "
                    + kvStride);
        }
        f32(out, (long) t * nHeads * headDim, "attention out");
        f32(q, (long) t * nHeads * headDim, "attention q");
        f32(scratch, pos0 + t, "attention scratch");
        switch (cacheType(kCache, vCache, nKvHeads, kvStride, headDim, "attention")) {
            case F16 -> mu_attention_f16(out.address(), scratch.address(), q.address(), kCache.address(),
                    vCache.address(), nHeads, nKvHeads, headDim, kvStride, pos0, t, scale);
            case I8 -> mu_attention_q8(out.address(), scratch.address(), q.address(), kCache.address(),
                    vCache.address(), nHeads, nKvHeads, headDim, kvStride, pos0, t, scale);
            default -> mu_attention(out.address(), scratch.address(), q.address(), kCache.address(), vCache.address(),
                    nHeads, nKvHeads, headDim, kvStride, pos0, t, scale);
        }
    }

    /**
     * The dtype of a KV cache pair: both F32, both F16 or both I8, each at least (nKvHeads, kvStride,
     * {@link #kvRowLength}) elements.
     */
    private static DType cacheType(NativeArray kCache, NativeArray vCache, int nKvHeads, int kvStride, int headDim,
            String what) {
        DType type = kCache.dtype();
        if ((type != DType.F32 && type != DType.F16 && type != DType.I8) || vCache.dtype() != type) {
            throw new MuException(what + ": k and v cache must both be F32, both F16 or both I8 (q8), got " + type
                    + " and " + vCache.dtype());
        }
        long n = (long) nKvHeads * kvStride * kvRowLength(type, headDim);
        atLeast(kCache, n, what + " k cache");
        atLeast(vCache, n, what + " v cache");
        return type;
    }

    // ---- checks -----------------------------------------------------------------------------------------

    private static void positive(long v, String name) {
        if (v <= 0) throw new MuException(name + " must be positive, got " + v);
    }

    private static void f32(NativeArray a, long n, String what) {
        if (a.dtype() != DType.F32) throw new MuException(what + ": expected F32, got " + a.dtype());
        atLeast(a, n, what);
    }

    private static void blocks(long n, String name) {
        positive(n, name);
        if (n % QK != 0) throw new MuException(name + " = " + n + " is not a multiple of " + QK);
    }

    private static void typed(NativeArray a, DType dtype, long n, String what) {
        if (a.dtype() != dtype) throw new MuException(what + ": expected " + dtype + ", got " + a.dtype());
        atLeast(a, n, what);
    }

    /** The first aBytes of a and the first bBytes of b must not share a byte. */
    private static void disjoint(NativeArray a, long aBytes, NativeArray b, long bBytes, String what) {
        long a0 = a.address(), b0 = b.address();
        if (a0 < b0 + bBytes && b0 < a0 + aBytes) throw new MuException(what + " overlap");
    }

    private static void atLeast(NativeArray a, long n, String what) {
        if (a.length() < n) throw new MuException(what + ": needs " + n + " elements, has " + a.length());
    }

    // ---- the native functions of mu4j.h -----------------------------------------------------------------

    private static native int mu_isa();
    private static native int mu_isa_supported(int isa);
    private static native int mu_set_isa(int isa);
    private static native @Cast("const char*") String mu_isa_name(int isa);

    private static native int mu_set_threads(int n);
    private static native int mu_threads();

    private static native @Cast("intptr_t") long mu_alloc(@Cast("int64_t") long bytes);
    private static native void mu_free(@Cast("void*") long p);
    private static native void mu_copy(@Cast("void*") long dst, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    private static native void mu_copy(@Cast("void*") byte[] dst, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    private static native void mu_copy(@Cast("void*") float[] dst, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    private static native void mu_copy(@Cast("void*") long dst, @Cast("const void*") float[] src, @Cast("int64_t") long bytes);
    private static native void mu_copy(@Cast("void*") long dst, @Cast("const void*") int[] src, @Cast("int64_t") long bytes);
    private static native @Cast("intptr_t") long mu_map_file(@Cast("const char*") byte[] path, @Cast("int64_t*") long[] sizeOut);
    private static native void mu_unmap_file(@Cast("void*") long addr, @Cast("int64_t") long size);
    private static native @Cast("intptr_t") long mu_load_file(@Cast("const char*") byte[] path, @Cast("int64_t*") long[] sizeOut, int hugePages);
    private static native void mu_unload_file(@Cast("void*") long addr, @Cast("int64_t") long size);
    private static native @Cast("intptr_t") long mu_alloc_pages(@Cast("int64_t") long bytes, int hugePages);
    private static native void mu_free_pages(@Cast("void*") long addr, @Cast("int64_t") long bytes);

    private static native void mu_f16_to_f32(@Cast("float*") long out, @Cast("const uint16_t*") long x, @Cast("int64_t") long n);
    private static native void mu_bf16_to_f32(@Cast("float*") long out, @Cast("const uint16_t*") long x, @Cast("int64_t") long n);

    private static native void mu_matvec_f32(@Cast("float*") long out, @Cast("const float*") long w, @Cast("const float*") long x, int n, int d);
    private static native void mu_matvec_f16(@Cast("float*") long out, @Cast("const uint16_t*") long w, @Cast("const float*") long x, int n, int d);
    private static native void mu_matvec_bf16(@Cast("float*") long out, @Cast("const uint16_t*") long w, @Cast("const float*") long x, int n, int d);
    private static native void mu_matmul_f32(@Cast("float*") long out, @Cast("const float*") long w, @Cast("const float*") long x, int n, int d, int t);
    private static native void mu_matmul_f16(@Cast("float*") long out, @Cast("const uint16_t*") long w, @Cast("const float*") long x, int n, int d, int t);
    private static native void mu_matmul_bf16(@Cast("float*") long out, @Cast("const uint16_t*") long w, @Cast("const float*") long x, int n, int d, int t);

    private static native int mu_quantize_q8_0(@Cast("int8_t*") long q, @Cast("uint16_t*") long scale, @Cast("const float*") long x, @Cast("int64_t") long n);
    private static native int mu_quantize_q4_0(@Cast("uint8_t*") long q, @Cast("uint16_t*") long scale, @Cast("const float*") long x, @Cast("int64_t") long n);
    private static native void mu_dequantize_q8_0(@Cast("float*") long out, @Cast("const int8_t*") long q, @Cast("const uint16_t*") long scale, @Cast("int64_t") long n);
    private static native void mu_dequantize_q4_0(@Cast("float*") long out, @Cast("const uint8_t*") long q, @Cast("const uint16_t*") long scale, @Cast("int64_t") long n);
    private static native void mu_dequantize_row(int type, @Cast("float*") long out, @Cast("const void*") long q, @Cast("const uint16_t*") long scale, int n, @Cast("int64_t") long row);
    private static native void mu_interleave_r4(int type, @Cast("void*") long dstQ, @Cast("uint16_t*") long dstScale, @Cast("const void*") long q, @Cast("const uint16_t*") long scale, int n, int d);
    private static native void mu_quantize_act(@Cast("void*") long xq, @Cast("const float*") long x, int n, int t);
    private static native void mu_matmul_quant3(int type, int count, @Cast("float*") long out0, @Cast("const void*") long w0,
            @Cast("const uint16_t*") long scale0, int d0, @Cast("float*") long out1, @Cast("const void*") long w1,
            @Cast("const uint16_t*") long scale1, int d1, @Cast("float*") long out2, @Cast("const void*") long w2,
            @Cast("const uint16_t*") long scale2, int d2, @Cast("const void*") long xq, int n, int t);

    private static native void mu_layernorm_quant(@Cast("void*") long xq, @Cast("float*") long out, @Cast("const float*") long x, @Cast("const float*") long weight, @Cast("const float*") long bias, int n, int t, float eps);
    private static native void mu_rmsnorm_quant(@Cast("void*") long xq, @Cast("float*") long out, @Cast("const float*") long x, @Cast("const float*") long weight, int n, int t, float eps);
    private static native void mu_matmul_swiglu_quant(int type, @Cast("float*") long h, @Cast("float*") long up, @Cast("void*") long hq,
            @Cast("const void*") long wGate, @Cast("const uint16_t*") long sGate, @Cast("const void*") long wUp,
            @Cast("const uint16_t*") long sUp, @Cast("const void*") long xq, int n, int d, int t);

    private static native void mu_add(@Cast("float*") long out, @Cast("const float*") long a, @Cast("const float*") long b, @Cast("int64_t") long n);
    private static native void mu_add_bias(@Cast("float*") long x, @Cast("const float*") long bias, int n, int t);
    private static native void mu_silu(@Cast("float*") long out, @Cast("const float*") long x, @Cast("int64_t") long n);
    private static native void mu_gelu(@Cast("float*") long out, @Cast("const float*") long x, @Cast("int64_t") long n);
    private static native void mu_gelu_tanh(@Cast("float*") long out, @Cast("const float*") long x, @Cast("int64_t") long n);
    private static native void mu_swiglu(@Cast("float*") long out, @Cast("const float*") long gate, @Cast("const float*") long up, @Cast("int64_t") long n);
    private static native void mu_softmax(@Cast("float*") long out, @Cast("const float*") long x, int n);

    private static native void mu_layernorm(@Cast("float*") long out, @Cast("const float*") long x, @Cast("const float*") long weight, @Cast("const float*") long bias, int n, int t, float eps);
    private static native void mu_rmsnorm(@Cast("float*") long out, @Cast("const float*") long x, @Cast("const float*") long weight, int n, int t, float eps);

    private static native void mu_rope_table(@Cast("float*") long table, @Cast("const int32_t*") long pos, int rotDim, float theta, int t);
    private static native void mu_rope_rotate(@Cast("float*") long x, @Cast("const float*") long table, int nHeads, int headDim, int rotDim, int t);
    private static native void mu_rope(@Cast("float*") long x, @Cast("const int32_t*") long pos, int nHeads, int headDim, int rotDim, float theta, int t);
    private static native void mu_kv_store(@Cast("float*") long kCache, @Cast("float*") long vCache, @Cast("const float*") long k, @Cast("const float*") long v, int nKvHeads, int headDim, int kvStride, int pos0, int t);
    private static native void mu_attention(@Cast("float*") long out, @Cast("float*") long scratch, @Cast("const float*") long q, @Cast("const float*") long kCache, @Cast("const float*") long vCache, int nHeads, int nKvHeads, int headDim, int kvStride, int pos0, int t, float scale);
    private static native void mu_kv_store_f16(@Cast("uint16_t*") long kCache, @Cast("uint16_t*") long vCache, @Cast("const float*") long k, @Cast("const float*") long v, int nKvHeads, int headDim, int kvStride, int pos0, int t);
    private static native void mu_attention_f16(@Cast("float*") long out, @Cast("float*") long scratch, @Cast("const float*") long q, @Cast("const uint16_t*") long kCache, @Cast("const uint16_t*") long vCache, int nHeads, int nKvHeads, int headDim, int kvStride, int pos0, int t, float scale);
    private static native void mu_kv_store_q8(@Cast("int8_t*") long kCache, @Cast("int8_t*") long vCache, @Cast("const float*") long k, @Cast("const float*") long v, int nKvHeads, int headDim, int kvStride, int pos0, int t);
    private static native void mu_attention_q8(@Cast("float*") long out, @Cast("float*") long scratch, @Cast("const float*") long q, @Cast("const int8_t*") long kCache, @Cast("const int8_t*") long vCache, int nHeads, int nKvHeads, int headDim, int kvStride, int pos0, int t, float scale);

    // ---- bench: memory-bandwidth probe (owned by `mu4j bench`) -----------------------------------------

    /**
     * Reads all of {@code buf} once, split over the {@link #threads()} of the pool, and returns the wrapping sum of
     * its 64-bit words (see {@code mu_read_sum}); {@code mu4j bench} times it to measure read bandwidth.
     */
    public static long readSum(NativeArray buf) {
        if (buf == null) throw new MuException("readSum: buffer is null");
        return mu_read_sum(buf.address(), buf.byteSize());   // address() throws for a closed array
    }

    private static native @Cast("uint64_t") long mu_read_sum(@Cast("const void*") long buf, @Cast("int64_t") long bytes);
    // ---- end bench ---------------------------------------------------------------------------------------
}
