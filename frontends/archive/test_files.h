// Test helper: where the archive and pickle tests find their files. Real files come from
// $TSRT_SHARED/testdata/real, generated ones and PyTorch's expected facts from
// $TSRT_TESTDATA/frontends (written by frontends/pickle/testdata/dump_params.py).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace tsrt::archive::testing {

// The variable's value; throws (failing the test, never skipping it) when unset.
inline std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string("environment variable ") + name + " is not set");
  }
  return value;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// {"files": [{"path", "real", "prefix", "entries", "version", "globals", "tensors", ...}]}
inline nlohmann::json load_expected() {
  return nlohmann::json::parse(read_file(required_env("TSRT_TESTDATA") + "/frontends/expected.json"));
}

// The file an entry of expected.json describes.
inline std::string file_path(const nlohmann::json& file) {
  std::string path = file.at("path").get<std::string>();
  if (file.at("real").get<bool>()) return required_env("TSRT_SHARED") + "/testdata/real/" + path;
  return required_env("TSRT_TESTDATA") + "/frontends/generated/" + path;
}

}  // namespace tsrt::archive::testing
