// AVX2 + FMA attention over an fp32 or an fp16 KV cache: scores four cache rows at a time, softmax with the vector
// exp, and the weighted sum of value rows accumulated in registers, 32 output lanes per pass over the rows. An fp16
// cache row is widened to f32 by VCVTPH2PS as it is read (8 values per instruction), so it streams at half the bytes;
// the arithmetic is the same for both. The avx512 table uses the fp16 one too.
#include <cstring>

#include "avx2_common.h"
#include "kernels.h"

namespace {

// How 8 values of a cache row are read as f32: a whole group, or the first count (< 8) of them with the other lanes
// 0 (mask = tail_mask(count)), reading only those count values.
template <class Cache>
struct Row;

template <>
struct Row<float> {
    static __m256 load(const float* p) { return _mm256_loadu_ps(p); }
    static __m256 tail(const float* p, int, __m256i mask) { return _mm256_maskload_ps(p, mask); }
};

template <>
struct Row<uint16_t> {
    static __m256 load(const uint16_t* p) { return load_f16(p); }
    static __m256 tail(const uint16_t* p, int count, __m256i) {
        uint16_t buffer[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::memcpy(buffer, p, sizeof(uint16_t) * static_cast<size_t>(count));
        return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(buffer)));
    }
};

// scores[p] = scale * dot(q, keys row p) for p < len; rows are head_dim long and contiguous.
template <class Cache>
void scores(float* out, const float* q, const Cache* keys, int len, int head_dim, float scale) {
    using R = Row<Cache>;
    const int tail = head_dim % 8;
    const int full = head_dim - tail;
    const __m256i mask = tail_mask(tail);
    const __m256 qtail = tail != 0 ? _mm256_maskload_ps(q + full, mask) : _mm256_setzero_ps();
    const __m128 vscale = _mm_set1_ps(scale);
    int p = 0;
    for (; p + 4 <= len; p += 4) {
        const Cache* k0 = keys + static_cast<int64_t>(p) * head_dim;
        const Cache* k1 = k0 + head_dim;
        const Cache* k2 = k1 + head_dim;
        const Cache* k3 = k2 + head_dim;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) {
            const __m256 qv = _mm256_loadu_ps(q + c);
            a0 = _mm256_fmadd_ps(qv, R::load(k0 + c), a0);
            a1 = _mm256_fmadd_ps(qv, R::load(k1 + c), a1);
            a2 = _mm256_fmadd_ps(qv, R::load(k2 + c), a2);
            a3 = _mm256_fmadd_ps(qv, R::load(k3 + c), a3);
        }
        if (tail != 0) {
            a0 = _mm256_fmadd_ps(qtail, R::tail(k0 + full, tail, mask), a0);
            a1 = _mm256_fmadd_ps(qtail, R::tail(k1 + full, tail, mask), a1);
            a2 = _mm256_fmadd_ps(qtail, R::tail(k2 + full, tail, mask), a2);
            a3 = _mm256_fmadd_ps(qtail, R::tail(k3 + full, tail, mask), a3);
        }
        _mm_storeu_ps(out + p, _mm_mul_ps(hsum4(a0, a1, a2, a3), vscale));
    }
    for (; p < len; ++p) {
        const Cache* k0 = keys + static_cast<int64_t>(p) * head_dim;
        __m256 a0 = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + c), R::load(k0 + c), a0);
        if (tail != 0) a0 = _mm256_fmadd_ps(qtail, R::tail(k0 + full, tail, mask), a0);
        out[p] = hsum(a0) * scale;
    }
}

// out(head_dim) = sum over p < len of probs[p] * values row p. Output lanes are held in up to four registers
// while all rows stream past, so out is written once.
template <class Cache>
void weighted_sum(float* out, const float* probs, const Cache* values, int len, int head_dim) {
    using R = Row<Cache>;
    int c = 0;
    for (; c + 32 <= head_dim; c += 32) {
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const Cache* v = values + static_cast<int64_t>(p) * head_dim + c;
            const __m256 pv = _mm256_broadcast_ss(probs + p);
            a0 = _mm256_fmadd_ps(pv, R::load(v), a0);
            a1 = _mm256_fmadd_ps(pv, R::load(v + 8), a1);
            a2 = _mm256_fmadd_ps(pv, R::load(v + 16), a2);
            a3 = _mm256_fmadd_ps(pv, R::load(v + 24), a3);
        }
        _mm256_storeu_ps(out + c, a0);
        _mm256_storeu_ps(out + c + 8, a1);
        _mm256_storeu_ps(out + c + 16, a2);
        _mm256_storeu_ps(out + c + 24, a3);
    }
    for (; c + 8 <= head_dim; c += 8) {
        __m256 a0 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const Cache* v = values + static_cast<int64_t>(p) * head_dim + c;
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(probs + p), R::load(v), a0);
        }
        _mm256_storeu_ps(out + c, a0);
    }
    if (c < head_dim) {
        const int tail = head_dim - c;
        const __m256i mask = tail_mask(tail);
        __m256 a0 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const Cache* v = values + static_cast<int64_t>(p) * head_dim + c;
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(probs + p), R::tail(v, tail, mask), a0);
        }
        _mm256_maskstore_ps(out + c, mask, a0);
    }
}

template <class Cache>
void attention(float* out, float* scratch, const float* q, const Cache* k_cache, const Cache* v_cache, int n_heads,
               int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
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

} // namespace

void mu_attention_avx2(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                       int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}

void mu_attention_f16_avx2(float* out, float* scratch, const float* q, const uint16_t* k_cache,
                           const uint16_t* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0,
                           int t, float scale) {
    attention(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}
