#include "runtime/huge_pages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "runtime/error.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older C libraries lack the name
#endif

namespace tsrt {

void* allocate_huge_pages(size_t bytes) {
  const size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  void* p = std::aligned_alloc(kHugePageBytes, rounded);
  if (p == nullptr) throw Error("out of memory allocating " + std::to_string(bytes) + " bytes");
  madvise(p, rounded, MADV_HUGEPAGE);  // a hint: errors ignored
  return p;
}

void populate_for_write(void* data, size_t bytes) {
  if (bytes == 0) return;
  // madvise wants a page-aligned start; the end may be ragged.
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data) / page * page;
  const uintptr_t end = reinterpret_cast<uintptr_t>(data) + bytes;
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);  // a hint: errors ignored
}

}  // namespace tsrt
