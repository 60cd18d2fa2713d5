// Elementwise kernels: add, bias, SiLU, GELU (exact and tanh), SwiGLU, softmax.
//
// The GELU _ref variants evaluate in double and round once, so they are the f32 result to within an ulp over the
// whole range; the SIMD variants use polynomial exp / erfc and agree to a few ulps (tests/native/test_activations.cpp).
#include <cmath>

#include "kernels.h"

void mu_add_ref(float* out, const float* a, const float* b, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}

void mu_add_bias_ref(float* x, const float* bias, int n, int t) {
    for (int i = 0; i < t; ++i) {
        float* row = x + static_cast<int64_t>(i) * n;
        for (int k = 0; k < n; ++k) row[k] += bias[k];
    }
}

void mu_silu_ref(float* out, const float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = x[i] / (1.0f + std::exp(-x[i]));
}

// 0.5 x (1 + erf(x / sqrt 2)), with 1 + erf(u) written erfc(-u): the same value, without the cancellation
// that leaves 1 + erf(u) no correct digits once u < -6.
void mu_gelu_ref(float* out, const float* x, int64_t n) {
    const double inv_sqrt2 = 0.70710678118654752440;
    for (int64_t i = 0; i < n; ++i) {
        const double v = x[i];
        out[i] = static_cast<float>(0.5 * v * std::erfc(-v * inv_sqrt2));
    }
}

// 0.5 x (1 + tanh(y)), y = sqrt(2 / pi) (x + 0.044715 x^3), as GPT-2 and HF "gelu_new" / "gelu_pytorch_tanh";
// written x / (1 + e^(-2y)), the same value without the cancellation of 1 + tanh(y) for x < 0.
void mu_gelu_tanh_ref(float* out, const float* x, int64_t n) {
    const double sqrt_2_over_pi = 0.79788456080286535588;
    for (int64_t i = 0; i < n; ++i) {
        const double v = x[i];
        const double y = sqrt_2_over_pi * (v + 0.044715 * v * v * v);
        out[i] = static_cast<float>(v / (1.0 + std::exp(-2.0 * y)));
    }
}

void mu_swiglu_ref(float* out, const float* gate, const float* up, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

// exp(x - max) / sum: subtracting the maximum keeps every exponent <= 0, so nothing overflows.
void mu_softmax_ref(float* out, const float* x, int n) {
    if (n <= 0) return;
    float max = x[0];
    for (int i = 1; i < n; ++i) max = x[i] > max ? x[i] : max;
    float sum = 0.0f;
    for (int i = 0; i < n; ++i) {
        out[i] = std::exp(x[i] - max);
        sum += out[i];
    }
    for (int i = 0; i < n; ++i) out[i] /= sum;
}

extern "C" {

void mu_add(float* out, const float* a, const float* b, int64_t n) { mu_active_kernels()->add(out, a, b, n); }

void mu_add_bias(float* x, const float* bias, int n, int t) { mu_active_kernels()->add_bias(x, bias, n, t); }

void mu_silu(float* out, const float* x, int64_t n) { mu_active_kernels()->silu(out, x, n); }

void mu_gelu(float* out, const float* x, int64_t n) { mu_active_kernels()->gelu(out, x, n); }

void mu_gelu_tanh(float* out, const float* x, int64_t n) { mu_active_kernels()->gelu_tanh(out, x, n); }

void mu_swiglu(float* out, const float* gate, const float* up, int64_t n) {
    mu_active_kernels()->swiglu(out, gate, up, n);
}

void mu_softmax(float* out, const float* x, int n) { mu_active_kernels()->softmax(out, x, n); }

} // extern "C"
