// embedding_bag (all four outputs, every mode) against PyTorch goldens,
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

TEST(EmbeddingBagKernels, MatchTorchGoldens) { testing::expect_goldens_match("embedding_bag", 48); }

TEST(EmbeddingBagKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("embedding_bag", 40); }

TEST(EmbeddingBagKernels, RejectsWhatTorchRejects) {
  const auto rejects = &testing::expect_rejects;
  Tensor w = Tensor::zeros({5, 3}, DType::Float32);
  Tensor idx = Tensor::zeros({4}, DType::Int64), off = Tensor::zeros({2}, DType::Int64);
  Tensor far = Tensor::zeros({4}, DType::Int64);
  far.data<int64_t>()[2] = 5;
  Tensor late = Tensor::zeros({2}, DType::Int64);
  late.data<int64_t>()[0] = 1;
  rejects("aten::embedding_bag", {w, far, off, false, 0, false, Value(), false}, "out of range");
  rejects("aten::embedding_bag", {w, idx, late, false, 0, false, Value(), false}, "offsets[0] has to be 0");
  rejects("aten::embedding_bag", {w, idx, off, false, 3, false, Value(), false}, "mode");
  rejects("aten::embedding_bag", {w, idx, off, false, 1, false, Tensor::zeros({4}, DType::Float32), false},
          "only supported for mode='sum'");
  rejects("aten::embedding_bag", {w, idx, off.to(DType::Int32), false, 0, false, Value(), false}, "dtype");
  rejects("aten::embedding_bag.padding_idx", {w, idx, off, false, 0, false, Value(), false, int64_t{7}}, "padding_idx");
}

}  // namespace
}  // namespace tsrt
