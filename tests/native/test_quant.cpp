// Block quantization: the offline quantizers' round trip and error bound, activation quantization (every ISA
// bit-identical to _ref), q8_0 / q4_0 matvec and matmul of every ISA against _ref at tail-hitting sizes with an
// output stride, the threaded public entry points, and the accuracy of the quantized product against f32.
#include <cstring>

#include "check.h"

namespace {

using check::format;

// |fast - ref| allowed, relative to the sum over blocks of |scale_w * scale_x| * sum_k |w_k| |x_k| (integer
// parts; for q4_0 the stored nibbles, so the offset form's cancellation is covered): both sides add n / 32
// scaled block sums in f32, in different orders.
constexpr double PRODUCT_RTOL = 1e-5;
constexpr double PRODUCT_ATOL = 1e-30;
// Quantized product against the f32 product of the original weights and activations, relative to
// sum_k |w_k x_k|: weights at 8 / 4 bits plus activations at 8 bits (uniform random data).
constexpr double Q8_VS_F32_RTOL = 0.02;
constexpr double Q4_VS_F32_RTOL = 0.15;

const int NS[] = {32, 64, 96, 160, 1024, 2080, 2848, 4096}; // 2080, 2848: a second scale chunk (64 blocks) of 1 and 25 blocks
const int DS[] = {1, 2, 3, 7, 15, 16, 17, 31, 33, 127};
const int TS[] = {1, 2, 3, 5};

float f16(uint16_t h) {
    float f;
    mu_f16_to_f32_ref(&f, &h, 1);
    return f;
}

struct Quantized {
    int n = 0, d = 0;
    std::vector<float> f32;
    std::vector<int8_t> q8;
    std::vector<uint8_t> q4;
    std::vector<uint16_t> s8, s4;
};

Quantized quantize(check::Rng& rng, int n, int d) {
    Quantized w;
    w.n = n;
    w.d = d;
    w.f32 = rng.vector(static_cast<int64_t>(n) * d);
    for (int r = 0; r < d; r += 3) w.f32[static_cast<size_t>(r) * n] *= 20.0f; // outliers: uneven block scales
    w.q8.resize(w.f32.size());
    w.q4.resize(w.f32.size() / 2);
    w.s8.resize(w.f32.size() / 32);
    w.s4.resize(w.f32.size() / 32);
    const int64_t all = static_cast<int64_t>(w.f32.size());
    check::expect(mu_quantize_q8_0(w.q8.data(), w.s8.data(), w.f32.data(), all) == 0, "q8_0 quantize status");
    check::expect(mu_quantize_q4_0(w.q4.data(), w.s4.data(), w.f32.data(), all) == 0, "q4_0 quantize status");
    return w;
}

// Integer weight k of row r (q4_0: the stored nibble 0..15).
int weight_int(const Quantized& w, bool q4, int r, int k) {
    const int64_t i = static_cast<int64_t>(r) * w.n + k;
    if (!q4) return w.q8[i];
    const uint8_t byte = w.q4[static_cast<size_t>(r) * (w.n / 2) + (k / 32) * 16 + (k % 16)];
    return (k % 32) < 16 ? byte & 15 : byte >> 4;
}

std::vector<float> product_scale(const Quantized& w, bool q4, const std::vector<uint8_t>& xq, int t) {
    const int n = w.n, nb = n / 32;
    std::vector<float> scale(static_cast<size_t>(t) * w.d);
    for (int i = 0; i < t; ++i) {
        const int8_t* q = reinterpret_cast<const int8_t*>(xq.data()) + MU_ACT_ROW_BYTES(n) * i;
        const float* xd = reinterpret_cast<const float*>(q + n);
        for (int r = 0; r < w.d; ++r) {
            double s = 0.0;
            for (int b = 0; b < nb; ++b) {
                double block = 0.0;
                for (int k = 0; k < 32; ++k) block += std::abs(weight_int(w, q4, r, b * 32 + k)) * std::abs(q[b * 32 + k]);
                s += block * std::fabs(f16((q4 ? w.s4 : w.s8)[static_cast<size_t>(r) * nb + b]) * xd[b]);
            }
            scale[static_cast<size_t>(i) * w.d + r] = static_cast<float>(s);
        }
    }
    return scale;
}

void test_weight_round_trip() {
    check::Rng rng(1);
    for (int n : {32, 96, 4096}) {
        std::vector<float> x = rng.vector(n, -3.0f, 3.0f), back(n);
        std::vector<int8_t> q8(n);
        std::vector<uint8_t> q4(n / 2);
        std::vector<uint16_t> s(n / 32);
        mu_quantize_q8_0(q8.data(), s.data(), x.data(), n);
        mu_dequantize_q8_0(back.data(), q8.data(), s.data(), n);
        bool ok = true;
        for (int k = 0; k < n; ++k) ok &= std::fabs(back[k] - x[k]) <= 0.5001f * f16(s[k / 32]);
        check::expect(ok, format("q8_0 round trip within half a step, n=%d", n));
        mu_quantize_q4_0(q4.data(), s.data(), x.data(), n);
        mu_dequantize_q4_0(back.data(), q4.data(), s.data(), n);
        ok = true;
        for (int k = 0; k < n; ++k) {
            // Nibble 15 (+7) also stands for values up to the block's -m (+8 steps): one step there.
            const uint8_t byte = q4[(k / 32) * 16 + k % 16];
            const int nibble = (k % 32) < 16 ? byte & 15 : byte >> 4;
            ok &= std::fabs(back[k] - x[k]) <= (nibble == 15 ? 1.0001f : 0.5001f) * std::fabs(f16(s[k / 32]));
        }
        check::expect(ok, format("q4_0 round trip within half a step (one at the clamped end), n=%d", n));
    }
    // Hand-checked q4_0 block: the largest magnitude (-4) gets scale 0.5 and nibble 0; 3.5 is nibble 15.
    float x[32] = {0};
    x[0] = -4.0f;
    x[1] = 3.5f;
    x[16] = 1.0f;
    uint8_t q[16];
    uint16_t s;
    mu_quantize_q4_0(q, &s, x, 32);
    check::expect(f16(s) == 0.5f && q[0] == (0 | (10 << 4)) && q[1] == (15 | (8 << 4)) && q[2] == (8 | (8 << 4)),
                  format("q4_0 hand block: scale %g, bytes %02x %02x %02x", f16(s), q[0], q[1], q[2]));
    int8_t q8[32];
    mu_quantize_q8_0(q8, &s, x, 32);
    check::expect(q8[0] == -127 && q8[1] == 111 && q8[16] == 32 && q8[2] == 0,
                  format("q8_0 hand block: %d %d %d", q8[0], q8[1], q8[16]));
    x[5] = NAN;
    check::expect(mu_quantize_q8_0(q8, &s, x, 32) == -1 && mu_quantize_q4_0(q, &s, x, 32) == -1,
                  "a NaN weight is reported");
    x[5] = 1e9f; // scale 1e9 / 127 overflows fp16
    check::expect(mu_quantize_q8_0(q8, &s, x, 32) == -1, "an fp16 scale overflow is reported");
}

void test_act_quantization(const std::vector<const mu_kernel_table*>& tables) {
    check::Rng rng(2);
    for (int n : NS) {
        for (int t : {1, 3}) {
            std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t, -5.0f, 5.0f);
            for (int k = 32; k < n && t == 1; k += 64) {
                for (int j = 0; j < 32; ++j) x[k + j] = 0.0f; // all-zero blocks: scale 0, q 0
            }
            x[0] = 0.5f / 127.0f * 5.0f; // a tie-prone value
            const int64_t bytes = MU_ACT_ROW_BYTES(n) * t;
            std::vector<uint8_t> want(bytes), got(bytes);
            mu_quantize_act_ref(want.data(), x.data(), n, t);
            bool ok = true;
            for (int i = 0; i < t; ++i) {
                const int8_t* q = reinterpret_cast<const int8_t*>(want.data()) + MU_ACT_ROW_BYTES(n) * i;
                const float* d = reinterpret_cast<const float*>(q + n);
                for (int k = 0; k < n; ++k) {
                    ok &= std::fabs(d[k / 32] * q[k] - x[static_cast<size_t>(i) * n + k]) <= 0.5001f * d[k / 32] + 1e-30f;
                }
            }
            check::expect(ok, format("ref activation round trip within half a step, n=%d t=%d", n, t));
            for (const mu_kernel_table* k : tables) {
                std::memset(got.data(), 0x55, got.size());
                k->quantize_act(got.data(), x.data(), n, t);
                check::same_bits(format("%s quantize_act n=%d t=%d", mu_isa_name(k->isa), n, t), got.data(), want.data(),
                                 bytes);
            }
        }
    }
}

