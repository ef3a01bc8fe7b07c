// Robustness driver for the script parser: parses random mutations of the given seed files
// (or random token soup without seeds) and aborts on anything but tsrt::Error.
// Usage: parser_fuzz [iterations] [seed] [files...]; run under --config=asan for best effect.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "frontends/script/parser.h"

namespace {

std::string read_text(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Replaces, inserts, deletes or duplicates a few random spans of `text`.
std::string mutate(std::string text, std::mt19937& rng) {
  static const std::string kPieces[] = {"(", ")", "[", "]", "{", "}", ":", ",", "\n", "  ",
                                        "\n  ", "'", "\"", "\\", "#", "=", "-", "**", "not ",
                                        "if ", "else:", "def ", "class ", "1e", "0x", ".", "..."};
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits; ++i) {
    const size_t at = text.empty() ? 0 : rng() % (text.size() + 1);
    switch (rng() % 4) {
      case 0:
        text.insert(at, kPieces[rng() % std::size(kPieces)]);
        break;
      case 1:
        if (!text.empty()) text.erase(std::min(at, text.size() - 1), 1 + rng() % 8);
        break;
      case 2:
        if (at < text.size()) text[at] = static_cast<char>(rng() % 256);
        break;
      default: {
        if (text.empty()) break;
        const size_t from = rng() % text.size();
        text.insert(at, text.substr(from, 1 + rng() % 40));
      }
    }
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 100000;
  std::mt19937 rng(argc > 2 ? static_cast<unsigned>(std::atol(argv[2])) : 1u);
  std::vector<std::string> seeds;
  for (int i = 3; i < argc; ++i) seeds.push_back(read_text(argv[i]));
  if (seeds.empty()) seeds.push_back("def f(x: int) -> int:\n  return x\n");
  long rejected = 0;
  for (long i = 0; i < iterations; ++i) {
    const std::string input = mutate(seeds[rng() % seeds.size()], rng);
    try {
      tsrt::script::parse_file(input, "fuzz.py");
    } catch (const tsrt::Error&) {
      ++rejected;
    } catch (const std::exception& other) {
      std::fprintf(stderr, "non-tsrt exception on iteration %ld: %s\n", i, other.what());
      std::abort();
    }
  }
  std::printf("%ld inputs, %ld rejected with tsrt::Error, no crashes\n", iterations, rejected);
  return 0;
}
