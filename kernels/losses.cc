// Loss functions that scripted models reach (torchvision detection's training branches call
// smooth_l1_loss and binary_cross_entropy_with_logits): composed from the elementwise and
// reduction kernels that already match torch, in the order torch's own kernels compute them.
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/op_calls.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// torch's at::Reduction: 0 none, 1 mean, 2 sum.
Tensor reduce(const Tensor& loss, int64_t reduction, const char* op) {
  switch (reduction) {
    case 0: return loss;
    case 1: return run_tensor_op("aten::mean", {loss, Value()});
    case 2: return run_tensor_op("aten::sum", {loss, Value()});
    default: throw Error(std::string(op) + ": reduction must be 0 (none), 1 (mean) or 2 (sum), got " +
                         std::to_string(reduction));
  }
}

// |x - y| < beta: 0.5 (x - y)^2 / beta, else |x - y| - 0.5 beta (plain L1 for beta = 0).
Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction, double beta) {
  const char* op = "aten::smooth_l1_loss";
  TSRT_CHECK(beta >= 0, std::string(op) + ": smooth_l1_loss does not support negative values for beta.");
  Tensor diff = run_tensor_op("aten::abs", {run_tensor_op("aten::sub.Tensor", {self, target, Value(int64_t{1})})});
  if (beta == 0) return reduce(diff, reduction, op);
  Tensor quadratic = run_tensor_op("aten::div.Scalar",
                                   {run_tensor_op("aten::mul.Tensor", {run_tensor_op("aten::mul.Scalar", {diff, Value(0.5)}), diff}),
                                    Value(beta)});
  Tensor linear = run_tensor_op("aten::sub.Scalar", {diff, Value(0.5 * beta), Value(int64_t{1})});
  Tensor loss = run_tensor_op("aten::where.self", {run_tensor_op("aten::lt.Scalar", {diff, Value(beta)}), quadratic, linear});
  return reduce(loss, reduction, op);
}

// torch 1.13's formula: (1 - t) x + w_log (log1p(exp(-|x|)) + max(-x, 0)), w_log = (p - 1) t + 1
// with a pos_weight p, else (1 - t) x + m + log(exp(-m) + exp(-x - m)), m = max(-x, 0).
Tensor bce_with_logits(const Tensor& input, const Tensor& target, const std::optional<Tensor>& weight,
                       const std::optional<Tensor>& pos_weight, int64_t reduction) {
  const char* op = "aten::binary_cross_entropy_with_logits";
  TSRT_CHECK(input.sizes() == target.sizes(), std::string(op) + ": Target size (" + target.shape_string() +
                                                 ") must be the same as input size (" + input.shape_string() + ")");
  const Value one(int64_t{1});
  Tensor negative = run_tensor_op("aten::neg", {input});
  Tensor max_val = run_tensor_op("aten::clamp_min", {negative, Value(int64_t{0})});
  Tensor loss = run_tensor_op("aten::mul.Tensor", {run_tensor_op("aten::rsub.Scalar", {target, one, one}), input});
  if (pos_weight) {
    Tensor log_weight = run_tensor_op(
        "aten::add.Scalar",
        {run_tensor_op("aten::mul.Tensor", {run_tensor_op("aten::sub.Scalar", {*pos_weight, one, one}), target}), one,
         one});
    Tensor soft = run_tensor_op(
        "aten::add.Tensor",
        {run_tensor_op("aten::log1p", {run_tensor_op("aten::exp", {run_tensor_op("aten::neg", {run_tensor_op("aten::abs", {input})})})}),
         max_val, one});
    loss = run_tensor_op("aten::add.Tensor", {loss, run_tensor_op("aten::mul.Tensor", {log_weight, soft}), one});
  } else {
    Tensor sum_exp = run_tensor_op(
        "aten::add.Tensor",
        {run_tensor_op("aten::exp", {run_tensor_op("aten::neg", {max_val})}),
         run_tensor_op("aten::exp", {run_tensor_op("aten::sub.Tensor", {negative, max_val, one})}), one});
    loss = run_tensor_op("aten::add.Tensor",
                         {run_tensor_op("aten::add.Tensor", {loss, max_val, one}), run_tensor_op("aten::log", {sum_exp}), one});
  }
  if (weight) loss = run_tensor_op("aten::mul.Tensor", {loss, *weight});
  return reduce(loss, reduction, op);
}

// A mean or sum gives a 0-d tensor of the input's (floating) dtype; `none` keeps the broadcast
// sizes, left unknown here.
ir::TensorFacts loss_shape(const ir::ShapeContext& c) {
  ir::TensorFacts facts;
  facts.dtype = c.self().dtype;
  std::optional<int64_t> reduction = c.int_value(c.arg("reduction"));
  if (reduction && *reduction != 0) {
    facts.sizes = ir::Sizes{};
    facts.contiguous = true;
  }
  return facts;
}

}  // namespace

TSRT_REGISTER_KERNELS(losses) {
  r.add("aten::smooth_l1_loss(Tensor self, Tensor target, int reduction=1, float beta=1.) -> Tensor",
        [](const Args& a) -> Value {
          return smooth_l1_loss(a.tensor(0), a.tensor(1), a.to_int(2), a.to_double(3));
        })
      .shape(ir::one_output(loss_shape));
  r.add("aten::binary_cross_entropy_with_logits(Tensor self, Tensor target, Tensor? weight=None, "
        "Tensor? pos_weight=None, int reduction=1) -> Tensor",
        [](const Args& a) -> Value {
          return bce_with_logits(a.tensor(0), a.tensor(1), a.optional_tensor(2), a.optional_tensor(3), a.to_int(4));
        })
      .shape(ir::one_output(loss_shape));
}

}  // namespace tsrt::kernels
