// KV store and attention: _ref against hand-computed cases and the grouped-query head mapping, every ISA against
// _ref over head sizes, head groupings, positions and token counts (including a 4095-row context). The fp16 cache:
// mu_kv_store_f16 against mu_kv_store_f16_ref (bit for bit, under every ISA), mu_attention_f16_ref against
// mu_attention_ref on the widened cache (bit for bit), every ISA's attention_f16 against mu_attention_f16_ref.
#include <cstring>

#include "check.h"

namespace {

using check::format;

// Outputs are convex combinations of values in [-1, 1]; both sides differ in summation order and exp.
constexpr double ATTENTION_ATOL = 2e-6;
constexpr double ATTENTION_RTOL = 2e-6;
// fp16 cache against fp32 cache (the same random cache before rounding): only a sanity bound on the rounding
// (2^-11 relative per value, convex combination of values in [-1, 1], scores from |q| <= 3); measured max 1.9e-4.
constexpr double F16_CACHE_ATOL = 1e-3;
// int8 cache against the dequantized cache (the same values; only where the row scale is multiplied differs).
constexpr double Q8_DEQUANT_ATOL = 2e-6;
constexpr double Q8_DEQUANT_RTOL = 2e-6;
// int8 cache against the fp32 cache it was quantized from: each value is off by at most max|row| / 254 (here
// 1 / 254 = 3.9e-3), scores by at most sum |q| * that * scale. A sanity bound; the measured maximum is printed.
constexpr double Q8_CACHE_ATOL = 2e-2;

struct Cache {
    int n_kv_heads, head_dim, kv_stride;
    std::vector<float> k, v; // (n_kv_heads, kv_stride, head_dim)
};

Cache random_cache(check::Rng& rng, int n_kv_heads, int head_dim, int kv_stride) {
    const int64_t size = static_cast<int64_t>(n_kv_heads) * kv_stride * head_dim;
    return {n_kv_heads, head_dim, kv_stride, rng.vector(size), rng.vector(size)};
}

void test_kv_store() {
    const int n_kv_heads = 2, head_dim = 3, kv_stride = 6, pos0 = 2, t = 3;
    std::vector<float> k_cache(n_kv_heads * kv_stride * head_dim, -1.0f), v_cache = k_cache;
    std::vector<float> k(t * n_kv_heads * head_dim), v(k.size());
    for (size_t i = 0; i < k.size(); ++i) {
        k[i] = static_cast<float>(i);
        v[i] = 100.0f + static_cast<float>(i);
    }
    mu_kv_store(k_cache.data(), v_cache.data(), k.data(), v.data(), n_kv_heads, head_dim, kv_stride, pos0, t);
    bool ok = true;
    for (int g = 0; g < n_kv_heads; ++g) {
        for (int p = 0; p < kv_stride; ++p) {
            for (int c = 0; c < head_dim; ++c) {
                const size_t at = (static_cast<size_t>(g) * kv_stride + p) * head_dim + c;
                const bool stored = p >= pos0 && p < pos0 + t;
                const float want_k = stored ? k[((p - pos0) * n_kv_heads + g) * head_dim + c] : -1.0f;
                const float want_v = stored ? v[((p - pos0) * n_kv_heads + g) * head_dim + c] : -1.0f;
                ok = ok && k_cache[at] == want_k && v_cache[at] == want_v;
            }
        }
    }
    check::expect(ok, "kv_store puts token i, KV head g at row pos0 + i of head g and nothing else");
}

void test_ref_values() {
    // One cached position: the softmax is [1], so the output is that value row exactly.
    const float q[] = {0.3f, -0.7f}, k1[] = {1.0f, 2.0f}, v1[] = {0.25f, -4.0f};
    float out[2], scratch[2];
    mu_attention_ref(out, scratch, q, k1, v1, 1, 1, 2, 1, 0, 1, 0.7f);
    check::close("attention_ref with one position returns its value", out, v1, 2, 0, 0);
    // Two positions with equal keys: weights 1/2 each, the mean of the values.
    const float k2[] = {1.0f, 2.0f, 1.0f, 2.0f}, v2[] = {1.0f, -2.0f, 3.0f, 6.0f};
    mu_attention_ref(out, scratch, q, k2, v2, 1, 1, 2, 2, 1, 1, 0.7f);
    const float mean[] = {2.0f, 2.0f};
    check::close("attention_ref over equal keys averages the values", out, mean, 2, 1e-7, 0);
    // Scores [0, ln 3] (q.k = [0, ln 3], scale 1) give weights [1/4, 3/4].
    const float q1[] = {1.0f}, k3[] = {0.0f, 1.0986123f}, v3[] = {4.0f, 8.0f};
    mu_attention_ref(out, scratch, q1, k3, v3, 1, 1, 1, 2, 1, 1, 1.0f);
    check::expect(std::fabs(out[0] - 7.0f) < 1e-6f,
                  format("attention_ref weights [1/4, 3/4]: got %.9g want 7", out[0]));
}

// Head h reads KV head h / (n_heads / n_kv_heads): the result equals attention over a cache in which every query
// head has its own copy of that KV head.
void test_group_mapping() {
    check::Rng rng(43);
    const int n_heads = 6, n_kv_heads = 2, head_dim = 5, kv_stride = 9, pos0 = 4, t = 3;
    const Cache shared = random_cache(rng, n_kv_heads, head_dim, kv_stride);
    Cache expanded{n_heads, head_dim, kv_stride, {}, {}};
    const int64_t head_size = static_cast<int64_t>(kv_stride) * head_dim;
    for (int h = 0; h < n_heads; ++h) {
        const int64_t from = (h / (n_heads / n_kv_heads)) * head_size;
        expanded.k.insert(expanded.k.end(), shared.k.begin() + from, shared.k.begin() + from + head_size);
        expanded.v.insert(expanded.v.end(), shared.v.begin() + from, shared.v.begin() + from + head_size);
    }
    const std::vector<float> q = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim);
    std::vector<float> grouped(q.size()), separate(q.size()), scratch(pos0 + t);
    mu_attention_ref(grouped.data(), scratch.data(), q.data(), shared.k.data(), shared.v.data(), n_heads, n_kv_heads,
                     head_dim, kv_stride, pos0, t, 0.5f);
    mu_attention_ref(separate.data(), scratch.data(), q.data(), expanded.k.data(), expanded.v.data(), n_heads, n_heads,
                     head_dim, kv_stride, pos0, t, 0.5f);
    check::close("attention_ref grouped-query head mapping", grouped, separate, 0, 0);
}

