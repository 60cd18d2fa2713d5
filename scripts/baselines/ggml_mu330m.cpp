// A same-machine baseline for BENCHMARKS.md, not part of mu4j: mu-330m's shape (models/configs/mu-330m.json) as a
// ggml graph (github.com/ggml-org/ggml, the tensor library of the leading C++ runtime) with random q4_0 or q8_0
// weights, run by ggml's CPU backend over a persistent threadpool. Written against ggml's public API; built and run
// by scripts/bench_baseline_ggml.sh.
//
// Per layer: layer norm, the q / k / v products, rope on q and k, the o product, post-norm and residual, layer
// norm, gate / up, SwiGLU, down, post-norm and residual; then the final norm and the logits of the last token.
// There is NO attention (the o product reads the roped q): ggml's graph needs a KV cache of its own for that, and
// at these positions attention is ~3% of a mu4j decode step (tests/native/bench_chunk). mu4j's figures beside it
// include attention, so the comparison leans in ggml's favour.
//
//   ggml_mu330m THREADS ROUNDS q4_0|q8_0 repack|plain
// repack: weights in ggml's CPU "extra" buffer, which rewrites q4_0 rows into its interleaved layout for its
// AVX2 / NEON kernels (as its leading runtime does by default); plain: the ordinary CPU buffer.
// Prints the median (min-max) tokens per second of prefill-32 (4 chunks per round) and decode (64 steps per round).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

static const int N_LAYERS = 24, DIM = 1024, N_HEADS = 16, N_KV_HEADS = 4, HEAD_DIM = 64, HIDDEN_DIM = 2816,
                 VOCAB_SIZE = 32000;

// Weights W(d, n) are ggml tensors of ne = {n, d}; one norm (weight, bias) serves every norm of a layer.
struct Layer {
    ggml_tensor *q, *k, *v, *o, *gate, *up, *down, *norm_w, *norm_b;
};

static unsigned rng = 12345;
static unsigned nxt() { return rng = rng * 1664525u + 1013904223u; }

