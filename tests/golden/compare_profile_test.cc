// `tsrt compare --profile`: one table of calls and time per op kind on both sides. The call
// counts are checked against the op multiset of the graph that runs, measured, not typed in:
// stock libtorch's profile against libtorch's own inlined graph (`reference_runner
// --op-counts`), tsrt's against its inlined IR, and the CLI's table against both.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "runtime/compare.h"
#include "runtime/profiler.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

// Runs `command`, returns its stdout and sets `status` to its exit status.
std::string run_command(const std::string& command, int* status = nullptr) {
  std::FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int s = pclose(pipe);
  if (status) *status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  return out;
}

bool is_prim(const std::string& kind) { return kind.rfind("prim::", 0) == 0; }

// Ops the TorchScript interpreter runs itself rather than through the dispatcher: libtorch's
// profiler never sees them (and tsrt's peephole pass folds some aten::Int away).
bool interpreter_op(const std::string& kind) { return kind == "aten::size" || kind == "aten::Int"; }

// Op kinds of tsrt's IR with their node counts (blocks included).
void count_nodes(const ir::Block& block, std::map<std::string, double>& counts) {
  for (const ir::Node* n : block.nodes()) {
    ++counts[n->kind()];
    for (const ir::Block* b : n->blocks()) count_nodes(*b, counts);
  }
}

class CompareProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmp = std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp";
    profile_ = tmp + "/bert_tiny_profile.json";
    int status = -1;
    run_command(runner_ + " '" + model_ + "' --input '" + ids_ + "' --input '" + segments_ + "' --profile-ops '" +
                    profile_ + "'",
                &status);
    ASSERT_EQ(status, 0);
    // libtorch's own inlined graph: the op multiset its profile must show.
    nlohmann::json counts = nlohmann::json::parse(run_command(runner_ + " '" + model_ + "' --op-counts"));
    for (auto it = counts.begin(); it != counts.end(); ++it) graph_ops_[it.key()] = it.value().get<double>();
    inputs_ = {Value(npy::read(ids_)), Value(npy::read(segments_))};
  }

  // tsrt's profile of `runs` runs after one unprofiled one, under `pipeline`.
  OpKindTimes tsrt_profile(const std::string& pipeline, std::map<std::string, double>* ir_ops = nullptr) {
    LoadOptions options;
    options.passes = pipeline;
    Module m = load(model_, options);
    if (ir_ops) count_nodes(*m.method("forward").graph->block(), *ir_ops);
    m.call("forward", inputs_);
    runtime::Profiler profiler;
    for (int i = 0; i < 3; ++i) m.call("forward", inputs_, &profiler);
    return tsrt_op_times(profiler, 3);
  }

  std::string runner_ = "tools/reference/reference_runner";
  std::string dir_ = testing::testdata_dir() + "/corpus/";
  std::string model_ = dir_ + "bert_tiny_traced.pt";
  std::string ids_ = dir_ + "bert_tiny_traced.in0.npy";
  std::string segments_ = dir_ + "bert_tiny_traced.in1.npy";
  std::string profile_;
  std::map<std::string, double> graph_ops_;
  std::vector<Value> inputs_;
};

TEST_F(CompareProfile, LibtorchProfileCountsEveryOpOfItsGraph) {
  OpKindTimes libtorch = read_libtorch_op_times(profile_);
  ASSERT_GT(graph_ops_["aten::linear"], 0);
  // BERT: q, k, v, attention output, intermediate, output per layer (two layer norms per
  // layer plus the embeddings'), and the pooler.
  double layers = (graph_ops_["aten::layer_norm"] - 1) / 2;
  EXPECT_EQ(graph_ops_["aten::linear"], 6 * layers + 1);
  for (const auto& [kind, count] : graph_ops_) {
    if (is_prim(kind) || interpreter_op(kind)) continue;  // not ops libtorch's profiler sees
    ASSERT_TRUE(libtorch.count(kind)) << kind << " is in the graph, not in libtorch's profile";
    EXPECT_EQ(libtorch.at(kind).calls, count) << kind;
    EXPECT_GT(libtorch.at(kind).ms, 0) << kind;
  }
  for (const auto& [kind, t] : libtorch) EXPECT_TRUE(graph_ops_.count(kind)) << kind << " is not a node of the graph";
}

