// AVX2 + FMA LayerNorm and RMSNorm: sums of squares in 8 f32 lanes (so the rounding error grows with n / 8
// rather than n), the LayerNorm mean in double; rows of any length through masked tails.
#include "avx2_common.h"
#include "kernels.h"

namespace {

float rsqrt(float v) { return 1.0f / _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(v))); }

// sum + the 8 lanes of v, widened to double.
__m256d add_widened(__m256d sum, __m256 v) {
    sum = _mm256_add_pd(sum, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    return _mm256_add_pd(sum, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
}

double hsum_pd(__m256d v) {
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

} // namespace

void mu_layernorm_avx2(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps) {
    const int tail = n % 8;
    const int full = n - tail;
    const __m256i mask = tail_mask(tail);
    for (int i = 0; i < t; ++i) {
        const float* row = x + static_cast<int64_t>(i) * n;
        float* y = out + static_cast<int64_t>(i) * n;
        // The mean is summed in double: an f32 sum of a row far from zero (all near 1000, say) would be off
        // by more than the spread it is subtracted from.
        __m256d sum = _mm256_setzero_pd();
        for (int k = 0; k < full; k += 8) sum = add_widened(sum, _mm256_loadu_ps(row + k));
        if (tail != 0) sum = add_widened(sum, _mm256_maskload_ps(row + full, mask));
        const float mean = static_cast<float>(hsum_pd(sum) / n);
        const __m256 vmean = _mm256_set1_ps(mean);
        __m256 squares = _mm256_setzero_ps(); // second pass around the mean: no cancellation
        for (int k = 0; k < full; k += 8) {
            const __m256 centred = _mm256_sub_ps(_mm256_loadu_ps(row + k), vmean);
            squares = _mm256_fmadd_ps(centred, centred, squares);
        }
        if (tail != 0) {
            const __m256 loaded = _mm256_maskload_ps(row + full, mask); // masked lanes read 0: zero them again
            const __m256 centred = _mm256_and_ps(_mm256_sub_ps(loaded, vmean), _mm256_castsi256_ps(mask));
            squares = _mm256_fmadd_ps(centred, centred, squares);
        }
        const __m256 vrstd = _mm256_set1_ps(rsqrt(hsum(squares) / static_cast<float>(n) + eps));
        const auto normed = [&](__m256 v, __m256 w, __m256 b) {
            return _mm256_fmadd_ps(_mm256_mul_ps(_mm256_sub_ps(v, vmean), vrstd), w, b);
        };
        for (int k = 0; k < full; k += 8) {
            const __m256 b = bias != nullptr ? _mm256_loadu_ps(bias + k) : _mm256_setzero_ps();
            _mm256_storeu_ps(y + k, normed(_mm256_loadu_ps(row + k), _mm256_loadu_ps(weight + k), b));
        }
        if (tail != 0) {
            const __m256 b = bias != nullptr ? _mm256_maskload_ps(bias + full, mask) : _mm256_setzero_ps();
            const __m256 r = normed(_mm256_maskload_ps(row + full, mask), _mm256_maskload_ps(weight + full, mask), b);
            _mm256_maskstore_ps(y + full, mask, r);
        }
    }
}

void mu_rmsnorm_avx2(float* out, const float* x, const float* weight, int n, int t, float eps) {
    const int tail = n % 8;
    const int full = n - tail;
    const __m256i mask = tail_mask(tail);
    for (int i = 0; i < t; ++i) {
        const float* row = x + static_cast<int64_t>(i) * n;
        float* y = out + static_cast<int64_t>(i) * n;
        __m256 squares = _mm256_setzero_ps();
        for (int k = 0; k < full; k += 8) {
            const __m256 v = _mm256_loadu_ps(row + k);
            squares = _mm256_fmadd_ps(v, v, squares);
        }
        if (tail != 0) {
            const __m256 v = _mm256_maskload_ps(row + full, mask);
            squares = _mm256_fmadd_ps(v, v, squares);
        }
        const __m256 vrstd = _mm256_set1_ps(rsqrt(hsum(squares) / static_cast<float>(n) + eps));
        for (int k = 0; k < full; k += 8) {
            const __m256 r = _mm256_mul_ps(_mm256_loadu_ps(weight + k), _mm256_mul_ps(_mm256_loadu_ps(row + k), vrstd));
            _mm256_storeu_ps(y + k, r);
        }
        if (tail != 0) {
            const __m256 v = _mm256_maskload_ps(row + full, mask);
            const __m256 r = _mm256_mul_ps(_mm256_maskload_ps(weight + full, mask), _mm256_mul_ps(v, vrstd));
            _mm256_maskstore_ps(y + full, mask, r);
        }
    }
}
