// Stress: 8 threads make 1,000 calls in all, mixed across the tiny BERT and scripted
// control-flow models (loops, early returns, containers, strings, fork/wait), several inputs
// per module, all modules loaded once and shared. Every call's outputs must equal the
// single-threaded result exactly. Run it under the sanitizers too:
//   bazel test --config=tsan //tests/runtime:stress_test   (data races)
//   bazel test --config=asan //tests/runtime:stress_test   (use-after-free, overflows, UB)
#include <atomic>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

// One (module, inputs) pair from the corpus manifest, with its single-threaded result.
struct Case {
  std::string name;
  std::string file;
  std::vector<std::string> input_specs;  // value_io specs, .npy paths relative to the corpus
  std::shared_ptr<Module> module;
  Value expected;
};

// Fresh inputs for each call: some models mutate a list argument in place.
std::vector<Value> make_inputs(const Case& c) {
  std::vector<Value> inputs;
  for (const auto& spec : c.input_specs) inputs.push_back(npy::parse_input_spec(testing::resolve_corpus_spec(spec)));
  return inputs;
}

Value as_tuple(std::vector<Value> outputs) {
  return outputs.size() == 1 ? outputs[0] : make_tuple(std::move(outputs));
}

std::vector<Case> load_cases() {
  std::vector<Case> cases = {
      {"bert_tiny_traced", "bert_tiny_traced.pt", {"bert_tiny_traced.in0.npy", "bert_tiny_traced.in1.npy"}, {}, {}},
      {"cf_while_break_continue", "cf_while_break_continue.pt", {"cf_while_break_continue.in0.npy", "int:7"}, {}, {}},
      {"cf_for_range", "cf_for_range.pt", {"cf_for_range.in0.npy", "int:4"}, {}, {}},
      {"cf_early_return_mode0", "cf_early_return.pt", {"cf_early_return_mode0.in0.npy", "int:0"}, {}, {}},
      {"cf_early_return_loop", "cf_early_return.pt", {"cf_early_return_loop.in0.npy", "int:3"}, {}, {}},
      {"cf_early_return_fallthrough", "cf_early_return.pt", {"cf_early_return_fallthrough.in0.npy", "int:7"}, {}, {}},
      {"cf_containers", "cf_containers.pt", {"cf_containers.in0.npy", "tuple:cf_containers.in1_0.npy,cf_containers.in1_1.npy"}, {}, {}},
      {"cf_strings", "cf_strings.pt", {"cf_strings.in0.npy", "str:tsrt", "int:12"}, {}, {}},
      {"cf_fork_wait", "cf_fork_wait.pt", {"cf_fork_wait.in0.npy"}, {}, {}},
      {"seed_rnn_loop_scripted", "seed_rnn_loop_scripted.pt", {"seed_rnn_loop_scripted.in0.npy"}, {}, {}},
  };
  std::map<std::string, std::shared_ptr<Module>> modules;  // one module per file, shared by its cases
  for (auto& c : cases) {
    auto& m = modules[c.file];
    if (!m) m = std::make_shared<Module>(load(testing::corpus_dir() + "/" + c.file));
    c.module = m;
    c.expected = as_tuple(m->forward(make_inputs(c)));
  }
  // The baseline every thread is held to must itself match stock PyTorch's stored outputs.
  size_t checked = 0;
  for (const testing::ModelCase& stock : testing::read_corpus_manifest()) {
    for (const Case& c : cases) {
      if (stock.name != c.name) continue;
      EXPECT_EQ(testing::check_outputs(*c.module, stock), "") << c.name << " vs stock";
      ++checked;
    }
  }
  EXPECT_EQ(checked, cases.size()) << "every stress case must be a corpus manifest entry";
  return cases;
}

TEST(Stress, EightThreadsThousandMixedCalls) {
  const std::vector<Case> cases = load_cases();
  constexpr int kThreads = 8;
  constexpr int kCallsPerThread = 125;  // 1,000 calls in all
  std::vector<std::atomic<int>> calls(cases.size()), mismatches(cases.size()), errors(cases.size());
  std::vector<std::string> first_difference(cases.size());
  std::mutex difference_mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // A different interleaving of the cases in every thread, so unlike models overlap.
      uint32_t state = 2654435761u * static_cast<uint32_t>(t + 1);
      for (int i = 0; i < kCallsPerThread; ++i) {
        state = state * 1664525u + 1013904223u;
        size_t which = (state >> 8) % cases.size();
        const Case& c = cases[which];
        ++calls[which];
        try {
          Value got = as_tuple(c.module->forward(make_inputs(c)));
          std::string d = testing::compare_bits(got, c.expected);
          if (!d.empty()) {
            ++mismatches[which];
            std::lock_guard<std::mutex> lock(difference_mutex);
            if (first_difference[which].empty()) first_difference[which] = d;
          }
        } catch (const Error& e) {
          ++errors[which];
          std::lock_guard<std::mutex> lock(difference_mutex);
          if (first_difference[which].empty()) first_difference[which] = e.what();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  int total = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    total += calls[i].load();
    EXPECT_GT(calls[i].load(), 0) << cases[i].name << " was never called: the mix is too small";
    EXPECT_EQ(mismatches[i].load(), 0) << cases[i].name << ": " << first_difference[i];
    EXPECT_EQ(errors[i].load(), 0) << cases[i].name << ": " << first_difference[i];
  }
  EXPECT_EQ(total, kThreads * kCallsPerThread);
}

}  // namespace
}  // namespace tsrt
