// Fused kernels: a norm and the activation quantization of its rows in one call, and the SwiGLU FFN's gate / up
// products, SwiGLU and the quantization of the result as one threaded job (mu4j.h, "fused").
//
// Both are built from the active table's kernels applied to pieces the unfused calls would also produce: a row at
// a time (norm then quantize while the row is in L1, instead of the whole t x n output written and read back), or a
// thread's own blocks of 32 outputs (products, SwiGLU and quantization run on every thread of the pool instead of
// the SwiGLU and quantization on the calling thread afterwards). The kernels are elementwise or row- / block-local,
// so the bits are those of the unfused calls; the _ref variants are the unfused _ref calls, the specification.
#include "act_row.h"
#include "kernels.h"

namespace {

// out row i = norm(x row i), then that row quantized into row i of xq; norm_row(out, x) normalises one row.
template <class NormRow, class QuantizeBlocks>
void norm_quant(void* xq, float* out, const float* x, int n, int t, NormRow norm_row, QuantizeBlocks quantize) {
    for (int i = 0; i < t; ++i) {
        float* y = out + static_cast<int64_t>(i) * n;
        norm_row(y, x + static_cast<int64_t>(i) * n);
        const ActRowOut row = act_row(xq, n, i);
        quantize(row.q, row.d, row.s, y, n / MU_QK);
    }
}

// The SwiGLU job: part p owns outputs [r0, r1) (whole blocks of 32) of every token: it runs the gate and up rows
// of that range, then SwiGLU and the quantization of those blocks.
struct Swiglu {
    const mu_kernel_table* k;
    int type;
    float* h;
    float* up;
    void* hq;
    const void* w_gate;
    const uint16_t* s_gate;
    const void* w_up;
    const uint16_t* s_up;
    const void* xq;
    int n, d, t;

    static void part(void* ctx, int part, int parts) {
        const Swiglu& j = *static_cast<const Swiglu*>(ctx);
        int r0, r1;
        mu_split_rows(j.d, part, parts, MU_QK, &r0, &r1);
        if (r0 == r1) return;
        const int t = j.t == 1 ? 0 : j.t; // one token: the matvec kernels
        mu_quant_rows(j.k, j.type, j.h, j.w_gate, j.s_gate, j.xq, j.n, r0, r1, t, j.d);
        mu_quant_rows(j.k, j.type, j.up, j.w_up, j.s_up, j.xq, j.n, r0, r1, t, j.d);
        for (int i = 0; i < j.t; ++i) {
            float* hi = j.h + static_cast<int64_t>(i) * j.d + r0;
            j.k->swiglu(hi, hi, j.up + static_cast<int64_t>(i) * j.d + r0, r1 - r0);
            const ActRowOut row = act_row(j.hq, j.d, i);
            j.k->quantize_blocks(row.q + r0, row.d + r0 / MU_QK, row.s + r0 / MU_QK, hi, (r1 - r0) / MU_QK);
        }
    }
};

} // namespace

void mu_layernorm_quant_ref(void* xq, float* out, const float* x, const float* weight, const float* bias, int n, int t,
                            float eps) {
    mu_layernorm_ref(out, x, weight, bias, n, t, eps);
    mu_quantize_act_ref(xq, out, n, t);
}

void mu_rmsnorm_quant_ref(void* xq, float* out, const float* x, const float* weight, int n, int t, float eps) {
    mu_rmsnorm_ref(out, x, weight, n, t, eps);
    mu_quantize_act_ref(xq, out, n, t);
}

void mu_matmul_swiglu_quant_ref(int type, float* h, float* up, void* hq, const void* w_gate, const uint16_t* s_gate,
                                const void* w_up, const uint16_t* s_up, const void* xq, int n, int d, int t) {
    const mu_kernel_table* ref = mu_kernel_table_for(0);
    mu_quant_rows(ref, type, h, w_gate, s_gate, xq, n, 0, d, t, d);
    mu_quant_rows(ref, type, up, w_up, s_up, xq, n, 0, d, t, d);
    mu_swiglu_ref(h, h, up, static_cast<int64_t>(t) * d);
    mu_quantize_act_ref(hq, h, d, t);
}

extern "C" {

void mu_layernorm_quant(void* xq, float* out, const float* x, const float* weight, const float* bias, int n, int t,
                        float eps) {
    const mu_kernel_table* k = mu_active_kernels();
    norm_quant(
        xq, out, x, n, t, [&](float* y, const float* row) { k->layernorm(y, row, weight, bias, n, 1, eps); },
        k->quantize_blocks);
}

void mu_rmsnorm_quant(void* xq, float* out, const float* x, const float* weight, int n, int t, float eps) {
    const mu_kernel_table* k = mu_active_kernels();
    norm_quant(
        xq, out, x, n, t, [&](float* y, const float* row) { k->rmsnorm(y, row, weight, n, 1, eps); },
        k->quantize_blocks);
}

void mu_matmul_swiglu_quant(int type, float* h, float* up, void* hq, const void* w_gate, const uint16_t* s_gate,
                            const void* w_up, const uint16_t* s_up, const void* xq, int n, int d, int t) {
    Swiglu job{mu_active_kernels(), type >= 0 && type <= 3 ? type : 1, h, up, hq, w_gate, s_gate, w_up, s_up, xq, n, d, t};
    const int parts = mu_product_parts(static_cast<int64_t>(n) * 2 * d * t);
    if (parts <= 1) {
        Swiglu::part(&job, 0, 1);
    } else {
        mu_parallel_for(parts, &Swiglu::part, &job);
    }
}

} // extern "C"
