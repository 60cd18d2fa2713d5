// Rotary embedding (one portable implementation): identity at position 0, hand-computed rotations, untouched
// dimensions past rot_dim, per-token positions, and the HF f32 angle arithmetic at long positions.
#include "check.h"

namespace {

using check::format;

// cos / sin are rounded from double on both sides; what remains is f32 rounding of the rotation itself.
constexpr double ROPE_ATOL = 1e-6;

// HF LlamaRotaryEmbedding's angle: inv_freq and pos * inv_freq are f32 (torch default dtype).
float hf_angle(int pos, int j, int rot_dim, float theta) {
    const float exponent = static_cast<float>(2 * j) / static_cast<float>(rot_dim);
    const float inv_freq = 1.0f / static_cast<float>(std::pow(static_cast<double>(theta), exponent));
    return static_cast<float>(pos) * inv_freq;
}

// x(t, n_heads, head_dim) rotated in double from the f32 angles.
std::vector<float> expected(const std::vector<float>& x, const std::vector<int32_t>& pos, int n_heads, int head_dim,
                            int rot_dim, float theta) {
    std::vector<float> y = x;
    const int half = rot_dim / 2;
    for (size_t i = 0; i < pos.size(); ++i) {
        for (int h = 0; h < n_heads; ++h) {
            const size_t base = (i * n_heads + h) * head_dim;
            for (int j = 0; j < half; ++j) {
                const double angle = hf_angle(pos[i], j, rot_dim, theta);
                const double a = x[base + j], b = x[base + j + half];
                y[base + j] = static_cast<float>(a * std::cos(angle) - b * std::sin(angle));
                y[base + j + half] = static_cast<float>(b * std::cos(angle) + a * std::sin(angle));
            }
        }
    }
    return y;
}

void test_identity_at_zero() {
    check::Rng rng(53);
    for (int head_dim : {2, 4, 64, 128}) {
        std::vector<float> x = rng.vector(3 * head_dim);
        const std::vector<float> before = x;
        const int32_t pos = 0;
        mu_rope(x.data(), &pos, 3, head_dim, head_dim, 10000.0f, 1);
        check::close(format("rope at position 0 is the identity, head_dim=%d", head_dim), x, before, 0, 0);
    }
}

void test_hand_values() {
    // head_dim 4, theta 10000: inv_freq = [1, 10000^-1/2 = 0.01]; at position 1 pairs (x0, x2) turn by 1 rad and
    // (x1, x3) by 0.01 rad.
    std::vector<float> x = {1, 2, 3, 4};
    const int32_t pos = 1;
    mu_rope(x.data(), &pos, 1, 4, 4, 10000.0f, 1);
    const float want[] = {
        static_cast<float>(1 * std::cos(1.0) - 3 * std::sin(1.0)),
        static_cast<float>(2 * std::cos(0.01) - 4 * std::sin(0.01)),
        static_cast<float>(3 * std::cos(1.0) + 1 * std::sin(1.0)),
        static_cast<float>(4 * std::cos(0.01) + 2 * std::sin(0.01)),
    };
    check::close("rope([1, 2, 3, 4], pos 1, theta 1e4)", x.data(), want, 4, ROPE_ATOL, 0);
}

void test_partial_rotation() {
    // rot_dim 4 of head_dim 6: dims 4 and 5 of every head keep their values exactly.
    check::Rng rng(59);
    std::vector<float> x = rng.vector(2 * 3 * 6);
    const std::vector<float> before = x;
    const std::vector<int32_t> pos = {5, 9};
    mu_rope(x.data(), pos.data(), 3, 6, 4, 10000.0f, 2);
    bool untouched = true;
    for (size_t base = 0; base < x.size(); base += 6) {
        untouched = untouched && x[base + 4] == before[base + 4] && x[base + 5] == before[base + 5];
    }
    check::expect(untouched, "rope leaves dims rot_dim .. head_dim - 1 untouched");
    check::close("rope rot_dim 4 of head_dim 6", x, expected(before, pos, 3, 6, 4, 10000.0f), ROPE_ATOL, 0);
}

void test_positions() {
    check::Rng rng(61);
    for (float theta : {10000.0f, 500000.0f}) {
        for (int head_dim : {2, 16, 64, 128}) {
            const int n_heads = 3;
            const std::vector<int32_t> pos = {0, 1, 17, 255, 1000, 4095, 32767};
            const int t = static_cast<int>(pos.size());
            std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim);
            const std::vector<float> want = expected(x, pos, n_heads, head_dim, head_dim, theta);
            mu_rope(x.data(), pos.data(), n_heads, head_dim, head_dim, theta, t);
            check::close(format("rope theta=%g head_dim=%d positions 0..32767", theta, head_dim), x, want,
                         ROPE_ATOL, 0);
        }
    }
    // rot_dim above one frequency chunk (64 pairs).
    std::vector<float> x = rng.vector(2 * 256);
    const std::vector<int32_t> pos = {3, 77};
    const std::vector<float> want = expected(x, pos, 1, 256, 256, 10000.0f);
    mu_rope(x.data(), pos.data(), 1, 256, 256, 10000.0f, 2);
    check::close("rope head_dim=256", x, want, ROPE_ATOL, 0);
}

// mu_rope_table + mu_rope_rotate: the same bits as mu_rope, at odd head counts, head and rotary sizes (partial
// rotation included), token counts and positions; one table serves tensors of different head counts (q and k).
void test_table() {
    check::Rng rng(67);
    const int dims[][2] = {{2, 2}, {6, 4}, {16, 16}, {17, 8}, {64, 64}, {64, 32}, {128, 128}, {256, 256}};
    for (const auto& dim : dims) {
        const int head_dim = dim[0], rot_dim = dim[1];
        for (int t : {1, 2, 3, 7}) {
            std::vector<int32_t> pos(t);
            for (int i = 0; i < t; ++i) pos[i] = static_cast<int32_t>(rng.next() % 5000);
            std::vector<float> table(static_cast<size_t>(t) * rot_dim, -7.0f);
            mu_rope_table(table.data(), pos.data(), rot_dim, 10000.0f, t);
            for (int n_heads : {1, 3, 16}) {
                std::vector<float> x = rng.vector(static_cast<int64_t>(t) * n_heads * head_dim), want = x;
                mu_rope(want.data(), pos.data(), n_heads, head_dim, rot_dim, 10000.0f, t);
                mu_rope_rotate(x.data(), table.data(), n_heads, head_dim, rot_dim, t);
                check::same_bits(format("rope_table + rope_rotate == rope heads=%d head_dim=%d rot_dim=%d t=%d",
                                        n_heads, head_dim, rot_dim, t),
                                 reinterpret_cast<const uint32_t*>(x.data()),
                                 reinterpret_cast<const uint32_t*>(want.data()), static_cast<int64_t>(x.size()));
            }
        }
    }
}

} // namespace

int main() {
    test_identity_at_zero();
    test_hand_values();
    test_partial_rotation();
    test_positions();
    test_table();
    return check::finish("test_rope");
}
