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

std::shared_ptr<ir::Graph> parse_with_tensors(const std::string& ir, const std::map<std::string, Tensor>& tensors) {
  std::shared_ptr<ir::Graph> graph = ir::parse_graph(ir, kernels::Registry::global());
  for (ir::Node* n : graph->block()->nodes()) {
    if (n->kind() != "prim::Constant") continue;
    auto it = tensors.find(n->output()->debug_name());
    if (it == tensors.end()) continue;
    n->set_constant(Value(it->second));
    n->output()->set_type(ir::Type::get(ir::TypeKind::Tensor));
  }
  ir::verify(*graph);
  return graph;
}

Tensor filled(const Shape& shape, float lo, float hi, uint32_t seed) {
  Tensor t = Tensor::empty(shape, DType::Float32);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = lo + (hi - lo) * static_cast<float>(seed >> 8) / static_cast<float>(1u << 24);
  }
  return t;
}

PassContext with_kernels(PassContext context) {
  if (context.ops == nullptr) context.ops = &kernels::Registry::global();
  if (!context.evaluate) context.evaluate = kernels::call_op;
  return context;
}

std::string run(const std::string& pipeline, const std::string& ir, const PassContext& context, int* rewrites) {
  auto graph = ir::parse_graph(ir, kernels::Registry::global());
  ir::verify(*graph);
  std::vector<PassReport> reports = run_pipeline(*graph, pipeline, {}, with_kernels(context));
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
