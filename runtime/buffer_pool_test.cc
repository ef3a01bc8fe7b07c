// The pool's own rules: size classes, reuse, its limit. (That a forward's buffers all come from
// the pool after warm-up is runtime/steady_state_test.)
#include "runtime/buffer_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/tensor.h"

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

// The VmFlags line of the mapping that holds `address` (/proc/self/smaps): "hg" in it means
// madvise(MADV_HUGEPAGE) was applied.
std::string vm_flags_of(const void* address) {
  const auto target = reinterpret_cast<uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream header(line);
    if (header >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= target && target < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(BufferPool, BigPooledBlocksAskForHugePagesLongLivedStorageDoesNot) {
  constexpr size_t kBytes = size_t{8} << 20;
  Storage pooled(kBytes);
  std::string pooled_flags = vm_flags_of(pooled.data());
  ASSERT_FALSE(pooled_flags.empty());
  EXPECT_NE(pooled_flags.find(" hg"), std::string::npos) << pooled_flags;

  BufferPool::Stats before = BufferPool::global().stats();
  Storage long_lived(kBytes, Storage::LongLived{});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(long_lived.data()) % 64, 0u);
  std::string flags = vm_flags_of(long_lived.data());
  ASSERT_FALSE(flags.empty());
  EXPECT_EQ(flags.find(" hg"), std::string::npos) << flags;
  // Outside the pool: it took no block from it and gives none back.
  EXPECT_EQ(BufferPool::global().stats().system_allocations, before.system_allocations);
  EXPECT_EQ(BufferPool::global().stats().reuses, before.reuses);
}

}  // namespace
}  // namespace tsrt