void compare(const mu_kernel_table& k, check::Rng& rng, int n_heads, int n_kv_heads, int head_dim, int pos0, int t) {
    const int kv_stride = pos0 + t + 3; // rows past the last position must not be read
    const Cache cache = random_cache(rng, n_kv_heads, head_dim, kv_stride);
    // Queries large enough that the softmax is far from uniform.
    const std::vector<float> q = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim, -3.0f, 3.0f);
    std::vector<float> got(q.size()), want(q.size());
    std::vector<float> scratch(pos0 + t); // exactly the documented minimum
    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
    k.attention(got.data(), scratch.data(), q.data(), cache.k.data(), cache.v.data(), n_heads, n_kv_heads, head_dim,
                kv_stride, pos0, t, scale);
    mu_attention_ref(want.data(), scratch.data(), q.data(), cache.k.data(), cache.v.data(), n_heads, n_kv_heads,
                     head_dim, kv_stride, pos0, t, scale);
    check::close(format("attention_%s heads=%d/%d head_dim=%d pos0=%d t=%d", mu_isa_name(k.isa), n_heads, n_kv_heads,
                        head_dim, pos0, t),
                 got, want, ATTENTION_ATOL, ATTENTION_RTOL);
}

void test_attention(const mu_kernel_table& k) {
    check::Rng rng(47);
    const int head_dims[] = {1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 64, 127, 128};
    const int heads[][2] = {{1, 1}, {2, 1}, {4, 2}, {6, 3}, {8, 1}};
    for (int head_dim : head_dims) {
        for (const auto& h : heads) {
            for (int pos0 : {0, 1, 7, 33}) {
                for (int t : {1, 2, 5}) compare(k, rng, h[0], h[1], head_dim, pos0, t);
            }
        }
    }
    compare(k, rng, 4, 2, 64, 4090, 5); // up to 4095 cached rows
}

