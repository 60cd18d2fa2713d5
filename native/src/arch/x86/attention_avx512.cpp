// AVX-512 attention: the structure of attention_avx2.cpp with 16 lanes and masked head_dim tails.
#include "avx512_common.h"
#include "kernels.h"

namespace {

// scores[p] = scale * dot(q, keys row p) for p < len; rows are head_dim long and contiguous.
void scores(float* out, const float* q, const float* keys, int len, int head_dim, float scale) {
    const int tail = head_dim % 16;
    const int full = head_dim - tail;
    const __mmask16 mask = tail_mask(tail);
    int p = 0;
    for (; p + 4 <= len; p += 4) {
        const float* k0 = keys + static_cast<int64_t>(p) * head_dim;
        const float* k1 = k0 + head_dim;
        const float* k2 = k1 + head_dim;
        const float* k3 = k2 + head_dim;
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
        for (int c = 0; c < full; c += 16) {
            const __m512 qv = _mm512_loadu_ps(q + c);
            a0 = _mm512_fmadd_ps(qv, _mm512_loadu_ps(k0 + c), a0);
            a1 = _mm512_fmadd_ps(qv, _mm512_loadu_ps(k1 + c), a1);
            a2 = _mm512_fmadd_ps(qv, _mm512_loadu_ps(k2 + c), a2);
            a3 = _mm512_fmadd_ps(qv, _mm512_loadu_ps(k3 + c), a3);
        }
        if (tail != 0) {
            const __m512 qv = _mm512_maskz_loadu_ps(mask, q + full);
            a0 = _mm512_fmadd_ps(qv, _mm512_maskz_loadu_ps(mask, k0 + full), a0);
            a1 = _mm512_fmadd_ps(qv, _mm512_maskz_loadu_ps(mask, k1 + full), a1);
            a2 = _mm512_fmadd_ps(qv, _mm512_maskz_loadu_ps(mask, k2 + full), a2);
            a3 = _mm512_fmadd_ps(qv, _mm512_maskz_loadu_ps(mask, k3 + full), a3);
        }
        out[p] = _mm512_reduce_add_ps(a0) * scale;
        out[p + 1] = _mm512_reduce_add_ps(a1) * scale;
        out[p + 2] = _mm512_reduce_add_ps(a2) * scale;
        out[p + 3] = _mm512_reduce_add_ps(a3) * scale;
    }
    for (; p < len; ++p) {
        const float* k0 = keys + static_cast<int64_t>(p) * head_dim;
        __m512 a0 = _mm512_setzero_ps();
        for (int c = 0; c < full; c += 16) a0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + c), _mm512_loadu_ps(k0 + c), a0);
        if (tail != 0) {
            a0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, q + full), _mm512_maskz_loadu_ps(mask, k0 + full), a0);
        }
        out[p] = _mm512_reduce_add_ps(a0) * scale;
    }
}

// out(head_dim) = sum over p < len of probs[p] * values row p, up to 64 output lanes in registers per pass.
void weighted_sum(float* out, const float* probs, const float* values, int len, int head_dim) {
    int c = 0;
    for (; c + 64 <= head_dim; c += 64) {
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const float* v = values + static_cast<int64_t>(p) * head_dim + c;
            const __m512 pv = _mm512_set1_ps(probs[p]);
            a0 = _mm512_fmadd_ps(pv, _mm512_loadu_ps(v), a0);
            a1 = _mm512_fmadd_ps(pv, _mm512_loadu_ps(v + 16), a1);
            a2 = _mm512_fmadd_ps(pv, _mm512_loadu_ps(v + 32), a2);
            a3 = _mm512_fmadd_ps(pv, _mm512_loadu_ps(v + 48), a3);
        }
        _mm512_storeu_ps(out + c, a0);
        _mm512_storeu_ps(out + c + 16, a1);
        _mm512_storeu_ps(out + c + 32, a2);
        _mm512_storeu_ps(out + c + 48, a3);
    }
    for (; c < head_dim; c += 16) {
        const __mmask16 mask = tail_mask(head_dim - c); // all lanes but for the last, partial group
        __m512 a0 = _mm512_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const float* v = values + static_cast<int64_t>(p) * head_dim + c;
            a0 = _mm512_fmadd_ps(_mm512_set1_ps(probs[p]), _mm512_maskz_loadu_ps(mask, v), a0);
        }
        _mm512_mask_storeu_ps(out + c, mask, a0);
    }
}

} // namespace

void mu_attention_avx512(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                         int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * head_dim;
            scores(scratch, q + qo, k_cache + kv_head, len, head_dim, scale);
            mu_softmax_avx512(scratch, scratch, len);
            weighted_sum(out + qo, scratch, v_cache + kv_head, len, head_dim);
        }
    }
}
