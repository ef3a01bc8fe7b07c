// A pass rewrites one graph and says how many rewrites it made (0: unchanged, as XLA's HLO
// passes report), so pipelines can show what each pass did. Passes register themselves by name
// with a one-line description, as a function of the graph or of the graph and its context:
//   TSRT_REGISTER_PASS("dce", "removes nodes whose results are unused", eliminate_dead_code);
//   int freeze(ir::Graph& g, const PassContext& context);   // uses context.self
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace tsrt::passes {

// What a pass may know beyond the graph itself.
struct PassContext {
  // The module instance bound to the graph's first input (`self`) when the graph is a method of
  // the loaded root module; null for free functions and methods of other objects. Passes that
  // specialise to one instance (freezing) do nothing without it.
  ObjectPtr self;
  // Example inputs (after self) to specialise shapes and dtypes to; empty: no specialisation.
  std::vector<tsrt::Value> example_inputs;
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
