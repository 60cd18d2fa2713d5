// NEON attention over an fp16 or an int8 KV cache (aarch64; mu4j.h, mu_attention_f16 / mu_attention_q8): the
// structure of the x86 attention_avx2.cpp with 4-lane vectors, one code for both caches. Cache values are widened to
// f32 as they are read (fp16: FCVTL; int8: SXTL twice + SCVTF; baseline ARMv8 NEON, exact); dot products and the
// weighted sum accumulate in f32 with FMA. An int8 row's fp32 scale is applied once, to its score or its
// probability, as mu_attention_q8_ref does. The softmax is mu_softmax_ref (the neon table's softmax).
#include <arm_neon.h>

#include <cstring>

#include "kernels.h"

namespace {

// A cache's rows: element type, row length in elements, 8 elements widened to f32 (lanes 0-3 in lo, 4-7 in hi),
// and whether each row carries a scale (after its head_dim quants).
struct F16Rows {
    using type = uint16_t;
    static constexpr bool scaled = false;
    static int64_t row(int head_dim) { return head_dim; }
    static void load8(const uint16_t* p, float32x4_t& lo, float32x4_t& hi) {
        const float16x8_t h = vreinterpretq_f16_u16(vld1q_u16(p));
        lo = vcvt_f32_f16(vget_low_f16(h));
        hi = vcvt_high_f32_f16(h);
    }
    static float scale(const uint16_t*, int) { return 1.0f; }
};

struct Q8Rows {
    using type = int8_t;
    static constexpr bool scaled = true;
    static int64_t row(int head_dim) { return MU_KV_Q8_ROW_BYTES(head_dim); }
    static void load8(const int8_t* p, float32x4_t& lo, float32x4_t& hi) {
        const int16x8_t w = vmovl_s8(vld1_s8(p));
        lo = vcvtq_f32_s32(vmovl_s16(vget_low_s16(w)));
        hi = vcvtq_f32_s32(vmovl_high_s16(w));
    }
    static float scale(const int8_t* row, int head_dim) {
        float s;
        std::memcpy(&s, row + head_dim, sizeof s);
        return s;
    }
};

// The first count (< 8) elements at p widened, the other lanes 0; reads only those count elements.
template <class Rows>
inline void load8_tail(const typename Rows::type* p, int count, float32x4_t& lo, float32x4_t& hi) {
    typename Rows::type buffer[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(buffer, p, sizeof(buffer[0]) * static_cast<size_t>(count));
    Rows::load8(buffer, lo, hi);
}

// scores[p] = scale * dot(q, keys row p) for p < len (int8: the dot times the row's scale, then scale).
template <class Rows>
void scores(float* out, const float* q, const typename Rows::type* keys, int len, int head_dim, float scale) {
    const int64_t row = Rows::row(head_dim);
    const int tail = head_dim % 8;
    const int full = head_dim - tail;
    float qtail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(qtail, q + full, sizeof(float) * static_cast<size_t>(tail));
    const float32x4_t qt0 = vld1q_f32(qtail), qt1 = vld1q_f32(qtail + 4);
    for (int p = 0; p < len; ++p) {
        const typename Rows::type* k = keys + static_cast<int64_t>(p) * row;
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = vdupq_n_f32(0.0f);
        float32x4_t lo, hi;
        for (int c = 0; c < full; c += 8) {
            Rows::load8(k + c, lo, hi);
            a0 = vfmaq_f32(a0, vld1q_f32(q + c), lo);
            a1 = vfmaq_f32(a1, vld1q_f32(q + c + 4), hi);
        }
        if (tail != 0) {
            load8_tail<Rows>(k + full, tail, lo, hi);
            a0 = vfmaq_f32(a0, qt0, lo);
            a1 = vfmaq_f32(a1, qt1, hi);
        }
        const float dot = vaddvq_f32(vaddq_f32(a0, a1));
        if constexpr (Rows::scaled) {
            out[p] = dot * Rows::scale(k, head_dim) * scale;
        } else {
            out[p] = dot * scale;
        }
    }
}

// out(head_dim) = sum over p < len of w[p] * values row p, where w = probs (int8: probs[p] times the row's scale,
// written back into probs); 16 output lanes in registers per pass.
template <class Rows>
void weighted_sum(float* out, float* probs, const typename Rows::type* values, int len, int head_dim) {
    const int64_t row = Rows::row(head_dim);
    if constexpr (Rows::scaled) {
        for (int p = 0; p < len; ++p) probs[p] *= Rows::scale(values + static_cast<int64_t>(p) * row, head_dim);
    }
    int c = 0;
    for (; c + 16 <= head_dim; c += 16) {
        float32x4_t a0 = vdupq_n_f32(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (int p = 0; p < len; ++p) {
            const typename Rows::type* v = values + static_cast<int64_t>(p) * row + c;
            const float32x4_t pv = vdupq_n_f32(probs[p]);
            float32x4_t x0, x1, x2, x3;
            Rows::load8(v, x0, x1);
            Rows::load8(v + 8, x2, x3);
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
            const typename Rows::type* v = values + static_cast<int64_t>(p) * row + c;
            const float32x4_t pv = vdupq_n_f32(probs[p]);
            float32x4_t x0, x1;
            if (n == 8) {
                Rows::load8(v, x0, x1);
            } else {
                load8_tail<Rows>(v, n, x0, x1);
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

template <class Rows>
void attention(float* out, float* scratch, const float* q, const typename Rows::type* k_cache,
               const typename Rows::type* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0,
               int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * Rows::row(head_dim);
            scores<Rows>(scratch, q + qo, k_cache + kv_head, len, head_dim, scale);
            mu_softmax_ref(scratch, scratch, len);
            weighted_sum<Rows>(out + qo, scratch, v_cache + kv_head, len, head_dim);
        }
    }
}

} // namespace

void mu_attention_f16_neon(float* out, float* scratch, const float* q, const uint16_t* k_cache,
                           const uint16_t* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0,
                           int t, float scale) {
    attention<F16Rows>(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}

void mu_attention_q8_neon(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention<Q8Rows>(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}