void test_products(const std::vector<const mu_kernel_table*>& tables) {
    check::Rng rng(3);
    for (int n : NS) {
        for (int d : DS) {
            if (static_cast<int64_t>(n) * d > 4096 * 40 && d != 1) continue; // keep the run short
            const Quantized w = quantize(rng, n, d);
            for (int t : TS) {
                std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t);
                std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
                mu_quantize_act_ref(xq.data(), x.data(), n, t);
                const int stride = d + 3; // the threading layout: out rows wider than d
                for (bool q4 : {false, true}) {
                    const std::vector<float> scale = product_scale(w, q4, xq, t);
                    std::vector<float> want(static_cast<size_t>(t) * stride, -7.0f), got;
                    if (q4) {
                        mu_matmul_q4_0_ref(want.data(), w.q4.data(), w.s4.data(), xq.data(), n, d, t, stride);
                    } else {
                        mu_matmul_q8_0_ref(want.data(), w.q8.data(), w.s8.data(), xq.data(), n, d, t, stride);
                    }
                    std::vector<float> want_c(static_cast<size_t>(t) * d);
                    for (int i = 0; i < t; ++i) {
                        std::memcpy(&want_c[static_cast<size_t>(i) * d], &want[static_cast<size_t>(i) * stride],
                                    sizeof(float) * d);
                    }
                    for (const mu_kernel_table* k : tables) {
                        got.assign(static_cast<size_t>(t) * stride, -7.0f);
                        if (t == 1) {
                            if (q4) k->matvec_q4_0(got.data(), w.q4.data(), w.s4.data(), xq.data(), n, d);
                            else k->matvec_q8_0(got.data(), w.q8.data(), w.s8.data(), xq.data(), n, d);
                        } else {
                            if (q4) k->matmul_q4_0(got.data(), w.q4.data(), w.s4.data(), xq.data(), n, d, t, stride);
                            else k->matmul_q8_0(got.data(), w.q8.data(), w.s8.data(), xq.data(), n, d, t, stride);
                        }
                        std::vector<float> got_c(want_c.size());
                        bool untouched = true;
                        for (int i = 0; i < t; ++i) {
                            std::memcpy(&got_c[static_cast<size_t>(i) * d], &got[static_cast<size_t>(i) * stride],
                                        sizeof(float) * d);
                            for (int c = d; c < stride && t > 1; ++c) untouched &= got[static_cast<size_t>(i) * stride + c] == -7.0f;
                        }
                        const std::string label = format("%s %s_0 %s n=%d d=%d t=%d", mu_isa_name(k->isa), q4 ? "q4" : "q8",
                                                         t == 1 ? "matvec" : "matmul", n, d, t);
                        check::close(label, got_c, want_c, PRODUCT_ATOL, PRODUCT_RTOL, scale.data());
                        check::expect(untouched, label + ": columns past d untouched");
                        // The tile contract: each token of a matmul has the bits of that token's matvec (whatever
                        // rows x tokens tile, tail of an odd block count or chunk boundary its products went through).
                        for (int i = 1; t > 1 && i < t; i += 2) {
                            std::vector<float> vec(d);
                            const uint8_t* xi = xq.data() + MU_ACT_ROW_BYTES(n) * i;
                            if (q4) k->matvec_q4_0(vec.data(), w.q4.data(), w.s4.data(), xi, n, d);
                            else k->matvec_q8_0(vec.data(), w.q8.data(), w.s8.data(), xi, n, d);
                            check::same_bits(label + format(": token %d == its matvec", i),
                                             reinterpret_cast<const uint32_t*>(&got_c[static_cast<size_t>(i) * d]),
                                             reinterpret_cast<const uint32_t*>(vec.data()), d);
                        }
                    }
                }
            }
        }
    }
}

