// Linear-algebra kernels (einsum, outer, cross, inverse, det) against PyTorch goldens, re-run on
// non-contiguous copies of the golden inputs, plus the errors torch raises.
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

TEST(LinalgKernels, MatchTorchGoldens) { testing::expect_goldens_match("linalg", 145); }

TEST(LinalgKernels, NonContiguousInputsGiveTheGoldens) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "linalg", "strided inputs", [](const testing::GoldenCase& c, std::vector<Value>& args) {
        bool changed = testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
        // einsum's operands travel in a list.
        if (c.op == "aten::einsum") {
          std::vector<Value> items = args[1].to_list()->items;
          changed = testing::make_args_strided(items, testing::StridedStyle::kReversedSpaced) || changed;
          args[1] = Value(make_list(ir::Type::get(ir::TypeKind::Tensor), items));
        }
        return changed;
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 90);
}

Value tensors(std::vector<Value> items) { return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), items)); }

TEST(LinalgKernels, ShapeRulesMatchTorch) { testing::expect_shape_rules_match("linalg", 10); }

TEST(LinalgKernels, RejectsWhatTorchRejects) {
  Tensor m = Tensor::zeros({2, 3}, DType::Float32);
  const auto rejects = &testing::expect_rejects;
  rejects("aten::einsum", {"ij,jk->ik", tensors({m}), Value()}, "operands");
  rejects("aten::einsum", {"ijk->", tensors({m}), Value()}, "number of subscripts");
  rejects("aten::einsum", {"ij->k", tensors({m}), Value()}, "does not appear");
  rejects("aten::einsum", {"i1->i", tensors({m}), Value()}, "[a-zA-Z]");
  rejects("aten::einsum", {"ii->i", tensors({m}), Value()}, "same size");
  rejects("aten::linalg_cross", {m, m, int64_t{0}}, "length 3");
  rejects("aten::linalg_inv", {m}, "square");
  rejects("aten::linalg_inv", {Tensor::zeros({2, 2}, DType::Float32)}, "singular");
  rejects("aten::det", {Tensor::zeros({2, 2}, DType::Int64)}, "floating point");
  rejects("aten::outer", {m, m}, "1-D");
  rejects("aten::linalg_solve", {Tensor::zeros({2, 2}, DType::Float32), Tensor::zeros({2}, DType::Float32), true},
          "singular");
  rejects("aten::linalg_solve", {Tensor::zeros({2, 2}, DType::Float32), Tensor::zeros({3, 1}, DType::Float32), true},
          "Incompatible shapes");
}

// The sublist form names labels by number (0-25: A-Z, 26-51: a-z) and gives the golden results
// of the equivalent equation.
TEST(LinalgKernels, SublistEinsumMatchesTheEquation) {
  int checked = 0;
  for (const testing::GoldenCase& c : testing::load_cases("linalg")) {
    if (c.name.rfind("einsum_matmul_", 0) != 0 && c.name.rfind("einsum_three_operands_", 0) != 0) continue;
    const auto& ops = c.args[1].to_list()->items;
    const std::vector<std::vector<int64_t>> sublists =
        ops.size() == 2 ? std::vector<std::vector<int64_t>>{{34, 35}, {35, 36}, {34, 36}}             // ij,jk->ik
                        : std::vector<std::vector<int64_t>>{{34, 35}, {35, 36}, {36, 37}, {34, 37}};  // ij,jk,kl->il
    std::vector<Value> args;
    for (size_t k = 0; k < ops.size(); ++k) {
      args.push_back(ops[k]);
      args.push_back(testing::int_list(sublists[k]));
    }
    args.push_back(testing::int_list(sublists.back()));
    std::vector<Value> out = call_op("aten::einsum.sublist", args);
    EXPECT_EQ(testing::compare_values(out[0], c.outputs[0], c.rtol, c.atol), "") << c.name;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

// linalg_inv_ex reports a singular matrix through info instead of raising.
TEST(LinalgKernels, InverseExReportsSingularPivot) {
  Tensor singular = Tensor::zeros({2, 2}, DType::Float64);
  singular.data<double>()[0] = 1.0;
  std::vector<Value> out = call_op("aten::linalg_inv_ex", {singular, false});
  EXPECT_EQ(out[1].to_tensor().item_int(), 2);
}

}  // namespace
}  // namespace tsrt
