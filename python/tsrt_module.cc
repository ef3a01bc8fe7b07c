// _tsrt: the extension module behind `import tsrt` (python/tsrt/__init__.py re-exports it).
// Forward runs release the GIL, so Python threads calling one Module run in parallel (a loaded
// tsrt::Module is safe to call from many threads).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ir/printer.h"
#include "passes/pass.h"
#include "passes/pipeline.h"
#include "passes/subgraph_rewriter.h"
#include "python/convert.h"
#include "runtime/module.h"
#include "runtime/precision.h"
#include "tools/tsrt/version.h"

namespace py = pybind11;

namespace tsrt::python {

namespace {

// The method's argument types after self, to type lists and dicts given from Python.
std::vector<ir::TypePtr> argument_types(const Module& m, const std::string& method) {
  std::vector<ir::TypePtr> types;
  const auto& args = m.method(method).signature.arguments;
  for (size_t i = 1; i < args.size(); ++i) types.push_back(args[i].type);
  return types;
}

py::object call(const Module& m, const std::string& method, const py::args& args) {
  std::vector<ir::TypePtr> types = argument_types(m, method);
  std::vector<Value> inputs;
  for (size_t i = 0; i < args.size(); ++i) inputs.push_back(to_value(args[i], i < types.size() ? types[i] : nullptr));
  Value result;
  {
    py::gil_scoped_release no_gil;
    result = m.call(method, std::move(inputs));
  }
  return to_python(result);
}

std::string signature(const std::string& name, const ir::Function& fn) {
  std::string s = name + "(";
  for (size_t i = 0; i < fn.signature.arguments.size(); ++i) {
    const ir::Argument& a = fn.signature.arguments[i];
    s += (i ? ", " : "") + a.name;
    if (i > 0) s += ": " + a.type->str();
  }
  return s + ") -> " + (fn.signature.returns.empty() ? "None" : fn.signature.returns[0]->str());
}

std::string info(const Module& m) {
  std::ostringstream out;
  out << "file: " << m.path() << "\n";
  out << "format version: " << m.file_version() << "\n";
  out << "root module: " << m.root()->type->name << "\n";
  out << "methods:\n";
  for (const std::string& name : m.method_names()) out << "  " << signature(name, m.method(name)) << "\n";
  std::vector<runtime::MissingKernel> missing = m.missing_kernels();
  out << "ops without a kernel: " << missing.size() << "\n";
  return out.str();
}

// Registers a pass that rewrites every match of IR-text `pattern` into `replacement`
// (passes/subgraph_rewriter.h). Names are never replaced or removed: a pipeline that found a pass
// by name keeps running that pass.
void register_rewrite(const std::string& name, const std::string& pattern, const std::string& replacement,
                      const std::string& description) {
  TSRT_CHECK(!name.empty() && name.find_first_of(",() ") == std::string::npos,
             "register_rewrite: pass name '" + name + "' must be non-empty without ',', '(', ')' or spaces");
  TSRT_CHECK(name != "default" && name != "none", "register_rewrite: '" + name + "' is a pipeline keyword");
  TSRT_CHECK(passes::PassRegistry::global().find(name) == nullptr,
             "register_rewrite: a pass named '" + name + "' is already registered");
  passes::PassRegistry::global().add(passes::PassInfo{
      name, description.empty() ? "rewrites a pattern registered from Python" : description,
      [pattern, replacement](ir::Graph& graph, const passes::PassContext& context) {
        if (context.ops == nullptr) return 0;  // no op catalog: the pattern cannot be read
        return passes::rewrite_subgraph(graph, *context.ops, pattern, replacement);
      }});
}

// Loads `path` with pipeline `passes`, emits `method` and returns one dict per pass run: name,
// function, round, rewrites, ms and the IR text after it.
py::list pipeline_reports(const std::string& path, const std::string& passes, const std::string& method) {
  std::vector<passes::PassReport> reports;
  std::ostringstream printed;
  {
    py::gil_scoped_release no_gil;
    LoadOptions options;
    options.passes = passes;
    options.pipeline.reports = &reports;
    options.pipeline.print_after_all = &printed;
    Module m = load(path, options);
    m.method(method);  // methods other than forward are emitted (and optimised) on first use
  }
  // The printout is one "// after NAME..." block per report, in the same order.
  std::vector<std::string> texts;
  std::istringstream lines(printed.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("// after ", 0) == 0) {
      texts.emplace_back();
      continue;
    }
    if (!texts.empty()) texts.back() += line + "\n";
  }
  TSRT_CHECK(texts.size() == reports.size(), "run_pipeline: " + std::to_string(texts.size()) + " printed graphs for " +
                                                 std::to_string(reports.size()) + " pass reports");
  py::list out;
  for (size_t i = 0; i < reports.size(); ++i) {
    const passes::PassReport& r = reports[i];
    std::string ir = texts[i];
    while (!ir.empty() && ir.back() == '\n') ir.pop_back();
    py::dict d;
    d["name"] = r.name;
    d["function"] = r.function;
    d["round"] = r.round;
    d["rewrites"] = r.changes;
    d["ms"] = r.milliseconds;
    d["ir"] = ir + "\n";
    out.append(d);
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_tsrt, mod) {
  mod.doc() = "tsrt: a TorchScript interpreter (the C++ extension; use the `tsrt` package)";
  mod.attr("__version__") = cli::kVersion;

  static py::exception<Error> error(mod, "Error");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      error(e.what());
    }
  });

  py::class_<Module>(mod, "Module", "A loaded model; safe to call from many threads at once.")
      .def("__call__", [](const Module& m, const py::args& args) { return call(m, "forward", args); })
      .def("forward", [](const Module& m, const py::args& args) { return call(m, "forward", args); })
      .def(
          "call",
          [](const Module& m, const std::string& method, const py::args& args) { return call(m, method, args); },
          py::arg("method"))
      .def("methods", &Module::method_names)
      .def("info", &info)
      .def(
          "graph",
          [](const Module& m, const std::string& method, const std::string& format) {
            TSRT_CHECK(format == "text" || format == "dot",
                       "graph format must be 'text' or 'dot', not '" + format + "'");
            const ir::Function& fn = m.method(method);
            return format == "dot" ? ir::to_dot(*fn.graph) : ir::to_string(*fn.graph);
          },
          py::arg("method") = "forward", py::arg("format") = "text")
      .def_property_readonly("path", &Module::path)
      .def("__repr__", [](const Module& m) { return "<tsrt.Module " + m.path() + ">"; });

  mod.def(
      "load",
      [](const std::string& path, const std::string& passes, int threads, const std::string& precision) {
        LoadOptions options;
        options.passes = passes;
        options.threads = threads;
        options.precision = parse_precision(precision);
        py::gil_scoped_release no_gil;  // loading reads and optimises the archive: let other threads run
        return load(path, options);
      },
      py::arg("path"), py::arg("passes") = "default", py::arg("threads") = 0, py::arg("precision") = "fp32",
      "Loads a TorchScript .pt archive and runs the pass pipeline on it.");

  mod.def(
      "pass_list",
      [] {
        std::vector<std::pair<std::string, std::string>> out;
        for (const passes::PassInfo& p : passes::PassRegistry::global().all()) out.emplace_back(p.name, p.description);
        return out;
      },
      "Every registered pass as (name, description).");
  mod.def("register_rewrite", &register_rewrite, py::arg("name"), py::arg("pattern"), py::arg("replacement"),
          py::arg("description") = "", "Registers a named pass rewriting IR-text `pattern` into `replacement`.");
  mod.def("run_pipeline", &pipeline_reports, py::arg("path"), py::arg("passes") = "default",
          py::arg("method") = "forward",
          "Loads `path` with pipeline `passes` and returns per pass run: name, function, round, rewrites, ms, ir.");
  mod.def("default_pipeline", &passes::default_pipeline, "The passes 'default' runs, in order.");
}

}  // namespace tsrt::python
