package dev.mu4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import org.junit.jupiter.api.Test;

/** The JNI boundary refuses bad sizes and dtypes before native code runs, and computes right when they are fine. */
class KernelsBoundaryTest {
    private static void assertRejected(String fragment, Runnable call) {
        MuException e = assertThrows(MuException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void matvecComputesAndChecksSizes() {
        try (NativeArray w = NativeArray.allocate(DType.F32, 6);
             NativeArray x = NativeArray.allocate(DType.F32, 3);
             NativeArray out = NativeArray.allocate(DType.F32, 2);
             NativeArray i32 = NativeArray.allocate(DType.I32, 3)) {
            w.write(0, new float[] {1, 2, 3, 4, 5, 6});   // W(2, 3)
            x.write(0, new float[] {1, 0, -1});
            Kernels.matvec(out, w, x, 3, 2);
            float[] y = new float[2];
            out.read(0, y);
            assertArrayEquals(new float[] {-2, -2}, y);
            assertRejected("matvec w", () -> Kernels.matvec(x, w, x, 3, 3));   // x doubles as a 3-float output
            assertRejected("matvec out", () -> Kernels.matvec(out.slice(0, 1), w, x, 3, 2));
            assertRejected("matvec x", () -> Kernels.matvec(out, w, x.slice(0, 2), 3, 2));
            assertRejected("expected F32", () -> Kernels.matvec(out, w, i32, 3, 2));
            assertRejected("n must be positive", () -> Kernels.matvec(out, w, x, 0, 2));
            assertRejected("t must be positive", () -> Kernels.matmul(out, w, x, 3, 2, -1));
        }
    }

    @Test
    void threadCountIsCheckedAndProductsDoNotDependOnIt() {
        int before = Kernels.threads();
        assertTrue(before >= 1);
        assertRejected("threads must be in [1, 256]", () -> Kernels.setThreads(0));
        assertEquals(before, Kernels.threads());
        int n = 512, d = 300;   // large enough to be split over threads
        try (NativeArray w = NativeArray.allocate(DType.F32, (long) n * d);
             NativeArray x = NativeArray.allocate(DType.F32, n);
             NativeArray out = NativeArray.allocate(DType.F32, d)) {
            float[] wv = new float[n * d], xv = new float[n];
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < wv.length; i++) wv[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < n; i++) xv[i] = r.nextFloat() - 0.5f;
            w.write(0, wv);
            x.write(0, xv);
            float[] one = new float[d], two = new float[d];
            Kernels.setThreads(1);
            Kernels.matvec(out, w, x, n, d);
            out.read(0, one);
            Kernels.setThreads(2);
            assertEquals(2, Kernels.threads());
            Kernels.matvec(out, w, x, n, d);
            out.read(0, two);
            assertArrayEquals(one, two);
        } finally {
            Kernels.setThreads(before);
        }
    }

    @Test
    void quantizedProductsComputeAndCheckSizes() {
        int n = 64, d = 3;
        Kernels.QuantType q8 = Kernels.QuantType.Q8_0, q4 = Kernels.QuantType.Q4_0;
        try (NativeArray w = NativeArray.allocate(DType.F32, (long) n * d);
             NativeArray q = NativeArray.allocate(DType.I8, (long) n * d);
             NativeArray nib = NativeArray.allocate(DType.U8, (long) n * d / 2);
             NativeArray scale = NativeArray.allocate(DType.F16, (long) d * n / 32);
             NativeArray x = NativeArray.allocate(DType.F32, n);
             NativeArray xq = NativeArray.allocate(DType.I8, Kernels.actRowBytes(n));
             NativeArray out = NativeArray.allocate(DType.F32, 2L * d)) {
            float[] wv = new float[n * d], xv = new float[n];
            for (int i = 0; i < wv.length; i++) wv[i] = (i % 7) - 3;
            for (int i = 0; i < n; i++) xv[i] = i % 2 == 0 ? 1 : -1;
            w.write(0, wv);
            x.write(0, xv);
            assertTrue(Kernels.quantize(q8, q, scale, w, (long) n * d));
            Kernels.quantizeAct(xq, x, n, 1);
            Kernels.matmulQuant(q8, out, q, scale, xq, n, d, 1);
            float[] y = new float[d];
            out.read(0, y);
            for (int r = 0; r < d; r++) {
                float want = 0;
                for (int k = 0; k < n; k++) want += wv[r * n + k] * xv[k];
                assertEquals(want, y[r], 0.05f, "row " + r);   // fp16 scale 3/127: a few 1e-3 per term
            }
            // The grouped form: rows 0..1 and row 2 of W as two products give the same values as the whole.
            try (NativeArray o0 = NativeArray.allocate(DType.F32, 2); NativeArray o1 = NativeArray.allocate(DType.F32, 1)) {
                Kernels.matmulQuantGroup(q8, new NativeArray[] {o0, o1}, new NativeArray[] {q.slice(0, 2L * n), q.slice(2L * n, n)},
                        new NativeArray[] {scale.slice(0, 2L * n / 32), scale.slice(2L * n / 32, n / 32)}, new int[] {2, 1}, xq, n, 1);
                float[] g0 = new float[2], g1 = new float[1];
                o0.read(0, g0);
                o1.read(0, g1);
                assertArrayEquals(new float[] {y[0], y[1], y[2]}, new float[] {g0[0], g0[1], g1[0]});
                assertRejected("1 to 3 products", () -> Kernels.matmulQuantGroup(q8, new NativeArray[] {o0, o1},
                        new NativeArray[] {q}, new NativeArray[] {scale}, new int[] {d}, xq, n, 1));
                assertRejected("matmul w", () -> Kernels.matmulQuantGroup(q8, new NativeArray[] {o0},
                        new NativeArray[] {q.slice(0, 10)}, new NativeArray[] {scale}, new int[] {2}, xq, n, 1));
                assertRejected("matmul out", () -> Kernels.matmulQuantGroup(q8, new NativeArray[] {o1},
                        new NativeArray[] {q}, new NativeArray[] {scale}, new int[] {2}, xq, n, 1));
            }
            assertRejected("not a multiple of 32", () -> Kernels.matmulQuant(q8, out, q, scale, xq, 48, d, 1));
            assertRejected("expected U8", () -> Kernels.matmulQuant(q4, out, q, scale, xq, n, d, 1));
            assertRejected("matmul w", () -> Kernels.matmulQuant(q4, out, nib.slice(0, 10), scale, xq, n, d, 1));
            assertRejected("matmul xq", () -> Kernels.matmulQuant(q8, out, q, scale, xq, n, d, 2));
            assertRejected("quantizeAct xq", () -> Kernels.quantizeAct(xq.slice(0, 5), x, n, 1));
            assertRejected("matvec: unsupported weight dtype I8", () -> Kernels.matvec(out, q, x, n, d));
            w.write(0, new float[] {Float.NaN});
            assertTrue(!Kernels.quantize(q4, nib, scale, w, (long) n * d), "NaN reported");
        }
    }

    @Test
    void attentionAndKvStoreCheckPositions() {
        int heads = 2, kvHeads = 1, hd = 4, ctx = 8;
        try (NativeArray q = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray k = NativeArray.allocate(DType.F32, kvHeads * hd);
             NativeArray kc = NativeArray.allocate(DType.F32, kvHeads * ctx * hd);
             NativeArray vc = NativeArray.allocate(DType.F32, kvHeads * ctx * hd);
             NativeArray out = NativeArray.allocate(DType.F32, heads * hd);
             NativeArray scratch = NativeArray.allocate(DType.F32, ctx)) {
            assertRejected("outside cache", () -> Kernels.kvStore(kc, vc, k, k, kvHeads, hd, ctx, ctx, 1));
            assertRejected("outside cache", () -> Kernels.attention(out, scratch, q, kc, vc, heads, kvHeads, hd, ctx, 8, 1, 0.5f));
            assertRejected("not a multiple", () -> Kernels.attention(out, scratch, q, kc, vc, 3, 2, hd, ctx, 0, 1, 0.5f));
            assertRejected("k cache", () -> Kernels.attention(out, scratch, q, kc.slice(0, 4), vc, heads, kvHeads, hd, ctx, 0, 1, 0.5f));
            assertRejected("scratch", () -> Kernels.attention(out, scratch.slice(0, 2), q, kc, vc, heads, kvHeads, hd, ctx, 4, 1, 0.5f));
            // one cached row: attention returns exactly its value vector for every head
            k.write(0, new float[] {1, 2, 3, 4});
            Kernels.kvStore(kc, vc, k, k, kvHeads, hd, ctx, 0, 1);
            Kernels.attention(out, scratch, q, kc, vc, heads, kvHeads, hd, ctx, 0, 1, 0.5f);
            float[] o = new float[heads * hd];
            out.read(0, o);
            assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, o);
        }
    }

