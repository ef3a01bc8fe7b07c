#include "runtime/long_lived_arena.h"

#include <algorithm>
#include <cstdlib>

#include "runtime/buffer_pool.h"
#include "runtime/huge_pages.h"
#include "runtime/sanitizers.h"

namespace tsrt {

LongLivedArena& LongLivedArena::global() {
  static LongLivedArena* arena = new LongLivedArena();
  return *arena;
}

LongLivedArena::Allocation LongLivedArena::allocate(size_t nbytes) {
  constexpr size_t kAlignment = BufferPool::kAlignment;
  const size_t size = std::max<size_t>((nbytes + kAlignment - 1) / kAlignment * kAlignment, kAlignment);
  Allocation result;
  if (TSRT_MEMORY_SANITIZER) {
    void* p = allocate_aligned(kAlignment, size, nbytes);
    result.data = p;
    result.slab = std::shared_ptr<const void>(p, [](const void* q) { std::free(const_cast<void*>(q)); });
    return result;
  }
  auto free_slab = [](char* p) { std::free(p); };
  if (size > kSlabBytes) {  // a slab of its own
    std::shared_ptr<char> own(static_cast<char*>(allocate_huge_pages(size)), free_slab);
    result.data = own.get();
    result.slab = own;
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!slab_ || slab_used_ + size > slab_capacity_) {
      // The old slab's unused tail was never populated: it costs address space, not memory.
      slab_.reset(static_cast<char*>(allocate_huge_pages(kSlabBytes)), free_slab);
      slab_capacity_ = kSlabBytes;
      slab_used_ = 0;
    }
    result.data = slab_.get() + slab_used_;
    result.slab = slab_;
    slab_used_ += size;
  }
  // Outside the lock: threads packing weights side by side populate side by side.
  populate_for_write(result.data, size);
  return result;
}

}  // namespace tsrt