// Public entry points: same bits at 1 and 2 threads, close to _ref, and close to the f32 product.
void test_public_and_accuracy() {
    check::Rng rng(4);
    const int n = 1024, d = 300, t = 4;
    const Quantized w = quantize(rng, n, d);
    std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t);
    std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
    mu_quantize_act(xq.data(), x.data(), n, t);
    std::vector<float> exact(static_cast<size_t>(t) * d), size(static_cast<size_t>(t) * d);
    for (int i = 0; i < t; ++i) {
        for (int r = 0; r < d; ++r) {
            double s = 0, a = 0;
            for (int k = 0; k < n; ++k) {
                const double p = static_cast<double>(w.f32[static_cast<size_t>(r) * n + k]) * x[static_cast<size_t>(i) * n + k];
                s += p;
                a += std::fabs(p);
            }
            exact[static_cast<size_t>(i) * d + r] = static_cast<float>(s);
            size[static_cast<size_t>(i) * d + r] = static_cast<float>(a);
        }
    }
    for (bool q4 : {false, true}) {
        std::vector<float> one(static_cast<size_t>(t) * d), two(one.size()), vec(d);
        for (int threads : {1, 2}) {
            mu_set_threads(threads);
            std::vector<float>& out = threads == 1 ? one : two;
            if (q4) mu_matmul_q4_0(out.data(), w.q4.data(), w.s4.data(), xq.data(), n, d, t);
            else mu_matmul_q8_0(out.data(), w.q8.data(), w.s8.data(), xq.data(), n, d, t);
        }
        if (q4) mu_matvec_q4_0(vec.data(), w.q4.data(), w.s4.data(), xq.data(), n, d);
        else mu_matvec_q8_0(vec.data(), w.q8.data(), w.s8.data(), xq.data(), n, d);
        mu_set_threads(1);
        const char* name = q4 ? "q4_0" : "q8_0";
        check::same_bits(format("public %s matmul: 2 threads == 1 thread", name),
                         reinterpret_cast<const uint32_t*>(two.data()), reinterpret_cast<const uint32_t*>(one.data()),
                         static_cast<int64_t>(one.size()));
        check::same_bits(format("public %s matvec == matmul row 0", name), reinterpret_cast<const uint32_t*>(vec.data()),
                         reinterpret_cast<const uint32_t*>(one.data()), d);
        double worst = 0;
        for (size_t i = 0; i < one.size(); ++i) worst = std::fmax(worst, std::fabs(one[i] - exact[i]) / size[i]);
        std::printf("  %s vs f32 product: max |diff| / sum|w x| = %.4f\n", name, worst);
        check::close(format("%s vs the f32 product", name), one, exact, 0.0, q4 ? Q4_VS_F32_RTOL : Q8_VS_F32_RTOL,
                     size.data());
    }
}

