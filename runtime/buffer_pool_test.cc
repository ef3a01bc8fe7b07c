// The pool's own rules: size classes, reuse, its limit. (That a forward's buffers all come from
// the pool after warm-up is runtime/steady_state_test.)
#include "runtime/buffer_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace tsrt {
namespace {

TEST(BufferPool, ReusesAFreedBlockOfTheSameClass) {
  BufferPool& pool = BufferPool::global();
  size_t capacity = 0;
  void* a = pool.allocate(1000, &capacity);
  EXPECT_GE(capacity, 1000u);
  EXPECT_LE(capacity, 1250u);  // four classes per power of two: at most 25 % slack
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  pool.release(a, capacity);
  BufferPool::Stats before = pool.stats();
  size_t again = 0;
  void* b = pool.allocate(990, &again);  // same class
  EXPECT_EQ(again, capacity);
  EXPECT_EQ(b, a);
  EXPECT_EQ(pool.stats().system_allocations, before.system_allocations);
  pool.release(b, again);
}

TEST(BufferPool, HoldsNoMoreThanItsLimit) {
  BufferPool& pool = BufferPool::global();
  pool.trim();
  size_t old_limit = pool.stats().limit_bytes;
  pool.set_limit(1 << 20);
  size_t c1 = 0, c2 = 0;
  void* a = pool.allocate(900 << 10, &c1);
  void* b = pool.allocate(900 << 10, &c2);
  pool.release(a, c1);
  pool.release(b, c2);  // would exceed 1 MiB cached: goes back to the system
  EXPECT_LE(pool.stats().cached_bytes, size_t{1} << 20);
  EXPECT_GT(pool.stats().cached_bytes, 0u);
  pool.set_limit(old_limit);
}

}  // namespace
}  // namespace tsrt
