// TSRT_MEMORY_SANITIZER: 1 when built with AddressSanitizer or MemorySanitizer (gcc or clang).
// tsrt's own memory caches (runtime/buffer_pool, runtime/recycling_allocator) step aside then,
// so that every buffer and object still goes through the sanitizer's malloc and a use after
// free is caught.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define TSRT_MEMORY_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TSRT_MEMORY_SANITIZER 1
#endif
#endif
#ifndef TSRT_MEMORY_SANITIZER
#define TSRT_MEMORY_SANITIZER 0
#endif
