// A pass rewrites one graph and says whether it changed anything (as XLA's HLO passes do), so
// pipelines can report what each pass did. Passes register themselves by name with a one-line
// description:
//   TSRT_REGISTER_PASS("dce", "removes nodes whose results are unused", eliminate_dead_code);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace tsrt::passes {

using PassFn = std::function<bool(ir::Graph&)>;

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
};

#define TSRT_PASS_CONCAT_INNER(a, b) a##b
#define TSRT_PASS_CONCAT(a, b) TSRT_PASS_CONCAT_INNER(a, b)
#define TSRT_REGISTER_PASS(name, description, fn) \
  static ::tsrt::passes::PassRegistrar TSRT_PASS_CONCAT(tsrt_pass_registrar_, __LINE__)(name, description, fn)

}  // namespace tsrt::passes
