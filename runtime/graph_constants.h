// Marks the storage of every tensor constant of a prepared method (Storage::mark_constant),
// i.e. the module's parameters after the `freeze` pass. Kernels may keep copies derived from a
// marked storage across calls: the convolutions pack such weights on first use and reuse the
// copy, and reorder any other weight on every call. (Linear weights are packed on their
// first use whether or not they are graph constants: kernels/onednn/matmul.h.)
#pragma once

#include "ir/graph.h"

namespace tsrt::runtime {

// Marks the tensor constants of `graph` and of its nested blocks.
void mark_graph_constants(const ir::Graph& graph);

}  // namespace tsrt::runtime
