// Stand-in for <immintrin.h> when building an AVX-512 source for an AVX2-only CPU: the real header, then SIMDe
// (Debian: libsimde-dev) with native aliases, so _mm256_dpbusd_epi32 and friends become SIMDe emulations.
#pragma once
#include_next <immintrin.h>
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
