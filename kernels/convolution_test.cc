// Golden tests of kernels/convolution.cc against stock PyTorch (tools/opgoldens/convolution.py),
// plus non-contiguous inputs/weights and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("convolution", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(ConvolutionGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("convolution");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 38);
}

TEST(ConvolutionGolden, StridedInputAndWeightMatchTorch) {
  auto t = [](const std::string& f) { return golden_tensor(f); };
  std::vector<Value> out =
      kernels::call_op("aten::conv2d", {column_major(t("conv2d_groups_0.npy")), column_major(t("conv2d_groups_1.npy")),
                                        t("conv2d_groups_2.npy"), ints({1, 1}), ints({1, 1}), ints({1, 1}), Value(2)});
  EXPECT_TRUE(out[0].to_tensor().is_contiguous());
  EXPECT_EQ(testing::compare_values(out[0], t("conv2d_groups_3.npy"), 1e-4, 1e-5), "");
  out = kernels::call_op("aten::conv1d", {column_major(t("conv1d_basic_0.npy")), t("conv1d_basic_1.npy"),
                                          t("conv1d_basic_2.npy"), ints({1}), ints({1}), ints({1}), Value(1)});
  EXPECT_EQ(testing::compare_values(out[0], t("conv1d_basic_3.npy"), 1e-4, 1e-5), "");
}

// A single int for an int[2] argument means the same value for every spatial dim.
TEST(ConvolutionGolden, ScalarListArgumentsBroadcast) {
  auto t = [](const std::string& f) { return golden_tensor(f); };
  std::vector<Value> out =
      kernels::call_op("aten::conv2d", {t("conv2d_pad_stride_0.npy"), t("conv2d_pad_stride_1.npy"),
                                        t("conv2d_pad_stride_2.npy"), Value(2), Value(1), Value(1), Value(1)});
  EXPECT_EQ(testing::compare_values(out[0], t("conv2d_pad_stride_3.npy"), 1e-4, 1e-5), "");
}

TEST(ConvolutionErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 3, 5, 5}, DType::Float32);
  Value w = Tensor::zeros({2, 4, 3, 3}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::conv2d", {x, w, Value(), ints({1, 1}), ints({0, 0}), ints({1, 1}), Value(1)}),
               Error);
  Value w_ok = Tensor::zeros({2, 3, 7, 7}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::conv2d", {x, w_ok, Value(), ints({1, 1}), ints({0, 0}), ints({1, 1}), Value(1)}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::conv2d.padding", {x, Tensor::zeros({2, 3, 3, 3}, DType::Float32), Value(),
                                                         ints({2, 2}), Value("same"), ints({1, 1}), Value(1)}),
               Error);
  // output_padding must be smaller than the stride or the dilation.
  EXPECT_THROW(
      kernels::call_op("aten::_convolution", {x, Tensor::zeros({3, 2, 3, 3}, DType::Float32), Value(), ints({1, 1}),
                                              ints({0, 0}), ints({1, 1}), Value(true), ints({1, 1}), Value(1),
                                              Value(false), Value(false), Value(true), Value(true)}),
      Error);
  EXPECT_THROW(kernels::call_op("aten::conv_transpose2d.input",
                                {x, Tensor::zeros({2, 2, 3, 3}, DType::Float32), Value(), ints({1, 1}), ints({0, 0}),
                                 ints({0, 0}), Value(1), ints({1, 1})}),
               Error);
}

}  // namespace
}  // namespace tsrt
