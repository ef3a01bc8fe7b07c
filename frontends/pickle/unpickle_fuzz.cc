// libFuzzer entry point for the unpickler: any input must unpickle or throw tsrt::Error.
// Storages are served from fresh memory, capped so the fuzzer explores parsing, not malloc.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "frontends/pickle/unpickler.h"
#include "runtime/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tsrt::pickle::Hooks hooks{[](const tsrt::pickle::StorageRequest& request) {
    if (request.numel > (int64_t{1} << 16)) throw tsrt::Error("fuzz: storage too large");
    size_t nbytes = static_cast<size_t>(request.numel) * tsrt::element_size(request.dtype);
    auto storage = std::make_shared<tsrt::Storage>(nbytes);
    std::memset(storage->data(), 0, nbytes);
    return storage;
  }};
  try {
    tsrt::pickle::unpickle(std::string(reinterpret_cast<const char*>(data), size), "fuzz.pkl", hooks);
  } catch (const tsrt::Error&) {
  }
  return 0;
}
