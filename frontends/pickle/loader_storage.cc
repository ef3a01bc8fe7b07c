#include "frontends/pickle/loader_storage.h"

#include <cstdint>
#include <cstring>

#include "runtime/error.h"

namespace tsrt::pickle {

std::function<std::shared_ptr<Storage>(const StorageRequest&)> archive_storage_loader(
    std::shared_ptr<const archive::Archive> archive, const std::string& folder) {
  // Records hold raw machine bytes; torch >= 1.13 notes their order in "byteorder".
  if (archive->has("byteorder")) {
    std::string order = archive->read("byteorder");
    order.erase(order.find_last_not_of(" \t\r\n") + 1);
    if (order != "little") {
      throw Error(archive->origin() + ": tensor data byte order '" + order.substr(0, 16) +
                  "' is unsupported (only little-endian)");
    }
  }
  return [archive, folder](const StorageRequest& request) -> std::shared_ptr<Storage> {
    std::string name = folder + request.key;
    std::string where = archive->origin() + ": tensor record '" + archive->prefix() + name + "'";
    if (!archive->has(name)) throw Error(where + " is missing");
    archive::Archive::Record record = archive->record(name);
    size_t element = element_size(request.dtype);
    if (request.numel < 0 ||
        static_cast<uint64_t>(request.numel) > record.size / element) {
      throw Error(where + " is truncated: holds " + std::to_string(record.size) +
                  " bytes, needs " + std::to_string(request.numel) + " " +
                  dtype_name(request.dtype) + " elements");
    }
    size_t nbytes = static_cast<size_t>(request.numel) * element;
    // Kernels read elements through typed pointers: misaligned records (from writers that do
    // not pad like torch) are copied into aligned memory instead.
    if (reinterpret_cast<uintptr_t>(record.data) % element != 0) {
      auto copy = std::make_shared<Storage>(nbytes, Storage::LongLived{});
      std::memcpy(copy->data(), record.data, nbytes);
      return copy;
    }
    // The mapping is private copy-on-write, so handing out a writable pointer is safe.
    return std::make_shared<Storage>(const_cast<char*>(record.data), nbytes, record.keepalive, record.file_mapping);
  };
}

}  // namespace tsrt::pickle