std::vector<uint16_t> to_f16(const std::vector<float>& x) {
    std::vector<uint16_t> h(x.size());
    mu_f32_to_f16_ref(h.data(), x.data(), static_cast<int64_t>(x.size()));
    return h;
}

std::vector<float> to_f32(const std::vector<uint16_t>& h) {
    std::vector<float> x(h.size());
    mu_f16_to_f32_ref(x.data(), h.data(), static_cast<int64_t>(h.size()));
    return x;
}

// mu_kv_store_f16 writes f32_to_f16 of token i, KV head g at row pos0 + i of head g and nothing else; the public
// entry point under every ISA is bit-exact with _ref (specials included: ties, subnormals, overflow, inf, NaN).
void test_kv_store_f16() {
    check::Rng rng(53);
    const int sizes[][4] = {{1, 1, 1, 0}, {2, 3, 6, 2}, {2, 7, 9, 4}, {4, 17, 40, 11}, {1, 130, 301, 0}, {2, 64, 300, 1}};
    for (const auto& z : sizes) {
        const int n_kv_heads = z[0], head_dim = z[1], kv_stride = z[2], pos0 = z[3];
        const int t = kv_stride - pos0 < 5 ? kv_stride - pos0 : 5;
        std::vector<float> k = rng.vector(static_cast<int64_t>(t) * n_kv_heads * head_dim, -4.0f, 4.0f);
        std::vector<float> v = rng.vector(k.size(), -4.0f, 4.0f);
        const float specials[] = {0.0f, -0.0f, 65504.0f, 65520.0f, -1e9f, 1e-8f, 5.9604645e-8f, 2.9802322e-8f,
                                  1.0009765625f + 0.00048828125f, INFINITY, -INFINITY, NAN};
        for (size_t i = 0; i < k.size() && i < sizeof specials / sizeof specials[0]; ++i) v[i] = specials[i];
        const size_t cache = static_cast<size_t>(n_kv_heads) * kv_stride * head_dim;
        std::vector<uint16_t> want_k(cache, 0x5555), want_v(cache, 0x5555);
        mu_kv_store_f16_ref(want_k.data(), want_v.data(), k.data(), v.data(), n_kv_heads, head_dim, kv_stride, pos0, t);
        bool ok = true;
        for (int g = 0; g < n_kv_heads; ++g) {
            for (int p = 0; p < kv_stride; ++p) {
                for (int c = 0; c < head_dim; ++c) {
                    const size_t at = (static_cast<size_t>(g) * kv_stride + p) * head_dim + c;
                    const bool stored = p >= pos0 && p < pos0 + t;
                    const size_t from = (static_cast<size_t>(p - pos0) * n_kv_heads + g) * head_dim + c;
                    uint16_t hk = 0x5555, hv = 0x5555;
                    if (stored) {
                        mu_f32_to_f16_ref(&hk, &k[from], 1);
                        mu_f32_to_f16_ref(&hv, &v[from], 1);
                    }
                    ok = ok && want_k[at] == hk && want_v[at] == hv;
                }
            }
        }
        check::expect(ok, format("kv_store_f16_ref rows=%d/%d head_dim=%d pos0=%d t=%d: f16 of each value at its row",
                                 n_kv_heads, kv_stride, head_dim, pos0, t));
        const int saved = mu_isa();
        for (int isa = 0; isa <= 3; ++isa) {
            if (!mu_isa_supported(isa)) continue;
            mu_set_isa(isa);
            std::vector<uint16_t> got_k(cache, 0x5555), got_v(cache, 0x5555);
            mu_kv_store_f16(got_k.data(), got_v.data(), k.data(), v.data(), n_kv_heads, head_dim, kv_stride, pos0, t);
            check::expect(got_k == want_k && got_v == want_v,
                          format("kv_store_f16 under %s head_dim=%d pos0=%d t=%d equals _ref bit for bit",
                                 mu_isa_name(isa), head_dim, pos0, t));
        }
        mu_set_isa(saved);
    }
}

// A cache type's attention (kernel or _ref), as mu4j.h declares them.
template <class Elem>
using AttentionFn = void (*)(float*, float*, const float*, const Elem*, const Elem*, int, int, int, int, int, int, float);

