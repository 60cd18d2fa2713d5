// AVX-512 conversions, 16 values per instruction with masked tails; bit-exact with the _ref variants.
#include "avx512_common.h"
#include "kernels.h"

void mu_f16_to_f32_avx512(float* out, const uint16_t* x, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, load_f16(x + i));
    if (i < n) {
        const __mmask16 mask = tail_mask(n - i);
        _mm512_mask_storeu_ps(out + i, mask, load_f16(x + i, mask));
    }
}

void mu_bf16_to_f32_avx512(float* out, const uint16_t* x, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, load_bf16(x + i));
    if (i < n) {
        const __mmask16 mask = tail_mask(n - i);
        _mm512_mask_storeu_ps(out + i, mask, load_bf16(x + i, mask));
    }
}

void mu_f32_to_f16_avx512(uint16_t* out, const float* x, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i h = _mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), h);
    }
    if (i < n) {
        const __mmask16 mask = tail_mask(n - i);
        const __m256i h = _mm512_cvtps_ph(_mm512_maskz_loadu_ps(mask, x + i), _MM_FROUND_TO_NEAREST_INT);
        _mm256_mask_storeu_epi16(out + i, mask, h);
    }
}
