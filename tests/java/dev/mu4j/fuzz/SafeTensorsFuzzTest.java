package dev.mu4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mu4j.MuException;
import dev.mu4j.internal.DType;
import dev.mu4j.internal.NativeArray;
import dev.mu4j.internal.model.SafeTensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * {@code .safetensors} files as raw bytes: the 8-byte header length (any value, 2^64 - 1 included), the JSON
 * header and the data. Opening either fails with a MuException/IOException or yields entries whose byte ranges
 * lie inside the file; every tensor view is then readable end to end. Seeds: tests/fuzz/dev/mu4j/fuzz/
 * SafeTensorsFuzzTestInputs/safetensorsFile (small valid files of each dtype, made by hand).
 */
class SafeTensorsFuzzTest {
    static final Path FILE = FuzzSupport.scratch("model.safetensors");

    @FuzzTest(maxDuration = "10s")
    void safetensorsFile(byte[] content) {
        FuzzSupport.write(FILE, content);
        try (SafeTensorsFile f = SafeTensorsFile.open(FILE)) {
            long headerLen = ByteBuffer.wrap(content, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            for (SafeTensorsFile.Entry e : f.entries().values()) {
                if (e.begin() < 0 || e.end() < e.begin() || 8 + headerLen + e.end() > content.length) {
                    throw new AssertionError("entry outside the file: " + e.name() + " [" + e.begin() + ", " + e.end() + ")");
                }
                NativeArray view = f.view(e);
                if (view.byteSize() != e.end() - e.begin()) {
                    throw new AssertionError(e.name() + ": view of " + view.byteSize() + " bytes, entry of " + (e.end() - e.begin()));
                }
                if (view.dtype() == DType.F32 && view.length() > 0) {   // the first and last element are readable
                    view.getFloat(0);
                    view.getFloat(view.length() - 1);
                }
            }
        } catch (MuException e) {
            FuzzSupport.checkMessage(e);
        } catch (IOException e) {
            // a clear I/O error (short read of a truncated file)
        }
    }
}
