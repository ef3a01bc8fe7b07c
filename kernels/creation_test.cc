// Tensor factories against PyTorch goldens, plus the values goldens cannot pin down (empty()).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(CreationKernels, MatchTorchGoldens) { testing::expect_goldens_match("creation", 78); }

TEST(CreationKernels, EmptyIsZeroFilledForDeterminism) {
  Tensor t =
      call_op("aten::empty.memory_format", {ints({64}), Value(), Value(), Value(), Value(), Value()})[0].to_tensor();
  EXPECT_EQ(t.dtype(), DType::Float32);
  for (int64_t i = 0; i < t.numel(); ++i) EXPECT_EQ(t.data<float>()[i], 0.0f);
}

TEST(CreationKernels, EmptyStridedHonoursStrides) {
  Value none;
  Tensor t = call_op("aten::empty_strided", {ints({2, 3}), ints({1, 2}), none, none, none, none})[0].to_tensor();
  EXPECT_EQ(t.strides(), (Shape{1, 2}));
  EXPECT_EQ(t.storage()->nbytes(), 6 * sizeof(float));
  for (int64_t i = 0; i < 6; ++i) EXPECT_EQ(static_cast<const float*>(t.storage()->data())[i], 0.0f);
}

TEST(CreationKernels, FillWritesThroughStridedViews) {
  Tensor base = Tensor::zeros({3, 3}, DType::Float32);
  Tensor column = base.as_strided({3}, {3}, 1);
  Tensor out = call_op("aten::fill_.Scalar", {column, 2.0})[0].to_tensor();
  EXPECT_EQ(out.storage(), base.storage());
  for (int64_t i = 0; i < 9; ++i) EXPECT_EQ(base.data<float>()[i], i % 3 == 1 ? 2.0f : 0.0f) << i;
}

TEST(CreationKernels, CudaDevicesMapToCpuOthersAreRejected) {
  Tensor t = call_op("aten::zeros", {ints({2}), Value(), Value(), Value(Device{"cuda:0"}), Value()})[0].to_tensor();
  EXPECT_EQ(t.numel(), 2);
  EXPECT_THROW(call_op("aten::zeros", {ints({2}), Value(), Value(), Value(Device{"mps"}), Value()}), Error);
}

TEST(CreationKernels, BadArgumentsRaiseErrors) {
  Value none;
  EXPECT_THROW(call_op("aten::arange.start_step", {int64_t{0}, int64_t{5}, int64_t{0}, none, none, none, none}), Error);
  EXPECT_THROW(call_op("aten::arange.start_step", {int64_t{0}, int64_t{5}, int64_t{-1}, none, none, none, none}),
               Error);
  EXPECT_THROW(call_op("aten::zeros", {ints({-1}), none, none, none, none}), Error);
  EXPECT_THROW(call_op("aten::arange.start_step", {0.0, 1e300, 1e-300, none, none, none, none}), Error);
  EXPECT_THROW(call_op("aten::zeros", {ints({2}), int64_t{99}, none, none, none}), Error);
  EXPECT_THROW(call_op("aten::linspace", {0.0, 1.0, int64_t{-1}, none, none, none, none}), Error);
}

}  // namespace
}  // namespace tsrt
