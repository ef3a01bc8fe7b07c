// tsrt check: will this model run? Lists every op without a kernel and every construct tsrt cannot
// load, all at once, each with its code/ line -- not just the first one a run would stop at.
//
// Two looks: every method of every class in code/ emitted on its own, unoptimised, so that one
// method's unsupported construct does not hide another's, and ops in methods forward never calls
// (or in branches it never takes) are listed too; then the model loaded as `run` loads it (the
// pass pipeline on forward, so a pass failure shows).
#include <cstdio>
#include <iostream>
#include <set>

#include "frontends/loader/loader.h"
#include "kernels/registry.h"
#include "runtime/interpreter.h"
#include "tools/tsrt/commands.h"

namespace tsrt::cli {

namespace {

void add_missing(SupportReport& report, const std::vector<runtime::MissingKernel>& found) {
  for (const runtime::MissingKernel& m : found) {
    bool known = false;
    for (const runtime::MissingKernel& k : report.missing_kernels) known |= k.op == m.op && k.location == m.location;
    if (!known) report.missing_kernels.push_back(m);
  }
}

// The same error reached through two paths (the load, one method) differs only in its prefix:
// compare from its code/ location on.
std::string from_location(const std::string& error) {
  size_t at = error.find("code/");
  return at == std::string::npos ? error : error.substr(at);
}

void add_problem(SupportReport& report, const std::string& what) {
  for (const std::string& p : report.unsupported) {
    if (from_location(p) == from_location(what)) return;
  }
  report.unsupported.push_back(what);
}

// Emits and plans every method of every class the archive defines (classes found while emitting
// included), each on its own.
void check_every_method(const std::string& model, SupportReport& report) {
  frontends::LoadedArchive loaded;
  try {
    loaded = frontends::load_archive(model, kernels::Registry::global());
  } catch (const Error& e) {
    add_problem(report, e.what());
    return;
  }
  runtime::Interpreter interpreter;
  std::set<const ir::Function*> done;
  for (bool more = true; more;) {
    more = false;
    std::vector<ir::ClassTypePtr> classes;
    for (const auto& [name, cls] : loaded.importer->classes()) classes.push_back(cls);
    for (const ir::ClassTypePtr& cls : classes) {
      for (const auto& [name, fn] : cls->methods) {
        if (!done.insert(fn.get()).second) continue;
        more = true;
        try {
          loaded.importer->ensure_emitted(*fn);
          if (!fn->graph) continue;  // a declaration without a body (interface methods)
          add_missing(report, interpreter.prepare(*fn));
        } catch (const Error& e) {
          add_problem(report, cls->name + "." + name + ": " + e.what());
        }
      }
    }
  }
}

}  // namespace

SupportReport find_unsupported(const std::string& model, const LoadOptions& options) {
  SupportReport report;
  check_every_method(model, report);
  try {
    Module m = load(model, options);
    add_missing(report, m.missing_kernels());
  } catch (const Error& e) {
    add_problem(report, e.what());
  }
  return report;
}

std::string SupportReport::verdict() const {
  if (supported()) return "supported: every op has a kernel";
  std::string v = "not supported: ";
  if (!missing_kernels.empty()) v += std::to_string(missing_kernels.size()) + " op(s) without a kernel";
  if (!missing_kernels.empty() && !unsupported.empty()) v += ", ";
  if (!unsupported.empty()) v += std::to_string(unsupported.size()) + " unsupported construct(s)";
  return v + " (tsrt check lists them)";
}

int cmd_check(const std::string& model, const LoadOptions& options) {
  SupportReport report = find_unsupported(model, options);
  for (const runtime::MissingKernel& m : report.missing_kernels) {
    std::cout << "no kernel: " << m.op << " (" << m.location << ")\n";
  }
  for (const std::string& p : report.unsupported) std::cout << "unsupported: " << p << "\n";
  if (report.supported()) {
    std::cout << report.verdict() << "\n";
    return 0;
  }
  std::cout << report.missing_kernels.size() << " op(s) without a kernel (a run fails if it reaches one), "
            << report.unsupported.size() << " unsupported construct(s) (the model does not load)\n";
  return 1;
}

void warn_missing_kernels(const Module& m) {
  std::vector<runtime::MissingKernel> missing = m.missing_kernels();
  if (missing.empty()) return;
  std::string line = "warning: " + std::to_string(missing.size()) +
                     (missing.size() == 1 ? " op has no kernel and fails" : " ops have no kernel and fail") +
                     " if reached:";
  for (size_t i = 0; i < missing.size(); ++i) {
    line += (i ? ", " : " ") + missing[i].op + " (" + missing[i].location + ")";
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace tsrt::cli