// One case of a cache type's _ref spec against mu_attention_ref: a random fp32 cache (exactly pos0 + t rows) stored
// by `store` and widened back by `widen`, random queries; `got` is the type's _ref on the stored cache, `widened`
// mu_attention_ref on the widened cache, `full` mu_attention_ref on the fp32 cache it came from.
struct RefRun {
    std::vector<float> got, widened, full;
    std::string what;
};

template <class Elem>
RefRun run_ref_against_f32(check::Rng& rng, int n_heads, int n_kv_heads, int head_dim, int pos0, int t,
                           std::vector<Elem> (*store)(const std::vector<float>&, int, int, int),
                           std::vector<float> (*widen)(const std::vector<Elem>&, int, int, int), AttentionFn<Elem> ref) {
    const int kv_stride = pos0 + t;
    const Cache c32 = random_cache(rng, n_kv_heads, head_dim, kv_stride);
    const std::vector<Elem> kc = store(c32.k, n_kv_heads, head_dim, kv_stride);
    const std::vector<Elem> vc = store(c32.v, n_kv_heads, head_dim, kv_stride);
    const std::vector<float> kw = widen(kc, n_kv_heads, head_dim, kv_stride);
    const std::vector<float> vw = widen(vc, n_kv_heads, head_dim, kv_stride);
    const std::vector<float> q = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim, -3.0f, 3.0f);
    RefRun r{std::vector<float>(q.size()), std::vector<float>(q.size()), std::vector<float>(q.size()),
             format("heads=%d/%d head_dim=%d pos0=%d t=%d", n_heads, n_kv_heads, head_dim, pos0, t)};
    std::vector<float> scratch(pos0 + t);
    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
    ref(r.got.data(), scratch.data(), q.data(), kc.data(), vc.data(), n_heads, n_kv_heads, head_dim, kv_stride, pos0,
        t, scale);
    mu_attention_ref(r.widened.data(), scratch.data(), q.data(), kw.data(), vw.data(), n_heads, n_kv_heads, head_dim,
                     kv_stride, pos0, t, scale);
    mu_attention_ref(r.full.data(), scratch.data(), q.data(), c32.k.data(), c32.v.data(), n_heads, n_kv_heads,
                     head_dim, kv_stride, pos0, t, scale);
    return r;
}

// The spec of the fp16 attention: mu_attention_ref on the widened cache, bit for bit; and close to the fp32 cache
// it was rounded from.
void test_f16_ref_is_widened_ref() {
    check::Rng rng(59);
    const int cases[][6] = {{1, 1, 1, 0, 1, 0}, {2, 1, 3, 5, 2, 0}, {4, 2, 17, 9, 3, 0}, {8, 2, 64, 40, 4, 0},
                            {4, 1, 130, 299, 1, 0}, {6, 3, 33, 100, 7, 0}};
    for (const auto& z : cases) {
        const int n_heads = z[0], n_kv_heads = z[1], head_dim = z[2], pos0 = z[3], t = z[4];
        const RefRun r = run_ref_against_f32<uint16_t>(
            rng, n_heads, n_kv_heads, head_dim, pos0, t,
            [](const std::vector<float>& x, int, int, int) { return to_f16(x); },
            [](const std::vector<uint16_t>& h, int, int, int) { return to_f32(h); }, mu_attention_f16_ref);
        check::close("attention_f16_ref equals attention_ref on the widened cache " + r.what, r.got, r.widened, 0, 0);
        check::close("attention_f16_ref near the fp32 cache " + r.what, r.got, r.full, F16_CACHE_ATOL, 0);
    }
}

