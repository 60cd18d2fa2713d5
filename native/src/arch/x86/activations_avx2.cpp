// AVX2 + FMA elementwise kernels and softmax; exp via the polynomial in avx2_common.h, erfc below.
#include "avx2_common.h"
#include "kernels.h"

namespace {

// out[i] = f(x[i]) 8 lanes at a time; the n % 8 tail goes through masked loads and stores.
template <class F>
void map1(float* out, const float* x, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, f(_mm256_loadu_ps(x + i)));
    if (i < n) {
        const __m256i mask = tail_mask(n - i);
        _mm256_maskstore_ps(out + i, mask, f(_mm256_maskload_ps(x + i, mask)));
    }
}

// out[i] = f(a[i], b[i]).
template <class F>
void map2(float* out, const float* a, const float* b, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, f(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    if (i < n) {
        const __m256i mask = tail_mask(n - i);
        _mm256_maskstore_ps(out + i, mask, f(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask)));
    }
}

// x * sigmoid(x) = x / (1 + e^-x); e^-x = inf for x < -88.7 gives x / inf = -0, the right limit.
__m256 silu(__m256 x) {
    const __m256 e = exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), x));
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

// 0.5 x (1 + erf(x / sqrt 2)), with 1 + erf(u) = 2 - erfc(u) for u >= 0 and erfc(-u) for u < 0: computing
// through erfc keeps full relative accuracy in the negative tail, where 1 + erf(u) cancels.
// erfc(z), z = |u| >= 0, is Numerical Recipes' erfcc (a Chebyshev fit, relative error < 1.2e-7):
// t e^(-z^2 + P(t)), t = 1 / (1 + z / 2). The exponent is formed as P(t) - (x / 2) x in one FMA: rounding x / sqrt 2
// and z^2 separately would cost up to 1e-6 relative in e^(...) for |x| around 4.
__m256 gelu(__m256 x) {
    const __m256 z = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), _mm256_mul_ps(x, _mm256_set1_ps(0.70710678118654752f)));
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 t = _mm256_div_ps(one, _mm256_fmadd_ps(_mm256_set1_ps(0.5f), z, one));
    __m256 p = _mm256_set1_ps(0.17087277f);
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.82215223f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.48851587f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.13520398f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.27886807f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.18628806f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.09678418f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.37409196f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.00002368f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.26551223f));
    const __m256 half_x = _mm256_mul_ps(_mm256_set1_ps(0.5f), x);
    const __m256 e = _mm256_mul_ps(t, exp_ps(_mm256_fnmadd_ps(half_x, x, p))); // erfc(z)
    const __m256 one_plus_erf = _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(2.0f), e), e, x); // sign of x picks
    return _mm256_mul_ps(half_x, one_plus_erf);
}

// 0.5 x (1 + tanh(y)) = x / (1 + e^(-2y)), y = sqrt(2 / pi) (x + 0.044715 x^3): no cancellation for x < 0.
__m256 gelu_tanh(__m256 x) {
    // -2y = x (k1 + k3 x^2), k1 = -2 sqrt(2 / pi), k3 = 0.044715 k1: three roundings before exp.
    const __m256 x2 = _mm256_mul_ps(x, x);
    const __m256 k1 = _mm256_set1_ps(-1.59576912160573f), k3 = _mm256_set1_ps(-0.0713548162726f);
    const __m256 minus_2y = _mm256_mul_ps(x, _mm256_fmadd_ps(k3, x2, k1));
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), exp_ps(minus_2y)));
}

} // namespace

void mu_add_avx2(float* out, const float* a, const float* b, int64_t n) {
    map2(out, a, b, n, [](__m256 u, __m256 v) { return _mm256_add_ps(u, v); });
}

void mu_add_bias_avx2(float* x, const float* bias, int n, int t) {
    for (int i = 0; i < t; ++i) {
        float* row = x + static_cast<int64_t>(i) * n;
        map2(row, row, bias, n, [](__m256 u, __m256 v) { return _mm256_add_ps(u, v); });
    }
}

// Lambdas rather than function pointers: each call site gets its own map1 with the function inlined.
void mu_silu_avx2(float* out, const float* x, int64_t n) {
    map1(out, x, n, [](__m256 v) { return silu(v); });
}

void mu_gelu_avx2(float* out, const float* x, int64_t n) {
    map1(out, x, n, [](__m256 v) { return gelu(v); });
}

void mu_gelu_tanh_avx2(float* out, const float* x, int64_t n) {
    map1(out, x, n, [](__m256 v) { return gelu_tanh(v); });
}

void mu_swiglu_avx2(float* out, const float* gate, const float* up, int64_t n) {
    map2(out, gate, up, n, [](__m256 g, __m256 u) { return _mm256_mul_ps(silu(g), u); });
}

// Three passes: maximum, exponentials (stored) and their sum, scaling by 1 / sum.
void mu_softmax_avx2(float* out, const float* x, int n) {
    if (n <= 0) return;
    const int tail = n % 8;
    const int full = n - tail;
    const __m256i mask = tail_mask(tail);
    const __m256 neg_inf = _mm256_castsi256_ps(_mm256_set1_epi32(static_cast<int>(0xFF800000u))); // -inf
    __m256 vmax = neg_inf;
    for (int i = 0; i < full; i += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
    if (tail != 0) {
        const __m256 v = _mm256_blendv_ps(neg_inf, _mm256_maskload_ps(x + full, mask), _mm256_castsi256_ps(mask));
        vmax = _mm256_max_ps(vmax, v);
    }
    const __m256 max = _mm256_set1_ps(hmax(vmax));
    __m256 sum = _mm256_setzero_ps();
    for (int i = 0; i < full; i += 8) {
        const __m256 e = exp_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), max));
        _mm256_storeu_ps(out + i, e);
        sum = _mm256_add_ps(sum, e);
    }
    if (tail != 0) {
        const __m256 e = exp_ps(_mm256_sub_ps(_mm256_maskload_ps(x + full, mask), max));
        _mm256_maskstore_ps(out + full, mask, e);
        sum = _mm256_add_ps(sum, _mm256_and_ps(e, _mm256_castsi256_ps(mask)));
    }
    const __m256 scale = _mm256_set1_ps(1.0f / hsum(sum));
    map1(out, out, n, [scale](__m256 e) { return _mm256_mul_ps(e, scale); });
}
