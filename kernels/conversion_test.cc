// Conversion kernels against PyTorch goldens, plus torch's aliasing contract for `to`:
// no change and copy=False returns the input itself.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(ConversionKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("conversion");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 39);
}

TEST(ConversionKernels, ToReturnsSelfOnlyWhenNothingChanges) {
  Tensor x = Tensor::zeros({2, 2}, DType::Float32);
  Value none;
  auto to_dtype = [&](int64_t code, bool copy) {
    return call_op("aten::to.dtype", {x, code, false, copy, none})[0].to_tensor();
  };
  EXPECT_EQ(to_dtype(6, false).storage(), x.storage());
  EXPECT_NE(to_dtype(6, true).storage(), x.storage());
  EXPECT_NE(to_dtype(7, false).storage(), x.storage());
  Tensor moved = call_op("aten::to.prim_Device", {x, Value(Device{"cuda:0"}), none, false, false})[0].to_tensor();
  EXPECT_EQ(moved.storage(), x.storage());
}

TEST(ConversionKernels, BadArgumentsRaiseErrors) {
  Tensor many = Tensor::zeros({3}, DType::Float32);
  EXPECT_THROW(call_op("aten::Int.Tensor", {many}), Error);
  EXPECT_THROW(call_op("aten::Bool.Tensor", {many}), Error);
  EXPECT_THROW(call_op("aten::item", {many}), Error);
  EXPECT_THROW(call_op("aten::IntImplicit", {Tensor::scalar_double(1.5)}), Error);
  EXPECT_THROW(call_op("aten::to.dtype", {many, int64_t{42}, false, false, Value()}), Error);
  EXPECT_THROW(call_op("aten::to.device", {many, Value(Device{"mps"}), int64_t{6}, false, false, Value()}), Error);
}

}  // namespace
}  // namespace tsrt
