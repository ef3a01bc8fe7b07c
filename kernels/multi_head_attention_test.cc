// _native_multi_head_attention against PyTorch goldens,
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

TEST(MultiHeadAttentionKernels, MatchTorchGoldens) { testing::expect_goldens_match("multi_head_attention", 15); }

TEST(MultiHeadAttentionKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("multi_head_attention", 10); }

TEST(MultiHeadAttentionKernels, RejectsWhatTorchRejects) {
  const auto rejects = &testing::expect_rejects;
  const char* op = "aten::_native_multi_head_attention";
  Tensor x = Tensor::zeros({2, 3, 4}, DType::Float32);
  Tensor w = Tensor::zeros({12, 4}, DType::Float32), b = Tensor::zeros({12}, DType::Float32);
  Tensor pw = Tensor::zeros({4, 4}, DType::Float32), pb = Tensor::zeros({4}, DType::Float32);
  Tensor padding = Tensor::zeros({2, 3}, DType::Bool);
  rejects(op, {x, x, x, 4, 3, w, b, pw, pb, Value(), true, true, Value()}, "divide evenly");
  rejects(op, {x, x, x, 5, 1, w, b, pw, pb, Value(), true, true, Value()}, "embed_dim");
  rejects(op, {x, Tensor::zeros({2, 5, 4}, DType::Float32), x, 4, 1, w, b, pw, pb, Value(), true, true, Value()},
          "shapes to match");
  rejects(op, {x, x, x, 4, 1, w, b, pw, pb, padding, true, true, Value()}, "Mask Type");
  rejects(op, {x, x, x, 4, 1, w, b, pw, pb, padding, true, true, int64_t{0}}, "not currently supported");
  rejects(op, {x, x, x, 4, 1, pw, b, pw, pb, Value(), true, true, Value()}, "qkv_weight");
}

}  // namespace
}  // namespace tsrt
