// Elementwise kernels against PyTorch goldens. The goldens hold contiguous tensors, so this test
// also re-runs every case on non-contiguous copies of its inputs (dims stored in reverse order,
// innermost elements two slots apart, non-zero storage offset) and on stride-0 expanded views
// of broadcast inputs, expecting the very same golden outputs. Error cases check that inputs
// torch rejects are rejected with tsrt::Error rather than crashing.
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/common/shape_util.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

bool is_inplace(const std::string& op) {
  std::string name = op.substr(0, op.find('.'));
  return name.back() == '_' && name.substr(name.size() - 2) != "__";
}

TEST(ElementwiseKernels, MatchTorchGoldens) { testing::expect_goldens_match("elementwise", 600); }

TEST(ElementwiseKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("elementwise", 550); }

TEST(ElementwiseKernels, ExpandedInputsGiveTheGoldens) {
  auto expand_broadcast_inputs = [](const testing::GoldenCase& c, std::vector<Value>& args) {
    // Only tensors of rank > 0 are expanded: a 0-d tensor would change type-promotion class.
    Shape shape;
    bool first = true;
    for (const Value& a : args) {
      if (!a.is_tensor() || a.to_tensor().dim() == 0) continue;
      shape = first ? a.to_tensor().sizes() : kernels::broadcast_shapes(shape, a.to_tensor().sizes());
      first = false;
    }
    bool changed = false;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i == 0 && is_inplace(c.op)) continue;  // self is written: it must not alias itself
      if (!args[i].is_tensor() || args[i].to_tensor().dim() == 0) continue;
      if (args[i].to_tensor().sizes() == shape) continue;
      args[i] = kernels::expand_to(args[i].to_tensor(), shape);
      changed = true;
    }
    return changed;
  };
  testing::GoldenResult result =
      testing::run_transformed_goldens("elementwise", "expanded inputs", expand_broadcast_inputs);
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 200);
}

TEST(ElementwiseKernels, InplaceOpsReturnAndUpdateSelf) {
  Tensor self = Tensor::zeros({2, 3}, DType::Float32);
  Tensor other = Tensor::scalar_double(1.5);
  std::vector<Value> out = call_op("aten::add_.Tensor", {self, other, 1});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to_tensor().storage(), self.storage());
  EXPECT_EQ(self.data<float>()[5], 1.5f);
}

// Inputs torch rejects must raise tsrt::Error, never crash or silently compute.
TEST(ElementwiseKernels, RejectsWhatTorchRejects) {
  Tensor ints = Tensor::zeros({3}, DType::Int64);
  Tensor floats = Tensor::zeros({3}, DType::Float32);
  Tensor bools = Tensor::zeros({3}, DType::Bool);
  auto rejects = [](const std::string& op, std::vector<Value> args) {
    EXPECT_THROW(call_op(op, std::move(args)), Error) << op;
  };
  rejects("aten::div.Scalar_mode", {ints, 0, std::string("floor")});     // integer ZeroDivisionError
  rejects("aten::remainder.Tensor", {ints, ints});
  rejects("aten::fmod.Scalar", {ints, 0});
  rejects("aten::floor_divide", {ints, ints});
  rejects("aten::div.Tensor_mode", {floats, floats, std::string("round")});  // unknown mode
  rejects("aten::sub.Tensor", {bools, bools, 1});
  rejects("aten::neg", {bools});
  rejects("aten::abs", {bools});
  rejects("aten::add.Scalar", {ints, 2, 2.5});                            // float alpha, int tensor
  rejects("aten::add_.Scalar", {ints, 2.5, 1});                           // float result into int
  rejects("aten::div_.Tensor", {ints, ints});
  rejects("aten::add_.Tensor", {Tensor::zeros({3}, DType::Float32), Tensor::zeros({2, 3}, DType::Float32), 1});
  rejects("aten::add.Tensor", {Tensor::zeros({2}, DType::Float32), floats, 1});  // shapes do not broadcast
  rejects("aten::bitwise_and.Tensor", {floats, floats});
  rejects("aten::pow.Tensor_Scalar", {ints, -1});
  rejects("aten::clamp", {floats, Value(), Value()});
  rejects("aten::where.self", {floats, floats, floats});                  // non-bool condition
  rejects("aten::masked_fill.Tensor", {floats, bools, floats});           // value must be 0-d
  rejects("aten::sqrt_", {ints});
  rejects("aten::masked_fill.Scalar", {ints, bools, std::numeric_limits<double>::infinity()});  // int overflow
  rejects("aten::add_.Scalar", {kernels::expand_to(Tensor::zeros({1}, DType::Float32), {3}), 1, 1});  // aliased self
}

TEST(ElementwiseKernels, ResultTypeFollowsTorchCategories) {
  Value f32 = Tensor::zeros({2}, DType::Float32);
  Value i64 = Tensor::zeros({2}, DType::Int64);
  Value u8 = Tensor::zeros({2}, DType::UInt8);
  Value f64_0d = Tensor::scalar_double(1.0, DType::Float64);
  EXPECT_EQ(kernels::result_type(f32, Value(2.5)), DType::Float32);
  EXPECT_EQ(kernels::result_type(i64, Value(2.5)), DType::Float32);
  EXPECT_EQ(kernels::result_type(u8, Value(int64_t{300})), DType::UInt8);
  EXPECT_EQ(kernels::result_type(f32, f64_0d), DType::Float32);
  EXPECT_EQ(kernels::result_type(i64, f64_0d), DType::Float64);
  EXPECT_EQ(kernels::result_type(Value(true), Value(int64_t{1})), DType::Int64);
}

}  // namespace
}  // namespace tsrt
