// Where one q4_0 decode token of mu-330m spends its time, kernel by kernel, with the calls in the order of
// Transformer.forwardChunk (dual LayerNorm, SwiGLU, tied logits); random weights. Not a test (run by hand).
//   bench_decode [threads] [pos] [rounds] [wall|cpu]
// Prints, per stage, the wall microseconds (cpu: the calling thread's CPU time) per token on the calling thread (median over rounds of 64 tokens),
// for main's call sequence ("split": separate norm / quantize / SwiGLU calls, mu_rope per tensor, attention on the
// calling thread) and this branch's ("fused": mu_layernorm_quant, mu_matmul_swiglu_quant, one mu_rope_table per
// token + mu_rope_rotate, the threaded mu_attention), the two alternating round by round so that machine load
// hits both alike.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "kernels.h"

namespace {

using clock_type = std::chrono::steady_clock;

constexpr int LAYERS = 24, DIM = 1024, HEADS = 16, KV_HEADS = 4, HEAD_DIM = 64, HIDDEN = 2816, VOCAB = 32000;
constexpr int KV = KV_HEADS * HEAD_DIM, MAX_SEQ = 2048;

enum Stage { NORM, QUANT, QKV, ROPE, KV_STORE, ATTENTION, O, POST_NORM, ADD, GATE_UP, SWIGLU, DOWN, LOGITS, STAGES };
const char* const STAGE_NAMES[STAGES] = {"norm",      "quantize_act", "q/k/v",  "rope",   "kv_store",
                                         "attention", "o",            "post-norm", "add", "gate/up",
                                         "swiglu",    "down",         "logits"};

unsigned next(unsigned& s) { return s = s * 1664525u + 1013904223u; }

struct Q4Mat {
    int n, d;
    std::vector<uint8_t> q;
    std::vector<uint16_t> s;
    Q4Mat(int n_, int d_, unsigned seed) : n(n_), d(d_), q(static_cast<size_t>(n) * d / 2), s(static_cast<size_t>(n) * d / MU_QK) {
        for (uint8_t& b : q) b = static_cast<uint8_t>(next(seed) >> 24);
        for (uint16_t& h : s) {
            const float v = (static_cast<float>(next(seed) >> 8) / 16777216.0f + 0.5f) * 0.004f;
            mu_f32_to_f16(&h, &v, 1);
        }
    }
};

struct Layer {
    Q4Mat q, k, v, o, gate, up, down;
    std::vector<float> n1w, n1b, n2w, n2b, n3w, n3b, n4w, n4b;
    explicit Layer(unsigned l)
        : q(DIM, DIM, 7 * l + 1), k(DIM, KV, 7 * l + 2), v(DIM, KV, 7 * l + 3), o(DIM, DIM, 7 * l + 4),
          gate(DIM, HIDDEN, 7 * l + 5), up(DIM, HIDDEN, 7 * l + 6), down(HIDDEN, DIM, 7 * l + 7) {
        for (auto* w : {&n1w, &n2w, &n3w, &n4w}) w->assign(DIM, 1.0f);
        for (auto* b : {&n1b, &n2b, &n3b, &n4b}) b->assign(DIM, 0.01f);
    }
};

struct State {
    std::vector<float> x = std::vector<float>(DIM), xb = std::vector<float>(DIM), q = std::vector<float>(DIM),
                       k = std::vector<float>(KV), v = std::vector<float>(KV), att = std::vector<float>(DIM),
                       out = std::vector<float>(DIM), hb = std::vector<float>(HIDDEN),
                       hb2 = std::vector<float>(HIDDEN), logits = std::vector<float>(VOCAB),
                       scores = std::vector<float>(MAX_SEQ), rope = std::vector<float>(HEAD_DIM);
    std::vector<uint8_t> xq = std::vector<uint8_t>(MU_ACT_ROW_BYTES(HIDDEN)),
                         xq2 = std::vector<uint8_t>(MU_ACT_ROW_BYTES(HIDDEN));
    std::vector<std::vector<float>> kc, vc;
    State() {
        for (int l = 0; l < LAYERS; ++l) {
            kc.emplace_back(static_cast<size_t>(KV_HEADS) * MAX_SEQ * HEAD_DIM, 0.1f);
            vc.emplace_back(static_cast<size_t>(KV_HEADS) * MAX_SEQ * HEAD_DIM, 0.1f);
        }
        unsigned s = 5;
        for (float& f : x) f = static_cast<float>(next(s) >> 8) / 16777216.0f - 0.5f;
    }
};

// Microseconds: wall time, or (cpu) this thread's CPU time, which leaves out the time other processes hold the core.
bool use_cpu_time = false;

double now_us() {
    if (use_cpu_time) {
        timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
    }
    return std::chrono::duration<double, std::micro>(clock_type::now().time_since_epoch()).count();
}

struct Timer {
    double* acc;
    double last = now_us();
    void lap(Stage s) {
        const double now = now_us();
        acc[s] += now - last;
        last = now;
    }
};

// One decode token at position pos; fused: the fused kernels where they apply.
void token(const std::vector<Layer>& layers, const Q4Mat& lm, State& s, int pos, bool fused, double* acc) {
    Timer tm{acc};
    const float eps = 1e-5f, scale = 0.125f;
    const int32_t p = pos;
    for (int l = 0; l < LAYERS; ++l) {
        const Layer& w = layers[l];
        if (fused) {
            mu_layernorm_quant(s.xq.data(), s.xb.data(), s.x.data(), w.n1w.data(), w.n1b.data(), DIM, 1, eps);
            tm.lap(NORM);
        } else {
            mu_layernorm(s.xb.data(), s.x.data(), w.n1w.data(), w.n1b.data(), DIM, 1, eps);
            tm.lap(NORM);
            mu_quantize_act(s.xq.data(), s.xb.data(), DIM, 1);
            tm.lap(QUANT);
        }
        mu_matmul_quant3(1, 3, s.q.data(), w.q.q.data(), w.q.s.data(), DIM, s.k.data(), w.k.q.data(), w.k.s.data(), KV,
                         s.v.data(), w.v.q.data(), w.v.s.data(), KV, s.xq.data(), DIM, 1);
        tm.lap(QKV);
        if (fused) {
            if (l == 0) mu_rope_table(s.rope.data(), &p, HEAD_DIM, 10000.0f, 1);
            mu_rope_rotate(s.q.data(), s.rope.data(), HEADS, HEAD_DIM, HEAD_DIM, 1);
            mu_rope_rotate(s.k.data(), s.rope.data(), KV_HEADS, HEAD_DIM, HEAD_DIM, 1);
        } else {
            mu_rope(s.q.data(), &p, HEADS, HEAD_DIM, HEAD_DIM, 10000.0f, 1);
            mu_rope(s.k.data(), &p, KV_HEADS, HEAD_DIM, HEAD_DIM, 10000.0f, 1);
        }
        tm.lap(ROPE);
        mu_kv_store(s.kc[l].data(), s.vc[l].data(), s.k.data(), s.v.data(), KV_HEADS, HEAD_DIM, MAX_SEQ, pos, 1);
        tm.lap(KV_STORE);
        if (fused) { // threaded over (token, KV head) pairs
            mu_attention(s.att.data(), s.scores.data(), s.q.data(), s.kc[l].data(), s.vc[l].data(), HEADS, KV_HEADS,
                         HEAD_DIM, MAX_SEQ, pos, 1, scale);
        } else { // the ISA kernel on the calling thread, as main's mu_attention
            mu_active_kernels()->attention(s.att.data(), s.scores.data(), s.q.data(), s.kc[l].data(), s.vc[l].data(),
                                           HEADS, KV_HEADS, HEAD_DIM, MAX_SEQ, pos, 1, scale);
        }
        tm.lap(ATTENTION);
        mu_quantize_act(s.xq.data(), s.att.data(), DIM, 1);
        tm.lap(QUANT);
        mu_matvec_q4_0(s.out.data(), w.o.q.data(), w.o.s.data(), s.xq.data(), DIM, DIM);
        tm.lap(O);
        mu_layernorm(s.xb.data(), s.out.data(), w.n2w.data(), w.n2b.data(), DIM, 1, eps);
        tm.lap(POST_NORM);
        mu_add(s.x.data(), s.x.data(), s.xb.data(), DIM);
        tm.lap(ADD);
        if (fused) {
            mu_layernorm_quant(s.xq.data(), s.xb.data(), s.x.data(), w.n3w.data(), w.n3b.data(), DIM, 1, eps);
            tm.lap(NORM);
            mu_matmul_swiglu_quant(1, s.hb.data(), s.hb2.data(), s.xq2.data(), w.gate.q.data(), w.gate.s.data(), w.up.q.data(),
                                   w.up.s.data(), s.xq.data(), DIM, HIDDEN, 1);
            tm.lap(GATE_UP);
            mu_matvec_q4_0(s.out.data(), w.down.q.data(), w.down.s.data(), s.xq2.data(), HIDDEN, DIM);
            tm.lap(DOWN);
        } else {
            mu_layernorm(s.xb.data(), s.x.data(), w.n3w.data(), w.n3b.data(), DIM, 1, eps);
            tm.lap(NORM);
            mu_quantize_act(s.xq.data(), s.xb.data(), DIM, 1);
            tm.lap(QUANT);
            mu_matmul_quant3(1, 2, s.hb.data(), w.gate.q.data(), w.gate.s.data(), HIDDEN, s.hb2.data(), w.up.q.data(),
                             w.up.s.data(), HIDDEN, nullptr, nullptr, nullptr, 0, s.xq.data(), DIM, 1);
            tm.lap(GATE_UP);
            mu_swiglu(s.hb.data(), s.hb.data(), s.hb2.data(), HIDDEN);
            tm.lap(SWIGLU);
            mu_quantize_act(s.xq.data(), s.hb.data(), HIDDEN, 1);
            tm.lap(QUANT);
            mu_matvec_q4_0(s.out.data(), w.down.q.data(), w.down.s.data(), s.xq.data(), HIDDEN, DIM);
            tm.lap(DOWN);
        }
        mu_layernorm(s.xb.data(), s.out.data(), w.n4w.data(), w.n4b.data(), DIM, 1, eps);
        tm.lap(POST_NORM);
        mu_add(s.x.data(), s.x.data(), s.xb.data(), DIM);
        tm.lap(ADD);
    }
    if (fused) {
        mu_layernorm_quant(s.xq.data(), s.xb.data(), s.x.data(), layers[0].n1w.data(), layers[0].n1b.data(), DIM, 1,
                           eps);
        tm.lap(NORM);
    } else {
        mu_layernorm(s.xb.data(), s.x.data(), layers[0].n1w.data(), layers[0].n1b.data(), DIM, 1, eps);
        tm.lap(NORM);
        mu_quantize_act(s.xq.data(), s.xb.data(), DIM, 1);
        tm.lap(QUANT);
    }
    mu_matvec_q4_0(s.logits.data(), lm.q.data(), lm.s.data(), s.xq.data(), DIM, VOCAB);
    tm.lap(LOGITS);
}

} // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    const int pos0 = argc > 2 ? std::atoi(argv[2]) : 32;
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 7;
    use_cpu_time = argc > 4 && std::string(argv[4]) == "cpu";
    const int tokens = 64;
    mu_set_threads(threads);
    std::printf("isa %s, %d thread(s), positions %d..%d, %d rounds of %d tokens, %s time\n", mu_isa_name(mu_isa()),
                threads, pos0, pos0 + tokens - 1, rounds, tokens, use_cpu_time ? "calling thread's CPU" : "wall");
    std::vector<Layer> layers;
    for (int l = 0; l < LAYERS; ++l) layers.emplace_back(l);
    const Q4Mat lm(DIM, VOCAB, 999);
    State s;
    std::vector<double> per[2][STAGES + 1];
    for (int r = -1; r < rounds; ++r) {
        for (int fused = 0; fused < 2; ++fused) {
            double acc[STAGES] = {};
            const double start = now_us();
            for (int i = 0; i < tokens; ++i) token(layers, lm, s, pos0 + i, fused != 0, acc);
            const double total = now_us() - start;
            if (r < 0) continue; // warm-up
            for (int st = 0; st < STAGES; ++st) per[fused][st].push_back(acc[st] / tokens);
            per[fused][STAGES].push_back(total / tokens);
        }
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("%-14s %12s %12s\n", "us per token", "split", "fused");
    for (int st = 0; st <= STAGES; ++st) {
        std::printf("%-14s %12.1f %12.1f\n", st < STAGES ? STAGE_NAMES[st] : "total", median(per[0][st]),
                    median(per[1][st]));
    }
    std::printf("tok/s          %12.1f %12.1f\n", 1e6 / median(per[0][STAGES]), 1e6 / median(per[1][STAGES]));
    std::printf("per round, split/fused time:");
    for (int r = 0; r < rounds; ++r) std::printf(" %.3f", per[0][STAGES][r] / per[1][STAGES][r]);
    std::printf("\n");
    return 0;
}
