// triu_, tril_, fill_diagonal_, broadcast_to against PyTorch goldens, re-run on non-contiguous inputs;
// in-place forms must write their self argument; plus the errors torch raises.
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

TEST(InplaceViewKernels, MatchTorchGoldens) { testing::expect_goldens_match("inplace_views", 50); }

TEST(InplaceViewKernels, NonContiguousInputsGiveTheGoldens) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "inplace_views", "strided inputs", [](const testing::GoldenCase& c, std::vector<Value>& args) {
        // fill_diagonal_'s wrapped part steps through self's storage as torch's does, so only a
        // contiguous self gives the contiguous goldens.
        if (c.op == "aten::fill_diagonal_" && args[2].to_bool()) return false;
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 40);
}

TEST(InplaceViewKernels, InPlaceFormsWriteSelf) { testing::expect_in_place_forms_write_self("inplace_views", 30); }

TEST(InplaceViewKernels, ShapeRulesMatchTorch) { testing::expect_shape_rules_match("inplace_views", 10); }

TEST(InplaceViewKernels, RejectsWhatTorchRejects) {
  const auto rejects = &testing::expect_rejects;
  rejects("aten::fill_diagonal_", {Tensor::zeros({3}, DType::Float32), 1, false}, "larger than 1");
  rejects("aten::fill_diagonal_", {Tensor::zeros({3, 3, 2}, DType::Float32), 1, false}, "equal length");
  rejects("aten::broadcast_to", {Tensor::zeros({3, 2}, DType::Float32), testing::int_list({3, 3})}, "");
}

}  // namespace
}  // namespace tsrt
