// kernels/where_nonzero.cc against PyTorch goldens (tools/opgoldens/where_nonzero.py); ops that write an argument
// (out=) are checked on what they wrote too (args_after).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(where_nonzeroKernels, MatchTorchGoldens) { testing::expect_goldens_match("where_nonzero", 6); }

}  // namespace
}  // namespace tsrt
