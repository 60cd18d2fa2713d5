// Elementwise kernels and softmax: _ref against hand-computed values, every ISA against _ref at tail-hitting
// lengths on inputs that reach the saturated, underflowing and non-finite regions.
#include <limits>

#include "check.h"

namespace {

using check::format;

// The SIMD variants use polynomial exp / erfc (a few ulp); the _ref variants use libm in double.
constexpr double ADD_RTOL = 0.0;      // one correctly rounded addition on both sides
constexpr double SILU_RTOL = 1e-6;    // exp within 2 ulp, then 1 + e and a division
constexpr double GELU_RTOL = 2e-6;    // erfc fit (1.2e-7 relative) or exp, of an argument rounded to f32
constexpr double SOFTMAX_RTOL = 2e-6; // exp per element plus the f32 sum of up to 4095 terms
constexpr double TINY_ATOL = 1e-30;   // results that underflow differently on each side
// GELU results below about 1e-5 in magnitude come from exp of a large argument (-x^2 / 2 or -2y, beyond -12)
// whose f32 rounding alone is |arg| * 6e-8 relative; an absolute bound far below any O(1) activation covers them.
constexpr double GELU_TAIL_ATOL = 1e-10;

// Inputs spanning the interesting ranges, then the special values: saturation, underflow, inf, NaN, -0.
std::vector<float> inputs(check::Rng& rng, int n, float range) {
    std::vector<float> x = rng.vector(n, -range, range);
    const float specials[] = {0.0f, -0.0f, 1.0f, -1.0f, 30.0f, -30.0f, 90.0f, -90.0f, 200.0f, -200.0f, 1e30f,
                              -1e30f, std::numeric_limits<float>::infinity(),
                              std::numeric_limits<float>::quiet_NaN()};
    for (size_t i = 0; i < x.size() && i < sizeof specials / sizeof specials[0]; ++i) {
        x[(i * 7) % x.size()] = specials[i];
    }
    return x;
}

void test_ref_values() {
    const float x[] = {0.0f, 1.0f, -1.0f};
    float out[3];
    mu_gelu_ref(out, x, 3);
    const float gelu[] = {0.0f, 0.841344746f, -0.158655254f};
    check::close("gelu_ref(0, 1, -1)", out, gelu, 3, 0, 1e-7);
    mu_gelu_tanh_ref(out, x, 3);
    const float gelu_tanh[] = {0.0f, 0.841191990f, -0.158808010f};
    check::close("gelu_tanh_ref(0, 1, -1)", out, gelu_tanh, 3, 0, 1e-7);
    mu_silu_ref(out, x, 3);
    const float silu[] = {0.0f, 0.731058579f, -0.268941421f};
    check::close("silu_ref(0, 1, -1)", out, silu, 3, 0, 1e-7);
    const float up[] = {5.0f, 2.0f, -2.0f};
    mu_swiglu_ref(out, x, up, 3);
    const float swiglu[] = {0.0f, 1.462117157f, 0.537882843f};
    check::close("swiglu_ref(gate 0, 1, -1; up 5, 2, -2)", out, swiglu, 3, 0, 1e-7);
    const float logits[] = {0.0f, 0.69314718f}; // softmax([0, ln 2]) = [1/3, 2/3]
    mu_softmax_ref(out, logits, 2);
    const float probs[] = {1.0f / 3.0f, 2.0f / 3.0f};
    check::close("softmax_ref([0, ln 2])", out, probs, 2, 0, 1e-7);
    const float huge[] = {1000.0f, 1000.0f, -1000.0f}; // no overflow: the maximum is subtracted first
    mu_softmax_ref(out, huge, 3);
    const float halves[] = {0.5f, 0.5f, 0.0f};
    check::close("softmax_ref([1000, 1000, -1000])", out, halves, 3, 0, 0);
    const float a[] = {1.5f, -2.0f}, b[] = {0.25f, 2.0f};
    mu_add_ref(out, a, b, 2);
    check::expect(out[0] == 1.75f && out[1] == 0.0f, "add_ref");
    float rows[] = {1, 2, 3, 4, 5, 6};
    const float bias[] = {10, 20, 30};
    mu_add_bias_ref(rows, bias, 3, 2);
    const float biased[] = {11, 22, 33, 14, 25, 36};
    check::close("add_bias_ref 2 rows", rows, biased, 6, 0, 0);
}

void test_unary(const mu_kernel_table& k, const char* name, void (*fast)(float*, const float*, int64_t),
                void (*ref)(float*, const float*, int64_t), float range, double atol, double rtol) {
    check::Rng rng(31);
    for (int n : check::SIZES) {
        const std::vector<float> x = inputs(rng, n, range);
        std::vector<float> got(x.size()), want(x.size());
        fast(got.data(), x.data(), n);
        ref(want.data(), x.data(), n);
        check::close(format("%s_%s n=%d", name, mu_isa_name(k.isa), n), got, want, atol, rtol);
        std::vector<float> in_place = x;
        fast(in_place.data(), in_place.data(), n);
        check::close(format("%s_%s n=%d in place", name, mu_isa_name(k.isa), n), in_place, got, 0, 0);
    }
    // Every 1/512 over [-range, range]: the transition regions, densely.
    std::vector<float> x;
    for (int i = -512 * static_cast<int>(range); i <= 512 * static_cast<int>(range); ++i) x.push_back(i / 512.0f);
    std::vector<float> got(x.size()), want(x.size());
    fast(got.data(), x.data(), static_cast<int64_t>(x.size()));
    ref(want.data(), x.data(), static_cast<int64_t>(x.size()));
    check::close(format("%s_%s sweep of [-%g, %g]", name, mu_isa_name(k.isa), range, range), got, want, atol, rtol);
}

void test_binary(const mu_kernel_table& k) {
    check::Rng rng(37);
    for (int n : check::SIZES) {
        const std::vector<float> a = inputs(rng, n, 10.0f), b = rng.vector(n, -10.0f, 10.0f);
        std::vector<float> got(a.size()), want(a.size());
        k.add(got.data(), a.data(), b.data(), n);
        mu_add_ref(want.data(), a.data(), b.data(), n);
        check::close(format("add_%s n=%d", mu_isa_name(k.isa), n), got, want, 0, ADD_RTOL);
        k.swiglu(got.data(), a.data(), b.data(), n);
        mu_swiglu_ref(want.data(), a.data(), b.data(), n);
        check::close(format("swiglu_%s n=%d", mu_isa_name(k.isa), n), got, want, TINY_ATOL, SILU_RTOL);
        for (int t : {1, 3}) {
            std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n), x_ref = x;
            k.add_bias(x.data(), b.data(), n, t);
            mu_add_bias_ref(x_ref.data(), b.data(), n, t);
            check::close(format("add_bias_%s n=%d t=%d", mu_isa_name(k.isa), n, t), x, x_ref, 0, ADD_RTOL);
        }
    }
}

