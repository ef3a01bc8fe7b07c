// kernels/losses.cc against PyTorch goldens (tools/opgoldens/losses.py); ops that write an argument
// (out=) are checked on what they wrote too (args_after).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(lossesKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("losses");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 25);
}

}  // namespace
}  // namespace tsrt
