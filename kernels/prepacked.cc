// prepacked:: ops from torch.utils.mobile_optimizer.optimize_for_mobile: linear, conv2d and
// conv_transpose2d whose weights sit in an XNNPACK op-context object (ir/custom_class.h), each
// followed by a clamp to [output_min, output_max] (a fused relu / hardtanh; None is unbounded).
// tsrt keeps the context's state as torch pickles it and runs its own linear / convolution
// kernels on it; the *_prepack ops build such a context from their arguments (unfrozen graphs).
#include <optional>
#include <string>
#include <vector>

#include "ir/custom_class.h"
#include "ir/shape_rule.h"
#include "kernels/common/op_calls.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

constexpr const char* kLinear = "__torch__.torch.classes.xnnpack.LinearOpContext";
constexpr const char* kConv2d = "__torch__.torch.classes.xnnpack.Conv2dOpContext";
constexpr const char* kTransposeConv2d = "__torch__.torch.classes.xnnpack.TransposeConv2dOpContext";

// A context object holding `state`, checked as the unpickler checks a loaded one.
Value make_context(const char* qualified, std::vector<Value> state, const char* op) {
  const ir::CustomClass* cls = ir::find_custom_class(qualified);
  TSRT_CHECK(cls != nullptr, std::string(op) + ": " + qualified + " is not a known custom class");
  Value tuple(make_tuple(std::move(state)));
  try {
    cls->validate(tuple);
  } catch (const Error& e) {
    throw Error(std::string(op) + ": " + e.what());
  }
  auto obj = std::make_shared<Object>();
  obj->type = ir::make_custom_class_type(*cls);
  obj->slots.push_back(std::move(tuple));
  return Value(obj);
}

// An int[2] argument as torch expands it: one int stands for both dims.
Value pair_arg(const Args& a, size_t i) {
  Shape values = a.int_list(i);
  if (values.size() == 1) values.push_back(values[0]);
  return int_list_value(values);
}

// A Scalar? bound as the state keeps it: None, or a number.
Value bound_arg(const Args& a, size_t i) {
  const Value& v = a[i];
  if (v.is_bool()) return Value(static_cast<int64_t>(v.to_bool()));
  return v;
}

const std::vector<Value>& state_of(const Args& a, const char* qualified, const char* op) {
  return ir::custom_class_state(a[1], qualified, op).to_tuple()->items;
}

Tensor float_input(const Args& a, const char* op) {
  const Tensor& x = a.tensor(0);
  TSRT_CHECK(x.dtype() == DType::Float32, std::string(op) + ": expected a float32 input, got " + dtype_name(x.dtype()));
  return x;
}

// The fused activation: torch clamps to [min, max], a missing bound being unbounded.
Tensor clamped(Tensor out, const Value& min, const Value& max) {
  if (min.is_none() && max.is_none()) return out;
  return run_tensor_op("aten::clamp_", {out, min, max});
}

Value linear_clamp_run(const Args& a) {
  const char* op = "prepacked::linear_clamp_run";
  const std::vector<Value>& s = state_of(a, kLinear, op);
  Tensor out = run_tensor_op("aten::linear", {float_input(a, op), s[0], s[1]});
  return clamped(out, s[2], s[3]);
}

Value conv2d_clamp_run(const Args& a) {
  const char* op = "prepacked::conv2d_clamp_run";
  const std::vector<Value>& s = state_of(a, kConv2d, op);
  Tensor out = run_tensor_op("aten::conv2d", {float_input(a, op), s[0], s[1], s[2], s[3], s[4], s[5]});
  return clamped(out, s[6], s[7]);
}

Value conv2d_transpose_clamp_run(const Args& a) {
  const char* op = "prepacked::conv2d_transpose_clamp_run";
  const std::vector<Value>& s = state_of(a, kTransposeConv2d, op);
  // conv_transpose2d takes groups before dilation; the state holds dilation first.
  Tensor out =
      run_tensor_op("aten::conv_transpose2d.input", {float_input(a, op), s[0], s[1], s[2], s[3], s[4], s[6], s[5]});
  return clamped(out, s[7], s[8]);
}

// ---- shape rules: the context is a constant, so its weight gives the output's sizes --------

const std::vector<tsrt::Value>* constant_state(const ir::ShapeContext& c, const char* qualified) {
  const tsrt::Value* ctx = c.constant(c.input(1));
  if (ctx == nullptr || !ctx->is_object()) return nullptr;
  try {
    return &ir::custom_class_state(*ctx, qualified, "shape rule").to_tuple()->items;
  } catch (const Error&) {
    return nullptr;
  }
}

