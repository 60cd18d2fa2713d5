// KV-cache store and causal grouped-query attention. The public mu_attention, mu_attention_f16 and mu_attention_q8
// split their (token, KV head) pairs over the thread pool when the work pays for the hand-off; results do not depend
// on the thread count.
//
// Cache layout (one layer): k_cache, v_cache (n_kv_heads, kv_stride, row), row p = position p, so one KV
// head's keys are contiguous and a query streams through them in order. The cache is fp32 (mu_kv_store,
// mu_attention), fp16 (mu_kv_store_f16, mu_attention_f16: the same layout and math on widened values; row =
// head_dim values) or int8 (mu_kv_store_q8, mu_attention_q8: row = head_dim quants + an fp32 scale, mu4j.h).
#include <cmath>
#include <cstring>

#include "half.h"
#include "kernels.h"

namespace {

// Scores a part of the threaded attention keeps on its own stack (16 KiB); longer contexts run on one thread, in
// the caller's scratch.
constexpr int LOCAL_SCORES = 4096;

// mu_attention / mu_attention_f16 over the thread pool: the units of work are (token, KV head) pairs, each the ISA
// kernel on one token and the query heads of one KV head (t = 1, n_kv_heads = 1), so every head's output is
// computed exactly as in one call over all heads; only the scores' scratch differs (a stack buffer per part).
// Cache: float, uint16_t (fp16) or int8_t (q8 rows); row = Cache elements per cache row.
template <class Cache>
struct Attention {
    using kernel_fn = void (*)(float*, float*, const float*, const Cache*, const Cache*, int, int, int, int, int, int,
                               float);
    kernel_fn kernel;
    float* out;
    const float* q;
    const Cache* k_cache;
    const Cache* v_cache;
    int n_heads, n_kv_heads, head_dim, kv_stride, pos0, t;
    float scale;
    int64_t row;

    static void part(void* ctx, int part, int parts) {
        const Attention& a = *static_cast<const Attention*>(ctx);
        const int units = a.t * a.n_kv_heads, group = a.n_heads / a.n_kv_heads;
        const int u0 = static_cast<int>(static_cast<int64_t>(units) * part / parts);
        const int u1 = static_cast<int>(static_cast<int64_t>(units) * (part + 1) / parts);
        float scores[LOCAL_SCORES];
        for (int u = u0; u < u1; ++u) {
            const int i = u / a.n_kv_heads, g = u % a.n_kv_heads;
            const int64_t head = (static_cast<int64_t>(i) * a.n_heads + static_cast<int64_t>(g) * group) * a.head_dim;
            const int64_t kv = static_cast<int64_t>(g) * a.kv_stride * a.row;
            a.kernel(a.out + head, scores, a.q + head, a.k_cache + kv, a.v_cache + kv, group, 1, a.head_dim,
                     a.kv_stride, a.pos0 + i, 1, a.scale);
        }
    }
};

// Runs kernel over the pool when the work pays for the hand-off, else on the calling thread with its scratch.
template <class Cache>
void attention(typename Attention<Cache>::kernel_fn kernel, float* out, float* scratch, const float* q,
               const Cache* k_cache, const Cache* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride,
               int pos0, int t, float scale, int64_t row) {
    // multiply-adds: every query head reads len rows of keys and of values
    const int64_t macs = 2 * static_cast<int64_t>(n_heads) * head_dim * t * (pos0 + (t + 1) / 2);
    const int units = t * n_kv_heads;
    int parts = mu_product_parts(macs);
    parts = parts < units ? parts : units;
    if (parts <= 1 || pos0 + t > LOCAL_SCORES) {
        kernel(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
        return;
    }
    Attention<Cache> job{kernel, out, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale,
                         row};
    mu_parallel_for(parts, &Attention<Cache>::part, &job);
}

// Rows of t tokens (t, n_kv_heads, head_dim) into cache rows pos0.. of each KV head, converted by to_f16.
void kv_store_f16(void (*to_f16)(uint16_t*, const float*, int64_t), uint16_t* k_cache, uint16_t* v_cache,
                  const float* k, const float* v, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t) {
    for (int i = 0; i < t; ++i) {
        for (int g = 0; g < n_kv_heads; ++g) {
            const int64_t src = (static_cast<int64_t>(i) * n_kv_heads + g) * head_dim;
            const int64_t dst = (static_cast<int64_t>(g) * kv_stride + pos0 + i) * head_dim;
            to_f16(k_cache + dst, k + src, head_dim);
            to_f16(v_cache + dst, v + src, head_dim);
        }
    }
}

// The scalar spec of both caches: every cache value is read through widen (f16_to_f32 for fp16), the operations
// and their order are the same.
inline float widen(float x) { return x; }
inline float widen(uint16_t h) { return f16_to_f32(h); }

template <class Cache>
void attention_ref(float* out, float* scratch, const float* q, const Cache* k_cache, const Cache* v_cache, int n_heads,
                   int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const float* qh = q + qo;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * head_dim;
            const Cache* keys = k_cache + kv_head;
            const Cache* values = v_cache + kv_head;
            for (int p = 0; p < len; ++p) {
                const Cache* key = keys + static_cast<int64_t>(p) * head_dim;
                float dot = 0.0f;
                for (int c = 0; c < head_dim; ++c) dot += qh[c] * widen(key[c]);
                scratch[p] = dot * scale;
            }
            mu_softmax_ref(scratch, scratch, len);
            float* o = out + qo;
            for (int c = 0; c < head_dim; ++c) o[c] = 0.0f;
            for (int p = 0; p < len; ++p) {
                const Cache* value = values + static_cast<int64_t>(p) * head_dim;
                for (int c = 0; c < head_dim; ++c) o[c] += scratch[p] * widen(value[c]);
            }
        }
    }
}


