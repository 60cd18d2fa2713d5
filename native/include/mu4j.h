// mu4j native kernels: the one header JavaCPP sees.
//
// Conventions (see ARCHITECTURE.md):
//  - extern "C", plain types; arguments are outputs, then inputs, then sizes.
//  - Row-major everywhere. A weight matrix W(d, n) has d rows (outputs) of n columns (inputs).
//  - Kernels are pure: no allocation, no logging, no exceptions, no threads of their own. The public matrix
//    products (and mu_matmul_swiglu_quant) split their output rows, and mu_attention / _f16 / _q8 their
//    (token, KV head) pairs, over the persistent thread pool (mu_set_threads); nothing else is threaded.
//    Sizes are validated on the Java side (dev.mu4j.internal.Kernels) before any call.
//  - Every kernel dispatches once-decided ISA code (ref | avx2 | avx512); mu_set_isa forces one.
//  - fp16 is IEEE binary16, bf16 is the top half of an fp32; both passed as uint16_t.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- ISA dispatch -------------------------------------------------------------------------------
// ISA ids: 0 = ref (portable scalar), 1 = avx2 (+fma+f16c), 2 = avx512 (f+bw+vl+dq; its quantized products use
// VNNI when the CPU has avx512_vnni, else the avx2 ones), 3 = neon (aarch64 with the dot-product extension: the
// quantized products, mu_attention_f16 and mu_attention_q8; every other kernel is ref there).
// The active ISA is chosen once from CPUID, or from the environment variable MU4J_ISA=ref|avx2|avx512|neon.
// An unknown or unsupported MU4J_ISA is ignored (the best supported ISA is used): compare mu_isa() to report it.
int mu_isa(void);                          // active ISA id
int mu_isa_supported(int isa);             // 1 if this CPU (and this build) can run isa
int mu_set_isa(int isa);                   // force isa; returns 0, or -1 (and changes nothing) if unsupported
const char* mu_isa_name(int isa);          // "ref", "avx2", "avx512", "neon", or "?"

// ---- threads ------------------------------------------------------------------------------------
// Threads used by the matrix products (mu_matvec_*, mu_matmul_*), the calling thread included; 1 at start-up.
// Workers are created here, once, and stay (spinning briefly, then sleeping, between products). Results do not
// depend on the thread count. Returns 0, or -1 for n outside [1, 256] (nothing changes).
int mu_set_threads(int n);
int mu_threads(void);

// ---- memory -------------------------------------------------------------------------------------
void* mu_alloc(int64_t bytes);             // 64-byte aligned, zero-filled; NULL on failure (bytes < 0; 0 is fine)
void mu_free(void* p);                     // NULL is fine
void mu_copy(void* dst, const void* src, int64_t bytes);
// Read-only memory map of a whole file; path is UTF-8. Returns NULL on failure (and *size_out = -1), and NULL
// with *size_out = 0 for an empty file (nothing to map; the caller reports it). No file handle stays open;
// the mapping lasts until mu_unmap_file(addr, *size_out).
void* mu_map_file(const char* path, int64_t* size_out);
void mu_unmap_file(void* addr, int64_t size);
// A private, read-only copy of a whole file in anonymous memory instead of a mapping of it; path is UTF-8. With
// huge_pages != 0 the copy is 2 MiB aligned and asks Linux for transparent huge pages (madvise): one TLB entry then
// covers 512 times the memory, which streams weights faster when the OS grants them; elsewhere the flag is
// ignored. Same failure and empty-file conventions as mu_map_file (a read error or a file that changes size while
// being read is a failure). The copy lasts until mu_unload_file(addr, *size_out).
void* mu_load_file(const char* path, int64_t* size_out, int huge_pages);
void mu_unload_file(void* addr, int64_t size);
// Page-aligned, zero-filled anonymous memory, huge-page backed on Linux when huge_pages != 0 (as mu_load_file);
// NULL on failure. Freed with mu_free_pages(addr, bytes). The bandwidth probe reads such a buffer.
void* mu_alloc_pages(int64_t bytes, int huge_pages);
void mu_free_pages(void* addr, int64_t bytes);