// The table's kernel against its _ref on one random cache of pos0 + t rows (3 more past them, never read) stored by
// `store` as Elem rows, and random queries: the fp16 and int8 caches' comparisons.
template <class Elem>
void compare_stored(const char* kind, const mu_kernel_table& k, check::Rng& rng, int n_heads, int n_kv_heads,
                    int head_dim, int pos0, int t, std::vector<Elem> (*store)(const std::vector<float>&, int, int, int),
                    AttentionFn<Elem> fast, AttentionFn<Elem> ref) {
    const int kv_stride = pos0 + t + 3; // rows past the last position must not be read
    const Cache c32 = random_cache(rng, n_kv_heads, head_dim, kv_stride);
    const std::vector<Elem> kc = store(c32.k, n_kv_heads, head_dim, kv_stride);
    const std::vector<Elem> vc = store(c32.v, n_kv_heads, head_dim, kv_stride);
    const std::vector<float> q = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim, -3.0f, 3.0f);
    std::vector<float> got(q.size()), want(q.size());
    std::vector<float> scratch(pos0 + t); // exactly the documented minimum
    const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
    fast(got.data(), scratch.data(), q.data(), kc.data(), vc.data(), n_heads, n_kv_heads, head_dim, kv_stride, pos0, t,
         scale);
    ref(want.data(), scratch.data(), q.data(), kc.data(), vc.data(), n_heads, n_kv_heads, head_dim, kv_stride, pos0, t,
        scale);
    check::close(format("attention_%s_%s heads=%d/%d head_dim=%d pos0=%d t=%d", kind, mu_isa_name(k.isa), n_heads,
                        n_kv_heads, head_dim, pos0, t),
                 got, want, ATTENTION_ATOL, ATTENTION_RTOL);
}

void compare_f16(const mu_kernel_table& k, check::Rng& rng, int n_heads, int n_kv_heads, int head_dim, int pos0,
                 int t) {
    compare_stored<uint16_t>("f16", k, rng, n_heads, n_kv_heads, head_dim, pos0, t,
                             [](const std::vector<float>& x, int, int, int) { return to_f16(x); }, k.attention_f16,
                             mu_attention_f16_ref);
}

// head_dim 1..130 (every tail of 8 and 16 lanes, and all of 1..17), GQA ratios 1, 2, 4, cached positions up to
// 300, causal chunks of t > 1.
void test_attention_f16(const mu_kernel_table& k) {
    check::Rng rng(61);
    std::vector<int> head_dims;
    for (int d = 1; d <= 17; ++d) head_dims.push_back(d);
    for (int d : {23, 31, 32, 33, 40, 47, 63, 64, 65, 96, 127, 128, 129, 130}) head_dims.push_back(d);
    const int heads[][2] = {{1, 1}, {3, 3}, {2, 1}, {4, 2}, {4, 1}, {8, 2}};
    for (int head_dim : head_dims) {
        for (const auto& h : heads) {
            for (int pos0 : {0, 1, 6, 33, 200, 295}) {
                for (int t : {1, 2, 5}) compare_f16(k, rng, h[0], h[1], head_dim, pos0, t);
            }
        }
    }
    compare_f16(k, rng, 4, 2, 64, 4090, 5); // up to 4095 cached rows
}


// An fp32 cache (n_kv_heads, kv_stride, head_dim) quantized row by row with mu_kv_store_q8_ref into the int8
// layout (n_kv_heads, kv_stride, MU_KV_Q8_ROW_BYTES(head_dim)).
std::vector<int8_t> to_q8(const std::vector<float>& x, int n_kv_heads, int head_dim, int kv_stride) {
    const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
    std::vector<int8_t> q(static_cast<size_t>(n_kv_heads * kv_stride * row));
    std::vector<int8_t> unused(q.size());
    for (int g = 0; g < n_kv_heads; ++g) {
        const int64_t head = static_cast<int64_t>(g) * kv_stride;
        mu_kv_store_q8_ref(q.data() + head * row, unused.data() + head * row, x.data() + head * head_dim,
                           x.data() + head * head_dim, 1, head_dim, kv_stride, 0, kv_stride);
    }
    return q;
}

float q8_scale(const int8_t* row, int head_dim) {
    float s;
    std::memcpy(&s, row + head_dim, sizeof s);
    return s;
}

// The int8 cache widened back to f32 (scale * quant), in the fp32 layout.
std::vector<float> from_q8(const std::vector<int8_t>& q, int n_kv_heads, int head_dim, int kv_stride) {
    const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
    std::vector<float> x(static_cast<size_t>(n_kv_heads) * kv_stride * head_dim);
    for (int64_t r = 0; r < static_cast<int64_t>(n_kv_heads) * kv_stride; ++r) {
        const float s = q8_scale(q.data() + r * row, head_dim);
        for (int c = 0; c < head_dim; ++c) x[r * head_dim + c] = s * static_cast<float>(q[r * row + c]);
    }
    return x;
}

