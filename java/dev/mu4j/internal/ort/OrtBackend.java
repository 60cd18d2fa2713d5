package dev.mu4j.internal.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.GetAvailableProviders;
import static org.bytedeco.onnxruntime.global.onnxruntime.GetVersionString;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_WARNING;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;

import dev.mu4j.MuException;
import dev.mu4j.internal.backend.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.CharPointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.onnxruntime.ConstTensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.IoBinding;
import org.bytedeco.onnxruntime.LongVector;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.OrtDnnlProviderOptions;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.StringStringMap;
import org.bytedeco.onnxruntime.StringVector;
import org.bytedeco.onnxruntime.Value;

/**
 * The ONNX Runtime backend: the two static-shape graphs of an {@link OnnxPackage} (decode, window 1; prefill, window
 * W) in one ONNX Runtime session each, with the execution provider chosen by name.
 *
 * <p><b>Per session state</b> ({@link OrtState}): the KV cache (two float32 buffers {@code [n_layers, n_kv_heads,
 * S, head_dim]}) and each graph's input and output buffers are allocated once and bound once through an
 * {@link IoBinding}; a step writes the token ids, positions and mask into the bound buffers, runs, and copies only
 * the window's new key/value rows into the cache (a few KB). The cache itself is never copied or re-bound.
 *
 * <p><b>Windows</b>: a forward of n tokens runs full prefill windows of W, then the rest: one token through the
 * decode graph, 2..W-1 tokens through the prefill graph left-padded (padding rows at the front, attending only to
 * themselves, their outputs dropped). Logits of a token therefore never depend on padding.
 */
