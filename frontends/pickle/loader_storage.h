// Storage loading for the unpickler from an archive's record folder ("data/" for data.pkl,
// "constants/" for constants.pkl): records are mapped in place, not copied.
#pragma once

#include <memory>
#include <string>

#include "frontends/archive/archive.h"
#include "frontends/pickle/unpickler.h"

namespace tsrt::pickle {

// A load_storage hook serving persistent ids from `folder` + key in `archive`. The record must
// be stored uncompressed and hold numel * element_size bytes (extra bytes are allowed).
// Storages saved on any device ("cuda:0", ...) are loaded on the CPU. Throws at once when the
// archive's "byteorder" record says the data is not little-endian.
std::function<std::shared_ptr<Storage>(const StorageRequest&)> archive_storage_loader(
    std::shared_ptr<const archive::Archive> archive, const std::string& folder);

}  // namespace tsrt::pickle
