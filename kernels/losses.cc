// Loss functions that scripted models reach (torchvision detection's training branches call
// smooth_l1_loss and binary_cross_entropy_with_logits): composed from the elementwise and
// reduction kernels that already match torch, in the order torch's own kernels compute them.
#include <algorithm>
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

// nll_loss over class dim 1 ((N, C, d1, ...) input, (N, d1, ...) int64 target) or dim 0 for a (C)
// input and 0-d target: -weight[t] * input[.., t, ..], ignore_index skipped, mean divides by the
// summed weights (nan when all are ignored, as torch gives).
template <typename T>
Tensor nll_loss_typed(const Tensor& input, const Tensor& target, const std::optional<Tensor>& weight,
                      int64_t reduction, int64_t ignore_index, const std::string& op) {
  const int64_t classes = input.dim() == 1 ? input.size(0) : input.size(1);
  const int64_t batch = input.dim() == 1 ? 1 : input.size(0);
  const int64_t inner = input.dim() == 1 ? 1 : input.numel() / std::max<int64_t>(1, batch * classes);
  Tensor in = input.contiguous();
  Tensor tgt = target.contiguous();
  std::vector<T> w(static_cast<size_t>(classes), T(1));
  if (weight) {
    TSRT_CHECK(weight->numel() == classes, op + ": weight tensor should be defined either for all " +
                                               std::to_string(classes) + " classes or no classes but got weight tensor of shape: " +
                                               weight->shape_string());
    Tensor wc = weight->to(in.dtype()).contiguous();
    for (int64_t c = 0; c < classes; ++c) w[static_cast<size_t>(c)] = wc.data<T>()[c];
  }
  const T* x = in.data<T>();
  const int64_t* t = tgt.data<int64_t>();
  Tensor losses = Tensor::empty(target.sizes(), input.dtype());
  T* l = losses.data<T>();
  double total = 0, total_weight = 0;
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t k = n * inner + i, cls = t[k];
      if (cls == ignore_index) {
        l[k] = T(0);
        continue;
      }
      TSRT_CHECK(cls >= 0 && cls < classes, op + ": Target " + std::to_string(cls) + " is out of bounds.");
      const T wv = w[static_cast<size_t>(cls)];
      l[k] = -wv * x[(n * classes + cls) * inner + i];
      total += static_cast<double>(l[k]);
      total_weight += static_cast<double>(wv);
    }
  }
  if (reduction == 0) return losses;
  TSRT_CHECK(reduction == 1 || reduction == 2, op + ": reduction must be 0 (none), 1 (mean) or 2 (sum), got " +
                                                   std::to_string(reduction));
  Tensor out = Tensor::empty({}, input.dtype());
  out.data<T>()[0] = static_cast<T>(reduction == 2 ? total : total / total_weight);
  return out;
}

Tensor nll_loss(const Tensor& input, const Tensor& target, const std::optional<Tensor>& weight, int64_t reduction,
                int64_t ignore_index, const std::string& op) {
  TSRT_CHECK(input.dim() >= 1, op + ": input tensor should be 1D or more, got " + input.shape_string());
  TSRT_CHECK(target.dtype() == DType::Int64, op + ": expected target of scalar type Long but found " +
                                                 dtype_name(target.dtype()));
  Shape expected;
  for (int64_t d = 0; d < input.dim(); ++d) {
    if (d != (input.dim() == 1 ? 0 : 1)) expected.push_back(input.size(d));
  }
  TSRT_CHECK(target.sizes() == expected, op + ": expected target of shape " + Tensor::empty(expected, DType::Int64).shape_string() +
                                             " for input " + input.shape_string() + ", got " + target.shape_string());
  if (input.dtype() == DType::Float64) return nll_loss_typed<double>(input, target, weight, reduction, ignore_index, op);
  TSRT_CHECK(input.dtype() == DType::Float32, op + ": input must be float32 or float64, got " + dtype_name(input.dtype()));
  return nll_loss_typed<float>(input, target, weight, reduction, ignore_index, op);
}

// log_softmax over the class dim, then nll_loss (class-index targets) or, for probability
// targets of the input's shape, -sum_c weight_c target_c logp_c averaged over the batch elements.
Tensor cross_entropy_loss(const Tensor& input, const Tensor& target, const std::optional<Tensor>& weight,
                          int64_t reduction, int64_t ignore_index, double label_smoothing) {
  const std::string op = "aten::cross_entropy_loss";
  TSRT_CHECK(label_smoothing == 0, op + ": label_smoothing > 0 is not supported by tsrt yet");
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  Tensor logp = run_tensor_op("aten::log_softmax.int", {input, Value(class_dim), Value()});
  if (target.dtype() == DType::Int64) return nll_loss(logp, target, weight, reduction, ignore_index, op);
  TSRT_CHECK(target.sizes() == input.sizes(), op + ": probability targets must have the input's shape " +
                                                  input.shape_string() + ", got " + target.shape_string());
  Tensor terms = run_tensor_op("aten::mul.Tensor", {logp, target});
  if (weight) {
    Shape view(static_cast<size_t>(input.dim()), 1);
    view[static_cast<size_t>(class_dim)] = input.size(class_dim);
    terms = run_tensor_op("aten::mul.Tensor", {terms, run_tensor_op("aten::reshape", {*weight, int_list_value(view)})});
  }
  Tensor per_element = run_tensor_op("aten::neg", {run_tensor_op("aten::sum.dim_IntList",
                                                                  {terms, int_list_value({class_dim}), Value(false), Value()})});
  if (reduction == 1) {
    const int64_t n = input.numel() / std::max<int64_t>(1, input.size(class_dim));
    return run_tensor_op("aten::div.Scalar", {run_tensor_op("aten::sum", {per_element, Value()}), Value(n)});
  }
  return reduce(per_element, reduction, op.c_str());
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
  r.add("aten::l1_loss(Tensor self, Tensor target, int reduction=1) -> Tensor",
        [](const Args& a) -> Value {
          Tensor diff = run_tensor_op("aten::abs", {run_tensor_op("aten::sub.Tensor", {a.tensor(0), a.tensor(1),
                                                                                        Value(int64_t{1})})});
          return reduce(diff, a.to_int(2), "aten::l1_loss");
        })
      .shape(ir::one_output(loss_shape));
  for (const char* schema :
       {"aten::nll_loss(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor",
        "aten::nll_loss_nd(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor",
        "aten::nll_loss2d(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor"}) {
    const std::string name = std::string(schema).substr(0, std::string(schema).find('('));
    r.add(schema, [name](const Args& a) -> Value {
       return nll_loss(a.tensor(0), a.tensor(1), a.optional_tensor(2), a.to_int(3), a.to_int(4), name);
     }).shape(ir::one_output(loss_shape));
  }
  r.add("aten::cross_entropy_loss(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, "
        "int ignore_index=-100, float label_smoothing=0.) -> Tensor",
        [](const Args& a) -> Value {
          return cross_entropy_loss(a.tensor(0), a.tensor(1), a.optional_tensor(2), a.to_int(3), a.to_int(4),
                                    a.to_double(5));
        })
      .shape(ir::one_output(loss_shape));
}

}  // namespace tsrt::kernels