// ---- conversions --------------------------------------------------------------------------------
void mu_f16_to_f32(float* out, const uint16_t* x, int64_t n);
void mu_bf16_to_f32(float* out, const uint16_t* x, int64_t n);
void mu_f32_to_f16(uint16_t* out, const float* x, int64_t n);   // round to nearest even

// ---- matrix products ----------------------------------------------------------------------------
// out(d) = W(d, n) @ x(n)
void mu_matvec_f32(float* out, const float* w, const float* x, int n, int d);
void mu_matvec_f16(float* out, const uint16_t* w, const float* x, int n, int d);
void mu_matvec_bf16(float* out, const uint16_t* w, const float* x, int n, int d);
// out(t, d) = X(t, n) @ W(d, n)^T   (t tokens at once; each weight row is read once per L2-sized block of tokens)
void mu_matmul_f32(float* out, const float* w, const float* x, int n, int d, int t);
void mu_matmul_f16(float* out, const uint16_t* w, const float* x, int n, int d, int t);
void mu_matmul_bf16(float* out, const uint16_t* w, const float* x, int n, int d, int t);

// ---- block-quantized weights (models/FORMAT.md, "Quantized weights") ------------------------------
// A quantized W(d, n) (n % 32 == 0) is two arrays, stored like this in the safetensors file and mapped as is:
//   q8_0: int8 q(d, n);              scale: fp16 (d, n / 32);  w[r][k] = scale[r][k / 32] * q[r][k]
//   q4_0: uint8 q(d, n / 2) nibbles;  scale: fp16 (d, n / 32);  in block b of row r (16 bytes), byte j holds
//         element 32b + j in its low nibble and 32b + j + 16 in its high nibble; w = scale * (nibble - 8).
//   q8_0r4 / q4_0r4: the same quants and scales with the rows interleaved in groups of 4 (d % 4 == 0,
//         n % 256 == 0): a group's first octets of 8 blocks of its 4 rows, then their second octets, ...; the
//         scales in the same order (models/FORMAT.md, "Interleaved rows"). Products read one stream per group.
// Type codes where a function takes one: 0 = q8_0, 1 = q4_0, 2 = q8_0r4, 3 = q4_0r4.
// Activations are quantized per block of 32 too (mu_quantize_act): t rows of MU_ACT_ROW_BYTES(n) bytes, each
//   int8 q[n], then f32 d[n / 32] (block scale, x ~ d * q), then f32 s[n / 32] (d * sum of the block's q).
// Products accumulate each block's integer dot product exactly (int32), then scale it in f32.
#define MU_QK 32
#define MU_ACT_ROW_BYTES(n) ((int64_t)(n) + (int64_t)(n) / 4)
// Offline quantization of n values (n % 32 == 0) into n / 32 blocks; round to nearest even. q8_0: scale =
// max|x| / 127, q in [-127, 127]; q4_0: scale = m / -8 for the m of largest magnitude, q in [0, 15] (-8 applied
// on use). The scale is rounded to fp16 first and the q are computed with it. Returns 0, or -1 when an input is
// not finite or a scale overflows fp16 (the outputs are then unspecified).
int mu_quantize_q8_0(int8_t* q, uint16_t* scale, const float* x, int64_t n);
int mu_quantize_q4_0(uint8_t* q, uint16_t* scale, const float* x, int64_t n);
// out(n) = the weights of n / 32 blocks widened to f32 (embedding rows).
void mu_dequantize_q8_0(float* out, const int8_t* q, const uint16_t* scale, int64_t n);
void mu_dequantize_q4_0(float* out, const uint8_t* q, const uint16_t* scale, int64_t n);
// out(n) = row `row` of a quantized W(d, n) of the given type (q, scale: the whole matrix), widened to f32.
void mu_dequantize_row(int type, float* out, const void* q, const uint16_t* scale, int n, int64_t row);
// A plain W(d, n) of type 0 (q8_0) or 1 (q4_0) rewritten in its interleaved layout (type + 2): dst_q / dst_scale
// the same sizes as q / scale, not overlapping them; d % 4 == 0, n % 256 == 0.
void mu_interleave_r4(int type, void* dst_q, uint16_t* dst_scale, const void* q, const uint16_t* scale, int n, int d);
// xq = t rows of x(t, n) quantized to the activation layout above; n % 32 == 0.
void mu_quantize_act(void* xq, const float* x, int n, int t);
// out(d) = W(d, n) @ x(n) and out(t, d) = X(t, n) @ W(d, n)^T with x given by mu_quantize_act.
void mu_matvec_q8_0(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d);
void mu_matvec_q4_0(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d);
void mu_matmul_q8_0(float* out, const int8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t);
void mu_matmul_q4_0(float* out, const uint8_t* w, const uint16_t* scale, const void* xq, int n, int d, int t);
// Up to three products of one input as one threaded job (the q / k / v and gate / up projections of a layer): for
// i < count, out_i(t, d_i) = X(t, n) @ W_i(d_i, n)^T, every W_i of one format (type 0-3 as above; scale_i
// its fp16 scales). The same bits as count separate mu_matmul_* calls (t = 1: mu_matvec_*); unused slots may be NULL.
void mu_matmul_quant3(int type, int count, float* out0, const void* w0, const uint16_t* scale0, int d0, float* out1,
                      const void* w1, const uint16_t* scale1, int d1, float* out2, const void* w2,
                      const uint16_t* scale2, int d2, const void* xq, int n, int t);

