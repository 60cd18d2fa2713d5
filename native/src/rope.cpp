// Rotary position embedding, HF Llama "rotate half" convention; one portable implementation (the sin/cos,
// not the rotation, is the cost, and it is small next to the matrix products).
//
// The angles follow the f32 arithmetic of HF LlamaRotaryEmbedding so that logits match the PyTorch reference:
//   inv_freq = 1.0 / (theta ** (arange(0, rot_dim, 2).float() / rot_dim))   all f32
//   angle    = pos.float() * inv_freq                                        one f32 product
// theta ** e and cos/sin are evaluated in double and rounded once: the correctly rounded f32 result that
// PyTorch's own (1-ulp) f32 functions produce almost always.
//
// mu_rope computes the cos / sin it needs on every call; mu_rope_table computes them once per token into a table
// that mu_rope_rotate then applies to any number of tensors (q and k of every layer): the same bits, without the
// transcendental functions per layer and tensor.
#include <cmath>

#include "mu4j.h"

namespace {

// Frequencies are computed in chunks of this many into a stack buffer; rot_dim <= 128 is one chunk.
constexpr int FREQ_CHUNK = 64;

float inv_freq(int j, int rot_dim, float theta) {
    const float exponent = static_cast<float>(2 * j) / static_cast<float>(rot_dim);
    return 1.0f / static_cast<float>(std::pow(static_cast<double>(theta), exponent));
}

float cos_of(float angle) { return static_cast<float>(std::cos(static_cast<double>(angle))); }
float sin_of(float angle) { return static_cast<float>(std::sin(static_cast<double>(angle))); }

// Rotates pair (j, j + half) of every head of one token by the angle with cosine c and sine s.
inline void rotate(float* token, int n_heads, int head_dim, int half, int j, float c, float s) {
    for (int h = 0; h < n_heads; ++h) {
        float* head = token + static_cast<int64_t>(h) * head_dim;
        const float a = head[j];
        const float b = head[j + half];
        head[j] = a * c - b * s;
        head[j + half] = b * c + a * s;
    }
}

} // namespace

extern "C" {

void mu_rope(float* x, const int32_t* pos, int n_heads, int head_dim, int rot_dim, float theta, int t) {
    const int half = rot_dim / 2;
    for (int j0 = 0; j0 < half; j0 += FREQ_CHUNK) {
        const int j1 = j0 + FREQ_CHUNK < half ? j0 + FREQ_CHUNK : half;
        float freq[FREQ_CHUNK];
        for (int j = j0; j < j1; ++j) freq[j - j0] = inv_freq(j, rot_dim, theta);
        for (int i = 0; i < t; ++i) {
            float* token = x + static_cast<int64_t>(i) * n_heads * head_dim;
            for (int j = j0; j < j1; ++j) {
                const float angle = static_cast<float>(pos[i]) * freq[j - j0];
                rotate(token, n_heads, head_dim, half, j, cos_of(angle), sin_of(angle));
            }
        }
    }
}

void mu_rope_table(float* table, const int32_t* pos, int rot_dim, float theta, int t) {
    const int half = rot_dim / 2;
    for (int j = 0; j < half; ++j) {
        const float freq = inv_freq(j, rot_dim, theta);
        for (int i = 0; i < t; ++i) {
            const float angle = static_cast<float>(pos[i]) * freq;
            float* row = table + static_cast<int64_t>(i) * rot_dim;
            row[j] = cos_of(angle);
            row[half + j] = sin_of(angle);
        }
    }
}

void mu_rope_rotate(float* x, const float* table, int n_heads, int head_dim, int rot_dim, int t) {
    const int half = rot_dim / 2;
    for (int i = 0; i < t; ++i) {
        float* token = x + static_cast<int64_t>(i) * n_heads * head_dim;
        const float* row = table + static_cast<int64_t>(i) * rot_dim;
        for (int j = 0; j < half; ++j) rotate(token, n_heads, head_dim, half, j, row[j], row[half + j]);
    }
}

} // extern "C"
