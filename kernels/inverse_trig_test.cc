// kernels/inverse_trig.cc against PyTorch goldens (tools/opgoldens/inverse_trig.py); ops that write an argument
// (out=) are checked on what they wrote too (args_after).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(inverse_trigKernels, MatchTorchGoldens) { testing::expect_goldens_match("inverse_trig", 6); }

}  // namespace
}  // namespace tsrt
