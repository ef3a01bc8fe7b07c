#include "tests/pass_ir_text.h"

#include <vector>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"

namespace tsrt::passes::ir_text {

std::string run(const std::string& pipeline, const std::string& ir, const PassContext& context, int* rewrites) {
  auto graph = ir::parse_graph(ir, kernels::Registry::global());
  ir::verify(*graph);
  std::vector<PassReport> reports = run_pipeline(*graph, pipeline, {}, context);
  ir::verify(*graph);
  if (rewrites) *rewrites = reports.at(0).changes;
  return ir::to_string(*graph, ir::PrintOptions{false});
}

std::string run(const std::string& pipeline, const std::string& ir, int* rewrites) {
  return run(pipeline, ir, PassContext{}, rewrites);
}

std::string canonical(const std::string& ir) {
  return ir::to_string(*ir::parse_graph(ir, kernels::Registry::global()), ir::PrintOptions{false});
}

}  // namespace tsrt::passes::ir_text
