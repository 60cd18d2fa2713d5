// NEON attention over an int8 KV cache (aarch64; mu4j.h, mu_attention_q8): the structure of attention_f16_neon.cpp.
// Quants are widened to f32 as they are read (SXTL twice + SCVTF, exact), dot products and the weighted sum
// accumulate in f32 with FMA; a row's fp32 scale is applied once, to its score or its probability, as the _ref spec
// does. The softmax is mu_softmax_ref (the neon table's softmax).
#include <arm_neon.h>

#include <cstring>

#include "kernels.h"

namespace {

// 8 quants widened to f32: lanes 0-3 in lo, 4-7 in hi.
inline void load8(const int8_t* p, float32x4_t& lo, float32x4_t& hi) {
    const int16x8_t w = vmovl_s8(vld1_s8(p));
    lo = vcvtq_f32_s32(vmovl_s16(vget_low_s16(w)));
    hi = vcvtq_f32_s32(vmovl_high_s16(w));
}

// The first count (< 8) quants at p widened, the other lanes 0; reads only those count bytes.
inline void load8_tail(const int8_t* p, int count, float32x4_t& lo, float32x4_t& hi) {
    int8_t buffer[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(buffer, p, static_cast<size_t>(count));
    load8(buffer, lo, hi);
}

inline float row_scale(const int8_t* row, int head_dim) {
    float s;
    std::memcpy(&s, row + head_dim, sizeof s);
    return s;
}

// scores[p] = (dot(q, quants of key row p) * its scale) * scale for p < len; rows are row bytes apart.
void scores(float* out, const float* q, const int8_t* keys, int len, int head_dim, int64_t row, float scale) {
    const int tail = head_dim % 8;
    const int full = head_dim - tail;
    float qtail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(qtail, q + full, sizeof(float) * static_cast<size_t>(tail));
    const float32x4_t qt0 = vld1q_f32(qtail), qt1 = vld1q_f32(qtail + 4);
    for (int p = 0; p < len; ++p) {
        const int8_t* k = keys + static_cast<int64_t>(p) * row;
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = vdupq_n_f32(0.0f);
        float32x4_t lo, hi;
        for (int c = 0; c < full; c += 8) {
            load8(k + c, lo, hi);
            a0 = vfmaq_f32(a0, vld1q_f32(q + c), lo);
            a1 = vfmaq_f32(a1, vld1q_f32(q + c + 4), hi);
        }
        if (tail != 0) {
            load8_tail(k + full, tail, lo, hi);
            a0 = vfmaq_f32(a0, qt0, lo);
            a1 = vfmaq_f32(a1, qt1, hi);
        }
        out[p] = vaddvq_f32(vaddq_f32(a0, a1)) * row_scale(k, head_dim) * scale;
    }
}

// out(head_dim) = sum over p < len of w[p] * quants of value row p, where w[p] = probs[p] * the row's scale (probs
// is overwritten with w); 16 output lanes in registers per pass.
void weighted_sum(float* out, float* probs, const int8_t* values, int len, int head_dim, int64_t row) {
    for (int p = 0; p < len; ++p) probs[p] *= row_scale(values + static_cast<int64_t>(p) * row, head_dim);
    int c = 0;
    for (; c + 16 <= head_dim; c += 16) {
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (int p = 0; p < len; ++p) {
            const int8_t* v = values + static_cast<int64_t>(p) * row + c;
            const float32x4_t pv = vdupq_n_f32(probs[p]);
            float32x4_t x0, x1, x2, x3;
            load8(v, x0, x1);
            load8(v + 8, x2, x3);
            a0 = vfmaq_f32(a0, pv, x0);
            a1 = vfmaq_f32(a1, pv, x1);
            a2 = vfmaq_f32(a2, pv, x2);
            a3 = vfmaq_f32(a3, pv, x3);
        }
        vst1q_f32(out + c, a0);
        vst1q_f32(out + c + 4, a1);
        vst1q_f32(out + c + 8, a2);
        vst1q_f32(out + c + 12, a3);
    }
    for (; c < head_dim; c += 8) { // 8 lanes, the last group partial
        const int n = head_dim - c < 8 ? head_dim - c : 8;
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = a0;
        for (int p = 0; p < len; ++p) {
            const int8_t* v = values + static_cast<int64_t>(p) * row + c;
            const float32x4_t pv = vdupq_n_f32(probs[p]);
            float32x4_t x0, x1;
            if (n == 8) {
                load8(v, x0, x1);
            } else {
                load8_tail(v, n, x0, x1);
            }
            a0 = vfmaq_f32(a0, pv, x0);
            a1 = vfmaq_f32(a1, pv, x1);
        }
        float result[8];
        vst1q_f32(result, a0);
        vst1q_f32(result + 4, a1);
        std::memcpy(out + c, result, sizeof(float) * static_cast<size_t>(n));
    }
}

} // namespace

void mu_attention_q8_neon(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * row;
            scores(scratch, q + qo, k_cache + kv_head, len, head_dim, row, scale);
            mu_softmax_ref(scratch, scratch, len);
            weighted_sum(out + qo, scratch, v_cache + kv_head, len, head_dim, row);
        }
    }
}
