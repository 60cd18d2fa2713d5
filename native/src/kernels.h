// Internal kernel declarations: every ISA variant of every dispatched kernel, and the dispatch table.
//
// src/<family>.cpp defines the scalar mu_<kernel>_ref variants (the specification) and the public mu_<kernel>
// entry points of mu4j.h, which forward through the active table. src/arch/x86/<family>_<isa>.cpp define the
// mu_<kernel>_avx2 / _avx512 variants, compiled only for x86-64 targets; tests/native runs each against its _ref.
// Kernels without ISA variants (mu_rope, mu_kv_store, mu_kv_store_f16, memory) are plain functions of mu4j.h.
//
// Declarations only, on purpose: an inline helper defined in a header and compiled into both a base file and
// an -mavx2 file is one symbol to the linker, which may keep the AVX2 copy and make base code fault on older
// CPUs. ISA files keep their helpers in an anonymous namespace.
#pragma once
#include <stdint.h>

#include "mu4j.h"

// ---- conversions (convert.cpp) ------------------------------------------------------------------
void mu_f16_to_f32_ref(float* out, const uint16_t* x, int64_t n);
void mu_f16_to_f32_avx2(float* out, const uint16_t* x, int64_t n);
void mu_f16_to_f32_avx512(float* out, const uint16_t* x, int64_t n);
void mu_bf16_to_f32_ref(float* out, const uint16_t* x, int64_t n);
void mu_bf16_to_f32_avx2(float* out, const uint16_t* x, int64_t n);
void mu_bf16_to_f32_avx512(float* out, const uint16_t* x, int64_t n);
void mu_f32_to_f16_ref(uint16_t* out, const float* x, int64_t n);
void mu_f32_to_f16_avx2(uint16_t* out, const float* x, int64_t n);
void mu_f32_to_f16_avx512(uint16_t* out, const float* x, int64_t n);

