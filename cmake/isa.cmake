# Per-file ISA flags for native/: code for an instruction set lives only in files named *_<isa>.cpp, and only
# those files are compiled with that instruction set enabled (the rest of the library runs on any CPU of the
# target architecture; cpu.cpp picks the variant at run time).

# Sets <out_var> to x86_64, aarch64 or the raw CMAKE_SYSTEM_PROCESSOR for the target being built.
function(mu4j_target_arch out_var)
  string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" processor)
  if(processor MATCHES "^(x86_64|amd64|x64|x86-64)$")
    set(${out_var} x86_64 PARENT_SCOPE)
  elseif(processor MATCHES "^(aarch64|arm64|armv8.*)$")
    set(${out_var} aarch64 PARENT_SCOPE)
  else()
    set(${out_var} "${processor}" PARENT_SCOPE)
  endif()
endfunction()

# Sets <out_var> to the compile options enabling <isa> (avx2, avx512 or neon) with the current C++ compiler.
# avx2 also enables FMA and F16C, avx512 the F, BW, VL and DQ subsets: the sets cpu.cpp checks before use.
function(mu4j_isa_flags isa out_var)
  if(MSVC)
    set(flags_avx2 /arch:AVX2)
    set(flags_avx512 /arch:AVX512)
    set(flags_neon "")
  else()
    set(flags_avx2 -mavx2 -mfma -mf16c)
    set(flags_avx512 -mavx512f -mavx512bw -mavx512vl -mavx512dq -mfma -mf16c)
    set(flags_neon -march=armv8.2-a+dotprod) # NEON is baseline on aarch64; sdot/udot need the dotprod extension
    if(WIN32 AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # MinGW GCC keeps the stack 16-byte aligned yet spills 32/64-byte vectors with aligned moves (GCC bug
      # 54412); have the assembler emit unaligned moves instead (binutils >= 2.38).
      list(APPEND flags_avx2 -Wa,-muse-unaligned-vector-move)
      list(APPEND flags_avx512 -Wa,-muse-unaligned-vector-move)
    endif()
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      # GCC 12's own avx512fintrin.h trips -W(maybe-)uninitialized: its _mm*_undefined_* self-initialise
      # (GCC bug 105593, fixed in 13).
      list(APPEND flags_avx512 -Wno-uninitialized -Wno-maybe-uninitialized)
    endif()
  endif()
  if(NOT DEFINED flags_${isa})
    message(FATAL_ERROR "mu4j_isa_flags: unknown ISA '${isa}'")
  endif()
  set(${out_var} ${flags_${isa}} PARENT_SCOPE)
endfunction()

# Adds <sources> to <target>, each compiled with the flags of the ISA its name ends in (_avx2.cpp, _avx512.cpp,
# _neon.cpp).
# Must be called from the directory that defines <target> (source properties are per directory).
function(mu4j_add_isa_sources target)
  foreach(source IN LISTS ARGN)
    if(source MATCHES "_(avx2|avx512|neon)\\.cpp$")
      mu4j_isa_flags(${CMAKE_MATCH_1} flags)
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS "${flags}")
    else()
      message(FATAL_ERROR "mu4j_add_isa_sources: ${source} does not end in _<isa>.cpp")
    endif()
  endforeach()
  target_sources(${target} PRIVATE ${ARGN})
endfunction()
