// libFuzzer entry point for the script parser: any source must parse or throw tsrt::Error.
// (parser_fuzz.cc beside it is a standalone random-mutation driver with its own main.)
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontends/script/parser.h"
#include "runtime/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    tsrt::script::parse_file(std::string(reinterpret_cast<const char*>(data), size), "fuzz.py");
  } catch (const tsrt::Error&) {
  }
  return 0;
}
