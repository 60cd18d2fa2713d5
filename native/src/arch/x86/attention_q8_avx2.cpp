// AVX2 + FMA attention over an int8 KV cache (mu4j.h, mu_attention_q8): a cache row is head_dim int8 quants then
// an fp32 scale. Quants are widened to f32 as they are read (VPMOVSXBD + VCVTDQ2PS, 8 per step) and multiplied
// by the f32 query / probabilities with FMA; a row's scale is applied once per row, to its score or its
// probability, as the _ref spec does. The avx512 table uses this one too.
//
// Widening costs as much as the FMA it feeds, so the query heads that share a KV head (grouped-query attention) are
// computed together, up to JOINT_HEADS at a time: each cache row is widened once and used by all of them; their
// scores live on the stack (contexts up to JOINT_ROWS). Longer contexts take the one-head-at-a-time path, whose
// structure is attention_avx2.cpp's: four key rows per pass, 32 output lanes in registers while values stream past.
#include <cstring>

#include "avx2_common.h"
#include "kernels.h"

namespace {

// 8 quants at p as f32.
inline __m256 load8(const int8_t* p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

// The first count (< 8) quants at p as f32, the other lanes 0; reads only those count bytes.
inline __m256 load8_tail(const int8_t* p, int count) {
    int8_t buffer[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(buffer, p, static_cast<size_t>(count));
    return load8(buffer);
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
    const __m256 qtail = tail != 0 ? _mm256_maskload_ps(q + full, tail_mask(tail)) : _mm256_setzero_ps();
    const __m128 vscale = _mm_set1_ps(scale);
    int p = 0;
    for (; p + 4 <= len; p += 4) {
        const int8_t* k0 = keys + static_cast<int64_t>(p) * row;
        const int8_t* k1 = k0 + row;
        const int8_t* k2 = k1 + row;
        const int8_t* k3 = k2 + row;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) {
            const __m256 qv = _mm256_loadu_ps(q + c);
            a0 = _mm256_fmadd_ps(qv, load8(k0 + c), a0);
            a1 = _mm256_fmadd_ps(qv, load8(k1 + c), a1);
            a2 = _mm256_fmadd_ps(qv, load8(k2 + c), a2);
            a3 = _mm256_fmadd_ps(qv, load8(k3 + c), a3);
        }
        if (tail != 0) {
            a0 = _mm256_fmadd_ps(qtail, load8_tail(k0 + full, tail), a0);
            a1 = _mm256_fmadd_ps(qtail, load8_tail(k1 + full, tail), a1);
            a2 = _mm256_fmadd_ps(qtail, load8_tail(k2 + full, tail), a2);
            a3 = _mm256_fmadd_ps(qtail, load8_tail(k3 + full, tail), a3);
        }
        const __m128 ks = _mm_setr_ps(row_scale(k0, head_dim), row_scale(k1, head_dim), row_scale(k2, head_dim),
                                      row_scale(k3, head_dim));
        _mm_storeu_ps(out + p, _mm_mul_ps(_mm_mul_ps(hsum4(a0, a1, a2, a3), ks), vscale));
    }
    for (; p < len; ++p) {
        const int8_t* k0 = keys + static_cast<int64_t>(p) * row;
        __m256 a0 = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + c), load8(k0 + c), a0);
        if (tail != 0) a0 = _mm256_fmadd_ps(qtail, load8_tail(k0 + full, tail), a0);
        out[p] = hsum(a0) * row_scale(k0, head_dim) * scale;
    }
}

// out(head_dim) = sum over p < len of w[p] * quants of value row p, where w[p] = probs[p] * the row's scale (probs
// is overwritten with w). Output lanes are held in up to four registers while all rows stream past.
void weighted_sum(float* out, float* probs, const int8_t* values, int len, int head_dim, int64_t row) {
    for (int p = 0; p < len; ++p) probs[p] *= row_scale(values + static_cast<int64_t>(p) * row, head_dim);
    int c = 0;
    for (; c + 32 <= head_dim; c += 32) {
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const int8_t* v = values + static_cast<int64_t>(p) * row + c;
            const __m256 pv = _mm256_broadcast_ss(probs + p);
            a0 = _mm256_fmadd_ps(pv, load8(v), a0);
            a1 = _mm256_fmadd_ps(pv, load8(v + 8), a1);
            a2 = _mm256_fmadd_ps(pv, load8(v + 16), a2);
            a3 = _mm256_fmadd_ps(pv, load8(v + 24), a3);
        }
        _mm256_storeu_ps(out + c, a0);
        _mm256_storeu_ps(out + c + 8, a1);
        _mm256_storeu_ps(out + c + 16, a2);
        _mm256_storeu_ps(out + c + 24, a3);
    }
    for (; c + 8 <= head_dim; c += 8) {
        __m256 a0 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(probs + p), load8(values + static_cast<int64_t>(p) * row + c), a0);
        }
        _mm256_storeu_ps(out + c, a0);
    }
    if (c < head_dim) {
        const int tail = head_dim - c;
        __m256 a0 = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const int8_t* v = values + static_cast<int64_t>(p) * row + c;
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(probs + p), load8_tail(v, tail), a0);
        }
        _mm256_maskstore_ps(out + c, tail_mask(tail), a0);
    }
}

constexpr int JOINT_HEADS = 4;    // query heads computed together (4 x 2 accumulators of the weighted sum in registers)
constexpr int JOINT_ROWS = 2048;  // rows of scores per head kept on the stack (4 x 2048 floats: 32 KiB)

