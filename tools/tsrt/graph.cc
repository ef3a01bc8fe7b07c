// tsrt graph: the IR of a method after a pass pipeline, as text or Graphviz.
#include <iostream>

#include "ir/printer.h"
#include "tools/tsrt/commands.h"

namespace tsrt::cli {

int cmd_graph(const std::string& model, const std::string& method, const LoadOptions& options,
              const std::string& format, bool pass_stats, const ir::Region& region) {
  LoadOptions with_reports = options;
  std::vector<passes::PassReport> reports;
  with_reports.pipeline.reports = &reports;
  Module m = load(model, with_reports);
  warn_missing_kernels(m);
  const ir::Function& fn = m.method(method);
  ir::NodeSet only;
  if (!region.empty()) only = ir::select_region(*fn.graph, region);
  const ir::NodeSet* selected = region.empty() ? nullptr : &only;
  ir::PrintOptions print_options;
  print_options.only = selected;
  std::cout << (format == "dot" ? ir::to_dot(*fn.graph, selected) : ir::to_string(*fn.graph, print_options));
  if (pass_stats) std::cerr << passes::format_reports(reports);
  return 0;
}

}  // namespace tsrt::cli
