// scatter_reduce, index_copy_, masked_scatter, take_along_dim, nonzero_numpy against PyTorch goldens, re-run on
// non-contiguous inputs; in-place forms must write their self argument; plus the errors torch raises.
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

TEST(ScatterKernels, MatchTorchGoldens) { testing::expect_goldens_match("scatter", 100); }

TEST(ScatterKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("scatter", 80); }

TEST(ScatterKernels, InPlaceFormsWriteSelf) { testing::expect_in_place_forms_write_self("scatter", 12); }

TEST(ScatterKernels, ShapeRulesMatchTorch) { testing::expect_shape_rules_match("scatter", 10); }

TEST(ScatterKernels, RejectsWhatTorchRejects) {
  Tensor x = Tensor::zeros({3, 4}, DType::Float32);
  Tensor index = Tensor::zeros({2, 4}, DType::Int64);
  const auto rejects = &testing::expect_rejects;
  rejects("aten::scatter_reduce.two", {x, 0, index, x, "max", true}, "reduce argument");
  rejects("aten::scatter_reduce.two", {x, 0, index.to(DType::Int32), x, "sum", true}, "int64");
  rejects("aten::scatter_reduce.two", {x, 0, index, x.to(DType::Float64), "sum", true}, "dtype");
  Tensor far = Tensor::zeros({2, 4}, DType::Int64);
  far.data<int64_t>()[3] = 3;
  rejects("aten::scatter_reduce.two", {x, 0, far, x, "sum", true}, "out of bounds");
  rejects("aten::masked_scatter", {x, Tensor::zeros({3, 4}, DType::Float32), x}, "mask");
  rejects("aten::masked_scatter", {x, Tensor::zeros({3, 4}, DType::Bool).to(DType::Bool), x.to(DType::Int64)},
          "dtypes");
  Tensor all = Tensor::zeros({3, 4}, DType::Bool);
  for (int64_t i = 0; i < 12; ++i) all.data<bool>()[i] = true;
  rejects("aten::masked_scatter", {x, all, Tensor::zeros({5}, DType::Float32)}, "Number of elements");
  rejects("aten::take_along_dim", {x, index.to(DType::Int32), 0}, "Long");
  rejects("aten::take_along_dim", {x, Tensor::zeros({4}, DType::Int64), 0}, "same number of dimensions");
}

}  // namespace
}  // namespace tsrt
