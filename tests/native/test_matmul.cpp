// Matrix products: _ref against hand-computed values, every ISA against _ref for f32 / f16 / bf16 weights at
// tail-hitting sizes, output-column sub-ranges (the threading plan), and the public entry points.
#include <cstring>

#include "check.h"

namespace {

using check::format;

// Allowed |fast - ref| relative to sum_k |w_k x_k| (the size of the terms, so the bound holds when they cancel):
// both sides round each of n additions, in different orders.
constexpr double MATMUL_RTOL = 2e-6;
constexpr double MATMUL_ATOL = 1e-30; // all-zero sums

enum Format { F32, F16, BF16 };
const char* const format_names[] = {"f32", "f16", "bf16"};

// W(d, n) in one weight format, with its exact f32 values (what the kernels widen each weight to).
struct Weights {
    std::vector<float> f32;
    std::vector<uint16_t> half;
    std::vector<float> values;
};

Weights make_weights(check::Rng& rng, Format wf, int n, int d) {
    Weights w;
    w.f32 = rng.vector(static_cast<int64_t>(n) * d);
    w.values = w.f32;
    if (wf == F16) {
        w.half.resize(w.f32.size());
        mu_f32_to_f16_ref(w.half.data(), w.f32.data(), static_cast<int64_t>(w.f32.size()));
        mu_f16_to_f32_ref(w.values.data(), w.half.data(), static_cast<int64_t>(w.half.size()));
    } else if (wf == BF16) {
        w.half.resize(w.f32.size());
        for (size_t i = 0; i < w.f32.size(); ++i) {
            uint32_t bits;
            std::memcpy(&bits, &w.f32[i], sizeof bits);
            w.half[i] = static_cast<uint16_t>(bits >> 16);
        }
        mu_bf16_to_f32_ref(w.values.data(), w.half.data(), static_cast<int64_t>(w.half.size()));
    }
    return w;
}

void matmul(const mu_kernel_table& k, Format wf, float* out, const Weights& w, int64_t row0, const float* x,
            int n, int d, int t, int out_stride) {
    const int64_t offset = row0 * n;
    switch (wf) {
    case F32: k.matmul_f32(out, w.f32.data() + offset, x, n, d, t, out_stride); break;
    case F16: k.matmul_f16(out, w.half.data() + offset, x, n, d, t, out_stride); break;
    case BF16: k.matmul_bf16(out, w.half.data() + offset, x, n, d, t, out_stride); break;
    }
}

void matvec(const mu_kernel_table& k, Format wf, float* out, const Weights& w, const float* x, int n, int d) {
    switch (wf) {
    case F32: k.matvec_f32(out, w.f32.data(), x, n, d); break;
    case F16: k.matvec_f16(out, w.half.data(), x, n, d); break;
    case BF16: k.matvec_bf16(out, w.half.data(), x, n, d); break;
    }
}

// scale(t, d): sum_k |w[r][k] x[i][k]|, the tolerance scale of each output.
std::vector<float> term_sizes(const Weights& w, const std::vector<float>& x, int n, int d, int t) {
    std::vector<float> scale(static_cast<size_t>(t) * d);
    for (int i = 0; i < t; ++i) {
        for (int r = 0; r < d; ++r) {
            double s = 0.0;
            const float* wr = w.values.data() + static_cast<size_t>(r) * n;
            const float* xi = x.data() + static_cast<size_t>(i) * n;
            for (int c = 0; c < n; ++c) s += std::fabs(static_cast<double>(wr[c]) * xi[c]);
            scale[static_cast<size_t>(i) * d + r] = static_cast<float>(s);
        }
    }
    return scale;
}

void test_ref_values() {
    const float w[] = {1, 2, 3, 4, 5, 6}; // W(3, 2)
    const float x[] = {1, -1, 0.5f, 2};   // X(2, 2)
    float out[6];
    mu_matvec_f32_ref(out, w, x, 2, 3);
    check::expect(out[0] == -1 && out[1] == -1 && out[2] == -1, "matvec_f32_ref([[1,2],[3,4],[5,6]], [1,-1])");
    mu_matmul_f32_ref(out, w, x, 2, 3, 2, 3);
    const float want[] = {-1, -1, -1, 4.5f, 9.5f, 14.5f};
    check::close("matmul_f32_ref 2 tokens", out, want, 6, 0, 0);
    const uint16_t w16[] = {0x3C00, 0x4000, 0xBC00, 0x3800}; // f16 [[1, 2], [-1, 0.5]]
    mu_matvec_f16_ref(out, w16, x + 2, 2, 2);
    check::expect(out[0] == 4.5f && out[1] == 0.5f, "matvec_f16_ref([[1,2],[-1,0.5]], [0.5, 2])");
    const uint16_t wb16[] = {0x3F80, 0x4000, 0xBF80, 0x3F00}; // bf16 [[1, 2], [-1, 0.5]]
    mu_matvec_bf16_ref(out, wb16, x + 2, 2, 2);
    check::expect(out[0] == 4.5f && out[1] == 0.5f, "matvec_bf16_ref([[1,2],[-1,0.5]], [0.5, 2])");
}

void test_matvec(const mu_kernel_table& k, Format wf) {
    check::Rng rng(11);
    for (int n : check::SIZES) {
        for (int d : {1, 2, 3, 4, 5, 7, 8, 33}) {
            const Weights w = make_weights(rng, wf, n, d);
            const std::vector<float> x = rng.vector(n);
            std::vector<float> got(d), want(d);
            matvec(k, wf, got.data(), w, x.data(), n, d);
            matvec(*mu_kernel_table_for(0), wf, want.data(), w, x.data(), n, d);
            const std::vector<float> scale = term_sizes(w, x, n, d, 1);
            check::close(format("matvec_%s_%s n=%d d=%d", format_names[wf], mu_isa_name(k.isa), n, d), got,
                         want, MATMUL_ATOL, MATMUL_RTOL, scale.data());
        }
    }
}

void test_matmul(const mu_kernel_table& k, Format wf) {
    check::Rng rng(13);
    const mu_kernel_table& ref = *mu_kernel_table_for(0);
    for (int n : check::SIZES) {
        for (int d : {1, 3, 4, 5, 17}) {
            // 37 tokens of n = 4095 span several L2 token blocks in the SIMD kernels.
            for (int t : {1, 2, 3, 5, 17, 37}) {
                if (t == 37 && n != 4095) continue;
                const Weights w = make_weights(rng, wf, n, d);
                const std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n);
                std::vector<float> got(static_cast<size_t>(t) * d), want(got.size());
                matmul(k, wf, got.data(), w, 0, x.data(), n, d, t, d);
                matmul(ref, wf, want.data(), w, 0, x.data(), n, d, t, d);
                const std::vector<float> scale = term_sizes(w, x, n, d, t);
                check::close(format("matmul_%s_%s n=%d d=%d t=%d", format_names[wf], mu_isa_name(k.isa), n, d, t),
                             got, want, MATMUL_ATOL, MATMUL_RTOL, scale.data());
            }
        }
    }
}

