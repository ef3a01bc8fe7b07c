// Golden tests of kernels/padding.cc against stock PyTorch (tools/opgoldens/padding.py),
// plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(PaddingGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("padding");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 40);
}

TEST(PaddingGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "padding", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 30);
}

TEST(PaddingGolden, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("padding");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 41);
  EXPECT_EQ(result.fully_known, 41);
}

TEST(PaddingErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 2, 4, 4}, DType::Float32);
  // Odd padding length, too many pairs, a crop below zero, reflection as wide as the input,
  // circular wrapping twice, a value for a non-constant mode, an unknown mode, a wrong rank.
  EXPECT_THROW(kernels::call_op("aten::constant_pad_nd", {x, ints({1, 2, 3}), Value(0.0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::constant_pad_nd", {x, ints({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), Value(0.0)}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::constant_pad_nd", {x, ints({-3, -2}), Value(0.0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::reflection_pad2d", {x, ints({4, 0, 0, 0})}), Error);
  EXPECT_THROW(kernels::call_op("aten::_pad_circular", {x, ints({5, 0, 0, 0})}), Error);
  EXPECT_THROW(kernels::call_op("aten::pad", {x, ints({1, 1}), Value("reflect"), Value(1.0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::pad", {x, ints({1, 1}), Value("mirror"), Value()}), Error);
  EXPECT_THROW(kernels::call_op("aten::replication_pad1d", {x, ints({1, 1})}), Error);
  // Padding that would overflow the size, or allocate more than exists.
  EXPECT_THROW(kernels::call_op("aten::constant_pad_nd", {x, ints({INT64_MAX, 1}), Value(0.0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::replication_pad2d", {x, ints({INT64_MAX, 1, 0, 0})}), Error);
  EXPECT_THROW(kernels::call_op("aten::pad", {Tensor::zeros({4}, DType::Float32), ints({1, 1}), Value("reflect"),
                                              Value()}),
               Error);
}

}  // namespace
}  // namespace tsrt
