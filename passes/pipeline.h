// Pipelines: comma-separated steps ("dce,cse"), "none", or "default" (the tuned list). A step is
// a pass name or `fixpoint(a,b,...)`: the listed passes in order, again and again until one
// round rewrites nothing (at most kFixpointRounds rounds), for passes that expose work to each
// other (folding a constant lets peephole drop a no-op, which lets folding go on).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "passes/pass.h"

namespace tsrt::passes {

struct PipelineOptions {
  std::ostream* print_after_all = nullptr;  // print the graph after every pass
  std::string print_after;                  // ... or after the named pass only
  bool verify_each = false;
  // If set, every pass run is appended here (methods emitted later too: keep it alive as long).
  std::vector<struct PassReport>* reports = nullptr;
};

struct PassReport {
  std::string name;
  bool changed = false;
  int changes = 0;  // rewrites the pass counted
  double milliseconds = 0;
  std::string function;  // the function the pass ran on
  int round = 0;         // 1, 2, ... inside a fixpoint step; 0 outside
};

// A fixpoint step that still rewrites after this many rounds stops (and says so in its reports).
constexpr int kFixpointRounds = 8;

// The steps a spec expands to (pass names, and `fixpoint(...)` steps as written); throws
// tsrt::Error naming an unknown pass and listing the known.
std::vector<std::string> expand_pipeline(const std::string& spec);
// The steps of "default", in order.
const std::vector<std::string>& default_pipeline();

std::vector<PassReport> run_pipeline(ir::Graph& graph, const std::string& spec, const PipelineOptions& options = {},
                                     const PassContext& context = {});
// Runs the pipeline on a function and (after inlining) on everything it still calls; `context`
// applies to `fn` only (its callees run with its ops and evaluator only).
std::vector<PassReport> run_pipeline(ir::Function& fn, const std::string& spec, const PipelineOptions& options = {},
                                     const PassContext& context = {});
// One line per pass run: name (with its round inside a fixpoint step), rewrites, milliseconds.
std::string format_reports(const std::vector<PassReport>& reports);

}  // namespace tsrt::passes
