#include "runtime/prepack.h"

#include <set>
#include <string>
#include <vector>

#include "kernels/onednn/matmul.h"

namespace tsrt::runtime {
namespace {

// Ops whose kernels hand their weight (input 1, [out, in]) to onednn::matmul as a constant.
bool packs_its_weight(const std::string& kind) {
  static const std::set<std::string> kinds = {"aten::linear", "tsrt::linear_relu", "tsrt::linear_gelu",
                                              "tsrt::linear_tanh"};
  return kinds.count(kind) > 0;
}

// Walks `block` and its nested blocks: marks the storage of every tensor constant
// (Storage::mark_constant) and collects the linear weights to pack.
void collect(const ir::Block& block, std::vector<Tensor>& weights) {
  for (const ir::Node* node : block.nodes()) {
    for (const ir::Block* inner : node->blocks()) collect(*inner, weights);
    if (node->kind() == "prim::Constant" && node->constant().is_tensor()) {
      node->constant().to_tensor().storage()->mark_constant();
    }
    if (!packs_its_weight(node->kind()) || node->inputs().size() < 2) continue;
    const ir::Node* producer = node->input(1)->node();
    if (producer->kind() != "prim::Constant" || !producer->constant().is_tensor()) continue;
    const Tensor& w = producer->constant().to_tensor();
    if (w.dim() != 2) continue;
    // The [in, out] view the kernels pass to matmul, so that the cache entries match theirs.
    weights.push_back(w.as_strided({w.size(1), w.size(0)}, {w.stride(1), w.stride(0)}, w.storage_offset()));
  }
}

}  // namespace

void prepack_linear_weights(const ir::Graph& graph) {
  std::vector<Tensor> weights;
  collect(*graph.block(), weights);
  if (!weights.empty()) kernels::onednn::prepack_weights(weights, "packing linear weights");
}

}  // namespace tsrt::runtime
