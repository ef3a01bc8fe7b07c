// cdist (both of torch's paths), pairwise_distance and cosine_similarity against PyTorch goldens,
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

TEST(DistanceKernels, MatchTorchGoldens) { testing::expect_goldens_match("distance", 55); }

TEST(DistanceKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("distance", 40); }

TEST(DistanceKernels, ShapeRulesMatchTorch) { testing::expect_shape_rules_match("distance", 10); }

TEST(DistanceKernels, RejectsWhatTorchRejects) {
  Tensor a = Tensor::zeros({3, 4}, DType::Float32);
  const auto rejects = &testing::expect_rejects;
  rejects("aten::cdist", {Tensor::zeros({3}, DType::Float32), a, 2.0, Value()}, "at least 2D");
  rejects("aten::cdist", {a, Tensor::zeros({3, 5}, DType::Float32), 2.0, Value()}, "same number of columns");
  rejects("aten::cdist", {a, a, -1.0, Value()}, "non-negative");
  rejects("aten::cdist", {Tensor::zeros({3, 4}, DType::Int64), Tensor::zeros({3, 4}, DType::Int64), 2.0, Value()},
          "floating");
  rejects("aten::cdist", {a, a, 2.0, int64_t{3}}, "modes");
  rejects("aten::cosine_similarity", {Tensor::zeros({3, 4}, DType::Int64), a.to(DType::Int32), 1, 1e-8}, "floating");
}

}  // namespace
}  // namespace tsrt
