// AVX-512 elementwise kernels and softmax: the structure of activations_avx2.cpp with 16 lanes and masked tails.
#include "avx512_common.h"
#include "kernels.h"

namespace {

// out[i] = f(x[i]) 16 lanes at a time; the n % 16 tail goes through masked loads and stores.
template <class F>
void map1(float* out, const float* x, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, f(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const __mmask16 mask = tail_mask(n - i);
        _mm512_mask_storeu_ps(out + i, mask, f(_mm512_maskz_loadu_ps(mask, x + i)));
    }
}

// out[i] = f(a[i], b[i]).
template <class F>
void map2(float* out, const float* a, const float* b, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, f(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
    if (i < n) {
        const __mmask16 mask = tail_mask(n - i);
        _mm512_mask_storeu_ps(out + i, mask, f(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i)));
    }
}

// See activations_avx2.cpp for the formulas of silu, erfc_nonneg, gelu and gelu_tanh.
__m512 silu(__m512 x) {
    const __m512 e = exp_ps(_mm512_sub_ps(_mm512_setzero_ps(), x));
    return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
}

// 0.5 x (1 + erf(x / sqrt 2)), with 1 + erf(u) = 2 - erfc(u) for u >= 0 and erfc(-u) for u < 0: computing
// through erfc keeps full relative accuracy in the negative tail, where 1 + erf(u) cancels.
// erfc(z), z = |u| >= 0, is Numerical Recipes' erfcc (a Chebyshev fit, relative error < 1.2e-7):
// t e^(-z^2 + P(t)), t = 1 / (1 + z / 2). The exponent is formed as P(t) - (x / 2) x in one FMA: rounding x / sqrt 2
// and z^2 separately would cost up to 1e-6 relative in e^(...) for |x| around 4.
__m512 gelu(__m512 x) {
    const __m512 z = _mm512_abs_ps(_mm512_mul_ps(x, _mm512_set1_ps(0.70710678118654752f)));
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 t = _mm512_div_ps(one, _mm512_fmadd_ps(_mm512_set1_ps(0.5f), z, one));
    __m512 p = _mm512_set1_ps(0.17087277f);
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.82215223f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.48851587f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.13520398f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.27886807f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.18628806f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.09678418f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.37409196f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.00002368f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.26551223f));
    const __m512 half_x = _mm512_mul_ps(_mm512_set1_ps(0.5f), x);
    const __m512 e = _mm512_mul_ps(t, exp_ps(_mm512_fnmadd_ps(half_x, x, p))); // erfc(z)
    const __mmask16 negative = _mm512_movepi32_mask(_mm512_castps_si512(x)); // sign bit, as blendv in AVX2
    const __m512 one_plus_erf = _mm512_mask_blend_ps(negative, _mm512_sub_ps(_mm512_set1_ps(2.0f), e), e);
    return _mm512_mul_ps(half_x, one_plus_erf);
}

__m512 gelu_tanh(__m512 x) {
    // -2y = x (k1 + k3 x^2), k1 = -2 sqrt(2 / pi), k3 = 0.044715 k1: three roundings before exp.
    const __m512 x2 = _mm512_mul_ps(x, x);
    const __m512 k1 = _mm512_set1_ps(-1.59576912160573f), k3 = _mm512_set1_ps(-0.0713548162726f);
    const __m512 minus_2y = _mm512_mul_ps(x, _mm512_fmadd_ps(k3, x2, k1));
    return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), exp_ps(minus_2y)));
}

} // namespace

void mu_add_avx512(float* out, const float* a, const float* b, int64_t n) {
    map2(out, a, b, n, [](__m512 u, __m512 v) { return _mm512_add_ps(u, v); });
}

void mu_add_bias_avx512(float* x, const float* bias, int n, int t) {
    for (int i = 0; i < t; ++i) {
        float* row = x + static_cast<int64_t>(i) * n;
        map2(row, row, bias, n, [](__m512 u, __m512 v) { return _mm512_add_ps(u, v); });
    }
}

void mu_silu_avx512(float* out, const float* x, int64_t n) {
    map1(out, x, n, [](__m512 v) { return silu(v); });
}

void mu_gelu_avx512(float* out, const float* x, int64_t n) {
    map1(out, x, n, [](__m512 v) { return gelu(v); });
}

void mu_gelu_tanh_avx512(float* out, const float* x, int64_t n) {
    map1(out, x, n, [](__m512 v) { return gelu_tanh(v); });
}

void mu_swiglu_avx512(float* out, const float* gate, const float* up, int64_t n) {
    map2(out, gate, up, n, [](__m512 g, __m512 u) { return _mm512_mul_ps(silu(g), u); });
}

// Three passes: maximum, exponentials (stored) and their sum, scaling by 1 / sum.
void mu_softmax_avx512(float* out, const float* x, int n) {
    if (n <= 0) return;
    const int tail = n % 16;
    const int full = n - tail;
    const __mmask16 mask = tail_mask(tail);
    const __m512 neg_inf = _mm512_castsi512_ps(_mm512_set1_epi32(static_cast<int>(0xFF800000u))); // -inf
    __m512 vmax = neg_inf;
    for (int i = 0; i < full; i += 16) vmax = _mm512_max_ps(vmax, _mm512_loadu_ps(x + i));
    if (tail != 0) vmax = _mm512_max_ps(vmax, _mm512_mask_loadu_ps(neg_inf, mask, x + full));
    const __m512 max = _mm512_set1_ps(_mm512_reduce_max_ps(vmax));
    __m512 sum = _mm512_setzero_ps();
    for (int i = 0; i < full; i += 16) {
        const __m512 e = exp_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i), max));
        _mm512_storeu_ps(out + i, e);
        sum = _mm512_add_ps(sum, e);
    }
    if (tail != 0) {
        const __m512 e = exp_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, x + full), max));
        _mm512_mask_storeu_ps(out + full, mask, e);
        sum = _mm512_mask_add_ps(sum, mask, sum, e);
    }
    const __m512 scale = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
    map1(out, out, n, [scale](__m512 e) { return _mm512_mul_ps(e, scale); });
}
