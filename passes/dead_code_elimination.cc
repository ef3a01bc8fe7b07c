// Dead code elimination: removes nodes whose outputs are unused and that have no side
// effects, innermost blocks first, and unused outputs of prim::If / prim::Loop.
#include "passes/pass.h"

#include <set>
#include <string>

namespace tsrt::passes {

namespace {

bool has_side_effects(const ir::Node& n) {
  static const std::set<std::string> effectful = {
      "prim::SetAttr", "prim::RaiseException", "prim::Print", "prim::CallMethod", "prim::CallFunction",
      "prim::Loop", "prim::If", "prim::Enter", "prim::Exit", "aten::warn"};
  if (effectful.count(n.kind())) return true;
  // In-place and list/dict mutating ops: torch marks them with a trailing underscore or
  // (a!) aliasing; these names cover the ones TorchScript code uses.
  static const std::set<std::string> mutating = {
      "aten::append", "aten::_set_item", "aten::insert", "aten::pop", "aten::clear", "aten::extend",
      "aten::remove", "aten::Delete", "aten::update", "aten::setdefault", "aten::copy_", "aten::index_put_",
      "aten::popitem", "aten::reverse", "aten::sort"};
  if (mutating.count(n.kind())) return true;
  const std::string& k = n.kind();
  return !k.empty() && k.back() == '_';
}

bool uses_none(const ir::Node& n) {
  for (const ir::Value* v : n.outputs()) {
    if (v->has_uses()) return false;
  }
  return true;
}

bool sweep(ir::Block& block) {
  bool changed = false;
  // Walk backwards so that a node's users are gone before it is looked at.
  std::vector<ir::Node*> nodes(block.nodes().begin(), block.nodes().end());
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    ir::Node* n = *it;
    for (ir::Block* b : n->blocks()) changed |= sweep(*b);
    if (n->kind() == "prim::If" && !n->outputs().empty()) {
      for (size_t i = n->outputs().size(); i-- > 0;) {
        if (n->output(i)->has_uses()) continue;
        for (ir::Block* b : n->blocks()) {
          ir::Node* ret = b->return_node();
          ret->remove_input(i);
        }
        n->erase_output(i);
        changed = true;
      }
      for (ir::Block* b : n->blocks()) changed |= sweep(*b);
      if (n->outputs().empty()) {
        bool empty = true;
        for (ir::Block* b : n->blocks()) empty &= b->nodes().empty();
        if (empty) {
          n->destroy();
          changed = true;
        }
      }
      continue;
    }
    if (!has_side_effects(*n) && uses_none(*n)) {
      n->destroy();
      changed = true;
    }
  }
  return changed;
}

}  // namespace

bool eliminate_dead_code(ir::Graph& graph) { return sweep(*graph.block()); }

TSRT_REGISTER_PASS("dce", "removes side-effect-free nodes whose results are unused", eliminate_dead_code);

}  // namespace tsrt::passes