void test_softmax(const mu_kernel_table& k) {
    check::Rng rng(41);
    for (int n : check::SIZES) {
        for (float range : {1.0f, 20.0f, 100.0f}) {
            const std::vector<float> x = rng.vector(n, -range, range);
            std::vector<float> got(x.size()), want(x.size());
            k.softmax(got.data(), x.data(), n);
            mu_softmax_ref(want.data(), x.data(), n);
            check::close(format("softmax_%s n=%d range=%g", mu_isa_name(k.isa), n, range), got, want, TINY_ATOL,
                         SOFTMAX_RTOL);
            std::vector<float> in_place = x;
            k.softmax(in_place.data(), in_place.data(), n);
            check::close(format("softmax_%s n=%d in place", mu_isa_name(k.isa), n), in_place, got, 0, 0);
        }
    }
}

} // namespace

int main() {
    test_ref_values();
    for (const mu_kernel_table* k : check::fast_tables()) {
        test_unary(*k, "silu", k->silu, mu_silu_ref, 20.0f, TINY_ATOL, SILU_RTOL);
        test_unary(*k, "gelu", k->gelu, mu_gelu_ref, 20.0f, GELU_TAIL_ATOL, GELU_RTOL);
        test_unary(*k, "gelu_tanh", k->gelu_tanh, mu_gelu_tanh_ref, 20.0f, GELU_TAIL_ATOL, GELU_RTOL);
        test_binary(*k);
        test_softmax(*k);
    }
    return check::finish("test_activations");
}
