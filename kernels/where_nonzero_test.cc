// kernels/where_nonzero.cc against PyTorch goldens (tools/opgoldens/where_nonzero.py); ops that write an argument
// (out=) are checked on what they wrote too (args_after).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(where_nonzeroKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("where_nonzero");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 6);
}

}  // namespace
}  // namespace tsrt
