// Rotary position embedding, HF Llama "rotate half" convention; one portable implementation (the sin/cos,
// not the rotation, is the cost, and it is small next to the matrix products).
//
// The angles follow the f32 arithmetic of HF LlamaRotaryEmbedding so that logits match the PyTorch reference:
//   inv_freq = 1.0 / (theta ** (arange(0, rot_dim, 2).float() / rot_dim))   all f32
//   angle    = pos.float() * inv_freq                                        one f32 product
// theta ** e and cos/sin are evaluated in double and rounded once: the correctly rounded f32 result that
// PyTorch's own (1-ulp) f32 functions produce almost always.
#include <cmath>

#include "mu4j.h"

namespace {

// Frequencies are computed in chunks of this many into a stack buffer; rot_dim <= 128 is one chunk.
constexpr int FREQ_CHUNK = 64;

} // namespace

extern "C" void mu_rope(float* x, const int32_t* pos, int n_heads, int head_dim, int rot_dim, float theta, int t) {
    const int half = rot_dim / 2;
    for (int j0 = 0; j0 < half; j0 += FREQ_CHUNK) {
        const int j1 = j0 + FREQ_CHUNK < half ? j0 + FREQ_CHUNK : half;
        float inv_freq[FREQ_CHUNK];
        for (int j = j0; j < j1; ++j) {
            const float exponent = static_cast<float>(2 * j) / static_cast<float>(rot_dim);
            inv_freq[j - j0] = 1.0f / static_cast<float>(std::pow(static_cast<double>(theta), exponent));
        }
        for (int i = 0; i < t; ++i) {
            float* token = x + static_cast<int64_t>(i) * n_heads * head_dim;
            for (int j = j0; j < j1; ++j) {
                const float angle = static_cast<float>(pos[i]) * inv_freq[j - j0];
                const float c = static_cast<float>(std::cos(static_cast<double>(angle)));
                const float s = static_cast<float>(std::sin(static_cast<double>(angle)));
                for (int h = 0; h < n_heads; ++h) {
                    float* head = token + static_cast<int64_t>(h) * head_dim;
                    const float a = head[j];
                    const float b = head[j + half];
                    head[j] = a * c - b * s;
                    head[j + half] = b * c + a * s;
                }
            }
        }
    }
}
