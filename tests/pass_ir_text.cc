#include "tests/pass_ir_text.h"

#include <map>
#include <regex>
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

std::string renumbered(const std::string& ir) {
  static const std::regex unnamed("%([0-9]+)\\b");
  std::map<std::string, std::string> names;
  std::string out;
  auto last = ir.cbegin();
  for (std::sregex_iterator it(ir.begin(), ir.end(), unnamed), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    auto [entry, added] = names.emplace((*it)[1].str(), std::to_string(names.size()));
    out += "%" + entry->second;
    last = (*it)[0].second;
  }
  return out.append(last, ir.cend());
}

std::string canonical_renumbered(const std::string& ir) { return renumbered(canonical(ir)); }

int count_kind(const ir::Block& block, const std::string& kind) {
  int n = 0;
  for (const ir::Node* node : block.nodes()) {
    n += node->kind() == kind;
    for (const ir::Block* b : node->blocks()) n += count_kind(*b, kind);
  }
  return n;
}

}  // namespace tsrt::passes::ir_text