// G (1..JOINT_HEADS) query heads q[j] (each head_dim floats) over the same KV head: out[j] = softmax(scale *
// q[j] . keys) . values over rows 0 .. len - 1; len <= JOINT_ROWS.
template <int G>
void attention_joint(float* const* out, const float* const* q, const int8_t* keys, const int8_t* values, int len,
                     int head_dim, int64_t row, float scale) {
    alignas(32) float scores[JOINT_HEADS][JOINT_ROWS];
    const int tail = head_dim % 8;
    const int full = head_dim - tail;
    const __m256i mask = tail_mask(tail);
    for (int p = 0; p < len; ++p) {
        const int8_t* k = keys + static_cast<int64_t>(p) * row;
        __m256 a[JOINT_HEADS];
        for (int j = 0; j < JOINT_HEADS; ++j) a[j] = _mm256_setzero_ps();
        for (int c = 0; c < full; c += 8) {
            const __m256 kv = load8(k + c);
            for (int j = 0; j < G; ++j) a[j] = _mm256_fmadd_ps(_mm256_loadu_ps(q[j] + c), kv, a[j]);
        }
        if (tail != 0) {
            const __m256 kv = load8_tail(k + full, tail);
            for (int j = 0; j < G; ++j) a[j] = _mm256_fmadd_ps(_mm256_maskload_ps(q[j] + full, mask), kv, a[j]);
        }
        alignas(16) float dots[4];
        _mm_store_ps(dots, hsum4(a[0], a[1], a[2], a[3]));
        const float ks = row_scale(k, head_dim);
        for (int j = 0; j < G; ++j) scores[j][p] = dots[j] * ks * scale;
    }
// GCC 12 warns that scores may be read uninitialized: it cannot see that the loop above wrote rows 0 .. len - 1.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    for (int j = 0; j < G; ++j) mu_softmax_avx2(scores[j], scores[j], len);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    for (int p = 0; p < len; ++p) { // probabilities times the value rows' scales
        const float vs = row_scale(values + static_cast<int64_t>(p) * row, head_dim);
        for (int j = 0; j < G; ++j) scores[j][p] *= vs;
    }
    int c = 0;
    for (; c + 16 <= head_dim; c += 16) {
        __m256 a[JOINT_HEADS][2];
        for (int j = 0; j < G; ++j) a[j][0] = a[j][1] = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const int8_t* v = values + static_cast<int64_t>(p) * row + c;
            const __m256 x0 = load8(v), x1 = load8(v + 8);
            for (int j = 0; j < G; ++j) {
                const __m256 w = _mm256_broadcast_ss(&scores[j][p]);
                a[j][0] = _mm256_fmadd_ps(w, x0, a[j][0]);
                a[j][1] = _mm256_fmadd_ps(w, x1, a[j][1]);
            }
        }
        for (int j = 0; j < G; ++j) {
            _mm256_storeu_ps(out[j] + c, a[j][0]);
            _mm256_storeu_ps(out[j] + c + 8, a[j][1]);
        }
    }
    for (; c < head_dim; c += 8) { // 8 lanes, the last group partial
        const int n = head_dim - c < 8 ? head_dim - c : 8;
        __m256 a[JOINT_HEADS];
        for (int j = 0; j < G; ++j) a[j] = _mm256_setzero_ps();
        for (int p = 0; p < len; ++p) {
            const int8_t* v = values + static_cast<int64_t>(p) * row + c;
            const __m256 x = n == 8 ? load8(v) : load8_tail(v, n);
            for (int j = 0; j < G; ++j) a[j] = _mm256_fmadd_ps(_mm256_broadcast_ss(&scores[j][p]), x, a[j]);
        }
        const __m256i m = tail_mask(n);
        for (int j = 0; j < G; ++j) _mm256_maskstore_ps(out[j] + c, m, a[j]);
    }
}

} // namespace

void mu_attention_q8_avx2(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        if (len <= JOINT_ROWS) {
            int heads = 0;
            for (int h0 = 0; h0 < n_heads; h0 += heads) { // up to JOINT_HEADS heads, all of one KV head's group
                const int g = h0 / group, end = (g + 1) * group;
                heads = end - h0 < JOINT_HEADS ? end - h0 : JOINT_HEADS;
                float* outs[JOINT_HEADS];
                const float* qs[JOINT_HEADS];
                for (int j = 0; j < JOINT_HEADS; ++j) { // slots j >= heads are never used
                    const int64_t qo = (static_cast<int64_t>(i) * n_heads + h0 + (j < heads ? j : 0)) * head_dim;
                    outs[j] = out + qo;
                    qs[j] = q + qo;
                }
                const int64_t kv_head = static_cast<int64_t>(g) * kv_stride * row;
                const int8_t* keys = k_cache + kv_head;
                const int8_t* values = v_cache + kv_head;
                switch (heads) {
                case 1: attention_joint<1>(outs, qs, keys, values, len, head_dim, row, scale); break;
                case 2: attention_joint<2>(outs, qs, keys, values, len, head_dim, row, scale); break;
                case 3: attention_joint<3>(outs, qs, keys, values, len, head_dim, row, scale); break;
                default: attention_joint<4>(outs, qs, keys, values, len, head_dim, row, scale); break;
                }
            }
            continue;
        }
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * row;
            scores(scratch, q + qo, k_cache + kv_head, len, head_dim, row, scale);
            mu_softmax_avx2(scratch, scratch, len);
            weighted_sum(out + qo, scratch, v_cache + kv_head, len, head_dim, row);
        }
    }
}
