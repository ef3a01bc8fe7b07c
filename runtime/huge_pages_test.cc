// Big blocks, pooled or long-lived, are on huge pages and resident before anything touches them
// (runtime/huge_pages.h): what makes a cold load cheap on a VM.
#include "runtime/huge_pages.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/buffer_pool.h"
#include "runtime/tensor.h"

namespace tsrt {
namespace {

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

// How many of the pages of [data, data + bytes) are resident (mincore), and how many there are.
std::pair<size_t, size_t> resident_pages(const void* data, size_t bytes) {
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data) / page * page;
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes + page - 1) / page * page;
  std::vector<unsigned char> flags((end - begin) / page);
  if (mincore(reinterpret_cast<void*>(begin), end - begin, flags.data()) != 0) return {0, flags.size()};
  size_t resident = 0;
  for (unsigned char f : flags) resident += f & 1;
  return {resident, flags.size()};
}

void expect_huge_and_resident(const Storage& storage) {
  std::string flags = vm_flags_of(storage.data());
  ASSERT_FALSE(flags.empty());
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
  auto [resident, pages] = resident_pages(storage.data(), storage.nbytes());
  EXPECT_EQ(resident, pages);
}

TEST(HugePages, BigPooledBlocksAreOnHugePagesAndResidentUntouched) {
  BufferPool::global().trim();  // a fresh block from the system, not a cached one
  Storage pooled(size_t{8} << 20);
  expect_huge_and_resident(pooled);
}

TEST(HugePages, LongLivedStorageIsOnHugePagesResidentAndOutsideThePool) {
  BufferPool::Stats before = BufferPool::global().stats();
  Storage long_lived(size_t{8} << 20, Storage::LongLived{});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(long_lived.data()) % BufferPool::kAlignment, 0u);
  expect_huge_and_resident(long_lived);
  EXPECT_EQ(BufferPool::global().stats().system_allocations, before.system_allocations);
  EXPECT_EQ(BufferPool::global().stats().reuses, before.reuses);
}

TEST(HugePages, AllocationIsRoundedToWholeHugePages) {
  void* p = allocate_huge_pages(kHugePageBytes + 1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kHugePageBytes, 0u);
  populate_for_write(p, 2 * kHugePageBytes);  // the rounded size is usable
  EXPECT_EQ(resident_pages(p, 2 * kHugePageBytes).first, resident_pages(p, 2 * kHugePageBytes).second);
  std::free(p);
}

}  // namespace
}  // namespace tsrt
