// LayerNorm and RMSNorm over t rows of n.
//
// The _ref variants accumulate the moments in double, so they are the exact statistic rounded once; the final
// per-element steps follow the f32 operation order of PyTorch (HF LlamaRMSNorm: weight * (x * rsqrt(var + eps))).
#include <cmath>

#include "kernels.h"

void mu_layernorm_ref(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps) {
    for (int i = 0; i < t; ++i) {
        const float* row = x + static_cast<int64_t>(i) * n;
        float* y = out + static_cast<int64_t>(i) * n;
        double sum = 0.0;
        for (int k = 0; k < n; ++k) sum += row[k];
        const double mean = sum / n;
        double squares = 0.0; // second pass around the mean: no cancellation for rows far from zero
        for (int k = 0; k < n; ++k) {
            const double centred = row[k] - mean;
            squares += centred * centred;
        }
        const float rstd = static_cast<float>(1.0 / std::sqrt(squares / n + eps)); // biased variance
        const float mean_f = static_cast<float>(mean);
        for (int k = 0; k < n; ++k) {
            const float normed = (row[k] - mean_f) * rstd * weight[k];
            y[k] = bias != nullptr ? normed + bias[k] : normed;
        }
    }
}

void mu_rmsnorm_ref(float* out, const float* x, const float* weight, int n, int t, float eps) {
    for (int i = 0; i < t; ++i) {
        const float* row = x + static_cast<int64_t>(i) * n;
        float* y = out + static_cast<int64_t>(i) * n;
        double squares = 0.0;
        for (int k = 0; k < n; ++k) squares += static_cast<double>(row[k]) * row[k];
        const float mean_square = static_cast<float>(squares / n);
        const float rstd = 1.0f / std::sqrt(mean_square + eps);
        for (int k = 0; k < n; ++k) y[k] = weight[k] * (row[k] * rstd);
    }
}

extern "C" {

void mu_layernorm(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps) {
    mu_active_kernels()->layernorm(out, x, weight, bias, n, t, eps);
}

void mu_rmsnorm(float* out, const float* x, const float* weight, int n, int t, float eps) {
    mu_active_kernels()->rmsnorm(out, x, weight, n, t, eps);
}

} // extern "C"
