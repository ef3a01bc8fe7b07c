// addcmul, addcdiv, gcd, lcm, log2 against PyTorch goldens, re-run on non-contiguous inputs;
// in-place forms must write their self argument; plus the errors torch raises.
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

TEST(PointwiseMathKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("pointwise_math");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 50);
}

TEST(PointwiseMathKernels, NonContiguousInputsGiveTheGoldens) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "pointwise_math", "strided inputs", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 40);
}

// The caller's self tensor holds the result afterwards (the golden output), not just the return.
TEST(PointwiseMathKernels, InPlaceFormsWriteSelf) {
  int checked = 0;
  for (const testing::GoldenCase& c : testing::load_cases("pointwise_math")) {
    const std::string name = c.op.substr(0, c.op.find('.'));
    if (name.back() != '_') continue;
    std::vector<Value> args = c.args;
    Tensor self = args[0].to_tensor();
    call_op(c.op, args);
    EXPECT_EQ(testing::compare_values(self, c.outputs[0], c.rtol, c.atol), "") << c.name;
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

// The ops given shape rules agree with torch's outputs (ops without a rule are skipped).
TEST(PointwiseMathKernels, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("pointwise_math");
  int without_rule = 0;
  for (const std::string& failure : result.failures) {
    if (failure.find("has no shape rule") != std::string::npos)
      ++without_rule;
    else
      ADD_FAILURE() << failure;
  }
  EXPECT_GE(result.cases, 10) << without_rule << " cases have no rule";
}

TEST(PointwiseMathKernels, RejectsWhatTorchRejects) {
  Tensor f = Tensor::zeros({3}, DType::Float32), i = Tensor::zeros({3}, DType::Int64);
  auto rejects = [](const std::string& op, std::vector<Value> args, const std::string& words) {
    try {
      call_op(op, std::move(args));
      ADD_FAILURE() << op << " accepted bad input";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  rejects("aten::addcdiv", {f, i, i, 1}, "Integer division");
  rejects("aten::addcmul", {i, i, i, 0.5}, "floating point");
  rejects("aten::addcmul_", {f, Tensor::zeros({2, 3}, DType::Float32), f, 1}, "doesn't match");
  rejects("aten::gcd", {f, f}, "not implemented");
  rejects("aten::log2_", {i}, "can't be cast");
}

}  // namespace
}  // namespace tsrt
