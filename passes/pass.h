// A pass rewrites one graph and says how many rewrites it made (0: unchanged, as XLA's HLO
// passes report), so pipelines can show what each pass did. Passes register themselves by name
// with a one-line description, as a function of the graph or of the graph and its context:
//   TSRT_REGISTER_PASS("dce", "removes nodes whose results are unused", eliminate_dead_code);
//   int freeze(ir::Graph& g, const PassContext& context);   // uses context.self
// Passes see ops only through the context's catalog (schemas, traits, shape rules) and fold
// through its evaluator, never through the kernels.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ir/schema.h"

namespace tsrt::passes {

// What a pass may know beyond the graph itself.
struct PassContext {
  // The module instance bound to the graph's first input (`self`) when the graph is a method of
  // the loaded root module; null for free functions and methods of other objects. Passes that
  // specialise to one instance (freezing) do nothing without it.
  ObjectPtr self;
  // Example inputs (after self) to specialise shapes and dtypes to; empty: no specialisation.
  std::vector<tsrt::Value> example_inputs;
  // What passes know about ops: schemas (to read rewrite patterns and create nodes), traits and
  // shape rules. Null: nothing (shape-prop, fusions and folding then change nothing). The
  // runtime fills it from the kernel registry.
  const ir::OpCatalog* ops = nullptr;
  // Runs op `qualified` ("aten::add.Tensor") on constant arguments, for constant folding; throws
  // what the op throws. Empty: nothing is folded.
  std::function<std::vector<tsrt::Value>(const std::string& qualified, std::vector<tsrt::Value> args)> evaluate;
};

using PassFn = std::function<int(ir::Graph&, const PassContext&)>;

struct PassInfo {
  std::string name;
  std::string description;
  PassFn run;
};

class PassRegistry {
 public:
  static PassRegistry& global();
  void add(PassInfo info);
  const PassInfo* find(const std::string& name) const;
  const std::vector<PassInfo>& all() const { return passes_; }

 private:
  std::vector<PassInfo> passes_;
};

struct PassRegistrar {
  PassRegistrar(const char* name, const char* description, PassFn run) {
    PassRegistry::global().add(PassInfo{name, description, std::move(run)});
  }
  // Passes that need no context.
  PassRegistrar(const char* name, const char* description, std::function<int(ir::Graph&)> run)
      : PassRegistrar(name, description, [run](ir::Graph& g, const PassContext&) { return run(g); }) {}
};

#define TSRT_PASS_CONCAT_INNER(a, b) a##b
#define TSRT_PASS_CONCAT(a, b) TSRT_PASS_CONCAT_INNER(a, b)
#define TSRT_REGISTER_PASS(name, description, fn) \
  static ::tsrt::passes::PassRegistrar TSRT_PASS_CONCAT(tsrt_pass_registrar_, __LINE__)(name, description, fn)

}  // namespace tsrt::passes
