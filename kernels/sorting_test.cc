// Golden cases for sort / argsort / topk against stock PyTorch.
#include <gtest/gtest.h>

#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(Sorting, MatchesStockPyTorch) {
  testing::GoldenResult result = testing::run_op_goldens("sorting");
  EXPECT_GE(result.cases, 13);
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
}

}  // namespace
}  // namespace tsrt
