// Fuses add followed by layer_norm (a transformer's residual connection and its norm) into
// tsrt::add_layer_norm (kernels/fused.cc), which reads both addends once and never writes the
// sum to memory on its own.
#include "passes/pass.h"
#include "passes/subgraph_rewriter.h"

namespace tsrt::passes {

int fuse_add_layer_norm(ir::Graph& graph, const PassContext& context) {
  if (context.ops == nullptr) return 0;  // no op catalog: the patterns cannot be read
  const ir::OpCatalog& ops = *context.ops;
  const char* pattern = R"IR(graph(%a : Tensor, %b : Tensor, %shape : int[], %w : Tensor?, %bias : Tensor?, %eps : float, %cudnn : bool):
  %one : int = prim::Constant[value=1]()
  %sum : Tensor = aten::add[overload="Tensor"](%a, %b, %one)
  %y : Tensor = aten::layer_norm(%sum, %shape, %w, %bias, %eps, %cudnn)
  return (%y))IR";
  // cudnn_enable means nothing on the CPU: the fused op has no such argument.
  const char* replacement = R"IR(graph(%a : Tensor, %b : Tensor, %shape : int[], %w : Tensor?, %bias : Tensor?, %eps : float, %cudnn : bool):
  %y : Tensor = tsrt::add_layer_norm(%a, %b, %shape, %w, %bias, %eps)
  return (%y))IR";
  return rewrite_subgraph(graph, ops, pattern, replacement);
}

TSRT_REGISTER_PASS("fuse-add-layernorm", "fuses add (alpha 1) + layer_norm into one pass over memory",
                   fuse_add_layer_norm);

}  // namespace tsrt::passes
