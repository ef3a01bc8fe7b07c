// Norm kernels (vector, matrix, linalg_norm, frobenius, weight norm) against PyTorch goldens,
// re-run on non-contiguous copies of the golden inputs, plus the errors torch raises.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "runtime/error.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(NormKernels, MatchTorchGoldens) { testing::expect_goldens_match("norms", 125); }

TEST(NormKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("norms", 100); }

TEST(NormKernels, RejectsWhatTorchRejects) {
  Tensor x = Tensor::zeros({2, 3, 4}, DType::Float32);
  const auto rejects = &testing::expect_rejects;
  rejects("aten::linalg_vector_norm", {Tensor::zeros({3}, DType::Int64), 2, Value(), false, Value()}, "floating");
  rejects("aten::linalg_vector_norm", {Tensor::zeros({0}, DType::Float32), 1.0 / 0.0, Value(), false, Value()},
          "empty tensor");
  rejects("aten::linalg_matrix_norm", {x, 3, testing::int_list({-2, -1}), false, Value()}, "not supported");
  rejects("aten::linalg_matrix_norm", {x, 1, testing::int_list({1, 1}), false, Value()}, "different");
  rejects("aten::linalg_matrix_norm",
          {Tensor::zeros({3}, DType::Float32), 1, testing::int_list({-2, -1}), false, Value()},
          "at least 2 dimensions");
  rejects("aten::linalg_norm", {x, 2, Value(), false, Value()}, "1D or 2D");
  rejects("aten::linalg_norm", {x, Value(), testing::int_list({0, 1, 2}), false, Value()}, "length 1 or 2");
  rejects("aten::frobenius_norm.dim", {x, testing::int_list({0, 1, 2}), false}, "at most 2");
}

}  // namespace
}  // namespace tsrt
