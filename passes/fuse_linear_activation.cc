// Fuses linear followed by relu, gelu or tanh into one tsrt::linear_* op (kernels/fused.cc),
// which oneDNN runs as one matmul with the activation as a post-op: the output is written once
// instead of being written by the matmul and read back and rewritten by the activation.
#include <string>

#include "passes/pass.h"
#include "passes/subgraph_rewriter.h"

namespace tsrt::passes {

namespace {

// linear then `activation` (one input) becomes `fused`.
int fuse_unary(ir::Graph& graph, const ir::OpCatalog& ops, const std::string& activation, const std::string& fused) {
  std::string pattern = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor?):
  %y : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = )IR" + activation + R"IR((%y)
  return (%r))IR";
  std::string replacement = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor?):
  %r : Tensor = )IR" + fused + R"IR((%x, %w, %b)
  return (%r))IR";
  return rewrite_subgraph(graph, ops, pattern, replacement);
}

int fuse_gelu(ir::Graph& graph, const ir::OpCatalog& ops) {
  const char* pattern = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor?, %approximate : str):
  %y : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = aten::gelu(%y, %approximate)
  return (%r))IR";
  const char* replacement = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor?, %approximate : str):
  %r : Tensor = tsrt::linear_gelu(%x, %w, %b, %approximate)
  return (%r))IR";
  // oneDNN has post-ops for both of torch's gelus; the approximation must be known now.
  return rewrite_subgraph(graph, ops, pattern, replacement, [](SubgraphMatch& m) {
    const tsrt::Value* approximate = m.constant("approximate");
    return approximate && approximate->is_string() &&
           (approximate->to_string() == "none" || approximate->to_string() == "tanh");
  });
}

}  // namespace

int fuse_linear_activation(ir::Graph& graph, const PassContext& context) {
  if (context.ops == nullptr) return 0;  // no op catalog: the patterns cannot be read
  const ir::OpCatalog& ops = *context.ops;
  return fuse_unary(graph, ops, "aten::relu", "tsrt::linear_relu") + fuse_gelu(graph, ops) +
         fuse_unary(graph, ops, "aten::tanh", "tsrt::linear_tanh");
}

TSRT_REGISTER_PASS("fuse-linear-act", "fuses linear + relu/gelu/tanh into one matmul with an activation post-op",
                   fuse_linear_activation);

}  // namespace tsrt::passes
