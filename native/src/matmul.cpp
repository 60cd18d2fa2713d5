// Matrix-vector and matrix-matrix products with f32, f16 or bf16 weights; accumulation is in f32.
//
// W(d, n) is row-major: row r holds the n input weights of output r. The _ref variants are plain
// sequential dot products (like llama2.c's matmul); the SIMD variants sum in a different order, so they
// agree with _ref to rounding, not bit for bit.
#include <cstring>

#include "kernels.h"

namespace {

// Weight formats: value() widens one stored weight to f32.
struct F32 {
    static float value(float w) { return w; }
};

struct F16 {
    static float value(uint16_t w) {
        float f;
        mu_f16_to_f32_ref(&f, &w, 1);
        return f;
    }
};

struct BF16 {
    static float value(uint16_t w) {
        const uint32_t bits = static_cast<uint32_t>(w) << 16;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return f;
    }
};

// dot(w(n), x(n)) summed from k = 0 up.
template <class Format, class Weight>
float dot(const Weight* w, const float* x, int n) {
    float sum = 0.0f;
    for (int k = 0; k < n; ++k) sum += Format::value(w[k]) * x[k];
    return sum;
}

template <class Format, class Weight>
void matvec(float* out, const Weight* w, const float* x, int n, int d) {
    for (int r = 0; r < d; ++r) out[r] = dot<Format>(w + static_cast<int64_t>(r) * n, x, n);
}

template <class Format, class Weight>
void matmul(float* out, const Weight* w, const float* x, int n, int d, int t, int out_stride) {
    for (int i = 0; i < t; ++i) {
        matvec<Format>(out + static_cast<int64_t>(i) * out_stride, w, x + static_cast<int64_t>(i) * n, n, d);
    }
}

// One threaded product: each part computes output rows [r0, r1) for all t tokens (t = 0 means a matvec kernel).
template <class Weight>
struct Product {
    void (*matvec)(float*, const Weight*, const float*, int, int);
    void (*matmul)(float*, const Weight*, const float*, int, int, int, int);
    float* out;
    const Weight* w;
    const float* x;
    int n, d, t;

    static void part(void* ctx, int part, int parts) {
        const Product& p = *static_cast<const Product*>(ctx);
        int r0, r1;
        mu_split_rows(p.d, part, parts, 16, &r0, &r1);
        if (r0 == r1) return;
        const Weight* w = p.w + static_cast<int64_t>(r0) * p.n;
        if (p.t == 0) {
            p.matvec(p.out + r0, w, p.x, p.n, r1 - r0);
        } else {
            p.matmul(p.out + r0, w, p.x, p.n, r1 - r0, p.t, p.d);
        }
    }

    void run() {
        const int parts = mu_product_parts(static_cast<int64_t>(n) * d * (t == 0 ? 1 : t));
        if (parts <= 1) {
            part(this, 0, 1);
        } else {
            mu_parallel_for(parts, &Product::part, this);
        }
    }
};

template <class Weight>
void threaded_matvec(void (*kernel)(float*, const Weight*, const float*, int, int), float* out, const Weight* w,
                     const float* x, int n, int d) {
    Product<Weight>{kernel, nullptr, out, w, x, n, d, 0}.run();
}

template <class Weight>
void threaded_matmul(void (*kernel)(float*, const Weight*, const float*, int, int, int, int), float* out,
                     const Weight* w, const float* x, int n, int d, int t) {
    Product<Weight>{nullptr, kernel, out, w, x, n, d, t}.run();
}

} // namespace

// Below this many multiply-adds a product runs on the calling thread (a hand-off costs ~1-5 us).
constexpr int64_t MIN_MACS_PER_PART = 32 * 1024;

int mu_product_parts(int64_t macs) {
    const int threads = mu_threads();
    if (threads <= 1 || macs < 2 * MIN_MACS_PER_PART) return 1;
    // A few parts per thread: threads that get to the product late (or not at all) leave theirs to the others.
    const int64_t by_size = macs / MIN_MACS_PER_PART, wanted = 3 * static_cast<int64_t>(threads);
    return static_cast<int>(by_size < wanted ? by_size : wanted);
}

void mu_matvec_f32_ref(float* out, const float* w, const float* x, int n, int d) { matvec<F32>(out, w, x, n, d); }

void mu_matvec_f16_ref(float* out, const uint16_t* w, const float* x, int n, int d) {
    matvec<F16>(out, w, x, n, d);
}

void mu_matvec_bf16_ref(float* out, const uint16_t* w, const float* x, int n, int d) {
    matvec<BF16>(out, w, x, n, d);
}

void mu_matmul_f32_ref(float* out, const float* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<F32>(out, w, x, n, d, t, out_stride);
}

void mu_matmul_f16_ref(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<F16>(out, w, x, n, d, t, out_stride);
}

void mu_matmul_bf16_ref(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<BF16>(out, w, x, n, d, t, out_stride);
}

extern "C" {

void mu_matvec_f32(float* out, const float* w, const float* x, int n, int d) {
    threaded_matvec<float>(mu_active_kernels()->matvec_f32, out, w, x, n, d);
}

void mu_matvec_f16(float* out, const uint16_t* w, const float* x, int n, int d) {
    threaded_matvec<uint16_t>(mu_active_kernels()->matvec_f16, out, w, x, n, d);
}

void mu_matvec_bf16(float* out, const uint16_t* w, const float* x, int n, int d) {
    threaded_matvec<uint16_t>(mu_active_kernels()->matvec_bf16, out, w, x, n, d);
}

void mu_matmul_f32(float* out, const float* w, const float* x, int n, int d, int t) {
    threaded_matmul<float>(mu_active_kernels()->matmul_f32, out, w, x, n, d, t);
}

void mu_matmul_f16(float* out, const uint16_t* w, const float* x, int n, int d, int t) {
    threaded_matmul<uint16_t>(mu_active_kernels()->matmul_f16, out, w, x, n, d, t);
}

void mu_matmul_bf16(float* out, const uint16_t* w, const float* x, int n, int d, int t) {
    threaded_matmul<uint16_t>(mu_active_kernels()->matmul_bf16, out, w, x, n, d, t);
}

} // extern "C"
