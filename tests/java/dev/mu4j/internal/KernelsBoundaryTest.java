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

    private static byte[] bytes(NativeArray a) {
        byte[] b = new byte[(int) a.byteSize()];
        Kernels.readBytes(a, b);
        return b;
    }

    private static float[] floats(NativeArray a, int n) {
        float[] f = new float[n];
        a.read(0, f);
        return f;
    }

    @Test
    void fusedNormQuantEqualsNormThenQuantizeAndChecksSizes() {
        int n = 96, t = 3;   // 3 blocks per row
        java.util.Random r = new java.util.Random(11);
        try (NativeArray x = NativeArray.allocate(DType.F32, (long) n * t);
             NativeArray w = NativeArray.allocate(DType.F32, n);
             NativeArray b = NativeArray.allocate(DType.F32, n);
             NativeArray out = NativeArray.allocate(DType.F32, (long) n * t);
             NativeArray want = NativeArray.allocate(DType.F32, (long) n * t);
             NativeArray xq = NativeArray.allocate(DType.I8, Kernels.actRowBytes(n) * t);
             NativeArray wantQ = NativeArray.allocate(DType.I8, Kernels.actRowBytes(n) * t)) {
            float[] xv = new float[n * t], wv = new float[n], bv = new float[n];
            for (int i = 0; i < xv.length; i++) xv[i] = r.nextFloat() * 4 - 1;
            for (int i = 0; i < n; i++) {
                wv[i] = 0.5f + r.nextFloat();
                bv[i] = r.nextFloat() - 0.5f;
            }
            x.write(0, xv);
            w.write(0, wv);
            b.write(0, bv);
            for (boolean rms : new boolean[] {false, true}) {
                if (rms) {
                    Kernels.rmsnorm(want, x, w, n, t, 1e-6f);
                    Kernels.rmsnormQuant(xq, out, x, w, n, t, 1e-6f);
                } else {
                    Kernels.layernorm(want, x, w, b, n, t, 1e-5f);
                    Kernels.layernormQuant(xq, out, x, w, b, n, t, 1e-5f);
                }
                Kernels.quantizeAct(wantQ, want, n, t);
                assertArrayEquals(floats(want, n * t), floats(out, n * t), rms ? "rmsnorm" : "layernorm");
                assertArrayEquals(bytes(wantQ), bytes(xq), rms ? "rmsnorm xq" : "layernorm xq");
            }
            assertRejected("not a multiple of 32", () -> Kernels.layernormQuant(xq, out, x, w, b, 48, 1, 1e-5f));
            assertRejected("layernormQuant xq", () -> Kernels.layernormQuant(xq.slice(0, 10), out, x, w, b, n, t, 1e-5f));
            assertRejected("rmsnormQuant out", () -> Kernels.rmsnormQuant(xq, out.slice(0, n), x, w, n, t, 1e-6f));
            assertRejected("rmsnormQuant weight", () -> Kernels.rmsnormQuant(xq, out, x, w.slice(0, 3), n, t, 1e-6f));
            assertRejected("layernormQuant bias", () -> Kernels.layernormQuant(xq, out, x, w, b.slice(0, 3), n, t, 1e-5f));
            assertRejected("expected I8", () -> Kernels.rmsnormQuant(out, out, x, w, n, t, 1e-6f));
        }
    }

    @Test
    void fusedSwigluEqualsTheUnfusedCallsAndChecksSizes() {
        int n = 64, d = 96, t = 2;
        java.util.Random r = new java.util.Random(12);
        Kernels.QuantType q4 = Kernels.QuantType.Q4_0;
        try (NativeArray wf = NativeArray.allocate(DType.F32, 2L * n * d);
             NativeArray q = NativeArray.allocate(DType.U8, 2L * n * d / 2);
             NativeArray scale = NativeArray.allocate(DType.F16, 2L * d * n / 32);
             NativeArray x = NativeArray.allocate(DType.F32, (long) n * t);
             NativeArray xq = NativeArray.allocate(DType.I8, Kernels.actRowBytes(n) * t);
             NativeArray h = NativeArray.allocate(DType.F32, (long) d * t);
             NativeArray up = NativeArray.allocate(DType.F32, (long) d * t);
             NativeArray hq = NativeArray.allocate(DType.I8, Kernels.actRowBytes(d) * t);
             NativeArray wantH = NativeArray.allocate(DType.F32, (long) d * t);
             NativeArray wantUp = NativeArray.allocate(DType.F32, (long) d * t);
             NativeArray wantQ = NativeArray.allocate(DType.I8, Kernels.actRowBytes(d) * t)) {
            float[] wv = new float[2 * n * d], xv = new float[n * t];
            for (int i = 0; i < wv.length; i++) wv[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < xv.length; i++) xv[i] = r.nextFloat() * 2 - 1;
            wf.write(0, wv);
            x.write(0, xv);
            assertTrue(Kernels.quantize(q4, q, scale, wf, 2L * n * d));
            Kernels.quantizeAct(xq, x, n, t);
            NativeArray wg = q.slice(0, (long) n * d / 2), wu = q.slice((long) n * d / 2, (long) n * d / 2);
            NativeArray sg = scale.slice(0, (long) d * n / 32), su = scale.slice((long) d * n / 32, (long) d * n / 32);
            Kernels.matmulQuantGroup(q4, new NativeArray[] {wantH, wantUp}, new NativeArray[] {wg, wu},
                    new NativeArray[] {sg, su}, new int[] {d, d}, xq, n, t);
            Kernels.swiglu(wantH, wantH, wantUp, (long) d * t);
            Kernels.quantizeAct(wantQ, wantH, d, t);
            Kernels.matmulSwigluQuant(q4, h, up, hq, wg, sg, wu, su, xq, n, d, t);
            assertArrayEquals(floats(wantH, d * t), floats(h, d * t));
            assertArrayEquals(bytes(wantQ), bytes(hq));
            assertRejected("d = 48 is not a multiple of 32", () -> Kernels.matmulSwigluQuant(q4, h, up, hq, wg, sg, wu, su, xq, n, 48, 1));
            assertRejected("h and up overlap", () -> Kernels.matmulSwigluQuant(q4, h, h, hq, wg, sg, wu, su, xq, n, d, t));
            assertRejected("hq and xq overlap", () -> Kernels.matmulSwigluQuant(q4, h, up, xq, wg, sg, wu, su, xq, n, 32, 1));
            assertRejected("up w", () -> Kernels.matmulSwigluQuant(q4, h, up, hq, wg, sg, wu.slice(0, 8), su, xq, n, d, t));
            assertRejected("gate scale", () -> Kernels.matmulSwigluQuant(q4, h, up, hq, wg, sg.slice(0, 8), wu, su, xq, n, d, t));
            assertRejected("matmulSwigluQuant hq", () -> Kernels.matmulSwigluQuant(q4, h, up, hq.slice(0, 8), wg, sg, wu, su, xq, n, d, t));
            assertRejected("expected U8", () -> Kernels.matmulSwigluQuant(q4, h, up, hq, xq, sg, wu, su, xq, n, d, t));
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
    void ropeTableEqualsRopeAndChecksSizes() {
        int heads = 3, hd = 8, rot = 6, t = 2;
        try (NativeArray x = NativeArray.allocate(DType.F32, (long) t * heads * hd);
             NativeArray y = NativeArray.allocate(DType.F32, (long) t * heads * hd);
             NativeArray pos = NativeArray.allocate(DType.I32, t);
             NativeArray table = NativeArray.allocate(DType.F32, (long) t * rot)) {
            float[] v = new float[t * heads * hd];
            for (int i = 0; i < v.length; i++) v[i] = (i % 11) - 5.5f;
            x.write(0, v);
            y.write(0, v);
            pos.write(0, new int[] {7, 1234});
            Kernels.rope(x, pos, heads, hd, rot, 10000f, t);
            Kernels.ropeTable(table, pos, rot, 10000f, t);
            Kernels.ropeRotate(y, table, heads, hd, rot, t);
            assertArrayEquals(floats(x, v.length), floats(y, v.length));
            assertRejected("ropeTable table", () -> Kernels.ropeTable(table.slice(0, 5), pos, rot, 10000f, t));
            assertRejected("rot_dim 5 must be even", () -> Kernels.ropeTable(table, pos, 5, 10000f, t));
            assertRejected("pos must hold", () -> Kernels.ropeTable(table, pos.slice(0, 1), rot, 10000f, t));
            assertRejected("within head_dim", () -> Kernels.ropeRotate(y, table, 1, 4, rot, 1));
            assertRejected("ropeRotate table", () -> Kernels.ropeRotate(y, table.slice(0, 6), heads, hd, rot, t));
            assertRejected("ropeRotate x", () -> Kernels.ropeRotate(y.slice(0, 8), table, heads, hd, rot, t));
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
