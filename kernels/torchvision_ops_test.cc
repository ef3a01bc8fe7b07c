// torchvision's ops (nms, roi_align, roi_pool, ps_roi_align, ps_roi_pool, deform_conv2d) against
// goldens from torch.ops.torchvision, plus the argument errors.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(TorchvisionKernels, MatchTorchvisionGoldens) { testing::expect_goldens_match("torchvision_ops", 29); }

TEST(TorchvisionKernels, StridedInputsGiveTheSameResults) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "torchvision_ops", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GT(result.cases, 0);
}

TEST(TorchvisionKernels, ShapeRulesMatchTorchvision) {
  testing::ShapeRuleResult result = testing::check_shape_rules("torchvision_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 29);
  EXPECT_GE(result.fully_known, 20);  // all but nms, whose length is data-dependent
}

TEST(TorchvisionKernels, BadArgumentsRaiseErrors) {
  Tensor x = Tensor::zeros({1, 4, 5, 5}, DType::Float32);
  Tensor boxes = Tensor::zeros({3, 4}, DType::Float32);
  EXPECT_THROW(call_op("torchvision::nms", {boxes, Tensor::zeros({2}, DType::Float32), 0.5}), Error);
  EXPECT_THROW(call_op("torchvision::nms", {Tensor::zeros({3, 5}, DType::Float32),
                                            Tensor::zeros({3}, DType::Float32), 0.5}), Error);
  EXPECT_THROW(call_op("torchvision::nms", {boxes, Tensor::zeros({3}, DType::Float64), 0.5}), Error);
  Tensor rois = Tensor::zeros({1, 5}, DType::Float32);
  EXPECT_THROW(call_op("torchvision::roi_align", {x, Tensor::zeros({1, 4}, DType::Float32), 1.0, int64_t{2},
                                                  int64_t{2}, int64_t{-1}, false}), Error);
  rois.data<float>()[0] = 3;  // batch index beyond the single image
  EXPECT_THROW(call_op("torchvision::roi_pool", {x, rois, 1.0, int64_t{2}, int64_t{2}}), Error);
  rois.data<float>()[0] = 0;
  EXPECT_THROW(call_op("torchvision::ps_roi_align", {x, rois, 1.0, int64_t{3}, int64_t{1}, int64_t{-1}}), Error);
  Value i1 = int64_t{1}, i0 = int64_t{0};
  EXPECT_THROW(call_op("torchvision::deform_conv2d",
                       {x, Tensor::zeros({2, 4, 3, 3}, DType::Float32), Tensor::zeros({1, 17, 5, 5}, DType::Float32),
                        Tensor::zeros({1, 1}, DType::Float32), Tensor::zeros({2}, DType::Float32), i1, i1, i1, i1, i1,
                        i1, i1, i1, false}),
               Error);
  EXPECT_THROW(call_op("torchvision::deform_conv2d",
                       {x, Tensor::zeros({2, 4, 3, 3}, DType::Float32), Tensor::zeros({1, 18, 5, 5}, DType::Float32),
                        Tensor::zeros({1, 1}, DType::Float32), Tensor::zeros({2}, DType::Float32), i0, i1, i1, i1, i1,
                        i1, i1, i1, false}),
               Error);
}

}  // namespace
}  // namespace tsrt
