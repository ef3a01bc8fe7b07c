// libFuzzer entry point for the zip reader: any input must either parse or throw tsrt::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontends/archive/archive.h"
#include "runtime/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto archive = tsrt::archive::Archive::from_bytes(
        std::string(reinterpret_cast<const char*>(data), size), "fuzz.pt");
    for (const std::string& name : archive->entry_names()) {
      try {
        archive->read(name);
        archive->record(name);
      } catch (const tsrt::Error&) {
      }
    }
    archive->version();
  } catch (const tsrt::Error&) {
  }
  return 0;
}
