// The executor: walks an ir::Graph, keeping every value in a flat frame indexed by
// Value::id() (as Static Runtime does), running prim ops itself and everything else through
// the kernel registry. Plans (node -> kernel, slots) are built once per function and shared
// by all threads; a call only allocates its own frame, so one module serves many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/graph.h"
#include "runtime/value.h"

namespace tsrt::runtime {

struct RunLimits {
  // A runaway `while` ends with an error. 2^26 iterations (about two minutes of a tight loop)
  // is far above what models loop over (tokens, layers, time steps) yet bounds a hostile file.
  int64_t max_loop_iterations = int64_t{1} << 26;
  int max_call_depth = 200;                        // method/function recursion
};

class FunctionPlan;
class Activation;

// A node whose op has no kernel: it plans to a step that throws `message()` if reached.
struct MissingKernel {
  std::string op;        // "aten::bernoulli_.float"
  std::string location;  // "code/__torch__/x.py:12"
  // "unsupported op aten::bernoulli_.float (code/__torch__/x.py:12): tsrt has no kernel for it"
  std::string message() const;
};

// Per-op timing hook for the profiler; called after every kernel if set, with the kernel's
// start (microseconds on the steady clock) and duration.
struct OpObserver {
  virtual ~OpObserver() = default;
  virtual void on_op(const ir::Node& node, double start_us, double duration_us) = 0;
  // The kernel's results, for observers that inspect values (`tsrt compare --per-op`).
  virtual void on_outputs(const ir::Node& node, const std::vector<Value>& outputs) {
    (void)node;
    (void)outputs;
  }
};

class Interpreter {
 public:
  explicit Interpreter(RunLimits limits = {});
  ~Interpreter();

  // Runs method `fn` on `self` and `args` and returns its result.
  Value run(const ir::Function& fn, const Value& self, const std::vector<Value>& args,
            OpObserver* observer = nullptr) const;

  // Builds the plan of `fn` (and of every function it calls) now. Returns the nodes without a
  // kernel (they fail only if a call reaches them), so that a load can report them up front.
  std::vector<MissingKernel> prepare(const ir::Function& fn) const;

 private:
  friend class Activation;
  const FunctionPlan& plan_for(const ir::Function& fn) const;

  RunLimits limits_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<const ir::Function*, std::unique_ptr<FunctionPlan>> plans_;
};

}  // namespace tsrt::runtime
