// bucketize and searchsorted against PyTorch goldens,
// re-run on non-contiguous inputs, plus the errors torch raises.
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

TEST(BucketizeKernels, MatchTorchGoldens) { testing::expect_goldens_match("bucketize", 40); }

TEST(BucketizeKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("bucketize", 30); }

TEST(BucketizeKernels, ShapeRulesMatchTorch) { testing::expect_shape_rules_match("bucketize", 10); }

TEST(BucketizeKernels, RejectsWhatTorchRejects) {
  Tensor a = Tensor::zeros({3, 4}, DType::Float32);
  const auto rejects = &testing::expect_rejects;
  Tensor bounds = Tensor::zeros({4}, DType::Float32);
  rejects("aten::bucketize.Tensor", {a, a, false, false}, "1 dimension");
  rejects("aten::searchsorted.Tensor", {a, Tensor::zeros({2, 4}, DType::Float32), false, false, Value(), Value()},
          "must match");
  rejects("aten::searchsorted.Tensor", {bounds, a, false, true, "left", Value()}, "opposites");
  rejects("aten::searchsorted.Tensor", {bounds, a, false, false, "middle", Value()}, "'left' or 'right'");
  rejects("aten::searchsorted.Tensor", {bounds, a, false, false, Value(), Tensor::zeros({3}, DType::Int64)},
          "same size");
  rejects("aten::searchsorted.Scalar", {a, 1.0, false, false, Value(), Value()}, "scalar only");
}

}  // namespace
}  // namespace tsrt
