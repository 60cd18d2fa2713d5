package dev.mu4j.internal.cli;

import dev.mu4j.Model;
import dev.mu4j.ModelConfig;
import dev.mu4j.MuException;
import dev.mu4j.Session;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.model.Weights;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mu4j bench}: prefill and decode speed, time to first token and peak RSS of one or more models, against
 * a memory-bandwidth roofline measured in the same run.
 *
 * <p>All engines are loaded first (one at a time, each with its own peak-RSS window), then the timed runs are
 * interleaved: run r of every engine and thread count before run r + 1, so a burst of load from other processes
 * on a shared machine hits every engine alike and the ratios stay fair. Each figure is the median of the runs,
 * with min and max. Prompts are fixed pseudo-random token ids and decoding is greedy, so every engine does the
 * same work.
 */
@Command(name = "bench", sortOptions = false, description = {
        "Benchmark models: prefill tok/s, time to first token, decode tok/s, peak RSS, and the decode speed as a",
        "percentage of the memory-bandwidth roofline (bandwidth / bytes read per token), measured in the same run.",
        "Several --model options make one table with ratios against the first.",
        "",
        "Example: mu4j bench --model build/models/mu-330m-f32 --runs 5 --json build/bench.json"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory; repeat for several (ratios are against the first)")
    List<Path> models;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "N", description = "thread counts to measure (default ${DEFAULT-VALUE})")
    int[] threads;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per engine and thread count (default ${DEFAULT-VALUE}); figures are their median")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "untimed runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--prefill", split = ",", defaultValue = "32,128", paramLabel = "T", description = "prompt lengths to time (default ${DEFAULT-VALUE}); decoding starts after the first")
    int[] prefill;

    @Option(names = "--decode", defaultValue = "64", paramLabel = "T", description = "tokens to decode greedily (default ${DEFAULT-VALUE})")
    int decode;

    @Option(names = "--probe-mib", defaultValue = "512", paramLabel = "MIB", description = "bandwidth probe buffer (default ${DEFAULT-VALUE} MiB; far above the last-level cache)")
    int probeMib;

    @Option(names = "--probe-passes", defaultValue = "7", description = "timed probe passes, before and again after the runs (default ${DEFAULT-VALUE}); besides, two passes just before and two just after each timed decode")
    int probePasses;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the prompt token ids (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--kv-cache", split = ",", defaultValue = "auto", paramLabel = "TYPE", description = {
            "KV cache of the native engines: auto (default: f16 for q8_0/q4_0 weights, else f32), f16, q8 or f32; a",
            "list (f16,q8) loads every --model once per type, interleaved like the models"})
    List<String> kvCache;

    @Option(names = "--weights", split = ",", defaultValue = "mapped", paramLabel = "MEMORY", description = {
            "how the native engines hold their weights: mapped (default: the files memory-mapped) or huge (read into",
            "memory backed by transparent huge pages: Model.Options.hugePages, Linux); a list (mapped,huge) loads",
            "every --model once per kind, and each engine's roofline uses a probe of its own kind of memory"})
    List<String> weightMemory;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
    Path json;

    @Option(names = "--ort", paramLabel = "DIR[:PACKAGE]", description = {
            "also run ONNX Runtime's CPU provider on the ONNX package PACKAGE (default onnx) of model DIR, written by",
            "scripts/export_onnx.py; once per thread count (intra-op threads); repeatable. Needs ONNX Runtime on the",
            "class path (not in the drop-in jar: see BENCHMARKS.md)."})
    List<String> ort = new ArrayList<>();

    /** Read bandwidth per thread count: ordinary pages, and huge pages when an engine has its weights there. */
    private final Map<Integer, BandwidthProbe.Result> bandwidth = new LinkedHashMap<>();
    private final Map<Integer, BandwidthProbe.Result> hugeBandwidth = new LinkedHashMap<>();
    /** Probe passes just before, and again just after, each timed decode. */
    private static final int BRACKET_PASSES = 2;
    /** Probe buffers (by huge pages) for the passes that bracket each timed decode; open during the runs. */
    private final Map<Boolean, BandwidthProbe.Buffer> bracketProbes = new LinkedHashMap<>();

    /** One model runtime under test: a token-id forward pass with a KV cache. */
    interface Engine extends AutoCloseable {
        /** Label in the tables. */
        String name();

        /** "mu4j" or "onnxruntime/cpu", ... */
        String runtime();

        /** The thread count it was built for, or 0 if it follows mu4j's thread pool (any count). */
        int threads();

        ModelConfig config();

        /** Logits after the last of {@code ids}, placed at positions pos, pos + 1, ...; pos may rewind. */
        float[] forward(int[] ids, int pos);

        /** Bytes of weights one decode token reads (every matrix once; the embedding table only if tied). */
        long weightBytesPerToken();

        /** Its KV cache type ({@code Model.kvCacheType()}: f32, f16 or q8). */
        String kvCacheType();

        /** Bytes of one cached key (or value) row of one KV head: head_dim values, q8 with their fp32 scale. */
        long kvRowBytes();

        /** Whether its weights live in huge pages (its roofline then uses the huge-page probe). */
        default boolean hugePages() {
            return false;
        }

        @Override
        void close();
    }

    /** A {@link Model} on one of its backends, and one {@link Session}. */
    static final class ModelEngine implements Engine {
        private final String name;
        private final int threads;
        private final Model model;
        private final Session session;
        private final long weightBytes;
        private final boolean huge;

        /**
         * mu4j's own kernels on {@code dir} with a KV cache of type {@code kv} (auto, f16, q8, f32), weights mapped or
         * in huge pages; labelled with what varies.
         */
        static ModelEngine nativeEngine(Path dir, int context, String kv, boolean labelKv, boolean huge, boolean labelMemory)
                throws IOException {
            Model m = Model.load(dir, Model.Options.builder().kvCache(kv).hugePages(huge).build());
            try (Weights w = Weights.load(dir, m.config())) {
                String name = dir.getFileName() + (labelKv ? " kv-" + m.kvCacheType() : "")
                        + (labelMemory ? (huge ? " huge" : " mapped") : "");
                return new ModelEngine(name, 0, m, context, w.bytesPerToken(), huge);
            } catch (IOException | RuntimeException e) {
                m.close();
                throw e;
            }
        }

        /** ONNX Runtime's CPU provider on the package {@code pkg} inside {@code dir}, with {@code threads} threads. */
        static ModelEngine ortEngine(Path dir, String pkg, int threads, int context) throws IOException {
            Model m = Model.load(dir, Model.Options.builder().backend("onnx").provider("cpu").onnxPackage(pkg)
                    .threads(threads).build());
            try {
                Path p = dir.resolve(pkg);
                long bytes = Files.size(p.resolve("weights.bin")) + Files.size(p.resolve("decode.onnx"));
                return new ModelEngine(dir.getFileName() + "/" + pkg + " [ort]", threads, m, context, bytes, false);
            } catch (IOException | RuntimeException e) {
                m.close();
                throw e;
            }
        }

        private ModelEngine(String name, int threads, Model model, int context, long weightBytes, boolean huge) {
            this.name = name;
            this.huge = huge;
            this.threads = threads;
            this.model = model;
            this.weightBytes = weightBytes;
            Path dir = model.directory();
            if (context > model.config().maxSeqLen()) {
                model.close();
                throw new MuException(dir + ": the benchmark needs " + context + " positions but max_seq_len is "
                        + model.config().maxSeqLen());
            }
            try {
                this.session = model.newSession(context);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }

        @Override public String name() { return name; }
        @Override public String runtime() { return model.backendName(); }
        @Override public int threads() { return threads; }
        @Override public ModelConfig config() { return model.config(); }
        @Override public float[] forward(int[] ids, int pos) { return session.forward(ids, pos); }
        @Override public long weightBytesPerToken() { return weightBytes; }
        @Override public String kvCacheType() { return model.kvCacheType(); }
        @Override public long kvRowBytes() { return cacheRowBytes(model.kvCacheType(), model.config().headDim()); }
        @Override public boolean hugePages() { return huge; }

        @Override
        public void close() {
            session.close();
            model.close();
        }
    }

    /** The timings of one engine at one thread count, one entry per timed run. */
    static final class Series {
        final Map<Integer, List<Double>> prefillTps = new LinkedHashMap<>();
        final Map<Integer, List<Double>> ttftMs = new LinkedHashMap<>();
        final List<Double> decodeTps = new ArrayList<>();
        /**
         * Per timed run: the GB/s of the fastest of two probe passes just before and two just after its decode (the
         * fastest: a pass slowed by a burst of outside load would understate what the memory gives).
         */
        final List<Double> decodeBandwidth = new ArrayList<>();
    }

    /** How to load one engine (loaded one at a time, in order). */
    private interface Loader {
        Engine load() throws IOException;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        int context = Arrays.stream(prefill).max().getAsInt() + decode + 1;
        List<Loader> loaders = new ArrayList<>();
        for (Path dir : models) {
            for (String kv : kvCache) {
                for (String mem : weightMemory) {
                    boolean huge = mem.equals("huge"), label = weightMemory.size() > 1 || huge;
                    loaders.add(() -> ModelEngine.nativeEngine(dir, context, kv, kvCache.size() > 1, huge, label));
                }
            }
        }
        for (String spec : ort) {
            int colon = spec.lastIndexOf(':');
            Path dir = Path.of(colon > 0 ? spec.substring(0, colon) : spec);
            String pkg = colon > 0 ? spec.substring(colon + 1) : "onnx";
            for (int t : threads) loaders.add(() -> ModelEngine.ortEngine(dir, pkg, t, context));
        }
        PrintStream out = System.out;
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadStart = loadAverage();
        out.printf(Locale.ROOT, "mu4j bench  %s  %s, %d CPUs, kernels %s, load average %s; %s%n", started, cpuName(),
                Runtime.getRuntime().availableProcessors(), Kernels.isaName(Kernels.isa()), loadStart, threadNote());

        for (int t : threads) {
            setThreads(t);
            bandwidth.put(t, BandwidthProbe.measure(probeMib, probePasses, false));
            if (weightMemory.contains("huge")) hugeBandwidth.put(t, BandwidthProbe.measure(probeMib, probePasses, true));
        }

        long baseRss = Rss.current();
        List<Engine> engines = new ArrayList<>();
        Map<Engine, Long> peakRss = new LinkedHashMap<>();
        Map<Engine, Map<Integer, Series>> series = new LinkedHashMap<>();
        int[] prompt = new SplittableRandom(seed).ints(context, 0, Integer.MAX_VALUE).toArray();
        try {
            // Load and warm up one engine at a time; its peak RSS is the JVM's own plus what its load and warm-up
            // added at most (engines loaded before it are subtracted).
            for (Loader loader : loaders) {
                boolean reset = Rss.resetPeak();
                long before = Rss.current();
                Engine e = loader.load();
                engines.add(e);
                int[] ids = clip(prompt, e.config().vocabSize());
                Map<Integer, Series> byThreads = new LinkedHashMap<>();
                for (int t : threads) {
                    if (!applies(e, t)) continue;
                    setThreads(t);
                    for (int w = 0; w < warmup; w++) run(e, ids, null);
                    byThreads.put(t, new Series());
                }
                long peak = Rss.peak();
                peakRss.put(e, reset && peak > 0 && before > 0 && baseRss > 0 ? baseRss + (peak - before) : -1L);
                series.put(e, byThreads);
            }
            long steps = (long) runs * series.values().stream().mapToInt(Map::size).sum();
            // Probe buffers kept for the passes that bracket each timed decode (allocated after the peak-RSS
            // windows of the loads, so no engine's figure includes them).
            bracketProbes.put(false, new BandwidthProbe.Buffer(probeMib, false));
            if (weightMemory.contains("huge")) bracketProbes.put(true, new BandwidthProbe.Buffer(probeMib, true));
            try (Progress progress = new Progress("runs", steps)) {
                for (int r = 0; r < runs; r++) {
                    for (int t : threads) {
                        setThreads(t);
                        for (Engine e : engines) {
                            if (!applies(e, t)) continue;
                            int[] ids = clip(prompt, e.config().vocabSize());
                            e.forward(new int[] {ids[0]}, 0);   // the pool settles at this thread count
                            run(e, ids, series.get(e).get(t));
                            progress.step();
                        }
                    }
                }
            }
            for (int t : threads) {
                setThreads(t);
                bandwidth.put(t, bandwidth.get(t).merge(BandwidthProbe.measure(probeMib, probePasses, false)));
                if (!hugeBandwidth.isEmpty()) {
                    hugeBandwidth.put(t, hugeBandwidth.get(t).merge(BandwidthProbe.measure(probeMib, probePasses, true)));
                }
            }
            Map<String, Object> report = report(started, engines, series, peakRss);
            report.put("loadAverage", Map.of("start", loadStart, "end", loadAverage()));
            printTables(out, engines, series, peakRss);
            out.println("Load average (1, 5, 15 min) at the start " + loadStart + ", at the end " + loadAverage()
                    + " (other processes share the CPUs: compare ratios, and the min-max spread).");
            if (json != null) {
                Files.writeString(json, Main.JSON.toJson(report) + "\n", StandardCharsets.UTF_8);
                out.println("JSON: " + json);
            }
        } finally {
            engines.forEach(Engine::close);
            bracketProbes.values().forEach(BandwidthProbe.Buffer::close);
        }
        return 0;
    }

    private static boolean applies(Engine e, int threads) {
        return e.threads() == 0 || e.threads() == threads;
    }

    /** The engines measured at {@code t} threads, in load order. */
    private static List<Engine> at(List<Engine> engines, int t) {
        return engines.stream().filter(e -> applies(e, t)).toList();
    }

    /** The baselines of the ratios at one thread count: the first engine, and the first ONNX Runtime engine. */
    private static List<Engine> baselines(List<Engine> engines, int t) {
        List<Engine> here = at(engines, t);
        List<Engine> b = new ArrayList<>(List.of(here.get(0)));
        here.stream().filter(e -> e.threads() != 0).findFirst().filter(e -> e != here.get(0)).ifPresent(b::add);
        return b;
    }

    private void validate() {
        if (runs < 1) throw new MuException("--runs must be at least 1, got " + runs);
        if (warmup < 0) throw new MuException("--warmup must be at least 0, got " + warmup);
        if (decode < 1) throw new MuException("--decode must be at least 1, got " + decode);
        if (prefill.length == 0) throw new MuException("--prefill needs at least one length");
        for (int p : prefill) if (p < 1) throw new MuException("--prefill lengths must be positive, got " + p);
        if (Arrays.stream(prefill).distinct().count() != prefill.length) {
            throw new MuException("--prefill lengths must be distinct: " + Arrays.toString(prefill));
        }
        if (threads.length == 0) throw new MuException("--threads needs at least one count");
        if (Arrays.stream(threads).distinct().count() != threads.length) {
            throw new MuException("--threads counts must be distinct: " + Arrays.toString(threads));
        }
        for (int t : threads) checkThreads(t);
        if (kvCache.isEmpty()) throw new MuException("--kv-cache needs at least one type");
        for (String kv : kvCache) {
            if (!List.of("auto", "f16", "q8", "f32").contains(kv.strip().toLowerCase(Locale.ROOT))) {
                throw new MuException("--kv-cache " + kv + ": use auto, f16, q8 or f32 (or a list of them)");
            }
        }
        if (probeMib < 1 || probePasses < 1) throw new MuException("--probe-mib and --probe-passes must be positive");
        weightMemory = weightMemory.stream().map(m -> m.strip().toLowerCase(Locale.ROOT)).toList();
        if (weightMemory.isEmpty()) throw new MuException("--weights needs at least one kind");
        for (String m : weightMemory) {
            if (!List.of("mapped", "huge").contains(m)) throw new MuException("--weights " + m + ": use mapped or huge (or mapped,huge)");
        }
        if (weightMemory.stream().distinct().count() != weightMemory.size()) {
            throw new MuException("--weights kinds must be distinct: " + weightMemory);
        }
    }

    /**
     * One run: every prefill length from position 0 (time to the greedy first token), then the first prompt again,
     * untimed, and {@code decode} greedy tokens after it. {@code into} null: warm-up, nothing recorded.
     */
    private void run(Engine e, int[] ids, Series into) {
        for (int p : prefill) {
            int[] promptIds = Arrays.copyOf(ids, p);
            long t0 = System.nanoTime();
            argmax(e.forward(promptIds, 0));
            long ns = System.nanoTime() - t0;
            if (into != null) {
                into.ttftMs.computeIfAbsent(p, k -> new ArrayList<>()).add(ns / 1e6);
                into.prefillTps.computeIfAbsent(p, k -> new ArrayList<>()).add(p / (ns * 1e-9));
            }
        }
        int p0 = prefill[0];
        int next = argmax(e.forward(Arrays.copyOf(ids, p0), 0));
        BandwidthProbe.Buffer probe = into == null ? null : bracketProbes.get(e.hugePages());
        double before = probe == null ? 0 : probe.fastest(BRACKET_PASSES);
        long t0 = System.nanoTime();
        for (int i = 0; i < decode; i++) next = argmax(e.forward(new int[] {next}, p0 + i));
        long ns = System.nanoTime() - t0;
        if (into != null) {
            into.decodeTps.add(decode / (ns * 1e-9));
            into.decodeBandwidth.add(Math.max(before, probe.fastest(BRACKET_PASSES)));
        }
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int[] clip(int[] prompt, int vocab) {
        return Arrays.stream(prompt).map(x -> x % vocab).toArray();
    }

    /** Bytes of one cached row (one position, one KV head, keys or values) of a cache of {@code type}. */
    static long cacheRowBytes(String type, int headDim) {
        DType t = switch (type) {
            case "f16" -> DType.F16;
            case "q8" -> DType.I8;
            default -> DType.F32;
        };
        return Kernels.kvRowLength(t, headDim) * t.bytes;
    }

    /** Bytes of the KV cache one decode token reads, averaged over the decoded positions. */
    private long kvBytesPerToken(Engine e) {
        ModelConfig c = e.config();
        double meanRows = prefill[0] + (decode + 1) / 2.0;   // the token at position p reads rows 0..p
        return Math.round(2.0 * c.nLayers() * c.nKvHeads() * e.kvRowBytes() * meanRows);
    }

    // ---- threads ------------------------------------------------------------------------------------------

    private static String threadNote() {
        return "mu4j threads: the native pool (Kernels.setThreads) per row; [ort] engines: intra-op threads";
    }

    private static void checkThreads(int n) {
        if (n < 1 || n > 256) throw new MuException("--threads " + n + ": must be in [1, 256]");
    }

    private static void setThreads(int n) {
        Kernels.setThreads(n);
    }

    // ---- results ------------------------------------------------------------------------------------------

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** median, min, max of a list of samples. */
    static double[] stats(List<Double> xs) {
        return stats(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double[] stats(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return new double[] {median(s), s[0], s[s.length - 1]};
    }

    /**
     * a[r] / b[r] for each run r: run r of every engine is measured back to back, so a burst of outside load hits
     * both sides of a paired ratio alike.
     */
    static double[] pairedRatios(List<Double> a, List<Double> b) {
        double[] r = new double[Math.min(a.size(), b.size())];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i) / b.get(i);
        return r;
    }

    private static Map<String, Object> statsJson(List<Double> xs) {
        double[] s = stats(xs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", round(s[0]));
        m.put("min", round(s[1]));
        m.put("max", round(s[2]));
        m.put("runs", xs.stream().map(BenchCommand::round).toList());
        return m;
    }

    /** Per thread count: median, min, max GB/s and the number of passes. */
    private static Map<String, Object> bandwidthJson(Map<Integer, BandwidthProbe.Result> probes) {
        Map<String, Object> json = new LinkedHashMap<>();
        probes.forEach((t, bw) -> json.put(Integer.toString(t), Map.of("medianGBps", round(bw.median()),
                "minGBps", round(bw.min()), "maxGBps", round(bw.max()), "passes", bw.gbPerSecond().length)));
        return json;
    }

    private BandwidthProbe.Result bandwidthFor(Engine e, int threads) {
        return (e.hugePages() ? hugeBandwidth : bandwidth).get(threads);
    }

    private double rooflineTps(Engine e, BandwidthProbe.Result bw) {
        return rooflineTps(e, bw.median());
    }

    private double rooflineTps(Engine e, double gbPerSecond) {
        return gbPerSecond * 1e9 / (e.weightBytesPerToken() + kvBytesPerToken(e));
    }

    /**
     * Run by run, the decode speed as a percentage of the roofline of the probe passes that bracketed that decode:
     * the machine's bandwidth at that minute, where the whole-run probe median mixes minutes before and after.
     */
    private List<Double> bracketedPercents(Engine e, Series s) {
        List<Double> pct = new ArrayList<>();
        for (int r = 0; r < s.decodeTps.size(); r++) pct.add(100 * s.decodeTps.get(r) / rooflineTps(e, s.decodeBandwidth.get(r)));
        return pct;
    }

    private Map<String, Object> report(String started, List<Engine> engines, Map<Engine, Map<Integer, Series>> series,
            Map<Engine, Long> peakRss) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("date", started);
        root.put("cpu", cpuName());
        root.put("cpus", Runtime.getRuntime().availableProcessors());
        root.put("isa", Kernels.isaName(Kernels.isa()));
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        root.put("threadNote", threadNote());
        root.put("settings", Map.of("runs", runs, "warmup", warmup, "prefill", prefill, "decode", decode,
                "seed", seed, "probeMiB", probeMib));
        root.put("readBandwidth", bandwidthJson(bandwidth));
        if (!hugeBandwidth.isEmpty()) root.put("readBandwidthHugePages", bandwidthJson(hugeBandwidth));
        List<Object> results = new ArrayList<>();
        for (int t : threads) {
            List<Engine> bases = baselines(engines, t);
            for (Engine e : at(engines, t)) {
                Series s = series.get(e).get(t);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", e.name());
                r.put("runtime", e.runtime());
                r.put("threads", t);
                Map<String, Object> pre = new LinkedHashMap<>(), ttft = new LinkedHashMap<>();
                s.prefillTps.forEach((p, xs) -> pre.put(Integer.toString(p), statsJson(xs)));
                s.ttftMs.forEach((p, xs) -> ttft.put(Integer.toString(p), statsJson(xs)));
                r.put("prefillTokPerS", pre);
                r.put("timeToFirstTokenMs", ttft);
                r.put("decodeTokPerS", statsJson(s.decodeTps));
                r.put("weightBytesPerToken", e.weightBytesPerToken());
                r.put("kvCache", e.kvCacheType());
                r.put("kvBytesPerToken", kvBytesPerToken(e));
                r.put("weights", e.hugePages() ? "huge pages" : "mapped");
                double roof = rooflineTps(e, bandwidthFor(e, t));
                r.put("rooflineTokPerS", round(roof));
                r.put("percentOfRoofline", round(100 * stats(s.decodeTps)[0] / roof));
                r.put("bracketingBandwidthGBps", statsJson(s.decodeBandwidth));
                r.put("percentOfBracketingRoofline", statsJson(bracketedPercents(e, s)));
                long rss = peakRss.get(e);
                r.put("peakRssBytes", rss > 0 ? rss : null);
                List<Object> ratios = new ArrayList<>();
                for (Engine base : bases) {
                    Series b = series.get(base).get(t);
                    Map<String, Object> ratio = new LinkedHashMap<>();
                    ratio.put("against", base.name());
                    ratio.put("decode", round(stats(s.decodeTps)[0] / stats(b.decodeTps)[0]));
                    double[] paired = pairedRatios(s.decodeTps, b.decodeTps);
                    ratio.put("decodePaired", Map.of("median", round(stats(paired)[0]), "min", round(stats(paired)[1]),
                            "max", round(stats(paired)[2])));
                    for (int p : prefill) {
                        ratio.put("prefill" + p, round(stats(s.prefillTps.get(p))[0] / stats(b.prefillTps.get(p))[0]));
                    }
                    ratios.add(ratio);
                }
                r.put("ratios", ratios);
                results.add(r);
            }
        }
        root.put("results", results);
        return root;
    }

    private void printTables(PrintStream out, List<Engine> engines, Map<Engine, Map<Integer, Series>> series,
            Map<Engine, Long> peakRss) {
        int nameWidth = Math.max(12, engines.stream().mapToInt(e -> e.name().length()).max().orElse(0));
        for (int t : threads) {
            BandwidthProbe.Result bw = bandwidth.get(t);
            out.printf(Locale.ROOT, "%n%d thread%s. Read bandwidth %.1f GB/s (median of %d passes of %d MiB; %.1f-%.1f)."
                            + " Median of %d runs (min-max).%n", t, t == 1 ? "" : "s", bw.median(),
                    bw.gbPerSecond().length, probeMib, bw.min(), bw.max(), runs);
            BandwidthProbe.Result hbw = hugeBandwidth.get(t);
            if (hbw != null) {
                out.printf(Locale.ROOT, "In huge pages %.1f GB/s (%.1f-%.1f): the roofline of the engines labelled huge.%n",
                        hbw.median(), hbw.min(), hbw.max());
            }
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", "model"));
            for (int p : prefill) head.append(String.format(Locale.ROOT, "  %-20s", "prefill-" + p + " tok/s"));
            head.append(String.format(Locale.ROOT, "  %-20s", "TTFT-" + prefill[0] + " ms"));
            head.append(String.format(Locale.ROOT, "  %-20s  %9s  %9s  %6s  %-14s  %8s", "decode-" + decode + " tok/s",
                    "MB/token", "roof tok/s", "%roof", "%roof bracket", "peak RSS"));
            out.println(head);
            for (Engine e : at(engines, t)) {
                Series s = series.get(e).get(t);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", e.name()));
                for (int p : prefill) row.append("  ").append(cell(s.prefillTps.get(p)));
                row.append("  ").append(cell(s.ttftMs.get(prefill[0])));
                row.append("  ").append(cell(s.decodeTps));
                double roof = rooflineTps(e, bandwidthFor(e, t));
                long rss = peakRss.get(e);
                double[] bracket = stats(bracketedPercents(e, s));
                row.append(String.format(Locale.ROOT, "  %9.1f  %9.1f  %5.0f%%  %-14s  %8s",
                        (e.weightBytesPerToken() + kvBytesPerToken(e)) / 1e6, roof,
                        100 * stats(s.decodeTps)[0] / roof,
                        String.format(Locale.ROOT, "%.0f%% (%.0f-%.0f)", bracket[0], bracket[1], bracket[2]),
                        rss > 0 ? Math.round(rss / 1e6) + " MB" : "n/a"));
                out.println(row);
            }
            for (Engine base : baselines(engines, t)) {
                List<Engine> others = at(engines, t).stream().filter(e -> e != base).toList();
                if (others.isEmpty()) continue;
                Series b = series.get(base).get(t);
                out.printf("ratios against %s (medians):%n", base.name());
                for (Engine e : others) {
                    Series s = series.get(e).get(t);
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + nameWidth + "s", e.name()));
                    for (int p : prefill) {
                        row.append(String.format(Locale.ROOT, "  prefill-%d x%.2f", p,
                                stats(s.prefillTps.get(p))[0] / stats(b.prefillTps.get(p))[0]));
                    }
                    double[] paired = stats(pairedRatios(s.decodeTps, b.decodeTps));
                    row.append(String.format(Locale.ROOT, "  decode x%.2f (run by run x%.2f, %.2f-%.2f)",
                            stats(s.decodeTps)[0] / stats(b.decodeTps)[0], paired[0], paired[1], paired[2]));
                    out.println(row);
                }
            }
        }
        out.println();
        out.println("TTFT = prompt prefill + the greedy first token. Roofline = read bandwidth / (weight bytes + mean KV"
                + " cache bytes per decode token); [ort] weight bytes = its weights.bin + decode.onnx. %roof: against"
                + " the median of the probe passes before and after all runs; %roof bracket: run by run against the"
                + " fastest of two probe passes just before and two just after that run's decode (median, min-max). Peak RSS = the"
                + " JVM's RSS before any model + the most the model's load and warm-up added (VmHWM"
                + (Rss.available() ? ")." : "; n/a: no /proc/self/status)."));
    }

    private static String cell(List<Double> xs) {
        double[] s = stats(xs);
        return String.format(Locale.ROOT, "%-20s", String.format(Locale.ROOT, "%s (%s-%s)", fmt(s[0]), fmt(s[1]), fmt(s[2])));
    }

    private static String fmt(double x) {
        return x >= 100 ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.1f", x);
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the JVM's description
        }
        return System.getProperty("os.arch");
    }

    /** Resident set size from /proc/self/status (Linux); -1 elsewhere. */
    static final class Rss {
        private static final Path STATUS = Path.of("/proc/self/status");

        private Rss() {}

        static boolean available() {
            return Files.isReadable(STATUS);
        }

        static long current() {
            return field("VmRSS:");
        }

        static long peak() {
            return field("VmHWM:");
        }

        /** Resets VmHWM to the current RSS (Linux 4.0+: "5" into clear_refs); false if that is not possible. */
        static boolean resetPeak() {
            try {
                Files.writeString(Path.of("/proc/self/clear_refs"), "5");
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        private static long field(String name) {
            try {
                for (String line : Files.readAllLines(STATUS, StandardCharsets.UTF_8)) {
                    if (line.startsWith(name)) {
                        String[] parts = line.substring(name.length()).trim().split("\\s+");
                        return Long.parseLong(parts[0]) * 1024;   // kB
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}
