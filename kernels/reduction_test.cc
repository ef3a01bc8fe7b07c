// Reduction kernels against PyTorch goldens, re-run on non-contiguous copies of the golden
// inputs (dims stored in reverse order, elements two slots apart), plus the errors torch raises.
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(ReductionKernels, MatchTorchGoldens) { testing::expect_goldens_match("reduction", 190); }

TEST(ReductionKernels, NonContiguousInputsGiveTheGoldens) { testing::expect_strided_goldens_match("reduction", 180); }

// Stride-0 inputs (expand) reduce like their materialised copies, which the goldens cover.
TEST(ReductionKernels, ExpandedInputsReduceLikeTheirCopies) {
  Tensor row = Tensor::empty({1, 5}, DType::Float32);
  Tensor column = Tensor::empty({4, 1}, DType::Float32);
  for (int64_t i = 0; i < 5; ++i) row.data<float>()[i] = 0.25f * static_cast<float>(i * i) - 1.0f;
  for (int64_t i = 0; i < 4; ++i) column.data<float>()[i] = static_cast<float>(3 - 2 * i);
  auto dims = [](int64_t d) { return Value(make_list(ir::Type::get(ir::TypeKind::Int), {Value(d)})); };
  for (const Tensor& small : {row, column}) {
    Tensor expanded = small.as_strided({4, 5}, {small.size(0) == 1 ? 0 : 1, small.size(1) == 1 ? 0 : 1}, 0);
    Tensor copy = expanded.clone();
    for (int64_t d : {0, 1}) {
      std::vector<std::pair<std::string, std::vector<Value>>> calls = {
          {"aten::sum.dim_IntList", {Value(), dims(d), false, Value()}},
          {"aten::amax", {Value(), dims(d), true}},
          {"aten::max.dim", {Value(), d, false}},
          {"aten::argmin", {Value(), d, false}},
          {"aten::cumsum", {Value(), d, Value()}},
          {"aten::std.dim", {Value(), dims(d), true, false}},
          {"aten::logsumexp", {Value(), dims(d), false}},
      };
      for (auto& [op, args] : calls) {
        std::vector<Value> on_view = args, on_copy = args;
        on_view[0] = expanded;
        on_copy[0] = copy;
        std::vector<Value> got = call_op(op, on_view), want = call_op(op, on_copy);
        ASSERT_EQ(got.size(), want.size()) << op;
        for (size_t i = 0; i < got.size(); ++i) {
          EXPECT_EQ(testing::compare_values(got[i], want[i], 1e-6, 1e-6), "") << op << " dim " << d;
        }
      }
    }
  }
}

// Infinite p cannot be stored in the goldens' JSON, so norm(p=+-inf) is checked against
// amax/amin of abs, both of which the goldens cover.
TEST(ReductionKernels, InfinityNormIsLargestMagnitude) {
  Tensor x = Tensor::empty({3, 4}, DType::Float32);
  for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = static_cast<float>((i * 7) % 11) - 5.0f;
  Value dims(make_list(ir::Type::get(ir::TypeKind::Int), {Value(1)}));
  Tensor magnitude = call_op("aten::abs", {x})[0].to_tensor();
  const double inf = std::numeric_limits<double>::infinity();
  Value max_norm = call_op("aten::norm.ScalarOpt_dim", {x, inf, dims, false})[0];
  Value min_norm = call_op("aten::norm.ScalarOpt_dim", {x, -inf, dims, false})[0];
  EXPECT_EQ(testing::compare_values(max_norm, call_op("aten::amax", {magnitude, dims, false})[0], 0, 0), "");
  EXPECT_EQ(testing::compare_values(min_norm, call_op("aten::amin", {magnitude, dims, false})[0], 0, 0), "");
}

TEST(ReductionKernels, RejectsWhatTorchRejects) {
  Tensor ints = Tensor::zeros({2, 3}, DType::Int64);
  Tensor floats = Tensor::zeros({2, 3}, DType::Float32);
  Tensor empty = Tensor::zeros({0, 3}, DType::Float32);
  auto rejects = [](const std::string& op, std::vector<Value> args) {
    EXPECT_THROW(call_op(op, std::move(args)), Error) << op;
  };
  rejects("aten::mean", {ints, Value()});                      // integer mean needs a dtype
  rejects("aten::std", {ints, true});
  rejects("aten::norm.Scalar", {ints, 2});
  rejects("aten::max", {empty});                                // no elements
  rejects("aten::max.dim", {empty, 0, false});                  // empty reduced dim
  rejects("aten::argmax", {Tensor::zeros({3}, DType::Bool), Value(), false});
  Value repeated_dims(make_list(ir::Type::get(ir::TypeKind::Int), {Value(1), Value(-1)}));
  rejects("aten::sum.dim_IntList", {floats, repeated_dims, false, Value()});
  rejects("aten::sum.dim_IntList", {floats, Value(make_list(ir::Type::get(ir::TypeKind::Int), {Value(2)})), false,
                                    Value()});  // dim out of range
}

}  // namespace
}  // namespace tsrt
