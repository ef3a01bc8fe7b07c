// Golden tests of kernels/unfold.cc against stock PyTorch (tools/opgoldens/unfold.py),
// plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(UnfoldGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("unfold");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 13);
}

TEST(UnfoldGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "unfold", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 13);
}

TEST(UnfoldGolden, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("unfold");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 13);
  EXPECT_EQ(result.fully_known, 13);
}

TEST(UnfoldErrors, BadArgumentsAreClearErrors) {
  auto ints = [](std::vector<int64_t> v) { return testing::int_list(v); };
  Value x = Tensor::zeros({1, 2, 4, 4}, DType::Float32);
  // A kernel larger than the image, zero dilation, negative padding, a wrong rank; col2im with a
  // row count not a multiple of the kernel size and a column count that does not match.
  EXPECT_THROW(kernels::call_op("aten::im2col", {x, ints({5, 5}), ints({1, 1}), ints({0, 0}), ints({1, 1})}), Error);
  EXPECT_THROW(kernels::call_op("aten::im2col", {x, ints({2, 2}), ints({0, 1}), ints({0, 0}), ints({1, 1})}), Error);
  EXPECT_THROW(kernels::call_op("aten::im2col", {x, ints({2, 2}), ints({1, 1}), ints({-1, 0}), ints({1, 1})}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::im2col", {Tensor::zeros({4, 4}, DType::Float32), ints({2, 2}), ints({1, 1}),
                                                  ints({0, 0}), ints({1, 1})}), Error);
  EXPECT_THROW(kernels::call_op("aten::col2im", {Tensor::zeros({1, 7, 9}, DType::Float32), ints({4, 4}),
                                                  ints({2, 2}), ints({1, 1}), ints({0, 0}), ints({1, 1})}), Error);
  EXPECT_THROW(kernels::call_op("aten::col2im", {Tensor::zeros({1, 8, 10}, DType::Float32), ints({4, 4}),
                                                  ints({2, 2}), ints({1, 1}), ints({0, 0}), ints({1, 1})}), Error);
}

}  // namespace
}  // namespace tsrt
