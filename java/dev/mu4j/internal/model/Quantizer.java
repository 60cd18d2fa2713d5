package dev.mu4j.internal.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.NativeArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Converts a model directory's F32/F16/BF16 weights to q8_0 or q4_0 (models/FORMAT.md, "Quantized weights"), in
 * the plain layout or, for the types q8_0r4 / q4_0r4, with the rows of every matrix that allows it (rows % 4 == 0,
 * columns % 256 == 0) interleaved in groups of 4 ("Interleaved rows"; the other matrices stay plain).
 *
 * <p>Every 2-D tensor (the linear layers and the embedding table) whose column count is a multiple of 32 is
 * quantized; a matrix with another column count is kept in its dtype and listed in the report; 1-D tensors (norms,
 * biases) are copied. A non-finite weight or a block scale beyond fp16 fails with the tensor's name. The output is
 * one {@code model.safetensors} (even for a sharded input) plus a copy of every other file of the directory.
 */
public final class Quantizer {
    /**
     * What a conversion did: tensors quantized (of which {@code interleaved} with interleaved rows), tensors kept
     * (with the reason), bytes of weights in and out.
     */
    public record Report(QuantType type, int quantized, int interleaved, List<String> kept, long bytesIn,
            long bytesOut) {}

    /** Elements converted per step (bounds the F32 scratch at 16 MB). */
    private static final long STEP_ELEMENTS = 4L << 20;

    private Quantizer() {}