// Output columns [d0, d1) of out(t, d) via w + d0 * n, out + d0, out_stride = d: matches the same columns of the
// full product, and leaves the other columns alone.
void test_column_range(const mu_kernel_table& k, Format wf) {
    check::Rng rng(17);
    const int n = 33, d = 13, t = 5, d0 = 5, d1 = 11;
    const float untouched = -12345.0f;
    const Weights w = make_weights(rng, wf, n, d);
    const std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n);
    std::vector<float> full(static_cast<size_t>(t) * d), part(full.size(), untouched);
    matmul(k, wf, full.data(), w, 0, x.data(), n, d, t, d);
    matmul(k, wf, part.data() + d0, w, d0, x.data(), n, d1 - d0, t, d);
    std::vector<float> want = full;
    for (int i = 0; i < t; ++i) {
        for (int r = 0; r < d; ++r) {
            if (r < d0 || r >= d1) want[static_cast<size_t>(i) * d + r] = untouched;
        }
    }
    check::close(format("matmul_%s_%s columns [%d, %d) of %d", format_names[wf], mu_isa_name(k.isa), d0, d1, d),
                 part, want, 0, 0);
}

// The public functions forward to the active ISA with out_stride = d.
void test_entry_points() {
    check::Rng rng(19);
    const int n = 65, d = 9, t = 3;
    const mu_kernel_table& k = *mu_active_kernels();
    for (Format wf : {F32, F16, BF16}) {
        const Weights w = make_weights(rng, wf, n, d);
        const std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n);
        std::vector<float> got(static_cast<size_t>(t) * d), want(got.size());
        matmul(k, wf, want.data(), w, 0, x.data(), n, d, t, d);
        switch (wf) {
        case F32: mu_matmul_f32(got.data(), w.f32.data(), x.data(), n, d, t); break;
        case F16: mu_matmul_f16(got.data(), w.half.data(), x.data(), n, d, t); break;
        case BF16: mu_matmul_bf16(got.data(), w.half.data(), x.data(), n, d, t); break;
        }
        check::close(format("mu_matmul_%s (%s)", format_names[wf], mu_isa_name(k.isa)), got, want, 0, 0);
        matvec(k, wf, want.data(), w, x.data(), n, d);
        switch (wf) {
        case F32: mu_matvec_f32(got.data(), w.f32.data(), x.data(), n, d); break;
        case F16: mu_matvec_f16(got.data(), w.half.data(), x.data(), n, d); break;
        case BF16: mu_matvec_bf16(got.data(), w.half.data(), x.data(), n, d); break;
        }
        check::close(format("mu_matvec_%s (%s)", format_names[wf], mu_isa_name(k.isa)), got.data(), want.data(),
                     d, 0, 0);
    }
}

} // namespace

int main() {
    test_ref_values();
    for (Format wf : {F32, F16, BF16}) test_column_range(*mu_kernel_table_for(0), wf);
    for (const mu_kernel_table* k : check::fast_tables()) {
        for (Format wf : {F32, F16, BF16}) {
            test_matvec(*k, wf);
            test_matmul(*k, wf);
            test_column_range(*k, wf);
        }
    }
    test_entry_points();
    return check::finish("test_matmul");
}
