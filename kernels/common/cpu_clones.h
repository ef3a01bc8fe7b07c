// TSRT_CPU_CLONES before a hot loop's definition compiles it once per instruction set (GCC and
// clang function multiversioning); the loader picks the widest the CPU runs, so a baseline
// x86-64 build still uses AVX-512 where it exists. Not in sanitizer builds: the loader runs the
// clones' resolvers before the sanitizer runtime starts, and ThreadSanitizer then crashes at
// startup.
#pragma once

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TSRT_NO_CPU_CLONES 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define TSRT_NO_CPU_CLONES 1
#endif
#endif

#if defined(TSRT_NO_CPU_CLONES)
#define TSRT_CPU_CLONES
#else
#define TSRT_CPU_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
