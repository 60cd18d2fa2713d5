// Where one forward chunk of mu-330m spends its time, stage by stage: the kernel calls of Transformer.forwardChunk
// for quantized weights with the fp16 KV cache (what `mu4j bench` runs for q4_0 / q4_0r4 / q8_0), in order, with
// random weights. t = 1 is a decode step, t = 32 a prefill chunk. Not a test (run by hand).
//   bench_chunk [threads] [t] [pos0] [rounds] [q4_0|q4_0r4|q8_0] [wall|cpu]
// Prints, per stage, the microseconds per chunk on the calling thread (median over rounds), the products against
// everything else, and tokens per second. Weights are allocated once per matrix (each layer its own), so a chunk
// streams them from memory like the real model; GLIBC_TUNABLES=glibc.malloc.hugetlb=1 puts them in huge pages.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "kernels.h"

namespace {

constexpr int LAYERS = 24, DIM = 1024, HEADS = 16, KV_HEADS = 4, HEAD_DIM = 64, HIDDEN = 2816, VOCAB = 32000;
constexpr int KV = KV_HEADS * HEAD_DIM, MAX_SEQ = 2048;

enum Stage { NORM, QKV, ROPE, KV_ATTN, QUANT, O, POST_NORM_ADD, GATE_UP, DOWN, LOGITS, STAGES };
const char* const STAGE_NAMES[STAGES] = {"norm+quant", "q/k/v",    "rope",    "kv+attention", "quantize_act",
                                         "o",          "post+add", "gate/up", "down",         "logits"};
constexpr bool IS_PRODUCT[STAGES] = {false, true, false, false, false, true, false, true, true, true};

unsigned next(unsigned& s) { return s = s * 1664525u + 1013904223u; }

// A random quantized W(d, n) of the given type (0 = q8_0, 1 = q4_0, 3 = q4_0r4).
struct QMat {
    int n, d;
    std::vector<uint8_t> q;
    std::vector<uint16_t> s;
    QMat(int type, int n_, int d_, unsigned seed) : n(n_), d(d_), s(static_cast<size_t>(n_) * d_ / MU_QK) {
        q.resize(type == 0 ? static_cast<size_t>(n) * d : static_cast<size_t>(n) * d / 2);
        for (uint8_t& b : q) b = static_cast<uint8_t>(next(seed) >> 24);
        if (type == 0)
            for (uint8_t& b : q) b = static_cast<uint8_t>(static_cast<int8_t>(b) == -128 ? 0 : b);
        for (uint16_t& h : s) {
            const float v = (static_cast<float>(next(seed) >> 8) / 16777216.0f + 0.5f) * 0.004f;
            mu_f32_to_f16(&h, &v, 1);
        }
        if (type == 3) { // same values, rows interleaved in groups of 4
            std::vector<uint8_t> q2(q.size());
            std::vector<uint16_t> s2(s.size());
            mu_interleave_r4(1, q2.data(), s2.data(), q.data(), s.data(), n, d);
            q.swap(q2);
            s.swap(s2);
        }
    }
};

struct Layer {
    QMat q, k, v, o, gate, up, down;
    std::vector<float> nw = std::vector<float>(DIM, 1.0f), nb = std::vector<float>(DIM, 0.01f);
    Layer(int type, unsigned l)
        : q(type, DIM, DIM, 7 * l + 1), k(type, DIM, KV, 7 * l + 2), v(type, DIM, KV, 7 * l + 3),
          o(type, DIM, DIM, 7 * l + 4), gate(type, DIM, HIDDEN, 7 * l + 5), up(type, DIM, HIDDEN, 7 * l + 6),
          down(type, HIDDEN, DIM, 7 * l + 7) {}
};

struct State {
    int t;
    std::vector<float> x, xb, q, k, v, att, out, hb, hb2, logits, scores, rope;
    std::vector<uint8_t> xq, hq;
    std::vector<int32_t> pos;
    std::vector<std::vector<uint16_t>> kc, vc;
    explicit State(int t_)
        : t(t_), x(t_ * DIM), xb(t_ * DIM), q(t_ * DIM), k(t_ * KV), v(t_ * KV), att(t_ * DIM), out(t_ * DIM),
          hb(t_ * HIDDEN), hb2(t_ * HIDDEN), logits(VOCAB), scores(static_cast<size_t>(t_) * HEADS * MAX_SEQ),
          rope(t_ * HEAD_DIM), xq(t_ * MU_ACT_ROW_BYTES(HIDDEN)), hq(t_ * MU_ACT_ROW_BYTES(HIDDEN)), pos(t_) {
        const size_t cache = static_cast<size_t>(KV_HEADS) * MAX_SEQ * HEAD_DIM;
        for (int l = 0; l < LAYERS; ++l) {
            kc.emplace_back(cache, 0x2e66); // 0.1 in fp16
            vc.emplace_back(cache, 0x2e66);
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
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch()).count();
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

// x += post_norm(out), as Transformer.residual.
void residual(const Layer& w, State& s, float eps) {
    mu_layernorm(s.xb.data(), s.out.data(), w.nw.data(), w.nb.data(), DIM, s.t, eps);
    mu_add(s.x.data(), s.x.data(), s.xb.data(), static_cast<int64_t>(s.t) * DIM);
}

void product(int type, float* out, const QMat& w, const void* xq, int t) {
    mu_matmul_quant3(type, 1, out, w.q.data(), w.s.data(), w.d, nullptr, nullptr, nullptr, 0, nullptr, nullptr,
                     nullptr, 0, xq, w.n, t);
}

// One chunk of s.t tokens at positions pos0 ..: Transformer.forwardChunk's calls (fused path), then the logits of
// the last token.
void chunk(int type, const std::vector<Layer>& layers, const QMat& lm, State& s, int pos0, double* acc) {
    Timer tm{acc};
    const int t = s.t;
    const float eps = 1e-5f, scale = 0.125f;
    for (int i = 0; i < t; ++i) s.pos[i] = pos0 + i;
    mu_rope_table(s.rope.data(), s.pos.data(), HEAD_DIM, 10000.0f, t);
    tm.lap(ROPE);
    for (int l = 0; l < LAYERS; ++l) {
        const Layer& w = layers[l];
        mu_layernorm_quant(s.xq.data(), s.xb.data(), s.x.data(), w.nw.data(), w.nb.data(), DIM, t, eps);
        tm.lap(NORM);
        mu_matmul_quant3(type, 3, s.q.data(), w.q.q.data(), w.q.s.data(), DIM, s.k.data(), w.k.q.data(), w.k.s.data(),
                         KV, s.v.data(), w.v.q.data(), w.v.s.data(), KV, s.xq.data(), DIM, t);
        tm.lap(QKV);
        mu_rope_rotate(s.q.data(), s.rope.data(), HEADS, HEAD_DIM, HEAD_DIM, t);
        mu_rope_rotate(s.k.data(), s.rope.data(), KV_HEADS, HEAD_DIM, HEAD_DIM, t);
        tm.lap(ROPE);
        mu_kv_store_f16(s.kc[l].data(), s.vc[l].data(), s.k.data(), s.v.data(), KV_HEADS, HEAD_DIM, MAX_SEQ, pos0, t);
        mu_attention_f16(s.att.data(), s.scores.data(), s.q.data(), s.kc[l].data(), s.vc[l].data(), HEADS, KV_HEADS,
                         HEAD_DIM, MAX_SEQ, pos0, t, scale);
        tm.lap(KV_ATTN);
        mu_quantize_act(s.xq.data(), s.att.data(), DIM, t);
        tm.lap(QUANT);
        product(type, s.out.data(), w.o, s.xq.data(), t);
        tm.lap(O);
        residual(w, s, eps);
        tm.lap(POST_NORM_ADD);
        mu_layernorm_quant(s.xq.data(), s.xb.data(), s.x.data(), w.nw.data(), w.nb.data(), DIM, t, eps);
        tm.lap(NORM);
        mu_matmul_swiglu_quant(type, s.hb.data(), s.hb2.data(), s.hq.data(), w.gate.q.data(), w.gate.s.data(),
                               w.up.q.data(), w.up.s.data(), s.xq.data(), DIM, HIDDEN, t);
        tm.lap(GATE_UP);
        product(type, s.out.data(), w.down, s.hq.data(), t);
        tm.lap(DOWN);
        residual(w, s, eps);
        tm.lap(POST_NORM_ADD);
    }
    mu_layernorm_quant(s.xq.data(), s.xb.data(), s.x.data() + static_cast<size_t>(t - 1) * DIM, layers[0].nw.data(),
                       layers[0].nb.data(), DIM, 1, eps);
    tm.lap(NORM);
    product(type, s.logits.data(), lm, s.xq.data(), 1);
    tm.lap(LOGITS);
}

} // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    const int t = argc > 2 ? std::atoi(argv[2]) : 1;
    const int pos0 = argc > 3 ? std::atoi(argv[3]) : 32;
    const int rounds = argc > 4 ? std::atoi(argv[4]) : 7;
    const std::string type_name = argc > 5 ? argv[5] : "q4_0r4";
    use_cpu_time = argc > 6 && std::string(argv[6]) == "cpu";
    const int type = type_name == "q8_0" ? 0 : type_name == "q4_0" ? 1 : type_name == "q4_0r4" ? 3 : -1;
    if (threads < 1 || t < 1 || t > 512 || pos0 < 0 || rounds < 1 || type < 0) {
        std::fprintf(stderr, "usage: bench_chunk [threads] [t 1..512] [pos0] [rounds] [q4_0|q4_0r4|q8_0] [wall|cpu]\n");
        return 2;
    }
    // decode: 64 steps of one token per round; prefill: 4 chunks per round, each at pos0 (the cache rows rewritten)
    const int steps = t == 1 ? 64 : 4;
    if (pos0 + (t == 1 ? steps : t) > MAX_SEQ) {
        std::fprintf(stderr, "positions past %d\n", MAX_SEQ);
        return 2;
    }
    mu_set_threads(threads);
    std::printf("isa %s, %d thread(s), %s, t = %d at position %d, %d rounds of %d chunks, %s time\n",
                mu_isa_name(mu_isa()), threads, type_name.c_str(), t, pos0, rounds, steps,
                use_cpu_time ? "calling thread's CPU" : "wall");
    std::vector<Layer> layers;
    for (int l = 0; l < LAYERS; ++l) layers.emplace_back(type, l);
    const QMat lm(type, DIM, VOCAB, 999);
    State s(t);
    std::vector<double> per[STAGES + 1];
    for (int r = -1; r < rounds; ++r) {
        double acc[STAGES] = {};
        const double start = now_us();
        for (int i = 0; i < steps; ++i) chunk(type, layers, lm, s, t == 1 ? pos0 + i : pos0, acc);
        const double total = now_us() - start;
        if (r < 0) continue; // warm-up
        for (int st = 0; st < STAGES; ++st) per[st].push_back(acc[st] / steps);
        per[STAGES].push_back(total / steps);
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    double products = 0, rest = 0;
    std::printf("%-14s %12s\n", "us per chunk", "median");
    for (int st = 0; st < STAGES; ++st) {
        const double m = median(per[st]);
        (IS_PRODUCT[st] ? products : rest) += m;
        std::printf("%-14s %12.1f\n", STAGE_NAMES[st], m);
    }
    const double total = median(per[STAGES]);
    std::printf("%-14s %12.1f (%.0f%%)\n%-14s %12.1f (%.0f%%)\n%-14s %12.1f\n", "products", products,
                100 * products / total, "everything else", rest, 100 * rest / total, "total", total);
    std::printf("tok/s          %12.1f\n", 1e6 * t / total);
    return 0;
}
