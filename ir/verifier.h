// The IR verifier: structural invariants every pass must keep. Throws tsrt::Error naming the
// node and what is broken.
//   * every input is defined before its use, in the same block or an enclosing one;
//   * use lists match inputs exactly;
//   * prim::If has two blocks, each returning as many values as the node has outputs;
//   * prim::Loop has (max_trip_count, condition, carried...) inputs and one block with
//     (iteration, carried...) params returning (condition, carried...);
//   * resolved ops have as many inputs as their schema (plus any varargs) and outputs.
#pragma once

#include "ir/graph.h"

namespace tsrt::ir {

void verify(const Graph& graph);

}  // namespace tsrt::ir
