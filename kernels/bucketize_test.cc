// bucketize and searchsorted against PyTorch goldens,
// re-run on non-contiguous inputs, plus the errors torch raises.
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

TEST(BucketizeKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("bucketize");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 40);
}

TEST(BucketizeKernels, NonContiguousInputsGiveTheGoldens) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "bucketize", "strided inputs", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 30);
}

// The ops given shape rules agree with torch's outputs (ops without a rule are skipped).
TEST(BucketizeKernels, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("bucketize");
  int without_rule = 0;
  for (const std::string& failure : result.failures) {
    if (failure.find("has no shape rule") != std::string::npos)
      ++without_rule;
    else
      ADD_FAILURE() << failure;
  }
  EXPECT_GE(result.cases, 10) << without_rule << " cases have no rule";
}

TEST(BucketizeKernels, RejectsWhatTorchRejects) {
  Tensor a = Tensor::zeros({3, 4}, DType::Float32);
  auto rejects = [](const std::string& op, std::vector<Value> args, const std::string& words) {
    try {
      call_op(op, std::move(args));
      ADD_FAILURE() << op << " accepted bad input";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  Tensor bounds = Tensor::zeros({4}, DType::Float32);
  rejects("aten::bucketize.Tensor", {a, a, false, false}, "1 dimension");
  rejects("aten::searchsorted.Tensor", {a, Tensor::zeros({2, 4}, DType::Float32), false, false, Value(), Value()},
          "must match");
  rejects("aten::searchsorted.Tensor", {bounds, a, false, true, "left", Value()}, "opposites");
  rejects("aten::searchsorted.Tensor", {bounds, a, false, false, "middle", Value()}, "'left' or 'right'");
  rejects("aten::searchsorted.Tensor", {bounds, a, false, false, Value(), Tensor::zeros({3}, DType::Int64)},
          "same size");
  rejects("aten::searchsorted.Scalar", {a, 1.0, false, false, Value(), Value()}, "scalar only");
}

}  // namespace
}  // namespace tsrt
