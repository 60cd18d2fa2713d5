// AVX2 + FMA (+ F16C) matrix products: 8 f32 lanes, weights widened to f32 in registers.
#include "kernels.h"
#include "avx2_common.h"

namespace {

// Weight formats: load8 widens 8 consecutive weights to f32 lanes, value widens one (for the n % 8 tail).
struct F32 {
    using type = float;
    static __m256 load8(const float* p) { return _mm256_loadu_ps(p); }
    static float value(float w) { return w; }
};

struct F16 {
    using type = uint16_t;
    static __m256 load8(const uint16_t* p) { return load_f16(p); }
    static float value(uint16_t w) { return f16_value(w); }
};

struct BF16 {
    using type = uint16_t;
    static __m256 load8(const uint16_t* p) { return load_bf16(p); }
    static float value(uint16_t w) { return bf16_value(w); }
};

// The block of tokens X(block, n) that one pass of weight-row blocks runs over is sized to stay in L2 (a
// 256 KiB share: half of a Zen 3 core's L2, all of a Skylake client's), so only the weights stream from memory.
constexpr int64_t TOKEN_BLOCK_FLOATS = 64 * 1024;

// out[tt * out_stride + r] = dot(W row r, X row tt) for R weight rows and T tokens, all rows n long.
// R * T accumulators: every 8-wide weight load serves T tokens, every token load serves R rows; 4 x 2 keeps
// 8 independent FMA chains, enough to hide FMA latency with two FMA units.
template <class Format, int R, int T>
void tile(float* out, int64_t out_stride, const typename Format::type* w, const float* x, int n) {
    __m256 acc[R][T];
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) acc[r][tt] = _mm256_setzero_ps();
    }
    int k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 xv[T];
        for (int tt = 0; tt < T; ++tt) xv[tt] = _mm256_loadu_ps(x + tt * static_cast<int64_t>(n) + k);
        for (int r = 0; r < R; ++r) {
            const __m256 wv = Format::load8(w + r * static_cast<int64_t>(n) + k);
            for (int tt = 0; tt < T; ++tt) acc[r][tt] = _mm256_fmadd_ps(wv, xv[tt], acc[r][tt]);
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) {
            float sum = hsum(acc[r][tt]);
            for (int kk = k; kk < n; ++kk) {
                sum += Format::value(w[r * static_cast<int64_t>(n) + kk]) * x[tt * static_cast<int64_t>(n) + kk];
            }
            out[tt * out_stride + r] = sum;
        }
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

void mu_matvec_f32_avx2(float* out, const float* w, const float* x, int n, int d) {
    matmul<F32>(out, w, x, n, d, 1, d);
}

void mu_matvec_f16_avx2(float* out, const uint16_t* w, const float* x, int n, int d) {
    matmul<F16>(out, w, x, n, d, 1, d);
}

void mu_matvec_bf16_avx2(float* out, const uint16_t* w, const float* x, int n, int d) {
    matmul<BF16>(out, w, x, n, d, 1, d);
}

void mu_matmul_f32_avx2(float* out, const float* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<F32>(out, w, x, n, d, t, out_stride);
}

void mu_matmul_f16_avx2(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<F16>(out, w, x, n, d, t, out_stride);
}

void mu_matmul_bf16_avx2(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride) {
    matmul<BF16>(out, w, x, n, d, t, out_stride);
}