// mu_matmul_quant3: the same bits as separate public calls, for 1 to 3 products (sizes that split a part across
// two products), t = 1 and t = 3, at 1 and 2 threads.
void test_quant3() {
    check::Rng rng(5);
    const int n = 1024, ds[3] = {17, 48, 33}; // 98 rows x 1024: 3 to 6 parts (mu_product_parts)
    Quantized w[3] = {quantize(rng, n, ds[0]), quantize(rng, n, ds[1]), quantize(rng, n, ds[2])};
    for (int t : {1, 3}) {
        std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t);
        std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
        mu_quantize_act(xq.data(), x.data(), n, t);
        for (bool q4 : {false, true}) {
            for (int count = 1; count <= 3; ++count) {
                for (int threads : {1, 2}) {
                    mu_set_threads(threads);
                    std::vector<float> want[3], got[3];
                    const void* wp[3];
                    for (int i = 0; i < 3; ++i) {
                        want[i].assign(static_cast<size_t>(t) * ds[i], -7.0f);
                        got[i].assign(static_cast<size_t>(t) * ds[i], -7.0f);
                        wp[i] = q4 ? static_cast<const void*>(w[i].q4.data()) : static_cast<const void*>(w[i].q8.data());
                        if (i >= count) continue;
                        if (q4 && t == 1) mu_matvec_q4_0(want[i].data(), w[i].q4.data(), w[i].s4.data(), xq.data(), n, ds[i]);
                        if (q4 && t > 1) mu_matmul_q4_0(want[i].data(), w[i].q4.data(), w[i].s4.data(), xq.data(), n, ds[i], t);
                        if (!q4 && t == 1) mu_matvec_q8_0(want[i].data(), w[i].q8.data(), w[i].s8.data(), xq.data(), n, ds[i]);
                        if (!q4 && t > 1) mu_matmul_q8_0(want[i].data(), w[i].q8.data(), w[i].s8.data(), xq.data(), n, ds[i], t);
                    }
                    const auto s = [&](int i) { return q4 ? w[i].s4.data() : w[i].s8.data(); };
                    mu_matmul_quant3(q4 ? 1 : 0, count, got[0].data(), wp[0], s(0), ds[0], got[1].data(), wp[1], s(1),
                                     ds[1], got[2].data(), wp[2], s(2), ds[2], xq.data(), n, t);
                    for (int i = 0; i < 3; ++i) {
                        check::same_bits(format("quant3 %s count=%d t=%d threads=%d: product %d", q4 ? "q4_0" : "q8_0",
                                                count, t, threads, i),
                                         reinterpret_cast<const uint32_t*>(got[i].data()),
                                         reinterpret_cast<const uint32_t*>(want[i].data()),
                                         static_cast<int64_t>(got[i].size()));
                    }
                }
            }
        }
    }
    mu_set_threads(1);
}