// mu_kv_store_q8_ref: token i, KV head g goes to row pos0 + i of head g (nothing else changes) as scale =
// max|x| / 127 (fp32, bit for bit) and q = round_even(x / scale), so |scale * q - x| <= scale / 2; a zero row is
// scale 0 and q 0; a row with an inf or a NaN is scale NaN and q 0. The public store equals _ref under every ISA.
void test_kv_store_q8() {
    check::Rng rng(67);
    const int sizes[][4] = {{1, 1, 1, 0}, {2, 3, 6, 2}, {2, 7, 9, 4}, {4, 17, 40, 11}, {1, 130, 301, 0},
                            {2, 64, 300, 1}, {2, 80, 20, 3}};
    for (const auto& z : sizes) {
        const int n_kv_heads = z[0], head_dim = z[1], kv_stride = z[2], pos0 = z[3];
        const int t = kv_stride - pos0 < 5 ? kv_stride - pos0 : 5;
        const int64_t row = MU_KV_Q8_ROW_BYTES(head_dim);
        std::vector<float> k = rng.vector(static_cast<int64_t>(t) * n_kv_heads * head_dim, -4.0f, 4.0f);
        std::vector<float> v = rng.vector(k.size(), -0.01f, 0.01f);
        const int rows = t * n_kv_heads;
        if (rows > 1) { // row 0 of v all zero, row 1 of k holds an inf, row 1 of v a NaN (ties in between)
            for (int c = 0; c < head_dim; ++c) v[c] = 0.0f;
            k[head_dim + head_dim / 2] = -INFINITY;
            v[head_dim] = NAN;
        }
        if (head_dim >= 4) { // a row of exact ties: x / scale = 127, 63.5, -0.5, 2.5
            k[0] = 127.0f, k[1] = 63.5f, k[2] = -0.5f, k[3] = 2.5f;
            for (int c = 4; c < head_dim; ++c) k[c] = 1.0f;
        }
        const size_t cache = static_cast<size_t>(n_kv_heads * kv_stride * row);
        std::vector<int8_t> want_k(cache, 0x55), want_v(cache, 0x55);
        mu_kv_store_q8_ref(want_k.data(), want_v.data(), k.data(), v.data(), n_kv_heads, head_dim, kv_stride, pos0, t);
        bool ok = true;
        double worst = 0.0; // largest |scale * q - x| / scale over finite rows
        for (int g = 0; g < n_kv_heads; ++g) {
            for (int p = 0; p < kv_stride; ++p) {
                const size_t at = (static_cast<size_t>(g) * kv_stride + p) * row;
                const bool stored = p >= pos0 && p < pos0 + t;
                if (!stored) {
                    for (int64_t b = 0; b < row; ++b) ok = ok && want_k[at + b] == 0x55 && want_v[at + b] == 0x55;
                    continue;
                }
                const size_t from = (static_cast<size_t>(p - pos0) * n_kv_heads + g) * head_dim;
                for (int half = 0; half < 2; ++half) {
                    const float* x = (half == 0 ? k : v).data() + from;
                    const int8_t* q = (half == 0 ? want_k : want_v).data() + at;
                    float amax = 0.0f;
                    bool finite = true;
                    for (int c = 0; c < head_dim; ++c) {
                        finite = finite && std::isfinite(x[c]);
                        amax = std::fabs(x[c]) > amax ? std::fabs(x[c]) : amax;
                    }
                    const float s = q8_scale(q, head_dim);
                    if (!finite) {
                        ok = ok && std::isnan(s);
                        for (int c = 0; c < head_dim; ++c) ok = ok && q[c] == 0;
                        continue;
                    }
                    ok = ok && s == amax / 127.0f;
                    for (int c = 0; c < head_dim; ++c) {
                        const float want = s == 0.0f ? 0.0f : std::nearbyint(x[c] / s);
                        ok = ok && q[c] == static_cast<int8_t>(want) && q[c] >= -127;
                        const double error = s > 0.0f ? std::fabs(s * q[c] - x[c]) / s : 0.0;
                        if (error > worst) worst = error;
                    }
                }
            }
        }
        if (head_dim >= 4) { // the ties rounded to even
            const int8_t* q = want_k.data() + static_cast<size_t>(pos0) * row;
            ok = ok && q[0] == 127 && q[1] == 64 && q[2] == 0 && q[3] == 2;
        }
        check::expect(ok && worst <= 0.5 + 1e-5,
                      format("kv_store_q8_ref rows=%d/%d head_dim=%d pos0=%d t=%d: scale, quants, specials (worst "
                             "error %.6f scale)", n_kv_heads, kv_stride, head_dim, pos0, t, worst));
        const int saved = mu_isa();
        for (int isa = 0; isa <= 3; ++isa) {
            if (!mu_isa_supported(isa)) continue;
            mu_set_isa(isa);
            std::vector<int8_t> got_k(cache, 0x55), got_v(cache, 0x55);
            mu_kv_store_q8(got_k.data(), got_v.data(), k.data(), v.data(), n_kv_heads, head_dim, kv_stride, pos0, t);
            check::expect(std::memcmp(got_k.data(), want_k.data(), cache) == 0 &&
                              std::memcmp(got_v.data(), want_v.data(), cache) == 0,
                          format("kv_store_q8 under %s head_dim=%d pos0=%d t=%d equals _ref bit for bit",
                                 mu_isa_name(isa), head_dim, pos0, t));
        }
        mu_set_isa(saved);
    }
}