// The int8 cache's scalar spec (mu4j.h): a row is head_dim quants then the fp32 scale, read with memcpy (unaligned
// when head_dim % 4 != 0).
inline float row_scale(const int8_t* row, int head_dim) {
    float s;
    std::memcpy(&s, row + head_dim, sizeof s);
    return s;
}

// One row of head_dim values quantized into dst (MU_KV_Q8_ROW_BYTES(head_dim) bytes).
void quantize_row_q8(int8_t* dst, const float* x, int head_dim) {
    float amax = 0.0f;
    bool finite = true;
    for (int c = 0; c < head_dim; ++c) {
        finite = finite && std::isfinite(x[c]);
        const float a = std::fabs(x[c]);
        amax = a > amax ? a : amax;
    }
    const float s = finite ? amax / 127.0f : NAN;
    for (int c = 0; c < head_dim; ++c) {
        float r = 0.0f;
        if (s > 0.0f) { // false for 0 and NaN
            r = std::nearbyint(x[c] / s);
            r = r > 127.0f ? 127.0f : (r < -127.0f ? -127.0f : r);
        }
        dst[c] = static_cast<int8_t>(r);
    }
    std::memcpy(dst + head_dim, &s, sizeof s);
}

void attention_q8_ref(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                      int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    const int group = n_heads / n_kv_heads; // query heads sharing one KV head
    const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
    for (int i = 0; i < t; ++i) {
        const int len = pos0 + i + 1; // causal: cache rows 0 .. pos0 + i
        for (int h = 0; h < n_heads; ++h) {
            const int64_t qo = (static_cast<int64_t>(i) * n_heads + h) * head_dim;
            const float* qh = q + qo;
            const int64_t kv_head = static_cast<int64_t>(h / group) * kv_stride * row;
            const int8_t* keys = k_cache + kv_head;
            const int8_t* values = v_cache + kv_head;
            for (int p = 0; p < len; ++p) {
                const int8_t* key = keys + p * row;
                float dot = 0.0f;
                for (int c = 0; c < head_dim; ++c) dot += qh[c] * static_cast<float>(key[c]);
                scratch[p] = dot * row_scale(key, head_dim) * scale;
            }
            mu_softmax_ref(scratch, scratch, len);
            float* o = out + qo;
            for (int c = 0; c < head_dim; ++c) o[c] = 0.0f;
            for (int p = 0; p < len; ++p) {
                const int8_t* value = values + p * row;
                const float w = scratch[p] * row_scale(value, head_dim);
                for (int c = 0; c < head_dim; ++c) o[c] += w * static_cast<float>(value[c]);
            }
        }
    }
}

} // namespace

