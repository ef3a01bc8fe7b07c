// Packs a method's linear weights when the method is prepared (at load time for forward)
// instead of inside its first call, where one weight after another was reordered with a
// parallel region (and its barrier) each, and the packed copies' fresh pages were faulted in
// one thread at a time. Here all of them are packed at once, one weight per thread, which is
// what brings BERT-base's load-to-first-result under 0.5 s (docs/status.md).
#pragma once

#include "ir/graph.h"

namespace tsrt::runtime {

// Packs, for oneDNN (kernels/onednn/matmul.h), the weight of every aten::linear and fused
// tsrt::linear_* in `graph` and its nested blocks that is a constant tensor, i.e. after the
// `freeze` pass. Weights read through attributes at run time (no freeze) are packed on first use
// as before. Call under the precision the method will run with: bf16 packs bfloat16 copies.
//
// Also marks the storage of every tensor constant in `graph` (Storage::mark_constant): the
// convolutions, whose weights' packed layout depends on the input's shape, pack a marked weight
// on first use and keep the copy, and reorder any other weight on every call.
void prepack_linear_weights(const ir::Graph& graph);

}  // namespace tsrt::runtime
