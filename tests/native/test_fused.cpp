// Fused kernels (fused.cpp): mu_layernorm_quant / mu_rmsnorm_quant and mu_matmul_swiglu_quant give the same bits
// as the unfused calls of the same ISA (every ISA this CPU runs, ref included, at 1 and 2 threads), their _ref
// twins the same bits as the unfused _ref calls, and every ISA stays within the stated distance of _ref. Also
// quantize_blocks on part of a row against mu_quantize_act_ref.
#include <cstring>

#include "check.h"

namespace {

using check::format;

// Normed rows against _ref: as tests/native/test_norm.cpp (the same statistics summed in another order).
constexpr double NORM_ATOL = 2e-6;
constexpr double NORM_RTOL = 2e-6;
// Quantized rows against _ref's: a q may move by one step where the normed value differs in its last bits next
// to a rounding boundary; the block scale amax / 127 follows the normed values (NORM_RTOL, plus an ulp).
constexpr int Q_STEPS = 1;
constexpr double SCALE_RTOL = 4e-6;
// SwiGLU outputs against _ref: each product may differ by PRODUCT_RTOL x sum_k |w_k x_k| (tests/native/test_quant.cpp;
// here <= n, weights and activations in [-1, 1]); h = silu(g) u moves by at most 1.1 |u| dg + |silu(g)| du, plus
// the SwiGLU kernels' own few ulps (SWIGLU_RTOL).
constexpr double PRODUCT_RTOL = 1e-5;
constexpr double SWIGLU_RTOL = 1e-6;

const int BLOCKS[] = {1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 127}; // n = 32 x blocks: every SIMD tail of a row
const int TS[] = {1, 2, 3, 7};

std::vector<int> isas() {
    std::vector<int> out = {0};
    for (const mu_kernel_table* k : check::fast_tables()) out.push_back(k->isa);
    return out;
}

const uint32_t* bits(const std::vector<float>& v) { return reinterpret_cast<const uint32_t*>(v.data()); }

// xq (t rows of n) against want_xq within Q_STEPS and SCALE_RTOL.
void quant_close(const std::string& label, const std::vector<uint8_t>& got, const std::vector<uint8_t>& want, int n,
                 int t) {
    bool ok = true;
    for (int i = 0; i < t && ok; ++i) {
        const int8_t* gq = reinterpret_cast<const int8_t*>(got.data()) + MU_ACT_ROW_BYTES(n) * i;
        const int8_t* wq = reinterpret_cast<const int8_t*>(want.data()) + MU_ACT_ROW_BYTES(n) * i;
        const float* gd = reinterpret_cast<const float*>(gq + n);
        const float* wd = reinterpret_cast<const float*>(wq + n);
        for (int k = 0; k < n; ++k) ok &= std::abs(gq[k] - wq[k]) <= Q_STEPS;
        for (int b = 0; b < n / MU_QK; ++b) ok &= std::fabs(gd[b] - wd[b]) <= SCALE_RTOL * std::fabs(wd[b]) + 1e-30;
    }
    check::expect(ok, label);
}

void test_quantize_blocks(const std::vector<int>& isa_list) {
    check::Rng rng(41);
    const int n = 32 * 17;
    const std::vector<float> x = rng.vector(n, -3.0f, 3.0f);
    std::vector<uint8_t> want(MU_ACT_ROW_BYTES(n));
    mu_quantize_act_ref(want.data(), x.data(), n, 1);
    for (int isa : isa_list) {
        const mu_kernel_table* k = mu_kernel_table_for(isa);
        for (int b0 : {0, 1, 5}) {
            for (int blocks : {1, 3, 12}) {
                std::vector<uint8_t> got(want.size(), 0x55), expect(want.size(), 0x55);
                int8_t* q = reinterpret_cast<int8_t*>(got.data());
                float* d = reinterpret_cast<float*>(q + n);
                k->quantize_blocks(q + 32 * b0, d + b0, d + n / 32 + b0, x.data() + 32 * b0, blocks);
                // want's bytes of those blocks, 0x55 elsewhere
                std::memcpy(expect.data() + 32 * b0, want.data() + 32 * b0, 32 * blocks);
                std::memcpy(expect.data() + n + 4 * b0, want.data() + n + 4 * b0, 4 * blocks);
                std::memcpy(expect.data() + n + n / 8 + 4 * b0, want.data() + n + n / 8 + 4 * b0, 4 * blocks);
                check::same_bits(format("%s quantize_blocks from block %d, %d blocks", mu_isa_name(isa), b0, blocks),
                                 got.data(), expect.data(), static_cast<int64_t>(got.size()));
            }
        }
    }
}

void test_norm_quant(const std::vector<int>& isa_list, bool rms) {
    check::Rng rng(rms ? 43 : 42);
    const char* name = rms ? "rmsnorm_quant" : "layernorm_quant";
    for (int blocks : BLOCKS) {
        const int n = 32 * blocks;
        for (int t : TS) {
            const std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n, -2.0f, 3.0f);
            const std::vector<float> w = rng.vector(n, 0.5f, 1.5f), b = rng.vector(n);
            const size_t bytes = MU_ACT_ROW_BYTES(n) * t;
            std::vector<float> ref_out(x.size());
            std::vector<uint8_t> ref_xq(bytes), split_xq(bytes);
            if (rms) mu_rmsnorm_quant_ref(ref_xq.data(), ref_out.data(), x.data(), w.data(), n, t, 1e-6f);
            else mu_layernorm_quant_ref(ref_xq.data(), ref_out.data(), x.data(), w.data(), b.data(), n, t, 1e-5f);
            std::vector<float> split_out(x.size());
            if (rms) mu_rmsnorm_ref(split_out.data(), x.data(), w.data(), n, t, 1e-6f);
            else mu_layernorm_ref(split_out.data(), x.data(), w.data(), b.data(), n, t, 1e-5f);
            mu_quantize_act_ref(split_xq.data(), split_out.data(), n, t);
            check::same_bits(format("%s_ref n=%d t=%d: out == unfused _ref", name, n, t), bits(ref_out), bits(split_out),
                             static_cast<int64_t>(x.size()));
            check::same_bits(format("%s_ref n=%d t=%d: xq == unfused _ref", name, n, t), ref_xq.data(), split_xq.data(),
                             static_cast<int64_t>(bytes));
            for (int isa : isa_list) {
                mu_set_isa(isa);
                const mu_kernel_table* k = mu_kernel_table_for(isa);
                std::vector<float> want(x.size()), got(x.size(), -7.0f), in_place = x;
                std::vector<uint8_t> want_xq(bytes), got_xq(bytes, 0x55), in_place_xq(bytes, 0x55);
                if (rms) k->rmsnorm(want.data(), x.data(), w.data(), n, t, 1e-6f);
                else k->layernorm(want.data(), x.data(), w.data(), b.data(), n, t, 1e-5f);
                k->quantize_act(want_xq.data(), want.data(), n, t);
                if (rms) {
                    mu_rmsnorm_quant(got_xq.data(), got.data(), x.data(), w.data(), n, t, 1e-6f);
                    mu_rmsnorm_quant(in_place_xq.data(), in_place.data(), in_place.data(), w.data(), n, t, 1e-6f);
                } else {
                    mu_layernorm_quant(got_xq.data(), got.data(), x.data(), w.data(), b.data(), n, t, 1e-5f);
                    mu_layernorm_quant(in_place_xq.data(), in_place.data(), in_place.data(), w.data(), b.data(), n, t,
                                       1e-5f);
                }
                const std::string label = format("%s %s n=%d t=%d", mu_isa_name(isa), name, n, t);
                check::same_bits(label + ": out == unfused", bits(got), bits(want), static_cast<int64_t>(x.size()));
                check::same_bits(label + ": xq == unfused", got_xq.data(), want_xq.data(), static_cast<int64_t>(bytes));
                check::same_bits(label + ": in place", bits(in_place), bits(want), static_cast<int64_t>(x.size()));
                check::same_bits(label + ": in place xq", in_place_xq.data(), want_xq.data(), static_cast<int64_t>(bytes));
                check::close(label + ": out vs _ref", got, ref_out, NORM_ATOL, NORM_RTOL);
                quant_close(label + ": xq vs _ref", got_xq, ref_xq, n, t);
            }
        }
    }
    mu_set_isa(mu_kernel_table_for(1) != nullptr && mu_isa_supported(1) ? 1 : 0);
}

