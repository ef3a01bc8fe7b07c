// Peephole rewrites of single nodes that change nothing observable:
//   aten::Int(prim::NumToTensor(x))          -> x        (traced shape arithmetic round trips)
//   aten::dropout(x, p, train=False)         -> x
//   aten::contiguous(x) when x is known contiguous is left to shape analysis (not here).
#include "passes/pass.h"

namespace tsrt::passes {

namespace {

const tsrt::Value* constant_of(const ir::Value* v) {
  return v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
}

bool rewrite_block(ir::Block& block) {
  bool changed = false;
  std::vector<ir::Node*> nodes(block.nodes().begin(), block.nodes().end());
  for (ir::Node* n : nodes) {
    for (ir::Block* b : n->blocks()) changed |= rewrite_block(*b);
    const std::string& kind = n->kind();
    if (kind == "aten::Int" && n->inputs().size() == 1 && n->input(0)->node()->kind() == "prim::NumToTensor") {
      ir::Value* number = n->input(0)->node()->input(0);
      if (number->type()->kind != ir::TypeKind::Int) continue;
      n->output()->replace_all_uses_with(number);
      n->destroy();
      changed = true;
    } else if ((kind == "aten::dropout" || kind == "aten::feature_dropout") && n->inputs().size() == 3) {
      const tsrt::Value* train = constant_of(n->input(2));
      if (train == nullptr || !train->is_bool() || train->to_bool()) continue;
      n->output()->replace_all_uses_with(n->input(0));
      n->destroy();
      changed = true;
    }
  }
  return changed;
}

}  // namespace

bool peephole(ir::Graph& graph) { return rewrite_block(*graph.block()); }

TSRT_REGISTER_PASS("peephole", "removes Int(NumToTensor(x)) round trips and eval-mode dropout", peephole);

}  // namespace tsrt::passes
