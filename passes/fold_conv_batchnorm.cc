// Folds an eval-mode batch_norm into the convolution before it: with constant statistics and
// parameters, batch_norm(conv(x, w, b)) is conv(x, w', b') where, per output channel c,
//   scale[c] = bn_weight[c] / sqrt(running_var[c] + eps)
//   w'[c]    = w[c] * scale[c]
//   b'[c]    = (b[c] - running_mean[c]) * scale[c] + bn_bias[c]
// computed here, once, in double precision. It needs constant weights and statistics, so it
// runs after `freeze` (which turns the module's parameters and buffers into constants).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "passes/pass.h"
#include "passes/subgraph_rewriter.h"

namespace tsrt::passes {

namespace {

// The convolution ops torch emits, with their argument counts; the `transposed` argument's
// index for those that have one (transposed convolutions keep output channels in dim 1).
struct ConvOp {
  const char* kind;      // as written in IR text
  int num_args;
  int transposed_index;  // -1: never transposed
};
const ConvOp kConvOps[] = {
    {"aten::_convolution", 13, 6},
    {"aten::_convolution[overload=\"deprecated\"]", 12, 6},
    {"aten::conv1d", 7, -1},
    {"aten::conv2d", 7, -1},
    {"aten::conv3d", 7, -1},
    {"aten::conv1d[overload=\"padding\"]", 7, -1},
    {"aten::conv2d[overload=\"padding\"]", 7, -1},
    {"aten::conv3d[overload=\"padding\"]", 7, -1},
};

// A constant tensor bound to `name`, or nullopt (not a constant, or not a tensor).
std::optional<Tensor> constant_tensor(const SubgraphMatch& m, const std::string& name) {
  const tsrt::Value* v = m.constant(name);
  if (v == nullptr || !v->is_tensor()) return std::nullopt;
  return v->to_tensor();
}

// A per-channel parameter: a constant tensor of `channels` elements in `dtype`, or None when
// `may_be_none` (then `out` stays empty). False when the match cannot be folded.
bool channel_param(const SubgraphMatch& m, const std::string& name, int64_t channels, DType dtype, bool may_be_none,
                   std::vector<double>& out) {
  const tsrt::Value* v = m.constant(name);
  if (v == nullptr) return false;
  if (v->is_none()) return may_be_none;
  if (!v->is_tensor()) return false;
  const Tensor& t = v->to_tensor();
  if (t.dtype() != dtype || t.numel() != channels) return false;
  Tensor d = t.to(DType::Float64);
  out.assign(d.data<double>(), d.data<double>() + channels);
  return true;
}

// Checks the match and, when it folds, binds %w and %b to new constants holding w' and b'.
bool fold(SubgraphMatch& m, int transposed_index) {
  const tsrt::Value* training = m.constant("training");
  if (training == nullptr || !training->is_bool() || training->to_bool()) return false;
  if (transposed_index >= 0) {
    const tsrt::Value* transposed = m.constant("a" + std::to_string(transposed_index));
    if (transposed == nullptr || !transposed->is_bool() || transposed->to_bool()) return false;
  }
  const tsrt::Value* eps = m.constant("eps");
  if (eps == nullptr || !eps->is_number()) return false;
  std::optional<Tensor> weight = constant_tensor(m, "w");
  if (!weight || weight->dim() < 3 || weight->size(0) == 0) return false;
  const DType dtype = weight->dtype();
  if (dtype != DType::Float32 && dtype != DType::Float64) return false;
  const int64_t channels = weight->size(0);
  std::vector<double> bias, mean, var, bn_weight, bn_bias;
  if (!channel_param(m, "b", channels, dtype, true, bias) || !channel_param(m, "mean", channels, dtype, false, mean) ||
      !channel_param(m, "var", channels, dtype, false, var) ||
      !channel_param(m, "bn_w", channels, dtype, true, bn_weight) ||
      !channel_param(m, "bn_b", channels, dtype, true, bn_bias)) {
    return false;
  }
  Tensor w = weight->to(DType::Float64);  // a new contiguous tensor, safe to scale in place
  Tensor b = Tensor::zeros({channels}, DType::Float64);
  double* wp = w.data<double>();
  double* bp = b.data<double>();
  const int64_t per_channel = w.numel() / channels;
  for (int64_t c = 0; c < channels; ++c) {
    const double scale = (bn_weight.empty() ? 1.0 : bn_weight[c]) / std::sqrt(var[c] + eps->to_double());
    for (int64_t i = 0; i < per_channel; ++i) wp[c * per_channel + i] *= scale;
    bp[c] = ((bias.empty() ? 0.0 : bias[c]) - mean[c]) * scale + (bn_bias.empty() ? 0.0 : bn_bias[c]);
  }
  ir::Graph& graph = *m.anchor->graph();
  const ir::TypePtr tensor = ir::Type::get(ir::TypeKind::Tensor);
  m.values["w"] = graph.insert_constant(tsrt::Value(w.to(dtype)), tensor, m.anchor->owning_block(), m.anchor);
  m.values["b"] = graph.insert_constant(tsrt::Value(b.to(dtype)), tensor, m.anchor->owning_block(), m.anchor);
  return true;
}

int fold_after(ir::Graph& graph, const ir::OpCatalog& ops, const ConvOp& conv) {
  std::string inputs = "%x : Tensor, %w : Tensor, %b : Tensor?";
  std::string conv_args = "%x, %w, %b";
  for (int i = 3; i < conv.num_args; ++i) {
    inputs += ", %a" + std::to_string(i) + " : Any";
    conv_args += ", %a" + std::to_string(i);
  }
  inputs += ", %bn_w : Tensor?, %bn_b : Tensor?, %mean : Tensor?, %var : Tensor?, %training : bool, "
            "%momentum : float, %eps : float, %cudnn : bool";
  std::string conv_line = std::string("  %y : Tensor = ") + conv.kind + "(" + conv_args + ")\n";
  std::string pattern = "graph(" + inputs + "):\n" + conv_line +
                        "  %z : Tensor = aten::batch_norm(%y, %bn_w, %bn_b, %mean, %var, %training, %momentum, "
                        "%eps, %cudnn)\n  return (%z)";
  std::string replacement = "graph(" + inputs + "):\n" + conv_line + "  return (%y)";
  const int transposed_index = conv.transposed_index;
  return rewrite_subgraph(graph, ops, pattern, replacement,
                          [transposed_index](SubgraphMatch& m) { return fold(m, transposed_index); });
}

}  // namespace

int fold_conv_batchnorm(ir::Graph& graph, const PassContext& context) {
  if (context.ops == nullptr) return 0;  // no op catalog: the patterns cannot be read
  const ir::OpCatalog& ops = *context.ops;
  int count = 0;
  for (const ConvOp& conv : kConvOps) count += fold_after(graph, ops, conv);
  return count;
}

TSRT_REGISTER_PASS("fold-conv-bn",
                   "folds eval-mode batch_norm with constant statistics into the preceding convolution's weights "
                   "(run after freeze)",
                   fold_conv_batchnorm);

}  // namespace tsrt::passes
