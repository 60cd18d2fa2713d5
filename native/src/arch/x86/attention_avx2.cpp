// AVX2 + FMA attention: scores four cache rows at a time, softmax with the vector exp, and the weighted sum of
// value rows accumulated in registers, 32 output lanes per pass over the rows.
#include "avx2_common.h"
#include "kernels.h"

namespace {

// scores[p] = scale * dot(q, keys row p) for p < len; rows are head_dim long and contiguous.
void scores(float* out, const float* q, const float* keys, int len, int head_dim, float scale) {
    const int tail = head_dim % 8;
    const int full = head_dim - tail;
    const __m256i mask = tail_mask(tail);
    const __m256 vscale = _mm256_set1_ps(scale);
    int p = 0;
    for (; p + 4 <= len; p += 4) {
        const float* k0 = keys + static_cast<int64_t>(p) * head_dim;
        const float* k1 = k0 + head_dim;
        const float* k2 = k1 + head_dim;
        const float* k3 = k2 + head_dim;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) {
            const __m256 qv = _mm256_loadu_ps(q + c);
            a0 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + c), a0);
            a1 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k1 + c), a1);
            a2 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k2 + c), a2);
            a3 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k3 + c), a3);
        }
        if (tail != 0) {
            const __m256 qv = _mm256_maskload_ps(q + full, mask);
            a0 = _mm256_fmadd_ps(qv, _mm256_maskload_ps(k0 + full, mask), a0);
            a1 = _mm256_fmadd_ps(qv, _mm256_maskload_ps(k1 + full, mask), a1);
            a2 = _mm256_fmadd_ps(qv, _mm256_maskload_ps(k2 + full, mask), a2);
            a3 = _mm256_fmadd_ps(qv, _mm256_maskload_ps(k3 + full, mask), a3);
        }
        _mm_storeu_ps(out + p, _mm_mul_ps(hsum4(a0, a1, a2, a3), _mm256_castps256_ps128(vscale)));
    }
    for (; p < len; ++p) {
        const float* k0 = keys + static_cast<int64_t>(p) * head_dim;
        __m256 a0 = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + c), _mm256_loadu_ps(k0 + c), a0);
        if (tail != 0) {
            a0 = _mm256_fmadd_ps(_mm256_maskload_ps(q + full, mask), _mm256_maskload_ps(k0 + full, mask), a0);
        }
        out[p] = hsum(a0) * scale;
    }
}

// out(head_dim) = sum over p < len of probs[p] * values row p. Output lanes are held in up to four registers
// while all rows stream past, so out is written once.
void weighted_sum(float* out, const float* probs, const float* values, int len, int head_dim) {
    int c = 0;
    for (; c + 32 <= head_dim; c += 32) {
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const float* v = values + static_cast<int64_t>(p) * head_dim + c;
            const __m256 pv = _mm256_broadcast_ss(probs + p);
            a0 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(v), a0);
            a1 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(v + 8), a1);
            a2 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(v + 16), a2);
            a3 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(v + 24), a3);
        }
        _mm256_storeu_ps(out + c, a0);
        _mm256_storeu_ps(out + c + 8, a1);
        _mm256_storeu_ps(out + c + 16, a2);
        _mm256_storeu_ps(out + c + 24, a3);
    }
    for (; c < head_dim; c += 8) {
        const __m256i mask = tail_mask(head_dim - c); // all lanes but for the last, partial group
        __m256 a0 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const float* v = values + static_cast<int64_t>(p) * head_dim + c;
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(probs + p), _mm256_maskload_ps(v, mask), a0);
        }
        _mm256_maskstore_ps(out + c, mask, a0);
    }
}

} // namespace

void mu_attention_avx2(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                       int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * head_dim;
            scores(scratch, q + qo, k_cache + kv_head, len, head_dim, scale);
            mu_softmax_avx2(scratch, scratch, len);
            weighted_sum(out + qo, scratch, v_cache + kv_head, len, head_dim);
        }
    }
}
