// _unique, _unique2, unique_dim, unique_consecutive against PyTorch goldens,
// re-run on non-contiguous inputs, plus the errors torch raises.
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

TEST(UniqueKernels, MatchTorchGoldens) { testing::expect_goldens_match("unique", 60); }

TEST(UniqueKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("unique", 50); }

TEST(UniqueKernels, RejectsWhatTorchRejects) {
  const auto rejects = &testing::expect_rejects;
  rejects("aten::unique_dim", {Tensor::zeros({3, 4}, DType::Float32), 2, true, false, false}, "out of range");
  rejects("aten::unique_dim", {Tensor::scalar_double(1.0), 0, true, false, false}, "0-dimensional");
  rejects("aten::unique_dim", {Tensor::zeros({0, 3}, DType::Float32), 1, true, false, false}, "0 sized");
}

}  // namespace
}  // namespace tsrt
