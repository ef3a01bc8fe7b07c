// Replays every input checked in under tests/fuzz/regressions/<target>/ through that fuzz
// target's LLVMFuzzerTestOneInput in the normal (gcc) build: each is an input a fuzzer or a
// limits test once broke tsrt with, and must now load/parse or throw tsrt::Error and return.
// A crash, a sanitizer report (under --config=asan) or an escaping exception fails the test.
// Usage (from BUILD): regression_test_<target> <folder>
#include <dirent.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
    return 2;
  }
  std::string folder = argv[1];
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", folder.c_str());
    return 2;
  }
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != ".." && name != "README.md") names.push_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  if (names.empty()) {
    std::fprintf(stderr, "no inputs in %s\n", folder.c_str());
    return 1;
  }
  for (const std::string& name : names) {
    std::ifstream in(folder + "/" + name, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::printf("%s (%zu bytes)\n", name.c_str(), bytes.size());
    std::fflush(stdout);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%zu inputs replayed\n", names.size());
  return 0;
}
