// NEON attention over an fp16 KV cache (aarch64): the structure of the x86 attention_avx2.cpp with 4-lane
// vectors. Cache values are widened by FCVTL (baseline ARMv8 NEON, exact) as they are read; dot products and the
// weighted sum accumulate in f32 with FMA, the softmax is mu_softmax_ref (the neon table's softmax).
#include <arm_neon.h>

#include <cstring>

#include "kernels.h"

namespace {

// 8 fp16 values widened to f32: lanes 0-3 in lo, 4-7 in hi.
inline void load8(const uint16_t* p, float32x4_t& lo, float32x4_t& hi) {
    const float16x8_t h = vreinterpretq_f16_u16(vld1q_u16(p));
    lo = vcvt_f32_f16(vget_low_f16(h));
    hi = vcvt_high_f32_f16(h);
}

// The first count (< 8) fp16 values at p widened, the other lanes 0; reads only those count values.
inline void load8_tail(const uint16_t* p, int count, float32x4_t& lo, float32x4_t& hi) {
    uint16_t buffer[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(buffer, p, sizeof(uint16_t) * static_cast<size_t>(count));
    load8(buffer, lo, hi);
}

// scores[p] = scale * dot(q, keys row p) for p < len; rows are head_dim fp16 values, contiguous.
void scores(float* out, const float* q, const uint16_t* keys, int len, int head_dim, float scale) {
    const int tail = head_dim % 8;
    const int full = head_dim - tail;
    float qtail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(qtail, q + full, sizeof(float) * static_cast<size_t>(tail));
    const float32x4_t qt0 = vld1q_f32(qtail), qt1 = vld1q_f32(qtail + 4);
    for (int p = 0; p < len; ++p) {
        const uint16_t* k = keys + static_cast<int64_t>(p) * head_dim;
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
        out[p] = vaddvq_f32(vaddq_f32(a0, a1)) * scale;
    }
}

// out(head_dim) = sum over p < len of probs[p] * values row p (fp16); 16 output lanes in registers per pass.
void weighted_sum(float* out, const float* probs, const uint16_t* values, int len, int head_dim) {
    int c = 0;
    for (; c + 16 <= head_dim; c += 16) {
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (int p = 0; p < len; ++p) {
            const uint16_t* v = values + static_cast<int64_t>(p) * head_dim + c;
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
            const uint16_t* v = values + static_cast<int64_t>(p) * head_dim + c;
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

void mu_attention_f16_neon(float* out, float* scratch, const float* q, const uint16_t* k_cache,
                           const uint16_t* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0,
                           int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * head_dim;
            scores(scratch, q + qo, k_cache + kv_head, len, head_dim, scale);
            mu_softmax_ref(scratch, scratch, len);
            weighted_sum(out + qo, scratch, v_cache + kv_head, len, head_dim);
        }
    }
}
