// LayerNorm and RMSNorm: _ref against hand-computed values, every ISA against _ref at tail-hitting row lengths,
// with and without bias, in place, and on rows far from zero (where a one-pass variance would cancel).
#include "check.h"

namespace {

using check::format;

// Outputs are O(1); both sides compute the same statistics in a different summation order.
constexpr double NORM_ATOL = 2e-6;
constexpr double NORM_RTOL = 2e-6;

void test_ref_values() {
    const float x[] = {1, 2, 3};
    const float ones[] = {1, 1, 1};
    const float bias[] = {0.5f, 0, -0.5f};
    float out[3];
    // mean 2, biased variance 2/3: (x - 2) / sqrt(2/3) = [-1.2247449, 0, 1.2247449]
    mu_layernorm_ref(out, x, ones, nullptr, 3, 1, 0.0f);
    const float want[] = {-1.22474487f, 0.0f, 1.22474487f};
    check::close("layernorm_ref([1, 2, 3])", out, want, 3, 1e-7, 0);
    mu_layernorm_ref(out, x, ones, bias, 3, 1, 0.0f);
    const float want_bias[] = {-0.72474487f, 0.0f, 0.72474487f};
    check::close("layernorm_ref([1, 2, 3]) + bias", out, want_bias, 3, 1e-7, 0);
    // eps enters under the square root: 1 / sqrt(2/3 + 1/3) = 1.
    mu_layernorm_ref(out, x, ones, nullptr, 3, 1, 1.0f / 3.0f);
    const float want_eps[] = {-1, 0, 1};
    check::close("layernorm_ref([1, 2, 3], eps = 1/3)", out, want_eps, 3, 1e-7, 0);
    // mean square of [3, 4] is 12.5: [3, 4] / sqrt(12.5) = [0.84852814, 1.13137085]; weights scale after.
    const float y[] = {3, 4};
    const float w[] = {1, 2};
    mu_rmsnorm_ref(out, y, w, 2, 1, 0.0f);
    const float want_rms[] = {0.84852814f, 2.26274170f};
    check::close("rmsnorm_ref([3, 4], w = [1, 2])", out, want_rms, 2, 1e-7, 0);
}

void test_layernorm(const mu_kernel_table& k, float offset) {
    check::Rng rng(23);
    for (int n : check::SIZES) {
        for (int t : {1, 3}) {
            std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n, offset - 2.0f, offset + 2.0f);
            const std::vector<float> w = rng.vector(n, 0.5f, 1.5f), b = rng.vector(n);
            for (const float* bias : {b.data(), static_cast<const float*>(nullptr)}) {
                std::vector<float> got(x.size()), want(x.size());
                k.layernorm(got.data(), x.data(), w.data(), bias, n, t, 1e-5f);
                mu_layernorm_ref(want.data(), x.data(), w.data(), bias, n, t, 1e-5f);
                check::close(format("layernorm_%s n=%d t=%d offset=%g%s", mu_isa_name(k.isa), n, t, offset,
                                    bias ? " bias" : ""),
                             got, want, NORM_ATOL, NORM_RTOL);
            }
            std::vector<float> want(x.size());
            mu_layernorm_ref(want.data(), x.data(), w.data(), b.data(), n, t, 1e-5f);
            k.layernorm(x.data(), x.data(), w.data(), b.data(), n, t, 1e-5f);
            check::close(format("layernorm_%s n=%d t=%d in place", mu_isa_name(k.isa), n, t), x, want, NORM_ATOL,
                         NORM_RTOL);
        }
    }
}

void test_rmsnorm(const mu_kernel_table& k) {
    check::Rng rng(29);
    for (int n : check::SIZES) {
        for (int t : {1, 3}) {
            std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n, -3.0f, 3.0f);
            const std::vector<float> w = rng.vector(n, 0.5f, 1.5f);
            std::vector<float> got(x.size()), want(x.size());
            k.rmsnorm(got.data(), x.data(), w.data(), n, t, 1e-6f);
            mu_rmsnorm_ref(want.data(), x.data(), w.data(), n, t, 1e-6f);
            check::close(format("rmsnorm_%s n=%d t=%d", mu_isa_name(k.isa), n, t), got, want, NORM_ATOL, NORM_RTOL);
            k.rmsnorm(x.data(), x.data(), w.data(), n, t, 1e-6f);
            check::close(format("rmsnorm_%s n=%d t=%d in place", mu_isa_name(k.isa), n, t), x, want, NORM_ATOL,
                         NORM_RTOL);
        }
    }
}

} // namespace

int main() {
    test_ref_values();
    for (const mu_kernel_table* k : check::fast_tables()) {
        test_layernorm(*k, 0.0f);
        test_layernorm(*k, 1000.0f);
        test_rmsnorm(*k);
    }
    return check::finish("test_norm");
}
