// Fuses a convolution followed by relu into one tsrt::convolution_relu (kernels/convolution.cc),
// which oneDNN runs with relu as a post-op: each result is written once, already rectified,
// instead of being written by the convolution and read back and rewritten by relu. Runs after
// fold-conv-bn, which turns conv -> batch_norm -> relu into conv -> relu.
#include <string>

#include "passes/pass.h"
#include "passes/subgraph_rewriter.h"

namespace tsrt::passes {

namespace {

const char* const kFused = "tsrt::convolution_relu(%x, %w, %b, %stride, %padding, %dilation, %groups)";

// aten::conv1d/2d/3d (int padding) then `relu` (aten::relu or aten::relu_).
int fuse_conv_nd(ir::Graph& graph, const ir::OpCatalog& ops, const std::string& conv, const std::string& relu) {
  const std::string inputs =
      "graph(%x : Tensor, %w : Tensor, %b : Tensor?, %stride : int[], %padding : int[], %dilation : int[], "
      "%groups : int):\n";
  const std::string pattern = inputs + "  %y : Tensor = " + conv +
                              "(%x, %w, %b, %stride, %padding, %dilation, %groups)\n  %r : Tensor = " + relu +
                              "(%y)\n  return (%r)";
  const std::string replacement = inputs + "  %r : Tensor = " + kFused + "\n  return (%r)";
  return rewrite_subgraph(graph, ops, pattern, replacement);
}

// aten::_convolution (what tracing records) then `relu`, when it is not transposed: its
// output_padding and backend flags then mean nothing.
int fuse_underscore_convolution(ir::Graph& graph, const ir::OpCatalog& ops, const std::string& relu) {
  const std::string inputs =
      "graph(%x : Tensor, %w : Tensor, %b : Tensor?, %stride : int[], %padding : int[], %dilation : int[], "
      "%transposed : bool, %output_padding : int[], %groups : int, %benchmark : bool, %deterministic : bool, "
      "%cudnn : bool, %tf32 : bool):\n";
  const std::string pattern = inputs +
                              "  %y : Tensor = aten::_convolution(%x, %w, %b, %stride, %padding, %dilation, "
                              "%transposed, %output_padding, %groups, %benchmark, %deterministic, %cudnn, %tf32)\n"
                              "  %r : Tensor = " + relu + "(%y)\n  return (%r)";
  const std::string replacement = inputs + "  %r : Tensor = " + kFused + "\n  return (%r)";
  return rewrite_subgraph(graph, ops, pattern, replacement, [](SubgraphMatch& m) {
    const tsrt::Value* transposed = m.constant("transposed");
    return transposed != nullptr && transposed->is_bool() && !transposed->to_bool();
  });
}

}  // namespace

int fuse_conv_relu(ir::Graph& graph, const PassContext& context) {
  if (context.ops == nullptr) return 0;  // no op catalog: the patterns cannot be read
  const ir::OpCatalog& ops = *context.ops;
  int fused = 0;
  for (const char* relu : {"aten::relu", "aten::relu_"}) {
    fused += fuse_underscore_convolution(graph, ops, relu);
    for (const char* conv : {"aten::conv1d", "aten::conv2d", "aten::conv3d"}) {
      fused += fuse_conv_nd(graph, ops, conv, relu);
    }
  }
  return fused;
}

TSRT_REGISTER_PASS("fuse-conv-relu", "fuses a convolution + relu into one convolution with a relu post-op",
                   fuse_conv_relu);

}  // namespace tsrt::passes
