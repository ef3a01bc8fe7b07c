// Big blocks on transparent huge pages, made resident up front. Shared by the BufferPool (big
// activation buffers) and the LongLivedArena (packed weights).
//
// A first touch costs a page fault per page, and on a VM each fault is also a trip through the
// hypervisor: filling 340 MB took 0.4-1.0 s on 4 KiB pages against 0.02-0.08 s on huge pages
// populated in one madvise(MADV_POPULATE_WRITE) call (docs/design.md, "Memory").
#pragma once

#include <cstddef>

namespace tsrt {

constexpr size_t kHugePageBytes = size_t{2} << 20;

// std::aligned_alloc(alignment, size) that throws tsrt::Error naming `bytes` (what the caller
// asked for) when the system has no memory. `size` must be a multiple of `alignment`.
void* allocate_aligned(size_t alignment, size_t size, size_t bytes);

// `bytes` rounded up to 2 MiB, 2 MiB aligned, asked to be backed by huge pages; not yet
// resident. Free with std::free. Throws tsrt::Error when the system has no memory.
void* allocate_huge_pages(size_t bytes);

// Makes [data, data + bytes) resident and writable in one call instead of a fault per page.
// A hint: kernels before Linux 5.14 lack it and the pages fault in on first touch instead.
void populate_for_write(void* data, size_t bytes);

}  // namespace tsrt
