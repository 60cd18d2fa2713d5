// libFuzzer target for the kernels: the fuzzer picks a kernel, its sizes and its input values; every ISA this
// CPU runs is compared against _ref on exactly-sized heap buffers (so AddressSanitizer sees any read or write
// past them) and UndefinedBehaviorSanitizer watches the arithmetic. Built only with Clang and -DMU4J_FUZZ=ON
// (tests/native/CMakeLists.txt); tests/native/run-sanitized.sh runs it briefly in `mvn verify`.
//
//   fuzz_kernels -max_total_time=600 CORPUS_DIR      a longer run (see TESTING.md)
//
// Values come in two modes chosen by the input: "bounded" (byte / 32, in [-4, 4)), where fast paths must agree
// with _ref within the tolerances below, and "raw" (any 32-bit pattern: NaN, Inf, denormals, 1e38), where only
// memory safety, UB and a NaN-for-NaN agreement of the element-wise kernels are checked: sums of huge values
// overflow differently depending on the order of addition, which is allowed.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "kernels.h"

namespace {

constexpr double DOT_RTOL = 4e-6;    // reordered f32 sums, relative to sum |w| |x| (products of f16/bf16 exact in f32)
constexpr double ELEM_RTOL = 4e-6;   // exp/erf approximations (tests/native/test_activations.cpp allows 2e-6)
constexpr double ELEM_ATOL = 1e-6;
constexpr double NORM_TOL = 4e-5;    // mean/variance of values up to 4 with reordered sums, scaled by 1/std
constexpr double ATTN_TOL = 4e-5;    // softmax-weighted sums of values up to 4
constexpr double QUANT_RTOL = 2e-5;  // exact int32 block sums, reordered f32 scaling sums, relative to sum |w| |x|
constexpr int MAX_N = 300, MAX_D = 24, MAX_T = 5;

// Reads the fuzzer's bytes front to back; past the end every read is zero, so any input is valid.
class Input {
public:
    Input(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
    uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
    int range(int lo, int hi) { return lo + byte() % (hi - lo + 1); } // lo..hi inclusive
    uint32_t u32() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = v << 8 | byte();
        return v;
    }
    float value(bool raw) {
        if (!raw) return static_cast<int8_t>(byte()) / 32.0f;
        const uint32_t bits = u32();
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// A heap buffer of exactly n elements, so the sanitizer catches the first element past it.
template <typename T>
struct Buf {
    std::unique_ptr<T[]> p;
    size_t n;
    explicit Buf(size_t count) : p(new T[count > 0 ? count : 1]()), n(count) {}
    T* data() { return p.get(); }
    T& operator[](size_t i) { return p[i]; }
};

Buf<float> floats(Input& in, size_t n, bool raw) {
    Buf<float> b(n);
    for (size_t i = 0; i < n; ++i) b[i] = in.value(raw);
    return b;
}

Buf<uint16_t> halves(Input& in, size_t n, bool raw, bool bf16) {
    Buf<uint16_t> b(n);
    for (size_t i = 0; i < n; ++i) {
        if (raw) {
            b[i] = static_cast<uint16_t>(in.u32());
        } else { // small exact values: sign, a 3-bit mantissa, exponent near 1
            const int v = static_cast<int8_t>(in.byte());
            const float f = v / 32.0f;
            uint32_t bits;
            std::memcpy(&bits, &f, 4);
            if (bf16) {
                b[i] = static_cast<uint16_t>(bits >> 16);
            } else {
                uint16_t h;
                mu_f32_to_f16_ref(&h, &f, 1);
                b[i] = h;
            }
        }
    }
    return b;
}

[[noreturn]] void fail(const char* what, const char* isa, size_t i, double got, double want, double tol) {
    std::fprintf(stderr, "fuzz_kernels: %s (%s) differs from _ref at %zu: %.9g vs %.9g (tolerance %.3g)\n", what, isa, i,
                 got, want, tol);
    std::abort();
}

// got vs want, element-wise: NaN must meet NaN; in raw mode nothing else is compared.
void compare(const char* what, const char* isa, const float* got, const float* want, size_t n, bool raw, double atol,
             double rtol, const double* scale = nullptr) {
    if (raw) return;
    for (size_t i = 0; i < n; ++i) {
        const double g = got[i], w = want[i];
        if (std::isnan(g) != std::isnan(w)) fail(what, isa, i, g, w, 0);
        if (std::isnan(w) || (std::isinf(g) && g == w)) continue;
        const double tol = atol + rtol * (scale ? scale[i] : std::fabs(w));
        if (!(std::fabs(g - w) <= tol)) fail(what, isa, i, g, w, tol);
    }
}

// Widening conversions are exact: the same bits on every path, any NaN for a NaN.
void same_bits(const char* what, const char* isa, const float* got, const float* want, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (std::isnan(got[i]) && std::isnan(want[i])) continue;
        if (std::memcmp(&got[i], &want[i], sizeof(float)) != 0) fail(what, isa, i, got[i], want[i], 0);
    }
}

// Element-wise kernels map NaN inputs to NaN outputs on every path: checked in raw mode too.
void compare_nan(const char* what, const char* isa, const float* got, const float* want, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (std::isnan(got[i]) != std::isnan(want[i])) fail(what, isa, i, got[i], want[i], 0);
    }
}

void dot_scale(std::vector<double>& scale, const float* wf, const float* x, int n, int d, int t) {
    scale.assign(static_cast<size_t>(d) * t, 0.0);
    for (int r = 0; r < t; ++r)
        for (int j = 0; j < d; ++j) {
            double s = 0;
            for (int i = 0; i < n; ++i) s += std::fabs(wf[static_cast<size_t>(j) * n + i]) * std::fabs(x[static_cast<size_t>(r) * n + i]);
            scale[static_cast<size_t>(r) * d + j] = s;
        }
}

void fuzz_one(const mu_kernel_table& fast, const mu_kernel_table& ref, Input& in, int kernel, bool raw) {
    const char* isa = mu_isa_name(fast.isa);
    switch (kernel) {
    case 0: { // conversions
        const int n = in.range(0, MAX_N);
        Buf<uint16_t> h = halves(in, n, true, false);
        Buf<float> a(n), b(n);
        ref.f16_to_f32(a.data(), h.data(), n);
        fast.f16_to_f32(b.data(), h.data(), n);
        same_bits("f16_to_f32", isa, b.data(), a.data(), n);
        ref.bf16_to_f32(a.data(), h.data(), n);
        fast.bf16_to_f32(b.data(), h.data(), n);
        same_bits("bf16_to_f32", isa, b.data(), a.data(), n);
        Buf<float> x = floats(in, n, raw);
        Buf<uint16_t> ha(n), hb(n);
        ref.f32_to_f16(ha.data(), x.data(), n);
        fast.f32_to_f16(hb.data(), x.data(), n);
        for (int i = 0; i < n; ++i) {
            const bool nan_a = (ha[i] & 0x7c00) == 0x7c00 && (ha[i] & 0x3ff);
            const bool nan_b = (hb[i] & 0x7c00) == 0x7c00 && (hb[i] & 0x3ff);
            if (nan_a != nan_b || (!nan_a && ha[i] != hb[i])) fail("f32_to_f16", isa, i, hb[i], ha[i], 0);
        }
        break;
    }
    case 1:
    case 2:
    case 3: { // matvec / matmul over f32, f16, bf16 weights
        const int n = in.range(1, MAX_N), d = in.range(1, MAX_D), t = in.range(1, MAX_T);
        const size_t wn = static_cast<size_t>(n) * d;
        Buf<float> x = floats(in, static_cast<size_t>(n) * t, raw);
        Buf<float> wf(wn);
        Buf<uint16_t> wh(1);
        if (kernel == 1) {
            wf = floats(in, wn, raw);
        } else {
            wh = halves(in, wn, raw, kernel == 3);
            (kernel == 2 ? mu_f16_to_f32_ref : mu_bf16_to_f32_ref)(wf.data(), wh.data(), static_cast<int64_t>(wn));
        }
        std::vector<double> scale;
        dot_scale(scale, wf.data(), x.data(), n, d, t);
        Buf<float> a(static_cast<size_t>(d) * t), b(static_cast<size_t>(d) * t);
        const char* name = kernel == 1 ? "matvec/matmul_f32" : kernel == 2 ? "matvec/matmul_f16" : "matvec/matmul_bf16";
        if (kernel == 1) {
            ref.matvec_f32(a.data(), wf.data(), x.data(), n, d);
            fast.matvec_f32(b.data(), wf.data(), x.data(), n, d);
        } else if (kernel == 2) {
            ref.matvec_f16(a.data(), wh.data(), x.data(), n, d);
            fast.matvec_f16(b.data(), wh.data(), x.data(), n, d);
        } else {
            ref.matvec_bf16(a.data(), wh.data(), x.data(), n, d);
            fast.matvec_bf16(b.data(), wh.data(), x.data(), n, d);
        }
        compare(name, isa, b.data(), a.data(), d, raw, 1e-30, DOT_RTOL, scale.data());
        if (kernel == 1) {
            ref.matmul_f32(a.data(), wf.data(), x.data(), n, d, t, d);
            fast.matmul_f32(b.data(), wf.data(), x.data(), n, d, t, d);
        } else if (kernel == 2) {
            ref.matmul_f16(a.data(), wh.data(), x.data(), n, d, t, d);
            fast.matmul_f16(b.data(), wh.data(), x.data(), n, d, t, d);
        } else {
            ref.matmul_bf16(a.data(), wh.data(), x.data(), n, d, t, d);
            fast.matmul_bf16(b.data(), wh.data(), x.data(), n, d, t, d);
        }
        compare(name, isa, b.data(), a.data(), static_cast<size_t>(d) * t, raw, 1e-30, DOT_RTOL, scale.data());
        break;
    }
    case 4: { // element-wise activations and softmax
        const int n = in.range(1, MAX_N);
        Buf<float> x = floats(in, n, raw), y = floats(in, n, raw);
        Buf<float> a(n), b(n);
        using Unary = void (*)(float*, const float*, int64_t);
        const Unary refs[] = {ref.silu, ref.gelu, ref.gelu_tanh};
        const Unary fasts[] = {fast.silu, fast.gelu, fast.gelu_tanh};
        const char* names[] = {"silu", "gelu", "gelu_tanh"};
        for (int k = 0; k < 3; ++k) {
            refs[k](a.data(), x.data(), n);
            fasts[k](b.data(), x.data(), n);
            compare_nan(names[k], isa, b.data(), a.data(), n);
            compare(names[k], isa, b.data(), a.data(), n, raw, ELEM_ATOL, ELEM_RTOL);
        }
        ref.swiglu(a.data(), x.data(), y.data(), n);
        fast.swiglu(b.data(), x.data(), y.data(), n);
        compare_nan("swiglu", isa, b.data(), a.data(), n);
        compare("swiglu", isa, b.data(), a.data(), n, raw, ELEM_ATOL, ELEM_RTOL);
        ref.add(a.data(), x.data(), y.data(), n);
        fast.add(b.data(), x.data(), y.data(), n);
        compare_nan("add", isa, b.data(), a.data(), n);
        compare("add", isa, b.data(), a.data(), n, raw, 0, 0);
        ref.softmax(a.data(), x.data(), n);
        fast.softmax(b.data(), x.data(), n);
        compare("softmax", isa, b.data(), a.data(), n, raw, ELEM_ATOL, ELEM_RTOL);
        fast.softmax(b.data(), b.data(), n); // in place must stay in bounds too
        const int t = in.range(1, MAX_T), m = in.range(1, MAX_N / MAX_T);
        Buf<float> rows = floats(in, static_cast<size_t>(m) * t, raw), bias = floats(in, m, raw);
        Buf<float> ra(static_cast<size_t>(m) * t), rb(static_cast<size_t>(m) * t);
        std::memcpy(ra.data(), rows.data(), ra.n * sizeof(float));
        std::memcpy(rb.data(), rows.data(), rb.n * sizeof(float));
        ref.add_bias(ra.data(), bias.data(), m, t);
        fast.add_bias(rb.data(), bias.data(), m, t);
        compare_nan("add_bias", isa, rb.data(), ra.data(), ra.n);
        compare("add_bias", isa, rb.data(), ra.data(), ra.n, raw, 0, 0);
        break;
    }
    case 5: { // layernorm (with and without bias) and rmsnorm
        const int n = in.range(1, MAX_N / 2), t = in.range(1, MAX_T);
        const float eps = in.byte() % 2 ? 1e-5f : 1e-6f;
        Buf<float> x = floats(in, static_cast<size_t>(n) * t, raw), w = floats(in, n, raw), bias = floats(in, n, raw);
        Buf<float> a(static_cast<size_t>(n) * t), b(static_cast<size_t>(n) * t);
        const bool with_bias = in.byte() % 2;
        ref.layernorm(a.data(), x.data(), w.data(), with_bias ? bias.data() : nullptr, n, t, eps);
        fast.layernorm(b.data(), x.data(), w.data(), with_bias ? bias.data() : nullptr, n, t, eps);
        compare("layernorm", isa, b.data(), a.data(), a.n, raw, NORM_TOL, NORM_TOL);
        ref.rmsnorm(a.data(), x.data(), w.data(), n, t, eps);
        fast.rmsnorm(b.data(), x.data(), w.data(), n, t, eps);
        compare("rmsnorm", isa, b.data(), a.data(), a.n, raw, NORM_TOL, NORM_TOL);
        break;
    }
    case 6: { // grouped-query attention over an fp32, an fp16 and an int8 cache, queries at pos0 .. pos0 + t - 1
        const int n_kv_heads = in.range(1, 3), group = in.range(1, 3), n_heads = n_kv_heads * group;
        const int head_dim = in.range(1, 40), t = in.range(1, MAX_T), pos0 = in.range(0, 20);
        const int kv_stride = pos0 + t + in.range(0, 3);
        const size_t cache = static_cast<size_t>(n_kv_heads) * kv_stride * head_dim;
        Buf<float> k = floats(in, cache, raw), v = floats(in, cache, raw);
        Buf<float> q = floats(in, static_cast<size_t>(t) * n_heads * head_dim, raw);
        Buf<float> a(q.n), b(q.n), scratch(static_cast<size_t>(pos0) + t);
        const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
        ref.attention(a.data(), scratch.data(), q.data(), k.data(), v.data(), n_heads, n_kv_heads, head_dim, kv_stride,
                      pos0, t, scale);
        fast.attention(b.data(), scratch.data(), q.data(), k.data(), v.data(), n_heads, n_kv_heads, head_dim, kv_stride,
                       pos0, t, scale);
        compare("attention", isa, b.data(), a.data(), a.n, raw, ATTN_TOL, ATTN_TOL);
        // The same over an fp16 cache (exact-size buffers: a read past the cache is an ASan finding).
        Buf<uint16_t> k16(cache), v16(cache);
        mu_f32_to_f16_ref(k16.data(), k.data(), static_cast<int64_t>(cache));
        mu_f32_to_f16_ref(v16.data(), v.data(), static_cast<int64_t>(cache));
        ref.attention_f16(a.data(), scratch.data(), q.data(), k16.data(), v16.data(), n_heads, n_kv_heads, head_dim,
                          kv_stride, pos0, t, scale);
        fast.attention_f16(b.data(), scratch.data(), q.data(), k16.data(), v16.data(), n_heads, n_kv_heads, head_dim,
                           kv_stride, pos0, t, scale);
        compare("attention_f16", isa, b.data(), a.data(), a.n, raw, ATTN_TOL, ATTN_TOL);
        // And over an int8 cache (rows of head_dim quants + an fp32 scale), stored by the q8 store from the same rows.
        const size_t row8 = static_cast<size_t>(MU_KV_Q8_ROW_BYTES(head_dim));
        Buf<int8_t> k8(static_cast<size_t>(n_kv_heads) * kv_stride * row8), v8(k8.n);
        for (int g = 0; g < n_kv_heads; ++g) {
            const size_t rows = static_cast<size_t>(g) * kv_stride;
            mu_kv_store_q8_ref(k8.data() + rows * row8, v8.data() + rows * row8, k.data() + rows * head_dim,
                               v.data() + rows * head_dim, 1, head_dim, kv_stride, 0, kv_stride);
        }
        ref.attention_q8(a.data(), scratch.data(), q.data(), k8.data(), v8.data(), n_heads, n_kv_heads, head_dim,
                         kv_stride, pos0, t, scale);
        fast.attention_q8(b.data(), scratch.data(), q.data(), k8.data(), v8.data(), n_heads, n_kv_heads, head_dim,
                          kv_stride, pos0, t, scale);
        compare("attention_q8", isa, b.data(), a.data(), a.n, raw, ATTN_TOL, ATTN_TOL);
        // RoPE (no ISA variants): in bounds for any rot_dim <= head_dim, even.
        const int rot_dim = (head_dim / 2) * 2;
        std::vector<int32_t> pos(t);
        for (int i = 0; i < t; ++i) pos[i] = pos0 + i;
        mu_rope(q.data(), pos.data(), n_heads, head_dim, rot_dim, 10000.0f, t);
        break;
    }
    case 7: { // quantized products, plain and 4-row interleaved layouts (n = 256: one octet per row and up)
        const int n = 32 * in.range(1, 9), d = in.range(1, MAX_D), t = in.range(1, MAX_T);
        const bool q4 = in.byte() & 1;
        const int64_t wn = static_cast<int64_t>(n) * d, nb = n / 32;
        Buf<float> w = floats(in, static_cast<size_t>(wn), false), x = floats(in, static_cast<size_t>(n) * t, raw);
        Buf<int8_t> q8(static_cast<size_t>(wn));
        Buf<uint8_t> q4w(static_cast<size_t>(wn / 2));
        Buf<uint16_t> sc(static_cast<size_t>(d * nb));
        if (q4) mu_quantize_q4_0(q4w.data(), sc.data(), w.data(), wn);
        else mu_quantize_q8_0(q8.data(), sc.data(), w.data(), wn);
        Buf<int8_t> xq(static_cast<size_t>(MU_ACT_ROW_BYTES(n) * t));
        ref.quantize_act(xq.data(), x.data(), n, t);
        Buf<float> a(static_cast<size_t>(d) * t), b(a.n);
        if (q4) {
            if (t == 1) {
                ref.matvec_q4_0(a.data(), q4w.data(), sc.data(), xq.data(), n, d);
                fast.matvec_q4_0(b.data(), q4w.data(), sc.data(), xq.data(), n, d);
            } else {
                ref.matmul_q4_0(a.data(), q4w.data(), sc.data(), xq.data(), n, d, t, d);
                fast.matmul_q4_0(b.data(), q4w.data(), sc.data(), xq.data(), n, d, t, d);
            }
        } else if (t == 1) {
            ref.matvec_q8_0(a.data(), q8.data(), sc.data(), xq.data(), n, d);
            fast.matvec_q8_0(b.data(), q8.data(), sc.data(), xq.data(), n, d);
        } else {
            ref.matmul_q8_0(a.data(), q8.data(), sc.data(), xq.data(), n, d, t, d);
            fast.matmul_q8_0(b.data(), q8.data(), sc.data(), xq.data(), n, d, t, d);
        }
        std::vector<double> scale;
        std::vector<float> wq(static_cast<size_t>(wn)), wmag(static_cast<size_t>(wn));
        if (q4) mu_dequantize_q4_0(wq.data(), q4w.data(), sc.data(), wn);
        else mu_dequantize_q8_0(wq.data(), q8.data(), sc.data(), wn);
        // The tolerance's scale: the SIMD q4_0 sums stored nibbles (0..15) and subtracts the 8 offset as a separate
        // term, so its rounding follows |scale_w| x (nibble + 8), not |w| (a block of equal weights is all nibble 0).
        for (int64_t i = 0; i < wn; ++i) {
            if (!q4) {
                wmag[i] = wq[i];
                continue;
            }
            float sw;
            mu_f16_to_f32_ref(&sw, &sc[static_cast<size_t>(i / 32)], 1);
            const uint8_t byte = q4w[static_cast<size_t>((i / 32) * 16 + (i % 16))];
            wmag[i] = std::fabs(sw) * static_cast<float>(((i % 32) < 16 ? byte & 15 : byte >> 4) + 8);
        }
        dot_scale(scale, wmag.data(), x.data(), n, d, t);
        compare(q4 ? "q4_0 product" : "q8_0 product", isa, b.data(), a.data(), a.n, raw, 1e-6, QUANT_RTOL, scale.data());
        if (n % 256 != 0 || d % 4 != 0) break;
        // Interleaved: the same bits as the plain layout on this ISA (exact-size buffers for ASan).
        Buf<int8_t> i8(q8.n);
        Buf<uint8_t> i4(q4w.n);
        Buf<uint16_t> si(sc.n);
        Buf<float> c(a.n);
        if (q4) {
            mu_interleave_r4(1, i4.data(), si.data(), q4w.data(), sc.data(), n, d);
            if (t == 1) fast.matvec_q4_0r4(c.data(), i4.data(), si.data(), xq.data(), n, d);
            else fast.matmul_q4_0r4(c.data(), i4.data(), si.data(), xq.data(), n, d, t, d);
        } else {
            mu_interleave_r4(0, i8.data(), si.data(), q8.data(), sc.data(), n, d);
            if (t == 1) fast.matvec_q8_0r4(c.data(), i8.data(), si.data(), xq.data(), n, d);
            else fast.matmul_q8_0r4(c.data(), i8.data(), si.data(), xq.data(), n, d, t, d);
        }
        same_bits(q4 ? "q4_0r4 product" : "q8_0r4 product", isa, c.data(), b.data(), b.n);
        Buf<float> row(static_cast<size_t>(n)), want(static_cast<size_t>(n));
        for (int r = 0; r < d; ++r) {
            mu_dequantize_row(q4 ? 3 : 2, row.data(), q4 ? static_cast<const void*>(i4.data()) : i8.data(), si.data(), n, r);
            same_bits("dequantize_row r4", isa, row.data(), wq.data() + static_cast<size_t>(r) * n, static_cast<size_t>(n));
        }
        break;
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Input in(data, size);
    const uint8_t head = in.byte();
    const int kernel = head % 8;
    const bool raw = (head >> 3) & 1;
    const mu_kernel_table* ref = mu_kernel_table_for(0);
    for (int isa : {0, 1, 2}) { // ref, avx2, avx512 (mu4j.h ISA ids)
        const mu_kernel_table* fast = mu_kernel_table_for(isa);
        if (fast == nullptr || !mu_isa_supported(isa)) continue;
        Input copy = in; // every ISA sees the same sizes and values
        fuzz_one(*fast, *ref, copy, kernel, raw);
    }
    return 0;
}
