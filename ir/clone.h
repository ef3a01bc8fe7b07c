// Copying IR between graphs: the inliner pastes a callee's body into its caller this way.
#pragma once

#include <unordered_map>

#include "ir/graph.h"

namespace tsrt::ir {

using ValueMap = std::unordered_map<const Value*, Value*>;

// Copies every node of `src` (with nested blocks) into `dst` before `before` (or at the end
// when null). `values` must map src's block inputs and any outer values src uses; it gains
// the copied nodes' outputs. Returns the copies of src's block outputs.
std::vector<Value*> clone_block_into(const Block& src, Block& dst, Node* before, ValueMap& values);

}  // namespace tsrt::ir