    @Test
    void ropeChecksRotaryDims() {
        try (NativeArray x = NativeArray.allocate(DType.F32, 8); NativeArray pos = NativeArray.allocate(DType.I32, 1)) {
            assertRejected("rot_dim", () -> Kernels.rope(x, pos, 1, 8, 3, 10000f, 1));
            assertRejected("rot_dim", () -> Kernels.rope(x, pos, 1, 8, 10, 10000f, 1));
            assertRejected("pos must hold", () -> Kernels.rope(x, pos, 1, 4, 4, 10000f, 2));
        }
    }

    @Test
    void nativeArraysRefuseUseAfterCloseAndBadSlices() {
        NativeArray a = NativeArray.allocate(DType.F32, 4);
        assertRejected("out of bounds", () -> a.slice(2, 3));
        assertRejected("out of bounds", () -> a.read(3, new float[2]));
        a.close();
        a.close();
        assertRejected("after close", a::address);
    }

    @Test
    void everyIsaCanBeSelectedAndRefAlwaysExists() {
        int before = Kernels.isa();
        try {
            for (int isa : Kernels.supportedIsas()) {
                Kernels.setIsa(isa);
                assertEquals(isa, Kernels.isa());
            }
            assertTrue(Kernels.isaSupported(Kernels.ISA_REF));
            for (int isa = 0; isa <= Kernels.ISA_NEON; isa++) {
                if (!Kernels.isaSupported(isa)) {
                    int unsupported = isa;
                    assertRejected("not supported", () -> Kernels.setIsa(unsupported));
                }
            }
        } finally {
            Kernels.setIsa(before);
        }
    }
}
