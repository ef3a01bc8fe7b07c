// Dead code elimination: removes nodes whose outputs are unused and that have no side
// effects, innermost blocks first, and unused outputs of prim::If / prim::Loop.
#include "passes/pass.h"
#include "passes/side_effects.h"

#include <vector>

namespace tsrt::passes {

namespace {

bool uses_none(const ir::Node& n) {
  for (const ir::Value* v : n.outputs()) {
    if (v->has_uses()) return false;
  }
  return true;
}

// Returns the number of nodes removed plus the number of If outputs dropped. Recurses by hand,
// not through ir::walk: it goes backwards, and an If's blocks are swept before and after its
// unused outputs are dropped.
int sweep(ir::Block& block) {
  int changes = 0;
  // Walk backwards so that a node's users are gone before it is looked at.
  std::vector<ir::Node*> nodes(block.nodes().begin(), block.nodes().end());
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    ir::Node* n = *it;
    for (ir::Block* b : n->blocks()) changes += sweep(*b);
    if (n->kind() == "prim::If" && !n->outputs().empty()) {
      for (size_t i = n->outputs().size(); i-- > 0;) {
        if (n->output(i)->has_uses()) continue;
        for (ir::Block* b : n->blocks()) {
          ir::Node* ret = b->return_node();
          ret->remove_input(i);
        }
        n->erase_output(i);
        ++changes;
      }
      for (ir::Block* b : n->blocks()) changes += sweep(*b);
      if (n->outputs().empty()) {
        bool empty = true;
        for (ir::Block* b : n->blocks()) empty &= b->nodes().empty();
        if (empty) {
          n->destroy();
          ++changes;
        }
      }
      continue;
    }
    if (!has_side_effects(*n) && uses_none(*n)) {
      n->destroy();
      ++changes;
    }
  }
  return changes;
}

}  // namespace

int eliminate_dead_code(ir::Graph& graph) { return sweep(*graph.block()); }

TSRT_REGISTER_PASS("dce", "removes side-effect-free nodes whose results are unused", eliminate_dead_code);

}  // namespace tsrt::passes