// Interleaved layouts (q8_0r4 / q4_0r4): the offsets of models/FORMAT.md, written out here independently of
// quant_layout.h, for row r, block b, with bb bytes per block (1 for the scales).
int64_t interleaved_offset(int64_t r, int64_t b, int64_t nb, int64_t bb) {
    const int64_t group = r / 4, octet = b / 8;
    return group * 4 * nb * bb + octet * 4 * 8 * bb + (r % 4) * 8 * bb + (b % 8) * bb;
}

struct Interleaved {
    std::vector<int8_t> q8;
    std::vector<uint8_t> q4;
    std::vector<uint16_t> s8, s4;
};

Interleaved interleave(const Quantized& w) {
    Interleaved v;
    v.q8.resize(w.q8.size());
    v.q4.resize(w.q4.size());
    v.s8.resize(w.s8.size());
    v.s4.resize(w.s4.size());
    mu_interleave_r4(0, v.q8.data(), v.s8.data(), w.q8.data(), w.s8.data(), w.n, w.d);
    mu_interleave_r4(1, v.q4.data(), v.s4.data(), w.q4.data(), w.s4.data(), w.n, w.d);
    return v;
}

// The layout itself, every row's dequantized values, and every table's products: an interleaved matrix gives the
// same bits as its plain original (a tile does the same operations in the same order whichever layout it reads).
// (noinline: inlined into main, this function makes aarch64 GCC 12 -O3 fail with an internal compiler error in
// vect_transform_reduction.)
#if defined(__GNUC__)
__attribute__((noinline))
#endif
void test_interleaved(const std::vector<const mu_kernel_table*>& tables) {
    check::Rng rng(6);
    const int ns[] = {256, 512, 2304, 2816}; // 2304, 2816: a second scale chunk of 8 and 24 blocks
    const int ds[] = {4, 8, 12, 36, 100};
    std::vector<const mu_kernel_table*> all = tables;
    all.insert(all.begin(), mu_kernel_table_for(0));
    for (int n : ns) {
        for (int d : ds) {
            if (static_cast<int64_t>(n) * d > 4096 * 40 && d != 4) continue;
            const Quantized w = quantize(rng, n, d);
            const Interleaved v = interleave(w);
            const int64_t nb = n / 32;
            int misplaced = 0;
            for (int64_t r = 0; r < d; ++r) {
                for (int64_t b = 0; b < nb; ++b) {
                    if (std::memcmp(&v.q8[interleaved_offset(r, b, nb, 32)], &w.q8[(r * nb + b) * 32], 32) != 0) ++misplaced;
                    if (std::memcmp(&v.q4[interleaved_offset(r, b, nb, 16)], &w.q4[(r * nb + b) * 16], 16) != 0) ++misplaced;
                    if (v.s8[interleaved_offset(r, b, nb, 1)] != w.s8[r * nb + b]) ++misplaced;
                    if (v.s4[interleaved_offset(r, b, nb, 1)] != w.s4[r * nb + b]) ++misplaced;
                }
            }
            check::expect(misplaced == 0, format("interleave n=%d d=%d: every block and scale where FORMAT.md puts it", n, d));
            std::vector<float> want(n), got(n);
            int rows_differ = 0;
            for (int type : {0, 1}) {
                for (int64_t r = 0; r < d; ++r) {
                    if (type == 0) mu_dequantize_q8_0(want.data(), &w.q8[r * n], &w.s8[r * nb], n);
                    else mu_dequantize_q4_0(want.data(), &w.q4[r * n / 2], &w.s4[r * nb], n);
                    for (int layout : {0, 2}) {
                        const void* q = type == 0 ? (layout ? static_cast<const void*>(v.q8.data()) : w.q8.data())
                                                  : (layout ? static_cast<const void*>(v.q4.data()) : w.q4.data());
                        const uint16_t* sc = type == 0 ? (layout ? v.s8.data() : w.s8.data())
                                                       : (layout ? v.s4.data() : w.s4.data());
                        mu_dequantize_row(type + layout, got.data(), q, sc, n, r);
                        if (std::memcmp(got.data(), want.data(), sizeof(float) * n) != 0) ++rows_differ;
                    }
                }
            }
            check::expect(rows_differ == 0, format("dequantize_row n=%d d=%d: plain and interleaved rows == the row's blocks", n, d));
            for (int t : TS) {
                std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t);
                std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
                mu_quantize_act_ref(xq.data(), x.data(), n, t);
                const int stride = d + 3;
                for (const mu_kernel_table* k : all) {
                    for (bool q4 : {false, true}) {
                        std::vector<float> plain(static_cast<size_t>(t) * stride, -7.0f), inter(plain);
                        if (t == 1) {
                            if (q4) {
                                k->matvec_q4_0(plain.data(), w.q4.data(), w.s4.data(), xq.data(), n, d);
                                k->matvec_q4_0r4(inter.data(), v.q4.data(), v.s4.data(), xq.data(), n, d);
                            } else {
                                k->matvec_q8_0(plain.data(), w.q8.data(), w.s8.data(), xq.data(), n, d);
                                k->matvec_q8_0r4(inter.data(), v.q8.data(), v.s8.data(), xq.data(), n, d);
                            }
                        } else if (q4) {
                            k->matmul_q4_0(plain.data(), w.q4.data(), w.s4.data(), xq.data(), n, d, t, stride);
                            k->matmul_q4_0r4(inter.data(), v.q4.data(), v.s4.data(), xq.data(), n, d, t, stride);
                        } else {
                            k->matmul_q8_0(plain.data(), w.q8.data(), w.s8.data(), xq.data(), n, d, t, stride);
                            k->matmul_q8_0r4(inter.data(), v.q8.data(), v.s8.data(), xq.data(), n, d, t, stride);
                        }
                        check::same_bits(format("%s %s_0r4 %s n=%d d=%d t=%d == %s_0", mu_isa_name(k->isa), q4 ? "q4" : "q8",
                                                t == 1 ? "matvec" : "matmul", n, d, t, q4 ? "q4" : "q8"),
                                         reinterpret_cast<const uint32_t*>(inter.data()),
                                         reinterpret_cast<const uint32_t*>(plain.data()), static_cast<int64_t>(plain.size()));
                    }
                }
            }
        }
    }
}

