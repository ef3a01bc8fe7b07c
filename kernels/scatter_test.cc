// scatter_reduce, index_copy_, masked_scatter, take_along_dim, nonzero_numpy against PyTorch goldens, re-run on
// non-contiguous inputs; in-place forms must write their self argument; plus the errors torch raises.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "runtime/error.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(ScatterKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("scatter");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 100);
}

TEST(ScatterKernels, NonContiguousInputsGiveTheGoldens) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "scatter", "strided inputs", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 80);
}

// The caller's self tensor holds the result afterwards (the golden output), not just the return.
TEST(ScatterKernels, InPlaceFormsWriteSelf) {
  int checked = 0;
  for (const testing::GoldenCase& c : testing::load_cases("scatter")) {
    const std::string name = c.op.substr(0, c.op.find('.'));
    if (name.back() != '_') continue;
    std::vector<Value> args = c.args;
    Tensor self = args[0].to_tensor();
    call_op(c.op, args);
    EXPECT_EQ(testing::compare_values(self, c.outputs[0], c.rtol, c.atol), "") << c.name;
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

// The ops given shape rules agree with torch's outputs (ops without a rule are skipped).
TEST(ScatterKernels, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("scatter");
  int without_rule = 0;
  for (const std::string& failure : result.failures) {
    if (failure.find("has no shape rule") != std::string::npos)
      ++without_rule;
    else
      ADD_FAILURE() << failure;
  }
  EXPECT_GE(result.cases, 10) << without_rule << " cases have no rule";
}

TEST(ScatterKernels, RejectsWhatTorchRejects) {
  Tensor x = Tensor::zeros({3, 4}, DType::Float32);
  Tensor index = Tensor::zeros({2, 4}, DType::Int64);
  auto rejects = [](const std::string& op, std::vector<Value> args, const std::string& words) {
    try {
      call_op(op, std::move(args));
      ADD_FAILURE() << op << " accepted bad input";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
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
