// The x86 quantized products shared by quant_avx2.cpp and quant_avx512.cpp, compiled once per file with that
// file's flags (an anonymous namespace, as in avx2_common.h). The including file defines, before including this,
//   __m256 block_dot(__m256i u, __m256i s): the f32 lanes whose sum is sum_k u[k] * s[k] (u unsigned, s signed),
// and defines its mu_*_<isa> entry points with quantize_act() and matmul<Q8 | Q4>().
#pragma once
#include <immintrin.h>
#include <stdint.h>

#include <cstring>

#include "kernels.h"

namespace {

inline float q_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline float q_hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

// 32 bytes of block b of an activation row.
inline __m256i load_act(const int8_t* q, int b) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + b * MU_QK));
}

struct Q8 {
    using type = int8_t;
    static const int8_t* row(const int8_t* w, int64_t r, int n) { return w + r * n; }
    // The block's weights in the form dot() takes: raw s8.
    static __m256i load(const int8_t* w, int b) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + b * MU_QK));
    }
    static __m256 dot(__m256i w, __m256i x) { return block_dot(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w)); }
    static constexpr bool offset = false;
};

struct Q4 {
    using type = uint8_t;
    static const uint8_t* row(const uint8_t* w, int64_t r, int n) { return w + r * (n / 2); }
    // Nibbles widened to 32 bytes in element order: low nibbles are elements 0..15, high nibbles 16..31.
    static __m256i load(const uint8_t* w, int b) {
        const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w + b * (MU_QK / 2)));
        const __m256i both = _mm256_set_m128i(_mm_srli_epi16(raw, 4), raw);
        return _mm256_and_si256(both, _mm256_set1_epi8(0x0F));
    }
    static __m256 dot(__m256i w, __m256i x) { return block_dot(w, x); }
    static constexpr bool offset = true; // subtract 8 * scale_w * s per block
};

// out[tt * out_stride + r] for R weight rows and T tokens: each block's weights are unpacked once for T tokens.
template <class Format, int R, int T>
void tile(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale, const void* xq,
          int n) {
    const int nb = n / MU_QK;
    const int8_t* xqs[T];
    const float* xd[T];
    const float* xs[T];
    for (int tt = 0; tt < T; ++tt) {
        xqs[tt] = static_cast<const int8_t*>(xq) + MU_ACT_ROW_BYTES(n) * tt;
        xd[tt] = reinterpret_cast<const float*>(xqs[tt] + n);
        xs[tt] = xd[tt] + nb;
    }
    __m256 acc[R][T];
    float corr[R][T];
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) {
            acc[r][tt] = _mm256_setzero_ps();
            corr[r][tt] = 0.0f;
        }
    }
    int b = 0;
    if constexpr (Format::offset) {
        // q4_0, two blocks per step: one 32-byte load holds blocks b and b + 1 (16 bytes each); its low nibbles
        // are elements 0..15 of both, its high nibbles 16..31 of both. The activations are regrouped to match
        // (once per token, shared by the R rows), so the two vpmaddubsw add up to one vector whose low half
        // belongs to block b and high half to b + 1, scaled by [f_b x 4 | f_b+1 x 4].
        const __m256i nibble = _mm256_set1_epi8(0x0F);
        const __m256i halves = _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1);
        __m128 corr2[R][T];
        for (int r = 0; r < R; ++r) {
            for (int tt = 0; tt < T; ++tt) corr2[r][tt] = _mm_setzero_ps();
        }
        for (; b + 2 <= nb; b += 2) {
            __m256i lo[R], hi[R];
            __m128 ws2[R]; // [scale_w b, scale_w b+1, 0, 0]
            for (int r = 0; r < R; ++r) {
                const __m256i v = _mm256_loadu_si256(
                    reinterpret_cast<const __m256i*>(Format::row(w, r, n) + b * (MU_QK / 2)));
                lo[r] = _mm256_and_si256(v, nibble);
                hi[r] = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
                int32_t pair;
                std::memcpy(&pair, scale + r * static_cast<int64_t>(nb) + b, sizeof pair);
                ws2[r] = _mm_cvtph_ps(_mm_cvtsi32_si128(pair));
            }
            for (int tt = 0; tt < T; ++tt) {
                const __m256i a0 = load_act(xqs[tt], b), a1 = load_act(xqs[tt], b + 1);
                const __m256i alo = _mm256_permute2x128_si256(a0, a1, 0x20); // [b 0..15 | b+1 0..15]
                const __m256i ahi = _mm256_permute2x128_si256(a0, a1, 0x31); // [b 16..31 | b+1 16..31]
                const __m128 xd2 = _mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(xd[tt] + b)));
                const __m128 xs2 = _mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(xs[tt] + b)));
                for (int r = 0; r < R; ++r) {
                    const __m256i p16 = _mm256_add_epi16(_mm256_maddubs_epi16(lo[r], alo), _mm256_maddubs_epi16(hi[r], ahi));
                    const __m256 p = _mm256_cvtepi32_ps(_mm256_madd_epi16(p16, _mm256_set1_epi16(1)));
                    const __m256 f = _mm256_permutevar8x32_ps(_mm256_castps128_ps256(_mm_mul_ps(ws2[r], xd2)), halves);
                    acc[r][tt] = _mm256_fmadd_ps(p, f, acc[r][tt]);
                    corr2[r][tt] = _mm_fmadd_ps(ws2[r], xs2, corr2[r][tt]);
                }
            }
        }
        for (int r = 0; r < R; ++r) {
            for (int tt = 0; tt < T; ++tt) {
                const __m128 c = corr2[r][tt];
                corr[r][tt] = _mm_cvtss_f32(c) + _mm_cvtss_f32(_mm_movehdup_ps(c));
            }
        }
    }
    for (; b < nb; ++b) {
        __m256i wv[R];
        float ws[R];
        for (int r = 0; r < R; ++r) {
            wv[r] = Format::load(Format::row(w, r, n), b);
            ws[r] = _cvtsh_ss(scale[r * static_cast<int64_t>(nb) + b]);
        }
        for (int tt = 0; tt < T; ++tt) {
            const __m256i xv = load_act(xqs[tt], b);
            const float xdb = xd[tt][b];
            for (int r = 0; r < R; ++r) {
                acc[r][tt] = _mm256_fmadd_ps(Format::dot(wv[r], xv), _mm256_set1_ps(ws[r] * xdb), acc[r][tt]);
                if (Format::offset) corr[r][tt] += ws[r] * xs[tt][b];
            }
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) out[tt * out_stride + r] = q_hsum(acc[r][tt]) - 8.0f * corr[r][tt];
    }
}

