package dev.mu4j.internal.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.Kernels;
import dev.mu4j.internal.NativeArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One memory-mapped {@code .safetensors} file: an 8-byte little-endian header length, a JSON header of
 * {@code name -> {dtype, shape, data_offsets}}, then the raw tensor bytes.
 *
 * <p>The header is read with plain Java I/O and checked completely (dtype, shape, offsets inside the file)
 * before the file is mapped; tensors are then views into the mapping, never copies. With huge pages the file is
 * instead read once, unchanged, into a private huge-page-backed copy ({@code mu_load_file}), and the views point
 * there. Closing unmaps (or frees) the file, so no view may be used afterwards. Thread-safe for reading.
 */
public final class SafeTensorsFile implements AutoCloseable {
    /** Headers larger than this are treated as corrupt rather than read into memory. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    /** One tensor's header entry: dtype, shape and byte range inside the data section. */
    public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    private final Path path;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final long fileSize;
    private final long dataOffset;
    private final boolean loaded;
    private long mapAddress;

    private SafeTensorsFile(Path path, Map<String, Entry> entries, Map<String, String> metadata, long fileSize,
            long dataOffset, long mapAddress, boolean loaded) {
        this.path = path;
        this.entries = entries;
        this.metadata = metadata;
        this.fileSize = fileSize;
        this.dataOffset = dataOffset;
        this.mapAddress = mapAddress;
        this.loaded = loaded;
    }

    /** Reads and validates the header of {@code path}, then maps the file. */
    public static SafeTensorsFile open(Path path) throws IOException {
        return open(path, false);
    }

    /**
     * Reads and validates the header of {@code path}, then maps the file, or with {@code hugePages} reads it into
     * a private copy backed by transparent huge pages (Linux; elsewhere ordinary pages).
     */
    public static SafeTensorsFile open(Path path, boolean hugePages) throws IOException {
        long fileSize;
        String headerText;
        long headerLen;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            fileSize = ch.size();
            if (fileSize < 8) throw bad(path, "file is " + fileSize + " bytes, too short for a safetensors header");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > fileSize - 8 || headerLen > MAX_HEADER_BYTES) {
                throw bad(path, "header length " + Long.toUnsignedString(headerLen) + " is impossible for a file of "
                        + fileSize + " bytes (corrupt or truncated file)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            headerText = new String(header.array(), StandardCharsets.UTF_8);
        }
        long dataSize = fileSize - 8 - headerLen;
        Map<String, Entry> entries = parseHeader(path, headerText, dataSize);
        Map<String, String> metadata = parseMetadata(path, headerText);
        long[] map = hugePages ? Kernels.loadFile(path.toString(), true) : Kernels.mapFile(path.toString());
        if (map[0] == 0) throw new IOException(path + (hugePages ? ": cannot read the file into memory" : ": cannot memory-map the file"));
        if (map[1] != fileSize) {
            release(map[0], map[1], hugePages);
            throw new IOException(path + ": the file changed size while it was opened (" + fileSize + " -> " + map[1] + " bytes)");
        }
        return new SafeTensorsFile(path, entries, metadata, fileSize, 8 + headerLen, map[0], hugePages);
    }

    /** Frees what open got: a copy from Kernels.loadFile ({@code loaded}) or a mapping from Kernels.mapFile. */
    private static void release(long address, long size, boolean loaded) {
        if (loaded) Kernels.unloadFile(address, size);
        else Kernels.unmapFile(address, size);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) throw new IOException("unexpected end of file");
        }
    }

    static Map<String, Entry> parseHeader(Path path, String text, long dataSize) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new MuException(path + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) throw bad(path, "safetensors header is not a JSON object");
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) continue;
            if (!e.getValue().isJsonObject()) throw bad(path, "tensor '" + name + "': header entry is not an object");
            entries.put(name, parseEntry(path, name, e.getValue().getAsJsonObject(), dataSize));
        }
        return Collections.unmodifiableMap(entries);
    }

    /** The header's {@code __metadata__} string map (empty when absent). */
    static Map<String, String> parseMetadata(Path path, String text) {
        JsonElement meta = JsonParser.parseString(text).getAsJsonObject().get("__metadata__");
        if (meta == null || meta.isJsonNull()) return Map.of();
        if (!meta.isJsonObject()) throw bad(path, "__metadata__ is not an object of strings");
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : meta.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive()) throw bad(path, "__metadata__." + e.getKey() + " is not a string");
            m.put(e.getKey(), e.getValue().getAsString());
        }
        return Collections.unmodifiableMap(m);
    }

    private static Entry parseEntry(Path path, String name, JsonObject o, long dataSize) {
        String where = "tensor '" + name + "'";
        try {
            String dtypeName = o.get("dtype").getAsString();
            DType dtype = DType.fromSafetensors(dtypeName);
            if (dtype == null) {
                throw bad(path, where + " has dtype " + dtypeName + "; supported: F32, F16, BF16 (I32; I8 and U8 for"
                        + " quantized weights)");
            }
            var shapeJson = o.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                if (shape[i] < 0) throw bad(path, where + " has a negative dimension " + shape[i]);
                elements = Math.multiplyExact(elements, shape[i]);
            }
            var offsets = o.getAsJsonArray("data_offsets");
            if (offsets.size() != 2) throw bad(path, where + ": data_offsets must have two entries");
            long begin = offsets.get(0).getAsLong(), end = offsets.get(1).getAsLong();
            if (begin < 0 || end < begin) throw bad(path, where + ": data_offsets [" + begin + ", " + end + "] are invalid");
            if (end > dataSize) {
                throw bad(path, where + ": data [" + begin + ", " + end + ") extends past the end of the data section ("
                        + dataSize + " bytes): truncated file?");
            }
            long expected = Math.multiplyExact(elements, dtype.bytes);
            if (end - begin != expected) {
                throw bad(path, where + ": " + (end - begin) + " bytes of data but shape and " + dtypeName + " need "
                        + expected);
            }
            return new Entry(name, dtype, shape, begin, end);
        } catch (MuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MuException(path + ": " + where + ": malformed header entry " + o + " (" + e + ")", e);
        }
    }

    private static MuException bad(Path path, String what) {
        return new MuException(path + ": " + what);
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The header's {@code __metadata__} (string to string; empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Header entries by tensor name, in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** A view of a tensor's data inside the mapping. */
    public NativeArray view(Entry e) {
        if (mapAddress == 0) throw new MuException(path + ": used after close");
        return NativeArray.view(mapAddress + dataOffset + e.begin(), e.elements(), e.dtype());
    }

    /** Unmaps (or frees) the file; idempotent. */
    @Override
    public void close() {
        if (mapAddress != 0) release(mapAddress, fileSize, loaded);
        mapAddress = 0;
    }
}
