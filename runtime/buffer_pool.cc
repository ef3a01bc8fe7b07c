#include "runtime/buffer_pool.h"


#include <cstdlib>

#include "runtime/huge_pages.h"
#include "runtime/sanitizers.h"

namespace tsrt {

namespace {

constexpr size_t kAlignment = BufferPool::kAlignment;

// The smallest class size >= n: 64-byte multiples up to 256 bytes, then four classes per power
// of two (1, 1.25, 1.5, 1.75 times it).
size_t size_class(size_t n) {
  if (n <= 256) return n == 0 ? kAlignment : (n + kAlignment - 1) / kAlignment * kAlignment;
  size_t power = size_t{1} << (63 - __builtin_clzll(n));
  if (power == n) return n;
  size_t step = power / 4;
  return (n + step - 1) / step * step;
}

// Blocks of 2 MiB and more go on transparent huge pages, made resident at once
// (runtime/huge_pages.h): one fault per 2 MiB at most, and fewer TLB misses in the GEMMs that
// stream through BERT's activations.
void* system_allocate(size_t capacity) {
  if (capacity < kHugePageBytes) return allocate_aligned(kAlignment, capacity, capacity);
  void* p = allocate_huge_pages(capacity);
  populate_for_write(p, capacity);
  return p;
}

}  // namespace

BufferPool& BufferPool::global() {
  static BufferPool* pool = [] {
    auto* p = new BufferPool();
    p->stats_.limit_bytes = size_t{1} << 30;
    if (const char* env = std::getenv("TSRT_BUFFER_POOL_MB")) p->stats_.limit_bytes = size_t(std::atoll(env)) << 20;
    return p;
  }();
  return *pool;
}

void* BufferPool::allocate(size_t nbytes, size_t* capacity) {
  *capacity = size_class(nbytes);
  if (!TSRT_MEMORY_SANITIZER) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = free_.find(*capacity);
    if (it != free_.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      stats_.cached_bytes -= *capacity;
      ++stats_.reuses;
      return p;
    }
    ++stats_.system_allocations;
  }
  return system_allocate(*capacity);
}

void BufferPool::release(void* data, size_t capacity) {
  if (data == nullptr) return;
  if (!TSRT_MEMORY_SANITIZER) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stats_.cached_bytes + capacity <= stats_.limit_bytes) {
      free_[capacity].push_back(data);
      stats_.cached_bytes += capacity;
      return;
    }
  }
  std::free(data);
}

BufferPool::Stats BufferPool::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void BufferPool::set_limit(size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.limit_bytes = bytes;
  }
  if (stats().cached_bytes > bytes) trim();
}

void BufferPool::trim() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [capacity, blocks] : free_) {
    for (void* p : blocks) std::free(p);
    blocks.clear();
  }
  stats_.cached_bytes = 0;
}

}  // namespace tsrt
