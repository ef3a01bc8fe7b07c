// Golden tests of kernels/pooling_adaptive.cc against stock PyTorch (tools/opgoldens/pooling_adaptive.py),
// plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(PoolingAdaptiveGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("pooling_adaptive");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 62);
}

TEST(PoolingAdaptiveGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "pooling_adaptive", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 62);
}

TEST(PoolingAdaptiveGolden, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("pooling_adaptive");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 62);
  EXPECT_EQ(result.fully_known, 62);
}

TEST(PoolingAdaptiveErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 2, 4, 4, 4}, DType::Float32);
  Value ints3 = testing::int_list({2, 2, 2});
  // Padding above half the kernel, a kernel larger than the input, a zero divisor, a wrong rank,
  // a wrong number of output sizes, an integer input.
  EXPECT_THROW(kernels::call_op("aten::max_pool3d", {x, ints3, ints3, testing::int_list({2, 2, 2}), ints3,
                                                      Value(false)}), Error);
  EXPECT_THROW(kernels::call_op("aten::max_pool3d_with_indices", {x, testing::int_list({5, 5, 5}), ints3,
                                                                   testing::int_list({0}), ints3, Value(false)}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::avg_pool3d", {x, ints3, ints3, testing::int_list({0}), Value(false),
                                                      Value(true), Value(0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::adaptive_max_pool2d", {x, testing::int_list({2, 2})}), Error);
  EXPECT_THROW(kernels::call_op("aten::adaptive_avg_pool3d", {x, testing::int_list({2, 2})}), Error);
  EXPECT_THROW(kernels::call_op("aten::adaptive_max_pool1d", {Tensor::zeros({2, 4}, DType::Int64),
                                                               testing::int_list({2})}), Error);
}

}  // namespace
}  // namespace tsrt
