// AVX-512 matrix products: the structure of matmul_avx2.cpp with 16 f32 lanes and a masked k tail.
#include "avx512_common.h"
#include "kernels.h"

namespace {

// Weight formats: load16 widens 16 consecutive weights to f32 lanes; the masked form reads only lanes in mask.
struct F32 {
    using type = float;
    static __m512 load16(const float* p) { return _mm512_loadu_ps(p); }
    static __m512 load16(const float* p, __mmask16 mask) { return _mm512_maskz_loadu_ps(mask, p); }
};

struct F16 {
    using type = uint16_t;
    static __m512 load16(const uint16_t* p) { return load_f16(p); }
    static __m512 load16(const uint16_t* p, __mmask16 mask) { return load_f16(p, mask); }
};

struct BF16 {
    using type = uint16_t;
    static __m512 load16(const uint16_t* p) { return load_bf16(p); }
    static __m512 load16(const uint16_t* p, __mmask16 mask) { return load_bf16(p, mask); }
};

// See matmul_avx2.cpp: the token block of X that stays in L2 while blocks of weight rows pass over it.
constexpr int64_t TOKEN_BLOCK_FLOATS = 64 * 1024;

// out[tt * out_stride + r] = dot(W row r, X row tt) for R weight rows and T tokens, all rows n long.
template <class Format, int R, int T>
void tile(float* out, int64_t out_stride, const typename Format::type* w, const float* x, int n) {
    __m512 acc[R][T];
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) acc[r][tt] = _mm512_setzero_ps();
    }
    int k = 0;
    for (; k + 16 <= n; k += 16) {
        __m512 xv[T];
        for (int tt = 0; tt < T; ++tt) xv[tt] = _mm512_loadu_ps(x + tt * static_cast<int64_t>(n) + k);
        for (int r = 0; r < R; ++r) {
            const __m512 wv = Format::load16(w + r * static_cast<int64_t>(n) + k);
            for (int tt = 0; tt < T; ++tt) acc[r][tt] = _mm512_fmadd_ps(wv, xv[tt], acc[r][tt]);
        }
    }
    if (k < n) { // masked lanes load 0 and add nothing
        const __mmask16 mask = tail_mask(n - k);
        __m512 xv[T];
        for (int tt = 0; tt < T; ++tt) xv[tt] = _mm512_maskz_loadu_ps(mask, x + tt * static_cast<int64_t>(n) + k);
        for (int r = 0; r < R; ++r) {
            const __m512 wv = Format::load16(w + r * static_cast<int64_t>(n) + k, mask);
            for (int tt = 0; tt < T; ++tt) acc[r][tt] = _mm512_fmadd_ps(wv, xv[tt], acc[r][tt]);
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) out[tt * out_stride + r] = _mm512_reduce_add_ps(acc[r][tt]);
    }
}

// R weight rows against `tokens` tokens, two at a time.
template <class Format, int R>
void rows(float* out, int64_t out_stride, const typename Format::type* w, const float* x, int n, int tokens) {
    int i = 0;
    for (; i + 2 <= tokens; i += 2) {
        tile<Format, R, 2>(out + i * out_stride, out_stride, w, x + i * static_cast<int64_t>(n), n);
    }
    if (i < tokens) tile<Format, R, 1>(out + i * out_stride, out_stride, w, x + i * static_cast<int64_t>(n), n);
}

template <class Format>
void matmul(float* out, const typename Format::type* w, const float* x, int n, int d, int t, int out_stride) {
    const int64_t fit = n > 0 ? TOKEN_BLOCK_FLOATS / n : t;
    const int block = fit < 2 ? 2 : static_cast<int>(fit < t ? fit : t);
    for (int t0 = 0; t0 < t; t0 += block) {
        const int tokens = t - t0 < block ? t - t0 : block;
        float* out_block = out + t0 * static_cast<int64_t>(out_stride);
        const float* x_block = x + t0 * static_cast<int64_t>(n);
        int r = 0;
        for (; r + 4 <= d; r += 4) {
            rows<Format, 4>(out_block + r, out_stride, w + r * static_cast<int64_t>(n), x_block, n, tokens);
        }
        for (; r < d; ++r) {
            rows<Format, 1>(out_block + r, out_stride, w + r * static_cast<int64_t>(n), x_block, n, tokens);
        }
    }
}

} // namespace

void mu_matvec_f32_avx512(float* out, const float* w, const float* x, int n, int d) {
    matmul<F32>(out, w, x, n, d, 1, d);
}

void mu_matvec_f16_avx512(float* out, const uint16_t* w, const float* x, int n, int d) {
    matmul<F16>(out, w, x, n, d, 1, d);
}

void mu_matvec_bf16_avx512(float* out, const uint16_t* w, const float* x, int n, int d) {
    matmul<BF16>(out, w, x, n, d, 1, d);
}

void mu_matmul_f32_avx512(float* out, const float* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<F32>(out, w, x, n, d, t, out_stride);
}

void mu_matmul_f16_avx512(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<F16>(out, w, x, n, d, t, out_stride);
}

void mu_matmul_bf16_avx512(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<BF16>(out, w, x, n, d, t, out_stride);
}
