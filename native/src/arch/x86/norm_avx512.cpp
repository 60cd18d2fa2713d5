// AVX-512 LayerNorm and RMSNorm: the structure of norm_avx2.cpp with 16 lanes and masked tails.
#include "avx512_common.h"
#include "kernels.h"

namespace {

float rsqrt(float v) { return 1.0f / _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(v))); }

// sum + the 16 lanes of v, widened to double.
__m512d add_widened(__m512d sum, __m512 v) {
    sum = _mm512_add_pd(sum, _mm512_cvtps_pd(_mm512_castps512_ps256(v)));
    return _mm512_add_pd(sum, _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1)));
}

} // namespace

void mu_layernorm_avx512(float* out, const float* x, const float* weight, const float* bias, int n, int t,
                         float eps) {
    const int tail = n % 16;
    const int full = n - tail;
    const __mmask16 mask = tail_mask(tail);
    for (int i = 0; i < t; ++i) {
        const float* row = x + static_cast<int64_t>(i) * n;
        float* y = out + static_cast<int64_t>(i) * n;
        __m512d sum = _mm512_setzero_pd(); // in double, as in norm_avx2.cpp
        for (int k = 0; k < full; k += 16) sum = add_widened(sum, _mm512_loadu_ps(row + k));
        if (tail != 0) sum = add_widened(sum, _mm512_maskz_loadu_ps(mask, row + full));
        const float mean = static_cast<float>(_mm512_reduce_add_pd(sum) / n);
        const __m512 vmean = _mm512_set1_ps(mean);
        __m512 squares = _mm512_setzero_ps(); // second pass around the mean: no cancellation
        for (int k = 0; k < full; k += 16) {
            const __m512 centred = _mm512_sub_ps(_mm512_loadu_ps(row + k), vmean);
            squares = _mm512_fmadd_ps(centred, centred, squares);
        }
        if (tail != 0) {
            const __m512 centred = _mm512_maskz_sub_ps(mask, _mm512_maskz_loadu_ps(mask, row + full), vmean);
            squares = _mm512_fmadd_ps(centred, centred, squares);
        }
        const __m512 vrstd = _mm512_set1_ps(rsqrt(_mm512_reduce_add_ps(squares) / static_cast<float>(n) + eps));
        const auto normed = [&](__m512 v, __m512 w, __m512 b) {
            return _mm512_fmadd_ps(_mm512_mul_ps(_mm512_sub_ps(v, vmean), vrstd), w, b);
        };
        for (int k = 0; k < full; k += 16) {
            const __m512 b = bias != nullptr ? _mm512_loadu_ps(bias + k) : _mm512_setzero_ps();
            _mm512_storeu_ps(y + k, normed(_mm512_loadu_ps(row + k), _mm512_loadu_ps(weight + k), b));
        }
        if (tail != 0) {
            const __m512 b = bias != nullptr ? _mm512_maskz_loadu_ps(mask, bias + full) : _mm512_setzero_ps();
            const __m512 r =
                normed(_mm512_maskz_loadu_ps(mask, row + full), _mm512_maskz_loadu_ps(mask, weight + full), b);
            _mm512_mask_storeu_ps(y + full, mask, r);
        }
    }
}

void mu_rmsnorm_avx512(float* out, const float* x, const float* weight, int n, int t, float eps) {
    const int tail = n % 16;
    const int full = n - tail;
    const __mmask16 mask = tail_mask(tail);
    for (int i = 0; i < t; ++i) {
        const float* row = x + static_cast<int64_t>(i) * n;
        float* y = out + static_cast<int64_t>(i) * n;
        __m512 squares = _mm512_setzero_ps();
        for (int k = 0; k < full; k += 16) {
            const __m512 v = _mm512_loadu_ps(row + k);
            squares = _mm512_fmadd_ps(v, v, squares);
        }
        if (tail != 0) {
            const __m512 v = _mm512_maskz_loadu_ps(mask, row + full);
            squares = _mm512_fmadd_ps(v, v, squares);
        }
        const __m512 vrstd = _mm512_set1_ps(rsqrt(_mm512_reduce_add_ps(squares) / static_cast<float>(n) + eps));
        for (int k = 0; k < full; k += 16) {
            const __m512 r = _mm512_mul_ps(_mm512_loadu_ps(weight + k), _mm512_mul_ps(_mm512_loadu_ps(row + k), vrstd));
            _mm512_storeu_ps(y + k, r);
        }
        if (tail != 0) {
            const __m512 v = _mm512_maskz_loadu_ps(mask, row + full);
            const __m512 r = _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, weight + full), _mm512_mul_ps(v, vrstd));
            _mm512_mask_storeu_ps(y + full, mask, r);
        }
    }
}