    /**
     * Quantizes the model in {@code in} into the new directory {@code out}.
     *
     * @param progress receives the number of elements done after each step (the total is {@link #elements})
     */
    public static Report quantize(Path in, Path out, QuantType type, LongConsumer progress) throws IOException {
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new MuException(out + ": output directory exists and is not empty");
        }
        List<SafeTensorsFile> files = new ArrayList<>();
        try {
            for (Path p : Weights.weightFiles(in)) files.add(SafeTensorsFile.open(p));
            Map<String, Source> tensors = new TreeMap<>();
            for (SafeTensorsFile f : files) {
                if (f.metadata().containsKey(Weights.QUANT_MARKER)) {
                    throw new MuException(f.path() + ": already quantized (" + Weights.QUANT_MARKER + " = "
                            + f.metadata().get(Weights.QUANT_MARKER) + ")");
                }
                for (SafeTensorsFile.Entry e : f.entries().values()) tensors.put(e.name(), new Source(f, e));
            }
            Files.createDirectories(out);
            copyOtherFiles(in, out);
            return write(out.resolve("model.safetensors"), tensors, type, progress);
        } finally {
            files.forEach(SafeTensorsFile::close);
        }
    }

    /** Weight elements of the model in {@code dir} (for a progress total). */
    public static long elements(Path dir) throws IOException {
        long n = 0;
        for (Path p : Weights.weightFiles(dir)) {
            try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
                for (SafeTensorsFile.Entry e : f.entries().values()) n += e.elements();
            }
        }
        return n;
    }

    private record Source(SafeTensorsFile file, SafeTensorsFile.Entry entry) {}

    /** One output tensor: name, dtype, shape, and its byte range in the data section. */
    private record Out(String name, DType dtype, long[] shape, long begin, long end) {}

    private static Report write(Path target, Map<String, Source> tensors, QuantType type, LongConsumer progress)
            throws IOException {
        // Plan: which tensors are quantized, and the layout of the output.
        List<String> kept = new ArrayList<>();
        Map<String, Out> layout = new java.util.LinkedHashMap<>();
        long offset = 0, bytesIn = 0;
        int quantized = 0, interleaved = 0;
        for (Source s : tensors.values()) {
            SafeTensorsFile.Entry e = s.entry();
            bytesIn += e.end() - e.begin();
            long[] shape = e.shape();
            boolean matrix = shape.length == 2 && (e.dtype() == DType.F32 || e.dtype() == DType.F16 || e.dtype() == DType.BF16);
            if (matrix && shape[1] % Kernels.QK == 0 && shape[1] > 0) {
                long rows = shape[0], cols = shape[1];
                long qBytes = rows * type.quantsPerRow(cols);
                layout.put(e.name(), new Out(e.name(), type.quantsDtype, new long[] {rows, type.quantsPerRow(cols)},
                        offset, offset + qBytes));
                offset += qBytes;
                long sBytes = rows * (cols / Kernels.QK) * 2;
                String scale = e.name() + Weights.SCALE_SUFFIX;
                layout.put(scale, new Out(scale, DType.F16, new long[] {rows, cols / Kernels.QK}, offset, offset + sBytes));
                offset += sBytes;
                quantized++;
                if (type.interleaved() && QuantType.canInterleave(rows, cols)) interleaved++;
            } else {
                if (matrix) kept.add(e.name() + " " + Arrays.toString(shape) + " " + e.dtype() + ": " + shape[1]
                        + " columns, not a multiple of " + Kernels.QK);
                layout.put(e.name(), new Out(e.name(), e.dtype(), shape, offset, offset + (e.end() - e.begin())));
                offset += e.end() - e.begin();
            }
        }
        byte[] header = header(layout, type);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(ch, len, 0);
            writeFully(ch, ByteBuffer.wrap(header), 8);
            long data = 8 + header.length, done = 0;
            for (Source s : tensors.values()) {
                SafeTensorsFile.Entry e = s.entry();
                Out o = layout.get(e.name());
                NativeArray src = s.file().view(e);
                if (o.dtype() == e.dtype()) {
                    copy(ch, data + o.begin(), src);
                } else {
                    convert(ch, data, o, layout.get(e.name() + Weights.SCALE_SUFFIX), src, e, type);
                }
                done += e.elements();
                progress.accept(done);
            }
            ch.force(true);
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(tmp);
            throw ex;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Report(type, quantized, interleaved, List.copyOf(kept), bytesIn, offset);
    }

    private static void convert(FileChannel ch, long data, Out q, Out scale, NativeArray src,
            SafeTensorsFile.Entry e, QuantType type) throws IOException {
        long rows = e.shape()[0], cols = e.shape()[1];
        boolean interleave = type.interleaved() && QuantType.canInterleave(rows, cols);
        QuantType plain = type.plain();
        // Whole groups of 4 rows per step when interleaving: a group's rows are one contiguous range either way.
        long stepRows = Math.max(QuantType.R4_ROWS, STEP_ELEMENTS / cols / QuantType.R4_ROWS * QuantType.R4_ROWS);
        long qRow = type.quantsPerRow(cols), sRow = cols / Kernels.QK, most = Math.min(rows, stepRows);
        try (NativeArray f32 = NativeArray.allocate(DType.F32, most * cols);
             NativeArray qs = NativeArray.allocate(type.quantsDtype, most * qRow);
             NativeArray ss = NativeArray.allocate(DType.F16, most * sRow);
             NativeArray qi = NativeArray.allocate(type.quantsDtype, interleave ? most * qRow : 1);
             NativeArray si = NativeArray.allocate(DType.F16, interleave ? most * sRow : 1)) {
            for (long r0 = 0; r0 < rows; r0 += stepRows) {
                long n = Math.min(stepRows, rows - r0);
                Kernels.toF32(f32, src.slice(r0 * cols, n * cols));
                if (!Kernels.quantize(plain, qs, ss, f32, n * cols)) {
                    throw new MuException(e.name() + ": rows " + r0 + ".." + (r0 + n - 1) + " hold a value that is not"
                            + " finite or too large for an fp16 block scale; cannot quantize to " + plain.id());
                }
                NativeArray qOut = qs.slice(0, n * qRow), sOut = ss.slice(0, n * sRow);
                if (interleave) {
                    Kernels.interleaveRows(plain, qi.slice(0, n * qRow), si.slice(0, n * sRow), qOut, sOut, (int) cols,
                            (int) n);
                    qOut = qi.slice(0, n * qRow);
                    sOut = si.slice(0, n * sRow);
                }
                copy(ch, data + q.begin() + r0 * qRow, qOut);
                copy(ch, data + scale.begin() + r0 * sRow * 2, sOut);
            }
        }
    }

    /** Writes the bytes of {@code src} at {@code position}, in steps. */
    private static void copy(FileChannel ch, long position, NativeArray src) throws IOException {
        long total = src.byteSize(), step = STEP_ELEMENTS;
        int elem = src.dtype().bytes;
        for (long b = 0; b < total; b += step) {
            int n = (int) Math.min(step, total - b);
            byte[] buf = new byte[n];
            Kernels.readBytes(src.slice(b / elem, n / elem), buf);
            writeFully(ch, ByteBuffer.wrap(buf), position + b);
        }
    }

    private static byte[] header(Map<String, Out> layout, QuantType type) {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty(Weights.QUANT_MARKER, type.plain().id());
        meta.addProperty(Weights.QUANT_MARKER + ".version", type.interleaved() ? "2" : "1");
        if (type.interleaved()) meta.addProperty(Weights.LAYOUT_MARKER, "r4");
        root.add("__metadata__", meta);
        for (Out o : layout.values()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", o.dtype().safetensorsName);
            JsonArray shape = new JsonArray();
            for (long d : o.shape()) shape.add(d);
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(o.begin());
            offsets.add(o.end());
            t.add("data_offsets", offsets);
            root.add(o.name(), t);
        }
        String json = new Gson().toJson(root);
        // Pad with spaces (allowed by the format) so the data section starts 64-byte aligned in the file.
        int pad = (int) ((64 - (8 + json.getBytes(StandardCharsets.UTF_8).length) % 64) % 64);
        return (json + " ".repeat(pad)).getBytes(StandardCharsets.UTF_8);
    }

    private static void copyOtherFiles(Path in, Path out) throws IOException {
        List<Path> weights = Weights.weightFiles(in);
        try (var list = Files.list(in)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || weights.contains(p) || name.equals("model.safetensors.index.json")) continue;
                Files.copy(p, out.resolve(name));
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) position += ch.write(buf, position);
    }
}