ir::TensorFacts linear_run_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{ir::kFloatCode, std::nullopt, false};
  const auto* s = constant_state(c, kLinear);
  if (s == nullptr || !in.sizes || in.sizes->empty()) return out;
  out.sizes = *in.sizes;
  out.sizes->back() = (*s)[0].to_tensor().size(0);
  out.contiguous = true;
  return out;
}

// Output sizes of a 2-d (transposed) convolution over a known 4-d input; contiguity is left
// unknown (a channels-last input gives a channels-last result).
ir::TensorFacts conv_run_shape(const ir::ShapeContext& c, bool transposed) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{ir::kFloatCode, std::nullopt, false};
  const auto* s = constant_state(c, transposed ? kTransposeConv2d : kConv2d);
  if (s == nullptr || !in.sizes || in.sizes->size() != 4) return out;
  const Tensor& w = (*s)[0].to_tensor();
  auto at = [&](size_t field, size_t d) { return (*s)[field].to_list()->items[d].to_int(); };
  ir::Sizes sizes = {(*in.sizes)[0], transposed ? w.size(1) * (*s)[6].to_int() : w.size(0)};
  for (size_t d = 0; d < 2; ++d) {
    std::optional<int64_t> n = (*in.sizes)[2 + d];
    int64_t k = w.size(static_cast<int64_t>(2 + d));
    if (!n) {
      sizes.push_back(std::nullopt);
    } else if (transposed) {
      sizes.push_back((*n - 1) * at(2, d) - 2 * at(3, d) + at(5, d) * (k - 1) + at(4, d) + 1);
    } else {
      sizes.push_back((*n + 2 * at(3, d) - at(4, d) * (k - 1) - 1) / at(2, d) + 1);
    }
  }
  out.sizes = sizes;
  return out;
}

ir::TensorFacts conv2d_run_shape(const ir::ShapeContext& c) { return conv_run_shape(c, false); }
ir::TensorFacts conv2d_transpose_run_shape(const ir::ShapeContext& c) { return conv_run_shape(c, true); }

}  // namespace

TSRT_REGISTER_KERNELS(prepacked) {
  r.add("prepacked::linear_clamp_prepack(Tensor W, Tensor? B=None, Scalar? output_min=None, Scalar? output_max=None)"
        " -> __torch__.torch.classes.xnnpack.LinearOpContext",
        [](const Args& a) {
          return make_context(kLinear, {a[0], a[1], bound_arg(a, 2), bound_arg(a, 3)},
                              "prepacked::linear_clamp_prepack");
        });
  r.add("prepacked::linear_clamp_run(Tensor X, __torch__.torch.classes.xnnpack.LinearOpContext W_prepack) -> Tensor Y",
        linear_clamp_run)
      .shape(ir::one_output(linear_run_shape));
  r.add("prepacked::conv2d_clamp_prepack(Tensor W, Tensor? B, int[2] stride, int[2] padding, int[2] dilation, "
        "int groups, Scalar? output_min=None, Scalar? output_max=None) -> "
        "__torch__.torch.classes.xnnpack.Conv2dOpContext",
        [](const Args& a) {
          return make_context(kConv2d,
                              {a[0], a[1], pair_arg(a, 2), pair_arg(a, 3), pair_arg(a, 4), Value(a.to_int(5)),
                               bound_arg(a, 6), bound_arg(a, 7)},
                              "prepacked::conv2d_clamp_prepack");
        });
  r.add("prepacked::conv2d_clamp_run(Tensor X, __torch__.torch.classes.xnnpack.Conv2dOpContext W_prepack) -> Tensor Y",
        conv2d_clamp_run)
      .shape(ir::one_output(conv2d_run_shape));
  r.add("prepacked::conv2d_transpose_clamp_prepack(Tensor W, Tensor? B, int[2] stride, int[2] padding, "
        "int[2] output_padding, int[2] dilation, int groups, Scalar? output_min=None, Scalar? output_max=None) -> "
        "__torch__.torch.classes.xnnpack.TransposeConv2dOpContext",
        [](const Args& a) {
          return make_context(kTransposeConv2d,
                              {a[0], a[1], pair_arg(a, 2), pair_arg(a, 3), pair_arg(a, 4), pair_arg(a, 5),
                               Value(a.to_int(6)), bound_arg(a, 7), bound_arg(a, 8)},
                              "prepacked::conv2d_transpose_clamp_prepack");
        });
  r.add("prepacked::conv2d_transpose_clamp_run(Tensor X, "
        "__torch__.torch.classes.xnnpack.TransposeConv2dOpContext W_prepack) -> Tensor Y",
        conv2d_transpose_clamp_run)
      .shape(ir::one_output(conv2d_transpose_run_shape));
}

}  // namespace tsrt::kernels