// The threaded entry points with the interleaved types: mu_matmul_quant3 (parts that split a group-aligned range
// across products) and mu_matmul_swiglu_quant, the same bits as with the plain types, at 1 and 2 threads.
void test_interleaved_public() {
    check::Rng rng(7);
    const int n = 512, ds[3] = {36, 96, 20};
    Quantized w[3] = {quantize(rng, n, ds[0]), quantize(rng, n, ds[1]), quantize(rng, n, ds[2])};
    Interleaved v[3] = {interleave(w[0]), interleave(w[1]), interleave(w[2])};
    for (int t : {1, 3}) {
        std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t);
        std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
        mu_quantize_act(xq.data(), x.data(), n, t);
        for (int type : {0, 1}) {
            const auto q = [&](int i, bool r4) -> const void* {
                if (type == 0) return r4 ? static_cast<const void*>(v[i].q8.data()) : w[i].q8.data();
                return r4 ? static_cast<const void*>(v[i].q4.data()) : w[i].q4.data();
            };
            const auto s = [&](int i, bool r4) {
                return type == 0 ? (r4 ? v[i].s8.data() : w[i].s8.data()) : (r4 ? v[i].s4.data() : w[i].s4.data());
            };
            for (int threads : {1, 2}) {
                mu_set_threads(threads);
                std::vector<float> want[3], got[3];
                for (int i = 0; i < 3; ++i) {
                    want[i].assign(static_cast<size_t>(t) * ds[i], -7.0f);
                    got[i].assign(static_cast<size_t>(t) * ds[i], -7.0f);
                }
                mu_matmul_quant3(type, 3, want[0].data(), q(0, false), s(0, false), ds[0], want[1].data(), q(1, false),
                                 s(1, false), ds[1], want[2].data(), q(2, false), s(2, false), ds[2], xq.data(), n, t);
                mu_matmul_quant3(type + 2, 3, got[0].data(), q(0, true), s(0, true), ds[0], got[1].data(), q(1, true),
                                 s(1, true), ds[1], got[2].data(), q(2, true), s(2, true), ds[2], xq.data(), n, t);
                for (int i = 0; i < 3; ++i) {
                    check::same_bits(format("quant3 type %d vs %d t=%d threads=%d: product %d", type + 2, type, t, threads, i),
                                     reinterpret_cast<const uint32_t*>(got[i].data()),
                                     reinterpret_cast<const uint32_t*>(want[i].data()), static_cast<int64_t>(got[i].size()));
                }
                // SwiGLU over products 1 and 1 (d = 96: whole blocks of 32 outputs per part).
                const int d = ds[1];
                std::vector<float> h0(static_cast<size_t>(t) * d), u0(h0.size()), h1(h0.size()), u1(h0.size());
                std::vector<uint8_t> hq0(MU_ACT_ROW_BYTES(d) * t), hq1(hq0.size());
                mu_matmul_swiglu_quant(type, h0.data(), u0.data(), hq0.data(), q(1, false), s(1, false), q(1, false),
                                       s(1, false), xq.data(), n, d, t);
                mu_matmul_swiglu_quant(type + 2, h1.data(), u1.data(), hq1.data(), q(1, true), s(1, true), q(1, true),
                                       s(1, true), xq.data(), n, d, t);
                check::same_bits(format("swiglu_quant type %d vs %d t=%d threads=%d", type + 2, type, t, threads),
                                 reinterpret_cast<const uint32_t*>(h1.data()), reinterpret_cast<const uint32_t*>(h0.data()),
                                 static_cast<int64_t>(h0.size()));
                check::expect(hq0 == hq1, format("swiglu_quant type %d vs %d t=%d threads=%d: hq", type + 2, type, t, threads));
            }
        }
    }
    mu_set_threads(1);
}

} // namespace

int main() {
    std::vector<const mu_kernel_table*> tables = check::fast_tables();
    const mu_kernel_table* avx512 = mu_kernel_table_for(2);
    if (avx512 != nullptr && mu_isa_supported(2) && avx512->matvec_q4_0 == mu_kernel_table_for(1)->matvec_q4_0) {
        check::skip("avx512 VNNI quantized products", "CPU lacks avx512_vnni (the avx512 table uses the avx2 ones)");
    }
    test_weight_round_trip();
    test_act_quantization(tables);
    test_products(tables);
    test_public_and_accuracy();
    test_quant3();
    test_interleaved(tables);
    test_interleaved_public();
    return check::finish("quant");
}
