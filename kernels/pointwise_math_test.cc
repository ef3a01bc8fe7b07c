// addcmul, addcdiv, gcd, lcm, log2 against PyTorch goldens, re-run on non-contiguous inputs;
// in-place forms must write their self argument; plus the errors torch raises.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "runtime/error.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(PointwiseMathKernels, MatchTorchGoldens) { testing::expect_goldens_match("pointwise_math", 50); }

TEST(PointwiseMathKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("pointwise_math", 40); }

TEST(PointwiseMathKernels, InPlaceFormsWriteSelf) { testing::expect_in_place_forms_write_self("pointwise_math", 10); }

TEST(PointwiseMathKernels, ShapeRulesMatchTorch) { testing::expect_shape_rules_match("pointwise_math", 10); }

TEST(PointwiseMathKernels, RejectsWhatTorchRejects) {
  Tensor f = Tensor::zeros({3}, DType::Float32), i = Tensor::zeros({3}, DType::Int64);
  const auto rejects = &testing::expect_rejects;
  rejects("aten::addcdiv", {f, i, i, 1}, "Integer division");
  rejects("aten::addcmul", {i, i, i, 0.5}, "floating point");
  rejects("aten::addcmul_", {f, Tensor::zeros({2, 3}, DType::Float32), f, 1}, "doesn't match");
  rejects("aten::gcd", {f, f}, "not implemented");
  rejects("aten::log2_", {i}, "can't be cast");
}

}  // namespace
}  // namespace tsrt