TEST_F(CompareProfile, TsrtProfileCountsEveryKernelOfItsGraph) {
  std::map<std::string, double> ir_ops;
  OpKindTimes tsrt = tsrt_profile("inline", &ir_ops);
  for (const auto& [kind, count] : ir_ops) {
    if (is_prim(kind)) continue;
    ASSERT_TRUE(tsrt.count(kind)) << kind << " is in tsrt's IR, not in its profile";
    EXPECT_EQ(tsrt.at(kind).calls, count) << kind;
    EXPECT_GT(tsrt.at(kind).ms, 0) << kind;
    // The same ops as libtorch's graph (op_multiset_test covers aten::Int, some of which
    // libtorch's compiler folds while loading).
    if (kind != "aten::Int") EXPECT_EQ(count, graph_ops_[kind]) << kind << ": tsrt's IR vs libtorch's graph";
  }
}

// With the default pipeline the table shows the passes' effect: tsrt runs the IR its passes
// left (fewer nodes of some kinds, fused kinds under their own names, on tsrt's side only).
TEST_F(CompareProfile, MergedTableShowsWhatThePipelineRuns) {
  std::map<std::string, double> ir_ops;
  std::vector<ProfileRow> rows = merge_op_times(tsrt_profile("default", &ir_ops), read_libtorch_op_times(profile_));
  ASSERT_FALSE(rows.empty());
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    EXPECT_GE(rows[i].tsrt.ms + rows[i].libtorch.ms, rows[i + 1].tsrt.ms + rows[i + 1].libtorch.ms);
  }
  int removed = 0;
  for (const ProfileRow& r : rows) {
    EXPECT_TRUE(r.tsrt.calls > 0 || r.libtorch.calls > 0) << r.kind;
    if (!graph_ops_.count(r.kind)) {  // a kind libtorch's graph never has: a fusion of tsrt's passes
      EXPECT_EQ(r.libtorch.calls, 0) << r.kind;
      EXPECT_GT(r.tsrt.calls, 0) << r.kind;
    }
    if (!is_prim(r.kind)) EXPECT_EQ(r.tsrt.calls, ir_ops[r.kind]) << r.kind << ": tsrt's calls vs its optimised IR";
    if (!is_prim(r.kind) && !interpreter_op(r.kind)) {
      EXPECT_EQ(r.libtorch.calls, graph_ops_[r.kind]) << r.kind;
      removed += r.tsrt.calls < r.libtorch.calls;
    }
  }
  EXPECT_GT(removed, 0) << "the default pipeline removes some of BERT's nodes (dropout in eval, no-op slices)";
}

TEST_F(CompareProfile, CliPrintsOneTableOfBothSides) {
  int status = -1;
  std::string out = run_command("tools/tsrt/tsrt compare '" + model_ + "' --input '" + ids_ + "' --input '" +
                                    segments_ + "' --passes inline --profile",
                                &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("outputs match"), std::string::npos) << out;
  ASSERT_NE(out.find("\nop kind"), std::string::npos) << out;
  // Each aten row: kind, tsrt calls, tsrt ms, libtorch calls, libtorch ms, ratio.
  std::map<std::string, double> ir_ops;
  tsrt_profile("inline", &ir_ops);
  std::istringstream lines(out.substr(out.find("\nop kind") + 1));
  std::string line;
  std::getline(lines, line);  // header
  int rows = 0;
  bool total = false;
  while (std::getline(lines, line) && !line.empty()) {
    std::istringstream fields(line);
    std::string kind, tsrt_calls, tsrt_ms, torch_calls, torch_ms, ratio;
    fields >> kind >> tsrt_calls >> tsrt_ms >> torch_calls >> torch_ms >> ratio;
    if (kind == "total") {
      total = true;
      break;
    }
    if (is_prim(kind)) continue;
    ++rows;
    ASSERT_TRUE(graph_ops_.count(kind)) << line;
    EXPECT_EQ(std::stod(tsrt_calls), ir_ops[kind]) << line;
    if (interpreter_op(kind)) {
      EXPECT_EQ(torch_calls, "-") << line;  // "-": does not run on that side
      continue;
    }
    EXPECT_EQ(std::stod(torch_calls), graph_ops_[kind]) << line;
    EXPECT_GT(std::stod(ratio), 0) << line;  // tsrt ms / libtorch ms, 3 significant digits
  }
  EXPECT_TRUE(total) << out;
  int aten_kinds = 0;
  for (const auto& [kind, count] : graph_ops_) aten_kinds += !is_prim(kind);
  EXPECT_EQ(rows, aten_kinds) << out;
}

}  // namespace
}  // namespace tsrt
