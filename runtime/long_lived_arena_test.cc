// The arena's bookkeeping: bump allocation inside a slab, a slab of its own for big requests,
// and a slab freed once nothing in it is alive.
#include "runtime/long_lived_arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "runtime/sanitizers.h"

namespace tsrt {
namespace {

// Sanitizer builds give each allocation its own malloc block: no slabs to test there.
#if !TSRT_MEMORY_SANITIZER
TEST(LongLivedArena, SmallAllocationsShareASlabAndAreAligned) {
  LongLivedArena& arena = LongLivedArena::global();
  LongLivedArena::Allocation a = arena.allocate(100);
  LongLivedArena::Allocation b = arena.allocate(100);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data) % 64, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data) % 64, 0u);
  if (a.slab == b.slab) {  // else `a` filled the slab and `b` opened the next one
    EXPECT_EQ(static_cast<char*>(b.data) - static_cast<char*>(a.data), 128);
  }
  std::memset(a.data, 1, 100);
  std::memset(b.data, 2, 100);
  EXPECT_EQ(static_cast<unsigned char*>(a.data)[99], 1);
}

TEST(LongLivedArena, ASlabLivesUntilItsLastAllocationIsFreed) {
  LongLivedArena& arena = LongLivedArena::global();
  LongLivedArena::Allocation first = arena.allocate(1000);
  std::weak_ptr<const void> first_slab = first.slab;
  // More than the rest of any slab: the arena moves on to a new one.
  LongLivedArena::Allocation second = arena.allocate(LongLivedArena::kSlabBytes - 64);
  EXPECT_NE(second.slab, first.slab);
  LongLivedArena::Allocation third = arena.allocate(64);
  EXPECT_NE(third.slab, first.slab);
  EXPECT_FALSE(first_slab.expired());
  first = {};
  EXPECT_TRUE(first_slab.expired());
}

#endif  // !TSRT_MEMORY_SANITIZER

TEST(LongLivedArena, AllocationsBiggerThanASlabGetTheirOwn) {
  LongLivedArena& arena = LongLivedArena::global();
  const size_t big = LongLivedArena::kSlabBytes + 4096;
  LongLivedArena::Allocation a = arena.allocate(big);
  ASSERT_NE(a.data, nullptr);
  static_cast<char*>(a.data)[big - 1] = 7;  // all of it is usable
  LongLivedArena::Allocation small = arena.allocate(64);
  EXPECT_NE(small.slab, a.slab);
}

}  // namespace
}  // namespace tsrt