void mu_attention_ref(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                      int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention_ref(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}

void mu_kv_store_f16_ref(uint16_t* k_cache, uint16_t* v_cache, const float* k, const float* v, int n_kv_heads,
                         int head_dim, int kv_stride, int pos0, int t) {
    kv_store_f16(mu_f32_to_f16_ref, k_cache, v_cache, k, v, n_kv_heads, head_dim, kv_stride, pos0, t);
}

void mu_attention_f16_ref(float* out, float* scratch, const float* q, const uint16_t* k_cache, const uint16_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention_ref(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}

void mu_kv_store_q8_ref(int8_t* k_cache, int8_t* v_cache, const float* k, const float* v, int n_kv_heads, int head_dim,
                        int kv_stride, int pos0, int t) {
    const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
    for (int i = 0; i < t; ++i) {
        for (int g = 0; g < n_kv_heads; ++g) {
            const int64_t src = (static_cast<int64_t>(i) * n_kv_heads + g) * head_dim;
            const int64_t dst = (static_cast<int64_t>(g) * kv_stride + pos0 + i) * row;
            quantize_row_q8(k_cache + dst, k + src, head_dim);
            quantize_row_q8(v_cache + dst, v + src, head_dim);
        }
    }
}

void mu_attention_q8_ref(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                         int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention_q8_ref(out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim, kv_stride, pos0, t, scale);
}

extern "C" {

void mu_kv_store(float* k_cache, float* v_cache, const float* k, const float* v, int n_kv_heads, int head_dim,
                 int kv_stride, int pos0, int t) {
    const size_t row_bytes = sizeof(float) * static_cast<size_t>(head_dim);
    for (int i = 0; i < t; ++i) {
        for (int g = 0; g < n_kv_heads; ++g) {
            const int64_t src = (static_cast<int64_t>(i) * n_kv_heads + g) * head_dim;
            const int64_t dst = (static_cast<int64_t>(g) * kv_stride + pos0 + i) * head_dim;
            std::memcpy(k_cache + dst, k + src, row_bytes);
            std::memcpy(v_cache + dst, v + src, row_bytes);
        }
    }
}

void mu_attention(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                  int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention<float>(mu_active_kernels()->attention, out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads, head_dim,
                     kv_stride, pos0, t, scale, head_dim);
}

void mu_kv_store_f16(uint16_t* k_cache, uint16_t* v_cache, const float* k, const float* v, int n_kv_heads, int head_dim,
                     int kv_stride, int pos0, int t) {
    kv_store_f16(mu_active_kernels()->f32_to_f16, k_cache, v_cache, k, v, n_kv_heads, head_dim, kv_stride, pos0, t);
}

void mu_attention_f16(float* out, float* scratch, const float* q, const uint16_t* k_cache, const uint16_t* v_cache,
                      int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention<uint16_t>(mu_active_kernels()->attention_f16, out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads,
                        head_dim, kv_stride, pos0, t, scale, head_dim);
}

void mu_kv_store_q8(int8_t* k_cache, int8_t* v_cache, const float* k, const float* v, int n_kv_heads, int head_dim,
                    int kv_stride, int pos0, int t) {
    mu_kv_store_q8_ref(k_cache, v_cache, k, v, n_kv_heads, head_dim, kv_stride, pos0, t);
}

void mu_attention_q8(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                     int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale) {
    attention<int8_t>(mu_active_kernels()->attention_q8, out, scratch, q, k_cache, v_cache, n_heads, n_kv_heads,
                      head_dim, kv_stride, pos0, t, scale, MU_KV_Q8_ROW_BYTES(head_dim));
}

} // extern "C"
