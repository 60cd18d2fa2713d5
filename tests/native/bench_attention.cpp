// The attention of one mu-330m token (24 layers, 16 query heads / 4 KV heads x 64) over an fp32, an fp16 and an
// int8 cache of 2048 rows per layer (fp32: 101 MB in all, beyond the last-level cache, as in a real decode step); not
// a test.
//   bench_attention [REPS]     decode (t = 1) and a prefill chunk (t = 32) at several positions
// The three caches are measured alternately, rep by rep, so outside load hits them alike; prints the median time per
// token of each and the medians of the per-rep ratios f32 / f16 and f16 / q8 (> 1: the second is faster).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "kernels.h"

namespace {

constexpr int LAYERS = 24, HEADS = 16, KV_HEADS = 4, HEAD_DIM = 64, CTX = 2048;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::atoi(argv[1]) : 15;
    const int64_t cache = static_cast<int64_t>(KV_HEADS) * CTX * HEAD_DIM;
    std::vector<std::vector<float>> k32(LAYERS), v32(LAYERS);
    std::vector<std::vector<uint16_t>> k16(LAYERS), v16(LAYERS);
    std::vector<std::vector<int8_t>> k8(LAYERS), v8(LAYERS);
    const int64_t row8 = MU_KV_Q8_ROW_BYTES(HEAD_DIM);
    for (int l = 0; l < LAYERS; ++l) {
        k32[l].resize(cache);
        v32[l].resize(cache);
        for (int64_t i = 0; i < cache; ++i) {
            k32[l][i] = static_cast<float>(((i + l) * 7919) % 2000) / 1000.0f - 1.0f;
            v32[l][i] = static_cast<float>(((i + 3 * l) * 104729) % 2000) / 1000.0f - 1.0f;
        }
        k16[l].resize(cache);
        v16[l].resize(cache);
        mu_f32_to_f16_ref(k16[l].data(), k32[l].data(), cache);
        mu_f32_to_f16_ref(v16[l].data(), v32[l].data(), cache);
        k8[l].resize(static_cast<size_t>(KV_HEADS * CTX * row8));
        v8[l].resize(k8[l].size());
        for (int g = 0; g < KV_HEADS; ++g) { // each KV head's rows as t = CTX tokens of one head
            const int64_t rows = static_cast<int64_t>(g) * CTX;
            mu_kv_store_q8_ref(k8[l].data() + rows * row8, v8[l].data() + rows * row8, k32[l].data() + rows * HEAD_DIM,
                               v32[l].data() + rows * HEAD_DIM, 1, HEAD_DIM, CTX, 0, CTX);
        }
    }
    std::vector<float> q(32 * HEADS * HEAD_DIM), out(q.size()), scratch(CTX);
    for (size_t i = 0; i < q.size(); ++i) q[i] = static_cast<float>((i * 31) % 200) / 100.0f - 1.0f;
    const float scale = 1.0f / std::sqrt(static_cast<float>(HEAD_DIM));
    const mu_kernel_table* k = mu_active_kernels();
    std::printf("isa %s, %d reps; microseconds per token over all %d layers (median), ratios (median of reps)\n",
                mu_isa_name(k->isa), reps, LAYERS);
    std::printf("%-4s %6s %12s %12s %12s %10s %10s\n", "t", "pos0", "f32 us", "f16 us", "q8 us", "f32/f16", "f16/q8");
    using clock = std::chrono::steady_clock;
    for (int t : {1, 32}) {
        for (int pos0 : {128, 512, 1024, 2000}) {
            if (pos0 + t > CTX) continue;
            std::vector<double> a, b, c, r, r8;
            for (int rep = 0; rep < reps; ++rep) {
                auto s0 = clock::now();
                for (int l = 0; l < LAYERS; ++l) {
                    k->attention(out.data(), scratch.data(), q.data(), k32[l].data(), v32[l].data(), HEADS, KV_HEADS,
                                 HEAD_DIM, CTX, pos0, t, scale);
                }
                auto s1 = clock::now();
                for (int l = 0; l < LAYERS; ++l) {
                    k->attention_f16(out.data(), scratch.data(), q.data(), k16[l].data(), v16[l].data(), HEADS,
                                     KV_HEADS, HEAD_DIM, CTX, pos0, t, scale);
                }
                auto s2 = clock::now();
                for (int l = 0; l < LAYERS; ++l) {
                    k->attention_q8(out.data(), scratch.data(), q.data(), k8[l].data(), v8[l].data(), HEADS, KV_HEADS,
                                    HEAD_DIM, CTX, pos0, t, scale);
                }
                auto s3 = clock::now();
                const double f32 = std::chrono::duration<double, std::micro>(s1 - s0).count() / t;
                const double f16 = std::chrono::duration<double, std::micro>(s2 - s1).count() / t;
                const double q8 = std::chrono::duration<double, std::micro>(s3 - s2).count() / t;
                if (rep == 0) continue; // warm-up
                a.push_back(f32);
                b.push_back(f16);
                c.push_back(q8);
                r.push_back(f32 / f16);
                r8.push_back(f16 / q8);
            }
            std::printf("%-4d %6d %12.1f %12.1f %12.1f %10.2f %10.2f\n", t, pos0, median(a), median(b), median(c),
                        median(r), median(r8));
        }
    }
    return 0;
}
