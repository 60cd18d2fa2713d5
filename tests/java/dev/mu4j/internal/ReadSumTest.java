package dev.mu4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mu4j.MuException;
import org.junit.jupiter.api.Test;

/** The bandwidth probe's read pass through JNI: the documented sum, and no native call on a closed array. */
class ReadSumTest {
    @Test
    void sumsWholeLinesAsWordsAndTheTailAsBytes() {
        for (int n : new int[] {1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 127, 4095}) {
            try (NativeArray a = NativeArray.allocate(DType.I32, n)) {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) v[i] = 0x9E3779B9 * (i + 1);
                a.write(0, v);
                long want = 0;
                int wholeInts = n / 16 * 16;   // 16 ints = one 64-byte line
                for (int i = 0; i + 1 < wholeInts; i += 2) want += (v[i] & 0xffffffffL) | ((long) v[i + 1] << 32);
                for (int i = wholeInts; i < n; i++) {
                    for (int b = 0; b < 4; b++) want += (v[i] >>> (8 * b)) & 0xff;
                }
                assertEquals(want, Kernels.readSum(a), "n = " + n);
            }
        }
        NativeArray closed = NativeArray.allocate(DType.F32, 4);
        closed.close();
        assertThrows(MuException.class, () -> Kernels.readSum(closed));
        assertThrows(MuException.class, () -> Kernels.readSum(null));
    }
}