// The spec of the int8 attention against mu_attention_ref: on the dequantized cache (the same values, the row
// scales applied elsewhere), and on the fp32 cache it was quantized from (the quantization error; printed).
void test_q8_ref_against_f32() {
    check::Rng rng(71);
    const int cases[][5] = {{1, 1, 1, 0, 1}, {2, 1, 3, 5, 2}, {4, 2, 17, 9, 3}, {8, 2, 64, 40, 7}, {4, 1, 130, 299, 1},
                            {6, 3, 33, 100, 7}, {8, 4, 64, 280, 17}, {4, 1, 80, 150, 2}};
    double worst = 0.0;
    for (const auto& z : cases) {
        const int n_heads = z[0], n_kv_heads = z[1], head_dim = z[2], pos0 = z[3], t = z[4];
        const RefRun r =
            run_ref_against_f32<int8_t>(rng, n_heads, n_kv_heads, head_dim, pos0, t, to_q8, from_q8, mu_attention_q8_ref);
        const std::vector<float>& got = r.got;
        const std::vector<float>& full = r.full;
        check::close("attention_q8_ref near attention_ref on the dequantized cache " + r.what, got, r.widened,
                     Q8_DEQUANT_ATOL, Q8_DEQUANT_RTOL);
        check::close("attention_q8_ref near the fp32 cache " + r.what, got, full, Q8_CACHE_ATOL, 0);
        // (no std::fmax reduction here: aarch64 GCC 12 crashes vectorizing one, an internal compiler error)
        for (size_t i = 0; i < got.size(); ++i) {
            const double d = std::fabs(static_cast<double>(got[i]) - full[i]);
            if (d > worst) worst = d;
        }
    }
    std::printf("attention_q8_ref against the fp32 cache: max |difference| %.3g (bound %.3g)\n", worst, Q8_CACHE_ATOL);
}

void compare_q8(const mu_kernel_table& k, check::Rng& rng, int n_heads, int n_kv_heads, int head_dim, int pos0,
                int t) {
    compare_stored<int8_t>("q8", k, rng, n_heads, n_kv_heads, head_dim, pos0, t, to_q8, k.attention_q8,
                           mu_attention_q8_ref);
}

// head_dim 1..17 and around the 8-, 16- and 32-lane steps (80: 2 x 32 + 16), GQA ratios 1 to 8, cached positions
// up to 300, causal chunks t = 1, 2, 3, 7, 17, and contexts around 2048 and up to 4095 rows.
void test_attention_q8(const mu_kernel_table& k) {
    check::Rng rng(73);
    std::vector<int> head_dims;
    for (int d = 1; d <= 17; ++d) head_dims.push_back(d);
    for (int d : {31, 32, 33, 63, 64, 65, 80, 127, 128, 129}) head_dims.push_back(d);
    // GQA groups of 1, 2, 3, 4, 5 and 8 query heads (the AVX2 kernel takes up to 4 of a group at a time)
    const int heads[][2] = {{1, 1}, {3, 3}, {2, 1}, {4, 2}, {6, 2}, {4, 1}, {10, 2}, {8, 1}};
    for (int head_dim : head_dims) {
        for (const auto& h : heads) {
            for (int pos0 : {0, 1, 6, 33, 200, 283}) {
                for (int t : {1, 2, 3, 7, 17}) compare_q8(k, rng, h[0], h[1], head_dim, pos0, t);
            }
        }
    }
    compare_q8(k, rng, 4, 2, 64, 4090, 5); // up to 4095 cached rows
    compare_q8(k, rng, 8, 2, 64, 2040, 12); // both sides of the AVX2 kernel's 2048-row joint-heads limit
}