final class OrtBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(OrtBackend.class.getName());
    private static Env env;   // one per process, never closed (ONNX Runtime keeps global state in it)

    private final OnnxPackage pkg;
    private final String name;
    private final Session decode;
    private final Session prefill;
    private final MemoryInfo cpu;
    private final RunOptions runOptions = new RunOptions();
    private final java.util.Set<OrtState> live = new java.util.HashSet<>();   // states whose bindings use the sessions
    private boolean closed;

    private OrtBackend(OnnxPackage pkg, String name, Session decode, Session prefill) {
        this.pkg = pkg;
        this.name = name;
        this.decode = decode;
        this.prefill = prefill;
        this.cpu = MemoryInfo.CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    }

    static synchronized Env env() {
        if (env == null) env = new Env(ORT_LOGGING_LEVEL_WARNING, "mu4j");
        return env;
    }

    /** The execution providers the loaded ONNX Runtime has, by ONNX Runtime's names. */
    static List<String> availableProviders() {
        StringVector v = GetAvailableProviders();
        List<String> out = new ArrayList<>();
        for (long i = 0; i < v.size(); i++) out.add(v.get(i).getString());
        return out;
    }

    /** "ONNX Runtime 1.24.1 (cpu, dnnl; CPUExecutionProvider, ...)" */
    static String describe() {
        env();
        List<String> available = availableProviders();
        return "ONNX Runtime " + version() + " (providers: " + ourNames(available) + "; " + String.join(", ", available)
                + ")";
    }

    static String version() {
        return GetVersionString().getString();
    }

    static Backend open(OnnxPackage pkg, String provider, Map<String, String> options, boolean fallback, int threads) {
        env();
        List<String> available = availableProviders();
        String ortName = OrtSupport.PROVIDERS.get(provider);
        if (ortName == null) throw new MuException("unknown execution provider '" + provider + "'");
        if (!provider.equals("cpu") && !available.contains(ortName)) {
            String why = "execution provider '" + provider + "' (" + ortName + ") is not in the loaded ONNX Runtime "
                    + version() + "; it has: " + ourNames(available) + " (" + String.join(", ", available) + ")";
            if (!fallback) {
                throw new MuException(why + ". Use an ONNX Runtime build with " + ortName + " (README \"ONNX Runtime"
                        + " backend\": plugging in a vendor build), or allow the CPU fallback (--ort-fallback)");
            }
            LOG.log(System.Logger.Level.WARNING, why + "; falling back to the CPU provider");
            return open(pkg, "cpu", Map.of(), false, threads);
        }
        try {
            Session d = session(pkg.decode(), provider, options, threads);
            Session p;
            try {
                p = session(pkg.prefill(), provider, options, threads);
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            OrtBackend b = new OrtBackend(pkg, "onnxruntime/" + provider, d, p);
            try {
                b.checkSignature(b.decode, pkg.decode(), 1);
                b.checkSignature(b.prefill, pkg.prefill(), pkg.prefillWindow());
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
            return b;
        } catch (MuException e) {
            throw e;
        } catch (RuntimeException e) {
            if (fallback && !provider.equals("cpu")) {
                LOG.log(System.Logger.Level.WARNING, "execution provider '" + provider + "' failed (" + e.getMessage()
                        + "); falling back to the CPU provider");
                return open(pkg, "cpu", Map.of(), false, threads);
            }
            throw new MuException(pkg.dir() + ": ONNX Runtime " + version() + " could not open the package with"
                    + " provider '" + provider + "': " + e.getMessage());
        }
    }

    private static String ourNames(List<String> ortNames) {
        List<String> out = new ArrayList<>();
        OrtSupport.PROVIDERS.forEach((ours, ort) -> {
            if (ortNames.contains(ort)) out.add(ours);
        });
        return String.join(", ", out);
    }

    static Session session(Path file, String provider, Map<String, String> options, int threads) {
        SessionOptions so = new SessionOptions();
        if (threads > 0) so.SetIntraOpNumThreads(threads);
        so.SetGraphOptimizationLevel(ORT_ENABLE_ALL);
        switch (provider) {
            case "cpu" -> {
                if (!options.isEmpty()) throw new MuException("the cpu provider takes no options, got " + options);
            }
            case "dnnl" -> {
                OrtDnnlProviderOptions o = new OrtDnnlProviderOptions();
                o.use_arena(1);
                for (Map.Entry<String, String> e : options.entrySet()) {
                    if (!e.getKey().equals("use_arena")) {
                        throw new MuException("dnnl provider option '" + e.getKey() + "' is not supported (use_arena)");
                    }
                    try {
                        o.use_arena(Integer.parseInt(e.getValue()));
                    } catch (NumberFormatException x) {
                        throw new MuException("dnnl provider option use_arena must be 0 or 1, got '" + e.getValue() + "'");
                    }
                }
                so.AppendExecutionProvider_Dnnl(o);
            }
            default -> {
                StringStringMap m = new StringStringMap();
                options.forEach((k, v) -> m.put(new BytePointer(k), v));
                // ONNX Runtime's names for the generic AppendExecutionProvider: "QNN", "OpenVINO", "DML"
                so.AppendExecutionProvider(switch (provider) {
                    case "qnn" -> "QNN";
                    case "openvino" -> "OpenVINO";
                    default -> "DML";
                }, m);
            }
        }
        Pointer path = Loader.getPlatform().startsWith("windows") ? new CharPointer(file.toString())
                : new BytePointer(file.toString());
        try {
            return new Session(env(), path, so);
        } finally {
            so.close();     // the session keeps its own copy of the options
        }
    }

    /** Inputs and outputs by name, with exactly the static shapes the manifest implies: checked once at load. */
    private void checkSignature(Session s, Path file, int t) {
        long cache = pkg.cacheLen();
        long[][] in = {{1, t}, {1, t}, {1, 1, t, cache + t}, kvShape(cache), kvShape(cache)};
        long[][] out = {{1, t, pkg.vocabSize()}, {pkg.nLayers(), t, pkg.nKvHeads(), pkg.headDim()},
                {pkg.nLayers(), t, pkg.nKvHeads(), pkg.headDim()}};
        StringVector inNames = s.GetInputNames(), outNames = s.GetOutputNames();
        check(file, "input", inNames, OnnxPackage.INPUTS, in, i -> s.GetInputTypeInfo(i).GetTensorTypeAndShapeInfo());
        check(file, "output", outNames, OnnxPackage.OUTPUTS, out, i -> s.GetOutputTypeInfo(i).GetTensorTypeAndShapeInfo());
    }

    private long[] kvShape(long cache) {
        return new long[] {pkg.nLayers(), pkg.nKvHeads(), cache, pkg.headDim()};
    }

    private static void check(Path file, String kind, StringVector names, List<String> want, long[][] shapes,
                              java.util.function.LongFunction<ConstTensorTypeAndShapeInfo> info) {
        List<String> got = new ArrayList<>();
        for (long i = 0; i < names.size(); i++) got.add(names.get(i).getString());
        if (!got.equals(want)) throw new MuException(file + ": graph " + kind + "s are " + got + ", expected " + want);
        for (int i = 0; i < want.size(); i++) {
            LongVector shape = info.apply(i).GetShape();
            long[] dims = new long[(int) shape.size()];
            for (int d = 0; d < dims.length; d++) dims[d] = shape.get(d);
            if (Arrays.stream(dims).anyMatch(x -> x <= 0)) {
                throw new MuException(file + ": " + kind + " " + want.get(i) + " has a dynamic shape "
                        + Arrays.toString(dims) + "; NPU packages need static shapes (re-export with scripts/export_onnx.py)");
            }
            if (!Arrays.equals(dims, shapes[i])) {
                throw new MuException(file + ": " + kind + " " + want.get(i) + " has shape " + Arrays.toString(dims)
                        + ", the manifest implies " + Arrays.toString(shapes[i]));
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxContext() {
        return pkg.cacheLen();
    }

    @Override
    public State newState(int maxContext, int chunk) {
        if (maxContext < 1 || maxContext > pkg.cacheLen()) {
            throw new MuException("maxContext " + maxContext + " must be in [1, " + pkg.cacheLen() + "] (cache_len of "
                    + pkg.dir() + ")");
        }
        synchronized (this) {
            if (closed) throw new MuException(pkg.dir() + ": model used after close");
            OrtState st = new OrtState(maxContext);
            live.add(st);
            return st;
        }
    }

    /** Marks the backend closed; the ONNX Runtime sessions go once no state's binding refers to them. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (live.isEmpty()) release();
        }
    }

    private synchronized void stateClosed(OrtState st) {
        if (live.remove(st) && closed && live.isEmpty()) release();
    }

    private void release() {
        decode.close();
        prefill.close();
        cpu.close();
        runOptions.close();
    }

    /** One graph's bound buffers: inputs ids, positions, mask; outputs logits, new keys, new values. */
    private final class Window implements AutoCloseable {
        final int t;
        final Session session;
        final IntPointer ids;
        final IntPointer pos;
        final FloatPointer mask;      // (t, S + t)
        final FloatPointer logits;    // (t, vocab)
        final FloatPointer newK;      // (n_layers, t, n_kv_heads, head_dim)
        final FloatPointer newV;
        final float[] maskRow;
        final List<Pointer> owned = new ArrayList<>();
        final IoBinding binding;

        Window(Session session, int t, FloatPointer pastK, FloatPointer pastV) {
            this.t = t;
            this.session = session;
            long s = pkg.cacheLen(), kv = (long) pkg.nLayers() * t * pkg.nKvHeads() * pkg.headDim();
            ids = own(new IntPointer(t));
            pos = own(new IntPointer(t));
            mask = own(new FloatPointer(t * (s + t)));
            logits = own(new FloatPointer((long) t * pkg.vocabSize()));
            newK = own(new FloatPointer(kv));
            newV = own(new FloatPointer(kv));
            maskRow = new float[(int) (s + t)];
            binding = new IoBinding(session);
            bind(true, "input_ids", ids, t, new long[] {1, t});
            bind(true, "position_ids", pos, t, new long[] {1, t});
            bind(true, "attention_mask", mask, t * (s + t), new long[] {1, 1, t, s + t});
            bind(true, "past_keys", pastK, pastK.limit(), kvShape(s));
            bind(true, "past_values", pastV, pastV.limit(), kvShape(s));
            bind(false, "logits", logits, (long) t * pkg.vocabSize(), new long[] {1, t, pkg.vocabSize()});
            bind(false, "new_keys", newK, kv, new long[] {pkg.nLayers(), t, pkg.nKvHeads(), pkg.headDim()});
            bind(false, "new_values", newV, kv, new long[] {pkg.nLayers(), t, pkg.nKvHeads(), pkg.headDim()});
        }

        private <P extends Pointer> P own(P p) {
            owned.add(p);
            return p.position(0);
        }

        private void bind(boolean input, String name, Pointer data, long count, long[] shape) {
            LongPointer dims = own(new LongPointer(shape));
            Value v = data instanceof IntPointer ip
                    ? Value.CreateTensorInt(cpu.asOrtMemoryInfo(), ip, count, dims, shape.length)
                    : Value.CreateTensorFloat(cpu.asOrtMemoryInfo(), (FloatPointer) data, count, dims, shape.length);
            owned.add(v);
            if (input) binding.BindInput(name, v);
            else binding.BindOutput(name, v);
        }

        @Override
        public void close() {
            binding.close();
            for (Pointer p : owned) p.close();
        }
    }

    private final class OrtState implements State {
        private final int maxSeq;
        private final FloatPointer pastK;   // (n_layers, n_kv_heads, S, head_dim), bound in place to both graphs
        private final FloatPointer pastV;
        private final Window one;
        private final Window wide;
        private final float[] rows;         // scratch: one window's new rows of one (layer, head)
        private boolean closed;

        OrtState(int maxSeq) {
            this.maxSeq = maxSeq;
            long n = (long) pkg.nLayers() * pkg.nKvHeads() * pkg.cacheLen() * pkg.headDim();
            pastK = new FloatPointer(n);
            pastV = new FloatPointer(n);
            pastK.zero();
            pastV.zero();
            Window a = null;
            try {
                a = new Window(decode, 1, pastK, pastV);
                one = a;
                wide = new Window(prefill, pkg.prefillWindow(), pastK, pastV);
            } catch (RuntimeException e) {
                if (a != null) a.close();
                pastK.close();
                pastV.close();
                throw e;
            }
            rows = new float[pkg.prefillWindow() * pkg.headDim()];
        }

        @Override
        public int maxSeq() {
            return maxSeq;
        }

        @Override
        public float[] forward(int[] tokens, int pos0, boolean allLogits) {
            if (closed) throw new MuException("session used after close");
            int vocab = pkg.vocabSize();
            if (tokens.length == 0) throw new MuException("forward needs at least one token");
            if (pos0 < 0 || pos0 + tokens.length > maxSeq) {
                throw new MuException("positions " + pos0 + ".." + (pos0 + tokens.length - 1) + " exceed the context of "
                        + maxSeq + " tokens");
            }
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i] < 0 || tokens[i] >= vocab) {
                    throw new MuException("token id " + tokens[i] + " at index " + i + " is outside [0, " + vocab + ")");
                }
            }
            float[] result = new float[allLogits ? tokens.length * vocab : vocab];
            int w = wide.t;
            for (int start = 0; start < tokens.length; ) {
                int n = Math.min(w, tokens.length - start);
                Window win = n == 1 ? one : wide;
                run(win, tokens, start, n, pos0 + start);
                int pad = win.t - n;
                if (allLogits) {
                    win.logits.position((long) pad * vocab).get(result, start * vocab, n * vocab);
                } else if (start + n == tokens.length) {
                    win.logits.position((long) (win.t - 1) * vocab).get(result, 0, vocab);
                }
                win.logits.position(0);
                start += n;
            }
            return result;
        }

        /** tokens[start .. start + n) at positions pos0.. through window win (n <= win.t, left-padded). */
        private void run(Window win, int[] tokens, int start, int n, int pos0) {
            int t = win.t, pad = t - n, s = pkg.cacheLen();
            int[] ids = new int[t], positions = new int[t];
            for (int i = 0; i < n; i++) {
                ids[pad + i] = tokens[start + i];
                positions[pad + i] = pos0 + i;
            }
            win.ids.put(ids);
            win.pos.put(positions);
            float masked = pkg.maskValue();
            float[] row = win.maskRow;
            for (int r = 0; r < t; r++) {
                Arrays.fill(row, masked);
                if (r < pad) {
                    row[s + r] = 0f;                        // a padding row sees itself only
                } else {
                    Arrays.fill(row, 0, pos0, 0f);          // the cached positions before the window
                    Arrays.fill(row, s + pad, s + r + 1, 0f);  // the window's real tokens up to this one
                }
                win.mask.position((long) r * row.length).put(row);
            }
            win.mask.position(0);
            try {
                win.session.Run(runOptions, win.binding);
            } catch (RuntimeException e) {
                throw new MuException(pkg.dir() + ": ONNX Runtime run failed: " + e.getMessage());
            }
            storeRows(win.newK, pastK, t, pad, n, pos0);
            storeRows(win.newV, pastV, t, pad, n, pos0);
        }

        /** new (n_layers, t, n_kv_heads, head_dim) rows pad.. → cache (n_layers, n_kv_heads, S, head_dim) rows pos0.. */
        private void storeRows(FloatPointer fresh, FloatPointer cache, int t, int pad, int n, int pos0) {
            int kvh = pkg.nKvHeads(), hd = pkg.headDim();
            long s = pkg.cacheLen();
            for (int l = 0; l < pkg.nLayers(); l++) {
                for (int h = 0; h < kvh; h++) {
                    for (int i = 0; i < n; i++) {
                        fresh.position((((long) l * t + pad + i) * kvh + h) * hd).get(rows, i * hd, hd);
                    }
                    cache.position(((long) l * kvh + h) * s * hd + (long) pos0 * hd).put(rows, 0, n * hd);
                }
            }
            fresh.position(0);
            cache.position(0);
        }

        @Override
        public void copyPrefixTo(State target, int n) {
            OrtState o = (OrtState) target;
            long s = pkg.cacheLen(), hd = pkg.headDim();
            float[] buf = new float[(int) (n * hd)];
            for (long lh = 0; lh < (long) pkg.nLayers() * pkg.nKvHeads(); lh++) {
                long off = lh * s * hd;     // rows [0, n) of one (layer, kv head) are contiguous
                pastK.position(off).get(buf);
                o.pastK.position(off).put(buf);
                pastV.position(off).get(buf);
                o.pastV.position(off).put(buf);
            }
            for (FloatPointer p : List.of(pastK, pastV, o.pastK, o.pastV)) p.position(0);
        }

        @Override
        public long bytes() {
            long b = 2 * pastK.limit() * Float.BYTES;
            for (Window w : List.of(one, wide)) {
                b += (w.ids.limit() + w.pos.limit()) * Integer.BYTES
                        + (w.mask.limit() + w.logits.limit() + w.newK.limit() + w.newV.limit()) * Float.BYTES;
            }
            return b;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                one.close();
                wide.close();
                pastK.close();
                pastV.close();
                stateClosed(this);
            }
        }
    }
}
