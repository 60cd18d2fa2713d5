// NEON quantized products for aarch64 with the dot-product extension (FEAT_DotProd, -march=armv8.2-a+dotprod):
// sdot multiplies signed bytes directly, so q4_0 nibbles are made signed (- 8) in registers and no offset term is
// needed. Each block's int32 dot product is exact; it is scaled by scale_w * scale_x and accumulated in f32.
// Activation quantization is bit-identical to _ref (same f32 operations; vcvtnq rounds to nearest even).
#include <arm_neon.h>

#include <cstring>

#include "act_row.h"
#include "kernels.h"
#include "quant_layout.h"

namespace {

inline float f16_value(uint16_t h) {
    __fp16 f;
    std::memcpy(&f, &h, sizeof f);
    return static_cast<float>(f);
}

struct Q8 : PlainRows {
    using type = int8_t;
    static constexpr int block_bytes = MU_QK;
    static const int8_t* row(const int8_t* w, int64_t r, int n) { return w + r * n; }
    static void load(const int8_t* w, int b, int8x16_t& lo, int8x16_t& hi) {
        lo = vld1q_s8(w + b * MU_QK);
        hi = vld1q_s8(w + b * MU_QK + 16);
    }
};

struct Q4 : PlainRows {
    using type = uint8_t;
    static constexpr int block_bytes = MU_QK / 2;
    static const uint8_t* row(const uint8_t* w, int64_t r, int n) { return w + r * (n / 2); }
    // Low nibbles are elements 0..15 of the block, high nibbles 16..31; both minus 8.
    static void load(const uint8_t* w, int b, int8x16_t& lo, int8x16_t& hi) {
        const uint8x16_t raw = vld1q_u8(w + b * (MU_QK / 2));
        const int8x16_t eight = vdupq_n_s8(8);
        lo = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(raw, vdupq_n_u8(0x0F))), eight);
        hi = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(raw, 4)), eight);
    }
};

template <class Format, int R, int T>
void tile(float* out, int64_t out_stride, const typename Format::type* w, const uint16_t* scale, const void* xq,
          int n) {
    const int nb = n / MU_QK;
    const int8_t* xqs[T];
    const float* xd[T];
    for (int tt = 0; tt < T; ++tt) {
        const ActRow row = act_row(xq, n, tt);
        xqs[tt] = row.q;
        xd[tt] = row.d;
    }
    float32x4_t acc[R][T];
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) acc[r][tt] = vdupq_n_f32(0.0f);
    }
    for (int b = 0; b < nb; ++b) {
        int8x16_t wlo[R], whi[R];
        float ws[R];
        for (int r = 0; r < R; ++r) {
            Format::load(Format::block_base(Format::row(w, r, n), b), b, wlo[r], whi[r]);
            ws[r] = f16_value(*Format::scale_at(Format::scale_row(scale, r, nb), b));
        }
        for (int tt = 0; tt < T; ++tt) {
            const int8x16_t xlo = vld1q_s8(xqs[tt] + b * MU_QK), xhi = vld1q_s8(xqs[tt] + b * MU_QK + 16);
            const float xdb = xd[tt][b];
            for (int r = 0; r < R; ++r) {
                const int32x4_t p = vdotq_s32(vdotq_s32(vdupq_n_s32(0), wlo[r], xlo), whi[r], xhi);
                acc[r][tt] = vfmaq_n_f32(acc[r][tt], vcvtq_f32_s32(p), ws[r] * xdb);
            }
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int tt = 0; tt < T; ++tt) out[tt * out_stride + r] = vaddvq_f32(acc[r][tt]);
    }
}

} // namespace

#include "quant_tiling.h"  // rows<>, matmul<> over the tile<> above

void mu_quantize_blocks_neon(int8_t* q, float* d, float* s, const float* x, int blocks) {
    for (int b = 0; b < blocks; ++b) {
        float32x4_t v[8];
        float32x4_t m = vdupq_n_f32(0.0f);
        for (int j = 0; j < 8; ++j) {
            v[j] = vld1q_f32(x + b * MU_QK + 4 * j);
            m = vmaxq_f32(m, vabsq_f32(v[j]));
        }
        const float amax = vmaxvq_f32(m);
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int32x4_t sum = vdupq_n_s32(0);
        int16x8_t h[4];
        for (int j = 0; j < 4; ++j) {
            const int32x4_t a = vcvtnq_s32_f32(vmulq_n_f32(v[2 * j], id));
            const int32x4_t c = vcvtnq_s32_f32(vmulq_n_f32(v[2 * j + 1], id));
            sum = vaddq_s32(sum, vaddq_s32(a, c));
            h[j] = vcombine_s16(vqmovn_s32(a), vqmovn_s32(c));
        }
        vst1q_s8(q + b * MU_QK, vcombine_s8(vqmovn_s16(h[0]), vqmovn_s16(h[1])));
        vst1q_s8(q + b * MU_QK + 16, vcombine_s8(vqmovn_s16(h[2]), vqmovn_s16(h[3])));
        d[b] = amax / 127.0f;
        s[b] = d[b] * static_cast<float>(vaddvq_s32(sum));
    }
}

void mu_quantize_act_neon(void* xq, const float* x, int n, int t) {
    for (int i = 0; i < t; ++i) {
        const auto [q, d, s] = act_row(xq, n, i);
        mu_quantize_blocks_neon(q, d, s, x + static_cast<int64_t>(i) * n, n / MU_QK);
    }
}

void mu_matvec_q8_0_neon(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<Q8>(out, w, scale, xq, n, d, 1, d);
}

void mu_matvec_q4_0_neon(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<Q4>(out, w, scale, xq, n, d, 1, d);
}

void mu_matmul_q8_0_neon(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                         int out_stride) {
    matmul<Q8>(out, w, scale, xq, n, d, t, out_stride);
}

void mu_matmul_q4_0_neon(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                         int out_stride) {
    matmul<Q4>(out, w, scale, xq, n, d, t, out_stride);
}

void mu_matvec_q8_0r4_neon(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<R4<Q8>, R4_ROWS, 1>(out, w, scale, xq, n, d, 1, d);
}

void mu_matvec_q4_0r4_neon(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d) {
    matmul<R4<Q4>, R4_ROWS, 1>(out, w, scale, xq, n, d, 1, d);
}

void mu_matmul_q8_0r4_neon(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                           int out_stride) {
    matmul<R4<Q8>, R4_ROWS, 2>(out, w, scale, xq, n, d, t, out_stride);
}

void mu_matmul_q4_0r4_neon(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t,
                           int out_stride) {
    matmul<R4<Q4>, R4_ROWS, 2>(out, w, scale, xq, n, d, t, out_stride);
}
