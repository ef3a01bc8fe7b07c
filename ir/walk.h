// Visiting every node of a block and of the blocks nested in it (If/Loop bodies), so that a pass
// does not recurse over blocks by hand.
//   ir::walk(*graph.block(), [&](ir::Node& n) { if (n.kind() == "aten::size") ...; });
#pragma once

#include <functional>

#include "ir/graph.h"

namespace tsrt::ir {

// Calls `fn` on every node of `block` in order, each node before the nodes of its own blocks.
// A block's nodes are listed before the first call, so `fn` may insert nodes (they are not
// visited) and destroy the node it is given (its blocks are then skipped) or nodes not yet
// visited (they are skipped).
void walk(Block& block, const std::function<void(Node&)>& fn);
void walk(const Block& block, const std::function<void(const Node&)>& fn);

// True when `pred` holds for a node of `block` or of its nested blocks (stops at the first).
bool any_node(const Block& block, const std::function<bool(const Node&)>& pred);

}  // namespace tsrt::ir