// ---- matrix products (matmul.cpp) ---------------------------------------------------------------
// out(d) = W(d, n) @ x(n);  out(t, d) = X(t, n) @ W(d, n)^T, where consecutive tokens' output rows lie
// out_stride floats apart (out_stride >= d). The public mu_matmul_* pass out_stride = d. A caller computes
// output columns [d0, d1) of a larger out(t, d_full) with w + d0 * n, out + d0, d = d1 - d0 and
// out_stride = d_full: this is how a product is split across threads.
void mu_matvec_f32_ref(float* out, const float* w, const float* x, int n, int d);
void mu_matvec_f32_avx2(float* out, const float* w, const float* x, int n, int d);
void mu_matvec_f32_avx512(float* out, const float* w, const float* x, int n, int d);
void mu_matvec_f16_ref(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matvec_f16_avx2(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matvec_f16_avx512(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matvec_bf16_ref(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matvec_bf16_avx2(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matvec_bf16_avx512(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matmul_f32_ref(float* out, const float* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_f32_avx2(float* out, const float* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_f32_avx512(float* out, const float* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_f16_ref(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_f16_avx2(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_f16_avx512(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_bf16_ref(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_bf16_avx2(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride);
void mu_matmul_bf16_avx512(float* out, const uint16_t* w, const float* x, int n, int d, int t, int out_stride);

// ---- quantized products (quant.cpp) --------------------------------------------------------------
// As the public ones, plus out_stride for matmul (see above). xq rows are MU_ACT_ROW_BYTES(n) apart.
// quantize_blocks: blocks [0, blocks) of one activation row from x, into the row's quants q, scales d and sums s
// (act_row.h) offset to the first block: what quantize_act does per row, for a part of a row (a thread's share).
#define MU_QUANT_DECLS(suffix)                                                                                    \
    void mu_quantize_act_##suffix(void* xq, const float* x, int n, int t);                                       \
    void mu_quantize_blocks_##suffix(int8_t* q, float* d, float* s, const float* x, int blocks);                 \
    void mu_matvec_q8_0_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d); \
    void mu_matvec_q4_0_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d); \
    void mu_matmul_q8_0_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, \
                                 int t, int out_stride);                                                         \
    void mu_matmul_q4_0_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, \
                                 int t, int out_stride); \
    void mu_matvec_q8_0r4_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n,      \
                                   int d);                                                                         \
    void mu_matvec_q4_0r4_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n,     \
                                   int d);                                                                         \
    void mu_matmul_q8_0r4_##suffix(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n,      \
                                   int d, int t, int out_stride);                                                  \
    void mu_matmul_q4_0r4_##suffix(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n,     \
                                   int d, int t, int out_stride);
// Rows [r0, r1) of out(t, d) = X(t, n) @ W(d, n)^T for W of type 0 q8_0, 1 q4_0, 2 q8_0r4, 3 q4_0r4 (mu4j.h), with
// table k's kernel, on the calling thread: out[tt * out_stride + r]; t = 0 runs the matvec kernel (out_stride
// unused). For the interleaved types r0 starts a 4-row group, where the plain addressing of a row (r0 times the
// row's bytes, r0 * n / 32 scales) is also the interleaved one.
struct mu_kernel_table;
void mu_quant_rows(const mu_kernel_table* k, int type, float* out, const void* w, const uint16_t* scale,
                   const void* xq, int n, int r0, int r1, int t, int out_stride);
MU_QUANT_DECLS(ref)
MU_QUANT_DECLS(avx2)
MU_QUANT_DECLS(avx512) // AVX-512 VNNI (vpdpbusd on 256-bit vectors)
MU_QUANT_DECLS(neon)   // aarch64 + dotprod (sdot)
#undef MU_QUANT_DECLS

// ---- elementwise (activations.cpp) --------------------------------------------------------------
void mu_add_ref(float* out, const float* a, const float* b, int64_t n);
void mu_add_avx2(float* out, const float* a, const float* b, int64_t n);
void mu_add_avx512(float* out, const float* a, const float* b, int64_t n);
void mu_add_bias_ref(float* x, const float* bias, int n, int t);
void mu_add_bias_avx2(float* x, const float* bias, int n, int t);
void mu_add_bias_avx512(float* x, const float* bias, int n, int t);
void mu_silu_ref(float* out, const float* x, int64_t n);
void mu_silu_avx2(float* out, const float* x, int64_t n);
void mu_silu_avx512(float* out, const float* x, int64_t n);
void mu_gelu_ref(float* out, const float* x, int64_t n);
void mu_gelu_avx2(float* out, const float* x, int64_t n);
void mu_gelu_avx512(float* out, const float* x, int64_t n);
void mu_gelu_tanh_ref(float* out, const float* x, int64_t n);
void mu_gelu_tanh_avx2(float* out, const float* x, int64_t n);
void mu_gelu_tanh_avx512(float* out, const float* x, int64_t n);
void mu_swiglu_ref(float* out, const float* gate, const float* up, int64_t n);
void mu_swiglu_avx2(float* out, const float* gate, const float* up, int64_t n);
void mu_swiglu_avx512(float* out, const float* gate, const float* up, int64_t n);
void mu_softmax_ref(float* out, const float* x, int n);
void mu_softmax_avx2(float* out, const float* x, int n);
void mu_softmax_avx512(float* out, const float* x, int n);

// ---- normalisation (norm.cpp) -------------------------------------------------------------------
void mu_layernorm_ref(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps);
void mu_layernorm_avx2(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps);
void mu_layernorm_avx512(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps);
void mu_rmsnorm_ref(float* out, const float* x, const float* weight, int n, int t, float eps);
void mu_rmsnorm_avx2(float* out, const float* x, const float* weight, int n, int t, float eps);
void mu_rmsnorm_avx512(float* out, const float* x, const float* weight, int n, int t, float eps);

// ---- attention (attention.cpp) ------------------------------------------------------------------
void mu_attention_ref(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                      int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
void mu_attention_avx2(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                       int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
void mu_attention_avx512(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                         int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
// fp16 cache (mu_kv_store_f16 / mu_attention_f16). The store has no ISA variants of its own: it converts rows with
// the active table's f32_to_f16, bit-exact with mu_f32_to_f16_ref. The AVX2 (+F16C) attention also serves the
// avx512 table; the neon table has its own.
void mu_kv_store_f16_ref(uint16_t* k_cache, uint16_t* v_cache, const float* k, const float* v, int n_kv_heads,
                         int head_dim, int kv_stride, int pos0, int t);
void mu_attention_f16_ref(float* out, float* scratch, const float* q, const uint16_t* k_cache, const uint16_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
void mu_attention_f16_avx2(float* out, float* scratch, const float* q, const uint16_t* k_cache,
                           const uint16_t* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0,
                           int t, float scale);
void mu_attention_f16_neon(float* out, float* scratch, const float* q, const uint16_t* k_cache,
                           const uint16_t* v_cache, int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0,
                           int t, float scale);
// int8 cache (mu_kv_store_q8 / mu_attention_q8). The store has no ISA variants (a few rows per layer and step):
// the public mu_kv_store_q8 is mu_kv_store_q8_ref. The AVX2 attention also serves the avx512 table.
void mu_kv_store_q8_ref(int8_t* k_cache, int8_t* v_cache, const float* k, const float* v, int n_kv_heads, int head_dim,
                        int kv_stride, int pos0, int t);
void mu_attention_q8_ref(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                         int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
void mu_attention_q8_avx2(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
void mu_attention_q8_neon(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                          int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);

// ---- fused (fused.cpp): the _ref variants are the unfused _ref calls --------------------------------------
void mu_layernorm_quant_ref(void* xq, float* out, const float* x, const float* weight, const float* bias, int n, int t,
                            float eps);
void mu_rmsnorm_quant_ref(void* xq, float* out, const float* x, const float* weight, int n, int t, float eps);
void mu_matmul_swiglu_quant_ref(int type, float* h, float* up, void* hq, const void* w_gate, const uint16_t* s_gate,
                                const void* w_up, const uint16_t* s_up, const void* xq, int n, int d, int t);

// ---- threads (threadpool.cpp) -------------------------------------------------------------------
// Runs fn(ctx, part, parts) for part = 0 .. parts - 1 over the pool (the caller runs some parts itself) and
// returns when all are done. If the pool is busy with another caller's job, runs every part on this thread.
typedef void (*mu_parallel_fn)(void* ctx, int part, int parts);
void mu_parallel_for(int parts, mu_parallel_fn fn, void* ctx);
// How long an idle worker spins before it sleeps (default 300 us); benchmarks compare 0 against the default.
void mu_set_thread_spin_us(int us);
// Rows [*r0, *r1) of part `part` of `parts` over d rows, boundaries at multiples of `align`.
inline void mu_split_rows(int d, int part, int parts, int align, int* r0, int* r1) {
    const int64_t units = (static_cast<int64_t>(d) + align - 1) / align;
    const int64_t u0 = units * part / parts, u1 = units * (part + 1) / parts;
    *r0 = static_cast<int>(u0 * align < d ? u0 * align : d);
    *r1 = static_cast<int>(u1 * align < d ? u1 * align : d);
}
// Parts to split a product of n * d * t multiply-adds into: 1 when it is too small to pay for the hand-off.
int mu_product_parts(int64_t macs);

// ---- dispatch (cpu.cpp) -------------------------------------------------------------------------
// One function pointer per dispatched kernel; one constant table per ISA compiled into this build.
struct mu_kernel_table {
    int isa; // the ISA id of mu4j.h this table implements
    void (*f16_to_f32)(float*, const uint16_t*, int64_t);
    void (*bf16_to_f32)(float*, const uint16_t*, int64_t);
    void (*f32_to_f16)(uint16_t*, const float*, int64_t);
    void (*matvec_f32)(float*, const float*, const float*, int, int);
    void (*matvec_f16)(float*, const uint16_t*, const float*, int, int);
    void (*matvec_bf16)(float*, const uint16_t*, const float*, int, int);
    void (*matmul_f32)(float*, const float*, const float*, int, int, int, int);
    void (*matmul_f16)(float*, const uint16_t*, const float*, int, int, int, int);
    void (*matmul_bf16)(float*, const uint16_t*, const float*, int, int, int, int);
    void (*add)(float*, const float*, const float*, int64_t);
    void (*add_bias)(float*, const float*, int, int);
    void (*silu)(float*, const float*, int64_t);
    void (*gelu)(float*, const float*, int64_t);
    void (*gelu_tanh)(float*, const float*, int64_t);
    void (*swiglu)(float*, const float*, const float*, int64_t);
    void (*softmax)(float*, const float*, int);
    void (*layernorm)(float*, const float*, const float*, const float*, int, int, float);
    void (*rmsnorm)(float*, const float*, const float*, int, int, float);
    void (*attention)(float*, float*, const float*, const float*, const float*, int, int, int, int, int, int, float);
    void (*quantize_act)(void*, const float*, int, int);
    void (*quantize_blocks)(int8_t*, float*, float*, const float*, int);
    void (*matvec_q8_0)(float*, const int8_t*, const uint16_t*, const void*, int, int);
    void (*matvec_q4_0)(float*, const uint8_t*, const uint16_t*, const void*, int, int);
    void (*matmul_q8_0)(float*, const int8_t*, const uint16_t*, const void*, int, int, int, int);
    void (*matmul_q4_0)(float*, const uint8_t*, const uint16_t*, const void*, int, int, int, int);
    void (*matvec_q8_0r4)(float*, const int8_t*, const uint16_t*, const void*, int, int);
    void (*matvec_q4_0r4)(float*, const uint8_t*, const uint16_t*, const void*, int, int);
    void (*matmul_q8_0r4)(float*, const int8_t*, const uint16_t*, const void*, int, int, int, int);
    void (*matmul_q4_0r4)(float*, const uint8_t*, const uint16_t*, const void*, int, int, int, int);
    void (*attention_f16)(float*, float*, const float*, const uint16_t*, const uint16_t*, int, int, int, int, int, int,
                          float);
    void (*attention_q8)(float*, float*, const float*, const int8_t*, const int8_t*, int, int, int, int, int, int,
                         float);
};

// The table for isa, or NULL when this build holds no code for it. Whether this CPU can run it is
// mu_isa_supported(isa).
const mu_kernel_table* mu_kernel_table_for(int isa);

// The active table: decided on first use (MU4J_ISA, else the best ISA this CPU supports) and re-pointed by
// mu_set_isa. Safe to call from any thread.
const mu_kernel_table* mu_active_kernels();
