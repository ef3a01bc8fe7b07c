// Tensor buffers are recycled. A freed buffer goes back to a free list for its size class and
// the next request of that class takes it, so once a forward has run, the same forward asks the
// system for no tensor memory and takes no page faults. Because the interpreter frees every
// value after its last use, buffers are reused in liveness order: this is the dynamic form of
// a liveness memory plan (Static Runtime's), and it also serves shapes that change per call.
//
// Size classes are four per power of two (at most 25 % slack). Cached bytes are bounded
// (`set_limit`); beyond it buffers go back to the system. Sanitizer builds bypass the pool so
// that AddressSanitizer still sees every use after free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace tsrt {

class BufferPool {
 public:
  static BufferPool& global();

  // The alignment of every tensor buffer (a cache line, and what oneDNN's kernels expect),
  // pooled or not (Storage::LongLived).
  static constexpr size_t kAlignment = 64;

  // 64-byte aligned memory of at least `nbytes`; `*capacity` receives the block's real size,
  // to be handed back to release().
  void* allocate(size_t nbytes, size_t* capacity);
  void release(void* data, size_t capacity);

  struct Stats {
    uint64_t system_allocations = 0;  // blocks taken from the system (pool misses)
    uint64_t reuses = 0;              // requests served from the pool
    size_t cached_bytes = 0;          // free blocks held now
    size_t limit_bytes = 0;
  };
  Stats stats() const;
  void set_limit(size_t bytes);
  // Returns every cached block to the system.
  void trim();

 private:
  BufferPool() = default;
  mutable std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;  // size class -> free blocks
  Stats stats_;
};

}  // namespace tsrt
