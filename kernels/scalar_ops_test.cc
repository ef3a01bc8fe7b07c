// Scalar ops against TorchScript's own results (tools/opgoldens/scalar_ops.py), plus the
// errors that TorchScript raises where C++ would invoke undefined behaviour.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(ScalarOps, MatchTorchScriptGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("scalar_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 300);
}

TEST(ScalarOps, IntegerDivisionByZeroIsAnError) {
  EXPECT_THROW(kernels::call_op("aten::floordiv.int", {Value(1), Value(0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::remainder.int", {Value(1), Value(0)}), Error);
  EXPECT_THROW(kernels::call_op("aten::divmod.int", {Value(1), Value(0)}), Error);
}

TEST(ScalarOps, BadConversionsAreErrors) {
  EXPECT_THROW(kernels::call_op("aten::Int.str", {Value("12a")}), Error);
  EXPECT_THROW(kernels::call_op("aten::Int.str", {Value("")}), Error);
  EXPECT_THROW(kernels::call_op("aten::Float.str", {Value("1.5x")}), Error);
  EXPECT_THROW(kernels::call_op("aten::Int.float", {Value(1e30)}), Error);
}

}  // namespace
}  // namespace tsrt
