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

} // namespace

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
    mu_active_kernels()->matvec_f32(out, w, x, n, d);
}

void mu_matvec_f16(float* out, const uint16_t* w, const float* x, int n, int d) {
    mu_active_kernels()->matvec_f16(out, w, x, n, d);
}

void mu_matvec_bf16(float* out, const uint16_t* w, const float* x, int n, int d) {
    mu_active_kernels()->matvec_bf16(out, w, x, n, d);
}

void mu_matmul_f32(float* out, const float* w, const float* x, int n, int d, int t) {
    mu_active_kernels()->matmul_f32(out, w, x, n, d, t, d);
}

void mu_matmul_f16(float* out, const uint16_t* w, const float* x, int n, int d, int t) {
    mu_active_kernels()->matmul_f16(out, w, x, n, d, t, d);
}

void mu_matmul_bf16(float* out, const uint16_t* w, const float* x, int n, int d, int t) {
    mu_active_kernels()->matmul_bf16(out, w, x, n, d, t, d);
}

} // extern "C"
