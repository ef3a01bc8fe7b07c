// A whole file mapped into memory, released (munmap) when the last shared_ptr goes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace tsrt::archive {

struct MappedFile {
  std::shared_ptr<const void> keepalive;  // owns the mapping
  const char* data = nullptr;
  size_t size = 0;
};

// Maps `path` read/write but private (copy-on-write): in-place writes by kernels to weights
// stay in this process and never fault. Throws tsrt::Error naming the path on failure.
MappedFile map_file(const std::string& path);

}  // namespace tsrt::archive