// ---- fused: a norm and the quantization of its rows; the SwiGLU FFN up to its down projection's input ------
// The same bits as the unfused calls they stand for (any thread count); n % 32 == 0, d % 32 == 0.
// out(t, n) = mu_layernorm / mu_rmsnorm(x), and xq = mu_quantize_act(out), a row at a time (out may alias x).
void mu_layernorm_quant(void* xq, float* out, const float* x, const float* weight, const float* bias, int n, int t,
                        float eps);
void mu_rmsnorm_quant(void* xq, float* out, const float* x, const float* weight, int n, int t, float eps);
// One threaded job for h(t, d) = silu(X W_gate^T) * (X W_up^T) and hq = mu_quantize_act(h), X given by xq (t rows
// of n), both weights in one format (type 0-3 as above). up(t, d) receives X W_up^T (scratch). Each part
// owns whole blocks of 32 outputs and runs their products, SwiGLU and quantization: the same bits as
// mu_matmul_quant3(gate, up) + mu_swiglu(h, h, up) + mu_quantize_act(hq, h). hq must not overlap xq.
void mu_matmul_swiglu_quant(int type, float* h, float* up, void* hq, const void* w_gate, const uint16_t* s_gate,
                            const void* w_up, const uint16_t* s_up, const void* xq, int n, int d, int t);

// ---- elementwise (out may alias an input) -------------------------------------------------------
void mu_add(float* out, const float* a, const float* b, int64_t n);        // out = a + b (out may alias)
void mu_add_bias(float* x, const float* bias, int n, int t);               // x(t, n) += bias(n) per row
void mu_silu(float* out, const float* x, int64_t n);                       // x * sigmoid(x)
void mu_gelu(float* out, const float* x, int64_t n);                       // exact: 0.5 x (1 + erf(x / sqrt 2))
void mu_gelu_tanh(float* out, const float* x, int64_t n);                  // tanh approximation
void mu_swiglu(float* out, const float* gate, const float* up, int64_t n); // silu(gate) * up
void mu_softmax(float* out, const float* x, int n);                        // numerically stable, in place ok

// ---- normalisation (t rows of n; out may alias x) -----------------------------------------------
// LayerNorm: (x - mean) / sqrt(var + eps) * weight + bias; biased variance; bias may be NULL.
void mu_layernorm(float* out, const float* x, const float* weight, const float* bias, int n, int t, float eps);
// RMSNorm: x / sqrt(mean(x^2) + eps) * weight.
void mu_rmsnorm(float* out, const float* x, const float* weight, int n, int t, float eps);

