// tsrt's frontend builds the same ops as stock libtorch: for every corpus model, the multiset of
// op kinds (every namespace except prim::, whose container and constant nodes differ by design)
// after inlining and folding branches on constants (as libtorch's compiler does)
// in tsrt's inlined IR equals the one in libtorch's inlined graph of the same method.
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using OpCounts = std::map<std::string, int>;

// Counts op kinds; `round_trips` counts aten::Int(prim::NumToTensor(int)) pairs, some of which
// libtorch's compiler folds away while loading (tsrt's peephole pass folds them all).
void count_block(const ir::Block& block, OpCounts& counts, int& round_trips) {
  for (const ir::Node* n : block.nodes()) {
    if (n->kind().rfind("prim::", 0) != 0) ++counts[n->kind()];
    if (n->kind() == "aten::Int" && n->input(0)->node()->kind() == "prim::NumToTensor") ++round_trips;
    for (const ir::Block* b : n->blocks()) count_block(*b, counts, round_trips);
  }
}

OpCounts libtorch_counts(const std::string& model, const std::string& method) {
  std::string command = "tools/reference/reference_runner '" + model + "' --method " + method + " --op-counts";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  TSRT_CHECK(pipe != nullptr, "cannot run " + command);
  std::string out;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe.get())) out.append(buffer, n);
  OpCounts counts;
  nlohmann::json parsed = nlohmann::json::parse(out);
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    if (it.key().rfind("prim::", 0) != 0) counts[it.key()] = it.value().get<int>();
  }
  return counts;
}

std::string describe(const OpCounts& a, const OpCounts& b) {
  std::string out;
  std::set<std::string> kinds;
  for (const auto& [k, v] : a) kinds.insert(k);
  for (const auto& [k, v] : b) kinds.insert(k);
  for (const auto& k : kinds) {
    int x = a.count(k) ? a.at(k) : 0, y = b.count(k) ? b.at(k) : 0;
    if (x != y) out += " " + k + ": tsrt " + std::to_string(x) + " vs libtorch " + std::to_string(y) + ";";
  }
  return out;
}

TEST(OpMultiset, EveryCorpusModelMatchesLibtorch) {
  std::string dir = testing::testdata_dir() + "/corpus/";
  std::ifstream in(dir + "manifest.json");
  ASSERT_TRUE(in.good());
  std::set<std::pair<std::string, std::string>> done;
  int compared = 0;
  for (const auto& entry : nlohmann::json::parse(in)) {
    std::string file = entry["file"], method = entry.value("method", "forward");
    if (!done.insert({file, method}).second) continue;
    LoadOptions options;
    options.passes = "inline,simplify-control-flow";
    OpCounts ours;
    int round_trips = 0;
    try {
      Module m = load(dir + file, options);
      count_block(*m.method(method).graph->block(), ours, round_trips);
    } catch (const Error& e) {
      ADD_FAILURE() << file << ": " << e.what();
      continue;
    }
    OpCounts theirs = libtorch_counts(dir + file, method);
    int our_ints = ours["aten::Int"], their_ints = theirs["aten::Int"];
    EXPECT_TRUE(their_ints <= our_ints && our_ints - round_trips <= their_ints)
        << file << ": aten::Int tsrt " << our_ints << " (" << round_trips << " foldable) vs libtorch " << their_ints;
    ours.erase("aten::Int");
    theirs.erase("aten::Int");
    // tsrt runs forked closures in place, so a future is its value and has no aten::wait.
    theirs.erase("aten::wait");
    EXPECT_EQ(ours, theirs) << file << " " << method << ":" << describe(ours, theirs);
    ++compared;
  }
  EXPECT_GE(compared, 25);
}

}  // namespace
}  // namespace tsrt