// The public mu_attention, mu_attention_f16 and mu_attention_q8 at 2 threads (split over (token, KV head) pairs)
// against 1 thread: the same bits, for
// every ISA, at sizes on both sides of the threading threshold and past the parts' stack scratch (4096 rows).
void test_threaded() {
    check::Rng rng(53);
    const int cases[][5] = {// n_heads, n_kv_heads, head_dim, pos0, t
                            {16, 4, 64, 0, 1},  {16, 4, 64, 95, 1}, {16, 4, 64, 500, 1}, {16, 4, 64, 0, 32},
                            {6, 3, 17, 200, 5}, {8, 1, 33, 300, 2}, {4, 2, 64, 4090, 8}};
    std::vector<int> isas = {0};
    for (const mu_kernel_table* k : check::fast_tables()) isas.push_back(k->isa);
    const int start = mu_isa();
    for (int isa : isas) {
        mu_set_isa(isa);
        for (const auto& c : cases) {
            const int n_heads = c[0], n_kv_heads = c[1], head_dim = c[2], pos0 = c[3], t = c[4];
            const int kv_stride = pos0 + t + 3;
            const Cache cache = random_cache(rng, n_kv_heads, head_dim, kv_stride);
            const std::vector<float> q = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim, -3.0f, 3.0f);
            const std::vector<uint16_t> k16 = to_f16(cache.k), v16 = to_f16(cache.v);
            const std::vector<int8_t> k8 = to_q8(cache.k, n_kv_heads, head_dim, kv_stride);
            const std::vector<int8_t> v8 = to_q8(cache.v, n_kv_heads, head_dim, kv_stride);
            for (const char* kind : {"", "_f16", "_q8"}) {
                const bool f16 = std::strcmp(kind, "_f16") == 0, q8 = std::strcmp(kind, "_q8") == 0;
                std::vector<float> one(q.size(), -7.0f), two(q.size(), -9.0f), scratch(pos0 + t);
                for (int threads : {1, 2}) {
                    mu_set_threads(threads);
                    float* out = (threads == 1 ? one : two).data();
                    if (f16) {
                        mu_attention_f16(out, scratch.data(), q.data(), k16.data(), v16.data(), n_heads, n_kv_heads,
                                         head_dim, kv_stride, pos0, t, 0.125f);
                    } else if (q8) {
                        mu_attention_q8(out, scratch.data(), q.data(), k8.data(), v8.data(), n_heads, n_kv_heads,
                                        head_dim, kv_stride, pos0, t, 0.125f);
                    } else {
                        mu_attention(out, scratch.data(), q.data(), cache.k.data(), cache.v.data(), n_heads,
                                     n_kv_heads, head_dim, kv_stride, pos0, t, 0.125f);
                    }
                }
                check::same_bits(format("%s mu_attention%s 2 threads == 1 thread heads=%d/%d head_dim=%d pos0=%d t=%d",
                                        mu_isa_name(isa), kind, n_heads, n_kv_heads, head_dim, pos0, t),
                                 reinterpret_cast<const uint32_t*>(two.data()),
                                 reinterpret_cast<const uint32_t*>(one.data()), static_cast<int64_t>(one.size()));
            }
        }
    }
    mu_set_threads(1);
    mu_set_isa(start);
}

} // namespace

int main() {
    test_kv_store();
    test_ref_values();
    test_group_mapping();
    for (const mu_kernel_table* k : check::fast_tables()) test_attention(*k);
    test_kv_store_f16();
    test_f16_ref_is_widened_ref();
    for (const mu_kernel_table* k : check::fast_tables()) test_attention_f16(*k);
    test_kv_store_q8();
    test_q8_ref_against_f32();
    for (const mu_kernel_table* k : check::fast_tables()) test_attention_q8(*k);
    test_threaded();
    return check::finish("test_attention");
}
