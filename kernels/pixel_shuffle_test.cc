// Golden tests of kernels/pixel_shuffle.cc against stock PyTorch (tools/opgoldens/pixel_shuffle.py),
// plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(PixelShuffleGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("pixel_shuffle");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 23);
}

TEST(PixelShuffleGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "pixel_shuffle", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 23);
}

TEST(PixelShuffleGolden, ResultDoesNotAliasInput) {
  // A factor of 1 is a dense view of the input: the result must still be a copy, as torch's.
  Tensor x = Tensor::zeros({1, 3, 2, 2}, DType::Float32);
  Tensor y = kernels::call_op("aten::pixel_shuffle", {x, Value(1)})[0].to_tensor();
  EXPECT_NE(y.storage(), x.storage());
}

TEST(PixelShuffleGolden, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("pixel_shuffle");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 23);
  EXPECT_EQ(result.fully_known, 23);
}

TEST(PixelShuffleErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 6, 4, 4}, DType::Float32);
  // Channels not divisible by r*r, sizes not divisible by r, factors and groups <= 0, a 2-d input.
  EXPECT_THROW(kernels::call_op("aten::pixel_shuffle", {x, Value(2)}), Error);
  EXPECT_THROW(kernels::call_op("aten::pixel_shuffle", {x, Value(0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::pixel_shuffle", {Tensor::zeros({1, 0, 4, 4}, DType::Float32),
                                                        Value(int64_t{1} << 40)}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::pixel_unshuffle", {x, Value(3)}), Error);
  EXPECT_THROW(kernels::call_op("aten::pixel_unshuffle", {x, Value(-1)}), Error);
  EXPECT_THROW(kernels::call_op("aten::channel_shuffle", {x, Value(4)}), Error);
  EXPECT_THROW(kernels::call_op("aten::channel_shuffle", {x, Value(0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::pixel_shuffle", {Tensor::zeros({4, 4}, DType::Float32), Value(2)}), Error);
}

}  // namespace
}  // namespace tsrt
