#include "runtime/graph_constants.h"

namespace tsrt::runtime {
namespace {

void mark_block(const ir::Block& block) {
  for (const ir::Node* node : block.nodes()) {
    for (const ir::Block* inner : node->blocks()) mark_block(*inner);
    if (node->kind() == "prim::Constant" && node->constant().is_tensor()) {
      node->constant().to_tensor().storage()->mark_constant();
    }
  }
}

}  // namespace

void mark_graph_constants(const ir::Graph& graph) { mark_block(*graph.block()); }

}  // namespace tsrt::runtime