// Activation rows quantized exactly as mu_quantize_act_ref does it.
void quantize_act(void* xq, const float* x, int n, int t) {
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    // vpackssdw / vpacksswb interleave the two 128-bit halves; this permutation restores element order.
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (int i = 0; i < t; ++i) {
        int8_t* q = static_cast<int8_t*>(xq) + MU_ACT_ROW_BYTES(n) * i;
        float* d = reinterpret_cast<float*>(q + n);
        float* s = d + n / MU_QK;
        const float* xi = x + static_cast<int64_t>(i) * n;
        for (int b = 0; b < n / MU_QK; ++b) {
            __m256 v[4];
            for (int j = 0; j < 4; ++j) v[j] = _mm256_loadu_ps(xi + b * MU_QK + 8 * j);
            const __m256 m01 = _mm256_max_ps(_mm256_and_ps(v[0], abs_mask), _mm256_and_ps(v[1], abs_mask));
            const __m256 m23 = _mm256_max_ps(_mm256_and_ps(v[2], abs_mask), _mm256_and_ps(v[3], abs_mask));
            const float amax = q_hmax(_mm256_max_ps(m01, m23));
            const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
            const __m256 idv = _mm256_set1_ps(id);
            __m256i iv[4];
            for (int j = 0; j < 4; ++j) iv[j] = _mm256_cvtps_epi32(_mm256_mul_ps(v[j], idv)); // nearest even
            const __m256i sum32 = _mm256_add_epi32(_mm256_add_epi32(iv[0], iv[1]), _mm256_add_epi32(iv[2], iv[3]));
            __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(sum32), _mm256_extracti128_si256(sum32, 1));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4E));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xB1));
            // Saturating packs to s8 (no value exceeds 127); the dwords come out as iv0[0..3] iv1[0..3] iv2[0..3]
            // iv3[0..3] | iv0[4..7] iv1[4..7] iv2[4..7] iv3[4..7].
            const __m256i p8 = _mm256_packs_epi16(_mm256_packs_epi32(iv[0], iv[1]), _mm256_packs_epi32(iv[2], iv[3]));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + b * MU_QK), _mm256_permutevar8x32_epi32(p8, order));
            d[b] = amax / 127.0f;
            s[b] = d[b] * static_cast<float>(_mm_cvtsi128_si32(s4));
        }
    }
}

} // namespace

#include "quant_tiling.h"  // rows<>, matmul<> over the tile<> above