int main(int argc, char** argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: ggml_mu330m THREADS ROUNDS q4_0|q8_0 repack|plain\n");
        return 2;
    }
    int threads = atoi(argv[1]);
    int rounds = atoi(argv[2]);
    std::string ty = argv[3];
    bool repack = std::string(argv[4]) == "repack";
    if (threads < 1 || rounds < 1 || (ty != "q4_0" && ty != "q8_0") || (repack && ty != "q4_0")) {
        fprintf(stderr, "bad arguments (repack: q4_0 only, the type ggml rewrites on AVX2)\n");
        return 2;
    }
    ggml_log_set([](ggml_log_level level, const char* text, void*) {
        if (level >= GGML_LOG_LEVEL_WARN) fputs(text, stderr);
    }, nullptr);
    ggml_type wt = ty == "q8_0" ? GGML_TYPE_Q8_0 : GGML_TYPE_Q4_0;

    ggml_init_params wp = {ggml_tensor_overhead() * (N_LAYERS * 9 + 4), nullptr, true};
    ggml_context* cw = ggml_init(wp);
    std::vector<Layer> layers(N_LAYERS);
    for (auto& l : layers) {
        l.q = ggml_new_tensor_2d(cw, wt, DIM, DIM);
        l.k = ggml_new_tensor_2d(cw, wt, DIM, N_KV_HEADS * HEAD_DIM);
        l.v = ggml_new_tensor_2d(cw, wt, DIM, N_KV_HEADS * HEAD_DIM);
        l.o = ggml_new_tensor_2d(cw, wt, DIM, DIM);
        l.gate = ggml_new_tensor_2d(cw, wt, DIM, HIDDEN_DIM);
        l.up = ggml_new_tensor_2d(cw, wt, DIM, HIDDEN_DIM);
        l.down = ggml_new_tensor_2d(cw, wt, HIDDEN_DIM, DIM);
    }
    ggml_tensor* lm = ggml_new_tensor_2d(cw, wt, DIM, VOCAB_SIZE);
    // norms in a plain buffer
    ggml_context* cn = ggml_init(wp);
    for (auto& l : layers) { l.norm_w = ggml_new_tensor_1d(cn, GGML_TYPE_F32, DIM); l.norm_b = ggml_new_tensor_1d(cn, GGML_TYPE_F32, DIM); }

    ggml_backend_t be = ggml_backend_cpu_init();
    ggml_backend_buffer_type_t buft = ggml_backend_cpu_buffer_type();
    if (repack) {
        ggml_backend_dev_t dev = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
        auto get = (ggml_backend_dev_get_extra_bufts_t)ggml_backend_reg_get_proc_address(ggml_backend_dev_backend_reg(dev), "ggml_backend_dev_get_extra_bufts");
        ggml_backend_buffer_type_t* ex = get ? get(dev) : nullptr;
        if (ex && ex[0]) { buft = ex[0]; printf("weights buffer: %s\n", ggml_backend_buft_name(buft)); }
    }
    ggml_backend_buffer_t bw = ggml_backend_alloc_ctx_tensors_from_buft(cw, buft);
    ggml_backend_buffer_t bn = ggml_backend_alloc_ctx_tensors_from_buft(cn, ggml_backend_cpu_buffer_type());
    if (!bw || !bn) { fprintf(stderr, "alloc failed\n"); return 1; }
    auto fill = [&](ggml_tensor* t) {
        size_t n = ggml_nbytes(t);
        std::vector<uint8_t> buf(n);
        size_t bs = ggml_type_size(t->type);  // bytes per block (fp16 scale first)
        for (size_t i = 0; i < n; ++i) buf[i] = (uint8_t)(nxt() >> 24);
        for (size_t b = 0; b < n; b += bs) {
            float s = ((nxt() >> 8) / 16777216.0f + 0.5f) * 0.004f;
            ggml_fp16_t h = ggml_fp32_to_fp16(s);
            memcpy(&buf[b], &h, 2);
            if (t->type == GGML_TYPE_Q8_0) for (size_t j = 2; j < bs; ++j) if ((int8_t)buf[b + j] == -128) buf[b + j] = 0;
        }
        ggml_backend_tensor_set(t, buf.data(), 0, n);
    };
    size_t wbytes = 0;
    for (auto& l : layers) for (auto* t : {l.q, l.k, l.v, l.o, l.gate, l.up, l.down}) { fill(t); wbytes += ggml_nbytes(t); }
    fill(lm); wbytes += ggml_nbytes(lm);
    std::vector<float> ones(DIM, 1.0f), small(DIM, 0.01f);
    for (auto& l : layers) { ggml_backend_tensor_set(l.norm_w, ones.data(), 0, DIM * 4); ggml_backend_tensor_set(l.norm_b, small.data(), 0, DIM * 4); }
    printf("weights %.1f MB, %d threads\n", wbytes / 1e6, threads);

    ggml_threadpool_params tpp = ggml_threadpool_params_default(threads);
    ggml_threadpool_t tp = ggml_threadpool_new(&tpp);
    ggml_backend_cpu_set_threadpool(be, tp);
    ggml_backend_cpu_set_n_threads(be, threads);

    auto build = [&](int t, ggml_context*& cg, ggml_tensor*& xin, ggml_tensor*& pos, ggml_tensor*& out) {
        ggml_init_params gp = {ggml_tensor_overhead() * 4096 + ggml_graph_overhead_custom(8192, false), nullptr, true};
        cg = ggml_init(gp);
        ggml_cgraph* gf = ggml_new_graph_custom(cg, 8192, false);
        xin = ggml_new_tensor_2d(cg, GGML_TYPE_F32, DIM, t);
        ggml_set_input(xin);
        pos = ggml_new_tensor_1d(cg, GGML_TYPE_I32, t);
        ggml_set_input(pos);
        ggml_tensor* x = xin;
        auto norm = [&](ggml_tensor* a, Layer& l) { return ggml_add(cg, ggml_mul(cg, ggml_norm(cg, a, 1e-5f), l.norm_w), l.norm_b); };
        for (auto& l : layers) {
            ggml_tensor* h = norm(x, l);
            ggml_tensor* q = ggml_mul_mat(cg, l.q, h);
            ggml_tensor* k = ggml_mul_mat(cg, l.k, h);
            ggml_tensor* v = ggml_mul_mat(cg, l.v, h);
            q = ggml_rope_ext(cg, ggml_reshape_3d(cg, q, HEAD_DIM, N_HEADS, t), pos, nullptr, HEAD_DIM, 0, 2048, 10000.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f);
            k = ggml_rope_ext(cg, ggml_reshape_3d(cg, k, HEAD_DIM, N_KV_HEADS, t), pos, nullptr, HEAD_DIM, 0, 2048, 10000.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f);
            // no attention: the o projection reads q (+ a use of k, v so they are computed)
            ggml_tensor* att = ggml_reshape_2d(cg, q, DIM, t);
            ggml_tensor* kv = ggml_add(cg, ggml_reshape_2d(cg, k, N_KV_HEADS * HEAD_DIM, t), v);
            ggml_build_forward_expand(gf, kv);
            ggml_tensor* o = ggml_mul_mat(cg, l.o, att);
            x = ggml_add(cg, x, norm(o, l));
            h = norm(x, l);
            ggml_tensor* a = ggml_swiglu_split(cg, ggml_mul_mat(cg, l.gate, h), ggml_mul_mat(cg, l.up, h));
            ggml_tensor* dn = ggml_mul_mat(cg, l.down, a);
            x = ggml_add(cg, x, norm(dn, l));
        }
        ggml_tensor* last = ggml_view_2d(cg, x, DIM, 1, x->nb[1], (size_t)(t - 1) * x->nb[1]);
        ggml_tensor* logits = ggml_mul_mat(cg, lm, norm(last, layers[0]));
        ggml_build_forward_expand(gf, logits);
        out = logits;
        return gf;
    };
    ggml_gallocr_t ga = ggml_gallocr_new(ggml_backend_cpu_buffer_type());
    auto run = [&](int t, int steps) {
        ggml_context* cg;
        ggml_tensor *xin, *pos, *out;
        ggml_cgraph* gf = build(t, cg, xin, pos, out);
        if (!ggml_gallocr_alloc_graph(ga, gf)) { fprintf(stderr, "graph alloc failed\n"); exit(1); }
        std::vector<float> x(DIM * t);
        for (auto& f : x) f = (nxt() >> 8) / 16777216.0f - 0.5f;
        std::vector<int32_t> p(t);
        std::vector<double> per;
        for (int r = -1; r < rounds; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            for (int s = 0; s < steps; ++s) {
                for (int i = 0; i < t; ++i) p[i] = 32 + s + i;
                ggml_backend_tensor_set(xin, x.data(), 0, x.size() * 4);
                ggml_backend_tensor_set(pos, p.data(), 0, p.size() * 4);
                ggml_backend_graph_compute(be, gf);
            }
            double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (r >= 0) per.push_back(t * steps / sec);
        }
        std::vector<float> logits(VOCAB_SIZE);
        ggml_backend_tensor_get(out, logits.data(), 0, logits.size() * 4);
        for (float f : logits) {
            if (!std::isfinite(f)) {
                fprintf(stderr, "non-finite logit: the graph is broken\n");
                exit(1);
            }
        }
        ggml_free(cg);
        std::sort(per.begin(), per.end());
        printf("ggml %s %s threads=%d %s %.1f (%.1f-%.1f) tok/s\n", ty.c_str(), repack ? "repack" : "plain", threads,
               t == 1 ? "decode" : "prefill-32", per[per.size() / 2], per.front(), per.back());
    };
    run(32, 4);
    run(1, 64);
    return 0;
}