// ---- rotary position embedding ------------------------------------------------------------------
// In place on x(t, n_heads, head_dim); token i has position pos[i]. HF Llama "rotate half" on the first
// rot_dim dims of each head (rot_dim even, <= head_dim; the rest is untouched): with h = rot_dim / 2 and
// inv_freq[j] = theta^(-2j / rot_dim), angle = pos * inv_freq[j]:
//   x'[j] = x[j] cos - x[j + h] sin,   x'[j + h] = x[j + h] cos + x[j] sin,   j < h.
void mu_rope(float* x, const int32_t* pos, int n_heads, int head_dim, int rot_dim, float theta, int t);
// mu_rope in two steps, for many tensors at the same positions (q and k of every layer): table(t, rot_dim) = for
// token i, cos of its rot_dim / 2 angles then their sin; mu_rope_rotate applies table to x(t, n_heads, head_dim)
// in place. The same bits as mu_rope.
void mu_rope_table(float* table, const int32_t* pos, int rot_dim, float theta, int t);
void mu_rope_rotate(float* x, const float* table, int n_heads, int head_dim, int rot_dim, int t);

// ---- attention ----------------------------------------------------------------------------------
// KV cache of one layer: k_cache, v_cache (n_kv_heads, kv_stride, head_dim); row p holds position p.
// Store t new keys/values k, v (t, n_kv_heads, head_dim) at rows pos0 .. pos0 + t - 1.
void mu_kv_store(float* k_cache, float* v_cache, const float* k, const float* v,
                 int n_kv_heads, int head_dim, int kv_stride, int pos0, int t);
// Causal grouped-query attention for t queries q(t, n_heads, head_dim) at positions pos0 .. pos0 + t - 1:
// query i attends to cache rows 0 .. pos0 + i. Head h reads KV head h / (n_heads / n_kv_heads).
// out(t, n_heads, head_dim); scratch holds at least pos0 + t floats. scale is usually 1 / sqrt(head_dim).
void mu_attention(float* out, float* scratch, const float* q, const float* k_cache, const float* v_cache,
                  int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
// The same with an fp16 cache (IEEE binary16 as uint16_t, same layout, half the bytes): mu_kv_store_f16 rounds each
// new key/value to nearest even like mu_f32_to_f16 (|x| >= 65520 becomes inf, so attention then gives inf/NaN);
// mu_attention_f16 widens each cache value to f32 and computes exactly what mu_attention computes on the widened
// cache (sums in f32).
void mu_kv_store_f16(uint16_t* k_cache, uint16_t* v_cache, const float* k, const float* v,
                     int n_kv_heads, int head_dim, int kv_stride, int pos0, int t);
void mu_attention_f16(float* out, float* scratch, const float* q, const uint16_t* k_cache, const uint16_t* v_cache,
                      int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);
// The same with an int8 cache (models/FORMAT.md, "KV cache"): k_cache, v_cache (n_kv_heads, kv_stride,
// MU_KV_Q8_ROW_BYTES(head_dim)) bytes; a row is head_dim int8 quants q then one fp32 scale s (4 bytes, little-endian,
// unaligned when head_dim % 4 != 0), value c = s * q[c]. mu_kv_store_q8 quantizes each new row symmetrically:
// s = max|x| / 127, q[c] = clamp(round_even(x[c] / s), -127, 127) (all zero when s is 0); a row holding an inf or a
// NaN is stored as s = NaN, q = 0, so attention then gives NaN. mu_attention_q8 computes score p = (sum_c query[c] *
// kq[p][c]) * ks[p] * scale and out = sum_p (prob[p] * vs[p]) * vq[p] (sums in f32), threaded like mu_attention.
#define MU_KV_Q8_ROW_BYTES(head_dim) ((int64_t)(head_dim) + 4)
void mu_kv_store_q8(int8_t* k_cache, int8_t* v_cache, const float* k, const float* v,
                    int n_kv_heads, int head_dim, int kv_stride, int pos0, int t);
void mu_attention_q8(float* out, float* scratch, const float* q, const int8_t* k_cache, const int8_t* v_cache,
                     int n_heads, int n_kv_heads, int head_dim, int kv_stride, int pos0, int t, float scale);

// ---- bench: memory-bandwidth probe (owned by `mu4j bench`) ---------------------------------------
// Reads buf[0, bytes) once and returns the wrapping sum of its little-endian 64-bit words (whole 64-byte lines)
// plus its remaining bytes one by one; the lines are split over the thread pool (mu_threads() contiguous ranges),
// the sum does not depend on the split. The caller times it; bytes <= 0 or NULL returns 0.
uint64_t mu_read_sum(const void* buf, int64_t bytes);
// ---- end bench ----------------------------------------------------------------------------------

#ifdef __cplusplus
}
#endif