struct Weights {
    std::vector<int8_t> q8;
    std::vector<uint8_t> q4;
    std::vector<uint16_t> s8, s4;
};

Weights weights(check::Rng& rng, int n, int d) {
    const std::vector<float> f = rng.vector(static_cast<int64_t>(n) * d);
    Weights w;
    w.q8.resize(f.size());
    w.q4.resize(f.size() / 2);
    w.s8.resize(f.size() / 32);
    w.s4.resize(f.size() / 32);
    mu_quantize_q8_0(w.q8.data(), w.s8.data(), f.data(), static_cast<int64_t>(f.size()));
    mu_quantize_q4_0(w.q4.data(), w.s4.data(), f.data(), static_cast<int64_t>(f.size()));
    return w;
}

void test_swiglu(const std::vector<int>& isa_list) {
    check::Rng rng(44);
    const int NS[] = {32, 96, 1024};
    const int DBLOCKS[] = {1, 3, 7, 17, 33, 88}; // 88 blocks: mu-330m's 2816
    for (int n : NS) {
        for (int dblocks : DBLOCKS) {
            const int d = 32 * dblocks;
            const Weights gate = weights(rng, n, d), up = weights(rng, n, d);
            for (int t : TS) {
                if (t == 7 && n * d > 1024 * 544) continue; // keep the run short
                const std::vector<float> x = rng.vector(static_cast<int64_t>(n) * t);
                std::vector<uint8_t> xq(MU_ACT_ROW_BYTES(n) * t);
                mu_quantize_act_ref(xq.data(), x.data(), n, t);
                const size_t size = static_cast<size_t>(t) * d, bytes = MU_ACT_ROW_BYTES(d) * t;
                for (int type : {0, 1}) {
                    const void* wg = type == 0 ? static_cast<const void*>(gate.q8.data()) : gate.q4.data();
                    const void* wu = type == 0 ? static_cast<const void*>(up.q8.data()) : up.q4.data();
                    const uint16_t* sg = type == 0 ? gate.s8.data() : gate.s4.data();
                    const uint16_t* su = type == 0 ? up.s8.data() : up.s4.data();
                    std::vector<float> ref_h(size), ref_up(size);
                    std::vector<uint8_t> ref_hq(bytes);
                    mu_matmul_swiglu_quant_ref(type, ref_h.data(), ref_up.data(), ref_hq.data(), wg, sg, wu, su,
                                               xq.data(), n, d, t);
                    // ref_g: the gate products alone, for the tolerance
                    std::vector<float> ref_g(size);
                    if (type == 0) mu_matmul_q8_0_ref(ref_g.data(), gate.q8.data(), sg, xq.data(), n, d, t, d);
                    else mu_matmul_q4_0_ref(ref_g.data(), gate.q4.data(), sg, xq.data(), n, d, t, d);
                    std::vector<float> tol(size);
                    for (size_t i = 0; i < size; ++i) {
                        const double g = ref_g[i], u = ref_up[i], silu = g / (1.0 + std::exp(-g));
                        tol[i] = static_cast<float>(PRODUCT_RTOL * n * (1.1 * std::fabs(u) + std::fabs(silu)) +
                                                    SWIGLU_RTOL * std::fabs(ref_h[i]));
                    }
                    for (int isa : isa_list) {
                        mu_set_isa(isa);
                        for (int threads : {1, 2}) {
                            mu_set_threads(threads);
                            std::vector<float> want(size), want_up(size), got(size, -7.0f), got_up(size, -7.0f);
                            std::vector<uint8_t> want_hq(bytes), got_hq(bytes, 0x55);
                            mu_matmul_quant3(type, 2, want.data(), wg, sg, d, want_up.data(), wu, su, d, nullptr,
                                             nullptr, nullptr, 0, xq.data(), n, t);
                            mu_swiglu(want.data(), want.data(), want_up.data(), static_cast<int64_t>(size));
                            mu_quantize_act(want_hq.data(), want.data(), d, t);
                            mu_matmul_swiglu_quant(type, got.data(), got_up.data(), got_hq.data(), wg, sg, wu, su,
                                                   xq.data(), n, d, t);
                            const std::string label = format("%s swiglu_quant %s n=%d d=%d t=%d threads=%d",
                                                             mu_isa_name(isa), type == 0 ? "q8_0" : "q4_0", n, d, t,
                                                             threads);
                            check::same_bits(label + ": h == unfused", bits(got), bits(want), static_cast<int64_t>(size));
                            check::same_bits(label + ": hq == unfused", got_hq.data(), want_hq.data(),
                                             static_cast<int64_t>(bytes));
                            if (threads == 1) {
                                check::close(label + ": h vs _ref", got.data(), ref_h.data(), static_cast<int64_t>(size),
                                             0.0, 1.0, tol.data());
                            }
                        }
                    }
                    mu_set_threads(1);
                }
            }
        }
    }
    mu_set_isa(mu_kernel_table_for(1) != nullptr && mu_isa_supported(1) ? 1 : 0);
}

} // namespace

int main() {
    const int start_isa = mu_isa();
    const std::vector<int> isa_list = isas();
    test_quantize_blocks(isa_list);
    test_norm_quant(isa_list, false);
    test_norm_quant(isa_list, true);
    test_swiglu(isa_list);
    mu_set_isa(start_isa);
    return check::finish("test_fused");
}
