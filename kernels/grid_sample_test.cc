// Golden tests of kernels/grid_sample.cc against stock PyTorch (tools/opgoldens/grid_sample.py),
// plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(GridSampleGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("grid_sample");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 67);
}

TEST(GridSampleGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "grid_sample", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 67);
}

TEST(GridSampleGolden, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("grid_sample");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 67);
  EXPECT_EQ(result.fully_known, 67);
}

TEST(GridSampleErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 2, 4, 4}, DType::Float32);
  Value grid = Tensor::zeros({1, 3, 3, 2}, DType::Float32);
  // A grid of the wrong last dim, batch or dtype, an unknown mode or padding, bicubic in 3-d.
  EXPECT_THROW(kernels::call_op("aten::grid_sampler_2d", {x, Tensor::zeros({1, 3, 3, 3}, DType::Float32), Value(0),
                                                           Value(0), Value(false)}), Error);
  EXPECT_THROW(kernels::call_op("aten::grid_sampler_2d", {x, Tensor::zeros({2, 3, 3, 2}, DType::Float32), Value(0),
                                                           Value(0), Value(false)}), Error);
  EXPECT_THROW(kernels::call_op("aten::grid_sampler_2d", {x, Tensor::zeros({1, 3, 3, 2}, DType::Float64), Value(0),
                                                           Value(0), Value(false)}), Error);
  EXPECT_THROW(kernels::call_op("aten::grid_sampler_2d", {x, grid, Value(3), Value(0), Value(false)}), Error);
  EXPECT_THROW(kernels::call_op("aten::grid_sampler_2d", {x, grid, Value(0), Value(3), Value(false)}), Error);
  EXPECT_THROW(kernels::call_op("aten::grid_sampler_3d", {Tensor::zeros({1, 2, 2, 2, 2}, DType::Float32),
                                                           Tensor::zeros({1, 1, 1, 1, 3}, DType::Float32), Value(2),
                                                           Value(0), Value(false)}), Error);
}

}  // namespace
}  // namespace tsrt
