#include "passes/pipeline.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

#include "ir/printer.h"
#include "ir/walk.h"
#include "ir/verifier.h"
#include "runtime/error.h"

namespace tsrt::passes {

PassRegistry& PassRegistry::global() {
  static PassRegistry* registry = new PassRegistry();
  return *registry;
}

void PassRegistry::add(PassInfo info) { passes_.push_back(std::move(info)); }

const PassInfo* PassRegistry::find(const std::string& name) const {
  for (const PassInfo& p : passes_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const std::vector<std::string>& default_pipeline() {
  // Freeze first so that folding and control-flow simplification see the module's flags and
  // weights as constants; folding, branch pruning, peephole and CSE expose work to each other, so
  // they run to a fixed point; fusions match the cleaned-up graph (eval dropout gone);
  // channels-last after the folds that change convolutions; dce last.
  static const std::vector<std::string> passes = {
      "inline", "freeze", "fixpoint(fold,simplify-control-flow,peephole,cse)",
      "fuse-attention", "fuse-linear-act", "fuse-add-layernorm", "fold-conv-bn", "fuse-conv-relu",
      "channels-last", "dce"};
  return passes;
}

namespace {

const char kFixpoint[] = "fixpoint(";

// Splits at the commas outside parentheses; throws on unbalanced parentheses.
std::vector<std::string> split_steps(const std::string& spec) {
  std::vector<std::string> steps;
  std::string step;
  int depth = 0;
  for (char c : spec) {
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) throw Error("pipeline '" + spec + "': ')' without '('");
    if (c == ',' && depth == 0) {
      if (!step.empty()) steps.push_back(step);
      step.clear();
    } else if (c != ' ') {
      step += c;
    }
  }
  if (depth != 0) throw Error("pipeline '" + spec + "': '(' without ')'");
  if (!step.empty()) steps.push_back(step);
  return steps;
}

bool is_fixpoint(const std::string& step) { return step.rfind(kFixpoint, 0) == 0 && step.back() == ')'; }

// The passes inside `fixpoint(...)`.
std::vector<std::string> fixpoint_passes(const std::string& step) {
  const size_t open = sizeof kFixpoint - 1;
  return split_steps(step.substr(open, step.size() - open - 1));
}

const PassInfo& find_pass(const std::string& name) {
  if (const PassInfo* p = PassRegistry::global().find(name)) return *p;
  std::string known;
  for (const PassInfo& p : PassRegistry::global().all()) known += (known.empty() ? "" : ", ") + p.name;
  throw Error("unknown pass '" + name + "' (known: " + known + ", default, none, fixpoint(...))");
}

}  // namespace

std::vector<std::string> expand_pipeline(const std::string& spec) {
  if (spec.empty() || spec == "none") return {};
  std::vector<std::string> steps;
  for (const std::string& step : split_steps(spec)) {
    if (step == "default") {
      steps.insert(steps.end(), default_pipeline().begin(), default_pipeline().end());
    } else if (is_fixpoint(step)) {
      std::vector<std::string> inner = fixpoint_passes(step);
      if (inner.empty()) throw Error("pipeline step '" + step + "' lists no passes");
      for (const std::string& name : inner) {
        if (name == "default" || is_fixpoint(name)) throw Error("pipeline step '" + step + "' may list passes only");
        find_pass(name);
      }
      steps.push_back(step);
    } else {
      find_pass(step);
      steps.push_back(step);
    }
  }
  return steps;
}

namespace {

// Runs one pass and reports it (verifying and printing after it as asked); returns its rewrites.
int run_pass(ir::Graph& graph, const std::string& name, int round, const PipelineOptions& options,
             const PassContext& context, std::vector<PassReport>& reports) {
  const PassInfo& pass = find_pass(name);
  auto t0 = std::chrono::steady_clock::now();
  int changes = pass.run(graph, context);
  auto t1 = std::chrono::steady_clock::now();
  bool changed = changes > 0;
  reports.push_back(
      PassReport{name, changed, changes, std::chrono::duration<double, std::milli>(t1 - t0).count(), "", round});
  if (options.reports) options.reports->push_back(reports.back());
  if (options.verify_each) {
    try {
      ir::verify(graph);
    } catch (const Error& e) {
      throw Error("after pass '" + name + "': " + e.what());
    }
  }
  if (options.print_after_all || (!options.print_after.empty() && options.print_after == name)) {
    std::ostream& os = options.print_after_all ? *options.print_after_all : std::cerr;
    os << "// after " << name << (round ? " (fixpoint round " + std::to_string(round) + ")" : "")
       << (changed ? "" : " (unchanged)") << "\n"
       << ir::to_string(graph) << "\n";
  }
  return changes;
}

}  // namespace

std::vector<PassReport> run_pipeline(ir::Graph& graph, const std::string& spec, const PipelineOptions& options,
                                     const PassContext& context) {
  std::vector<PassReport> reports;
  for (const std::string& step : expand_pipeline(spec)) {
    if (!is_fixpoint(step)) {
      run_pass(graph, step, 0, options, context, reports);
      continue;
    }
    const std::vector<std::string> inner = fixpoint_passes(step);
    for (int round = 1; round <= kFixpointRounds; ++round) {
      int changes = 0;
      for (const std::string& name : inner) changes += run_pass(graph, name, round, options, context, reports);
      if (changes == 0) break;
    }
  }
  return reports;
}

namespace {
void collect_callees(const ir::Block& block, std::vector<ir::Function*>& out) {
  ir::walk(block, [&](const ir::Node& n) {
    if (n.callee()) out.push_back(n.callee());
  });
}
}  // namespace

std::vector<PassReport> run_pipeline(ir::Function& fn, const std::string& spec, const PipelineOptions& options,
                                     const PassContext& context) {
  PipelineOptions named = options;
  std::vector<PassReport> local;
  named.reports = &local;
  std::vector<PassReport> reports = run_pipeline(*fn.graph, spec, named, context);
  for (PassReport& r : local) r.function = fn.name;
  for (PassReport& r : reports) r.function = fn.name;
  if (options.reports) options.reports->insert(options.reports->end(), local.begin(), local.end());
  // Functions still called (not inlined) get the same pipeline once each.
  std::vector<ir::Function*> pending;
  collect_callees(*fn.graph->block(), pending);
  std::set<ir::Function*> done{&fn};
  while (!pending.empty()) {
    ir::Function* f = pending.back();
    pending.pop_back();
    if (!done.insert(f).second || !f->graph) continue;
    local.clear();
    PassContext callee_context;  // the ops, not `self` or the example inputs
    callee_context.ops = context.ops;
    callee_context.evaluate = context.evaluate;
    run_pipeline(*f->graph, spec, named, callee_context);
    for (PassReport& r : local) r.function = f->name;
    if (options.reports) options.reports->insert(options.reports->end(), local.begin(), local.end());
    collect_callees(*f->graph->block(), pending);
  }
  return reports;
}

std::string format_reports(const std::vector<PassReport>& reports) {
  std::ostringstream os;
  char line[256];
  std::snprintf(line, sizeof line, "%-32s %9s %10s  %s\n", "pass", "rewrites", "ms", "function");
  os << line;
  for (const PassReport& r : reports) {
    std::string name = r.round ? r.name + " (fixpoint " + std::to_string(r.round) + ")" : r.name;
    std::snprintf(line, sizeof line, "%-32s %9d %10.3f  %s\n", name.c_str(), r.changes, r.milliseconds,
                  r.function.c_str());
    os << line;
  }
  return os.str();
}

}  // namespace tsrt::passes
