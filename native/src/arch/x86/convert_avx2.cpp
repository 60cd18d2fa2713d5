// F16C conversions, 8 values per instruction; bit-exact with the _ref variants.
#include "avx2_common.h"
#include "kernels.h"

void mu_f16_to_f32_avx2(float* out, const uint16_t* x, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, load_f16(x + i));
    for (; i < n; ++i) out[i] = f16_value(x[i]);
}

void mu_bf16_to_f32_avx2(float* out, const uint16_t* x, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, load_bf16(x + i));
    for (; i < n; ++i) out[i] = bf16_value(x[i]);
}

void mu_f32_to_f16_avx2(uint16_t* out, const float* x, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
    }
    for (; i < n; ++i) out[i] = _cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT);
}
