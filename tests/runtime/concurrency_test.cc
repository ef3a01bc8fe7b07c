// One loaded module serves many threads at once: 8 threads x 200 calls on the tiny BERT and on
// a scripted control-flow model give the same bits as a single-threaded run, which itself
// matches stock PyTorch's stored outputs. Run under ThreadSanitizer with
// `bazel test --config=tsan //tests/runtime:concurrency_test`.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

struct Workload {
  std::string name;
  Module module;
  std::vector<Value> inputs;
  std::vector<Tensor> expected;  // single-threaded result
};

Workload make_workload(const std::string& name, const std::vector<std::string>& input_files) {
  std::string dir = testing::testdata_dir() + "/corpus/";
  Module m = load(dir + name + ".pt");
  std::vector<Value> inputs;
  for (const auto& f : input_files) {
    bool is_file = f.size() > 4 && f.compare(f.size() - 4, 4, ".npy") == 0;
    inputs.push_back(npy::parse_input_spec(is_file ? dir + f : f));
  }
  // The baseline every thread is held to must itself be right, not just repeatable.
  EXPECT_EQ(testing::check_outputs(m, testing::corpus_case(name + ".pt")), "") << name << ": baseline vs stock";
  std::vector<Tensor> expected = npy::flatten_outputs(m.call("forward", inputs));
  return Workload{name, m, inputs, expected};
}

bool identical(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (testing::compare_bits(Value(a[i]), Value(b[i])) != "") return false;
  }
  return true;
}

TEST(Concurrency, OneModuleManyThreads) {
  std::vector<Workload> workloads;
  workloads.push_back(make_workload("bert_tiny_traced", {"bert_tiny_traced.in0.npy", "bert_tiny_traced.in1.npy"}));
  workloads.push_back(make_workload("cf_while_break_continue", {"cf_while_break_continue.in0.npy", "int:7"}));
  workloads.push_back(make_workload("seed_rnn_loop_scripted", {"seed_rnn_loop_scripted.in0.npy"}));
  constexpr int kThreads = 8;
  constexpr int kCalls = 200;
  std::vector<std::atomic<int>> mismatches(workloads.size());
  std::atomic<int> calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        size_t which = static_cast<size_t>(t + i) % workloads.size();
        const Workload& w = workloads[which];
        std::vector<Tensor> got = npy::flatten_outputs(w.module.call("forward", w.inputs));
        if (!identical(got, w.expected)) ++mismatches[which];
        ++calls;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(calls.load(), kThreads * kCalls);
  for (size_t i = 0; i < workloads.size(); ++i) {
    EXPECT_EQ(mismatches[i].load(), 0) << workloads[i].name << " gave a different result in some calls";
  }
}

}  // namespace
}  // namespace tsrt
