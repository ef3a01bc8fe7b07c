// LongLivedArena: memory for data that lives as long as a model (prepacked weights, aligned
// copies of misaligned archive records). It is carved out of large slabs that ask for
// transparent huge pages, and each allocation is populated in one madvise(MADV_POPULATE_WRITE)
// call instead of one page fault per page.
//
// Why: filling 340 MB of fresh memory (BERT-base's packed weights) is most of a cold load.
// On the VMs tsrt is measured on, every first touch of a 4 KiB page is a trip through the
// hypervisor (0.4-1.0 s for 340 MB on 4 KiB pages; 0.02-0.56 s on populated huge pages, the
// high end when the guest had just returned that memory to the host). docs/design.md, "Memory".
//
// Allocations are bump-allocated and never reused one by one: a slab goes back to the system
// when the last allocation in it is freed. Allocations bigger than a slab get a slab of their
// own. Sanitizer builds take every allocation from malloc, so use after free is still caught.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

namespace tsrt {

class LongLivedArena {
 public:
  static LongLivedArena& global();

  static constexpr size_t kSlabBytes = size_t{64} << 20;

  struct Allocation {
    void* data = nullptr;             // 64-byte aligned, `nbytes` long, resident
    std::shared_ptr<const void> slab;  // keeps `data` alive
  };
  Allocation allocate(size_t nbytes);

 private:
  LongLivedArena() = default;
  std::mutex mutex_;
  std::shared_ptr<char> slab_;  // the slab being filled (null before the first allocation)
  size_t slab_capacity_ = 0;
  size_t slab_used_ = 0;
};

}  // namespace tsrt
