// Golden tests of kernels/shape_as_tensor.cc against stock PyTorch (tools/opgoldens/shape_as_tensor.py),
// and its shape rule checked against the same goldens.
#include <gtest/gtest.h>

#include <string>

#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(ShapeAsTensorGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("shape_as_tensor");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 8);
}

TEST(ShapeAsTensorGolden, ShapeRuleMatchesTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("shape_as_tensor");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 8);
  EXPECT_EQ(result.fully_known, 8);
}

}  // namespace
}  // namespace tsrt
