// ISA detection and dispatch: which kernel table the public mu_* entry points use.
//
// The choice is made once, on first use: MU4J_ISA=ref|avx2|avx512|neon if that ISA is supported here,
// otherwise the best ISA this CPU supports. mu_set_isa re-points it later (tests, benchmarks).
// MU4J_HAVE_X86 / MU4J_HAVE_NEON are defined by native/CMakeLists.txt when the x86 / arm files are in the build.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels.h"

#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif
#if defined(MU4J_HAVE_NEON) && defined(__linux__)
#include <sys/auxv.h>
#endif

namespace {

enum { ISA_REF = 0, ISA_AVX2 = 1, ISA_AVX512 = 2, ISA_NEON = 3, ISA_COUNT = 4 };

const char* const isa_names[ISA_COUNT] = {"ref", "avx2", "avx512", "neon"};

#define MU_TABLE(isa_id, suffix, kv_suffix)                                                                   \
    {isa_id, mu_f16_to_f32_##suffix, mu_bf16_to_f32_##suffix, mu_f32_to_f16_##suffix, mu_matvec_f32_##suffix,  \
     mu_matvec_f16_##suffix, mu_matvec_bf16_##suffix, mu_matmul_f32_##suffix, mu_matmul_f16_##suffix,          \
     mu_matmul_bf16_##suffix, mu_add_##suffix, mu_add_bias_##suffix, mu_silu_##suffix, mu_gelu_##suffix,       \
     mu_gelu_tanh_##suffix, mu_swiglu_##suffix, mu_softmax_##suffix, mu_layernorm_##suffix, mu_rmsnorm_##suffix, \
     mu_attention_##suffix, mu_quantize_act_##suffix, mu_quantize_blocks_##suffix, mu_matvec_q8_0_##suffix, \
     mu_matvec_q4_0_##suffix, mu_matmul_q8_0_##suffix, mu_matmul_q4_0_##suffix, mu_matvec_q8_0r4_##suffix,    \
     mu_matvec_q4_0r4_##suffix, mu_matmul_q8_0r4_##suffix, mu_matmul_q4_0r4_##suffix,                        \
     mu_attention_f16_##kv_suffix, mu_attention_q8_##kv_suffix}

bool cpu_has(int isa);
bool cpu_has_vnni();

const mu_kernel_table ref_table = MU_TABLE(ISA_REF, ref, ref);
#if defined(MU4J_HAVE_X86)
const mu_kernel_table avx2_table = MU_TABLE(ISA_AVX2, avx2, avx2);

// AVX-512 kernels; the quantized products need AVX512_VNNI on top (Ice Lake, Zen 4), else they are the avx2 ones.
mu_kernel_table make_avx512_table() {
    mu_kernel_table t = MU_TABLE(ISA_AVX512, avx512, avx2); // the fp16 / int8-cache attention is the avx2 one
    if (!cpu_has_vnni()) {
        t.quantize_act = mu_quantize_act_avx2;
        t.quantize_blocks = mu_quantize_blocks_avx2;
        t.matvec_q8_0 = mu_matvec_q8_0_avx2;
        t.matvec_q4_0 = mu_matvec_q4_0_avx2;
        t.matmul_q8_0 = mu_matmul_q8_0_avx2;
        t.matmul_q4_0 = mu_matmul_q4_0_avx2;
        t.matvec_q8_0r4 = mu_matvec_q8_0r4_avx2;
        t.matvec_q4_0r4 = mu_matvec_q4_0r4_avx2;
        t.matmul_q8_0r4 = mu_matmul_q8_0r4_avx2;
        t.matmul_q4_0r4 = mu_matmul_q4_0r4_avx2;
    }
    return t;
}
#endif

#if defined(MU4J_HAVE_NEON)
// aarch64: NEON (with the dot-product extension) quantized products and the fp16 / int8-cache attention; every other
// kernel is the portable one.
mu_kernel_table make_neon_table() {
    mu_kernel_table t = ref_table;
    t.isa = ISA_NEON;
    t.quantize_act = mu_quantize_act_neon;
    t.quantize_blocks = mu_quantize_blocks_neon;
    t.matvec_q8_0 = mu_matvec_q8_0_neon;
    t.matvec_q4_0 = mu_matvec_q4_0_neon;
    t.matmul_q8_0 = mu_matmul_q8_0_neon;
    t.matmul_q4_0 = mu_matmul_q4_0_neon;
    t.matvec_q8_0r4 = mu_matvec_q8_0r4_neon;
    t.matvec_q4_0r4 = mu_matvec_q4_0r4_neon;
    t.matmul_q8_0r4 = mu_matmul_q8_0r4_neon;
    t.matmul_q4_0r4 = mu_matmul_q4_0r4_neon;
    t.attention_f16 = mu_attention_f16_neon;
    t.attention_q8 = mu_attention_q8_neon;
    return t;
}
#endif

#undef MU_TABLE

// CPU feature checks. __builtin_cpu_supports also checks that the OS saves the YMM/ZMM state.
// Compilers without it (MSVC) run the portable code.
#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
// F16C from CPUID leaf 1 (ECX bit 29): Clang 14's __builtin_cpu_supports does not know "f16c".
bool has_f16c() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C) != 0;
}
#endif

