#include "ir/walk.h"

#include <vector>

namespace tsrt::ir {

void walk(Block& block, const std::function<void(Node&)>& fn) {
  const std::vector<Node*> nodes(block.nodes().begin(), block.nodes().end());
  for (Node* n : nodes) {
    if (!n->is_alive()) continue;
    fn(*n);
    if (!n->is_alive()) continue;
    for (Block* inner : n->blocks()) walk(*inner, fn);
  }
}

void walk(const Block& block, const std::function<void(const Node&)>& fn) {
  for (const Node* n : block.nodes()) {
    fn(*n);
    for (const Block* inner : n->blocks()) walk(*inner, fn);
  }
}

bool any_node(const Block& block, const std::function<bool(const Node&)>& pred) {
  for (const Node* n : block.nodes()) {
    if (pred(*n)) return true;
    for (const Block* inner : n->blocks()) {
      if (any_node(*inner, pred)) return true;
    }
  }
  return false;
}

}  // namespace tsrt::ir