bool cpu_has(int isa) {
#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    switch (isa) {
    case ISA_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && has_f16c();
    case ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("fma") && has_f16c();
    default:
        return false;
    }
#elif defined(MU4J_HAVE_NEON) && defined(__linux__)
    // sdot/udot (FEAT_DotProd): HWCAP_ASIMDDP, bit 20 of AT_HWCAP.
    return isa == ISA_NEON && (getauxval(AT_HWCAP) & (1ul << 20)) != 0;
#else
    (void)isa;
    return false;
#endif
}

[[maybe_unused]] bool cpu_has_vnni() {
#if defined(MU4J_HAVE_X86) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl");
#else
    return false;
#endif
}

bool supported(int isa) {
    if (isa == ISA_REF) return true;
    return mu_kernel_table_for(isa) != nullptr && cpu_has(isa);
}

int best_supported() {
    for (int isa = ISA_COUNT - 1; isa > ISA_REF; --isa) {
        if (supported(isa)) return isa;
    }
    return ISA_REF;
}

// MU4J_ISA if it names a supported ISA, else the best supported one (an unknown or unsupported name is
// ignored; mu_isa() tells the caller what was chosen).
int initial_isa() {
    const char* requested = std::getenv("MU4J_ISA");
    if (requested != nullptr) {
        for (int isa = 0; isa < ISA_COUNT; ++isa) {
            if (std::strcmp(requested, isa_names[isa]) == 0 && supported(isa)) return isa;
        }
    }
    return best_supported();
}

// nullptr until the first call decides; afterwards always one of the constant tables above.
std::atomic<const mu_kernel_table*> active{nullptr};

} // namespace

const mu_kernel_table* mu_kernel_table_for(int isa) {
    switch (isa) {
    case ISA_REF:
        return &ref_table;
#if defined(MU4J_HAVE_X86)
    case ISA_AVX2:
        return &avx2_table;
    case ISA_AVX512: {
        static const mu_kernel_table avx512_table = make_avx512_table();
        return &avx512_table;
    }
#endif
#if defined(MU4J_HAVE_NEON)
    case ISA_NEON: {
        static const mu_kernel_table neon_table = make_neon_table();
        return &neon_table;
    }
#endif
    default:
        return nullptr;
    }
}

const mu_kernel_table* mu_active_kernels() {
    const mu_kernel_table* table = active.load(std::memory_order_acquire);
    if (table != nullptr) return table;
    // The static local runs the detection exactly once, even with racing first calls. The exchange keeps an
    // ISA that mu_set_isa stored before this first use.
    static const mu_kernel_table* const initial = mu_kernel_table_for(initial_isa());
    const mu_kernel_table* expected = nullptr;
    active.compare_exchange_strong(expected, initial, std::memory_order_acq_rel);
    return active.load(std::memory_order_acquire);
}

extern "C" {

int mu_isa(void) { return mu_active_kernels()->isa; }

int mu_isa_supported(int isa) { return supported(isa) ? 1 : 0; }

int mu_set_isa(int isa) {
    if (!supported(isa)) return -1;
    active.store(mu_kernel_table_for(isa), std::memory_order_release);
    return 0;
}

const char* mu_isa_name(int isa) { return isa >= 0 && isa < ISA_COUNT ? isa_names[isa] : "?"; }

} // extern "C"
