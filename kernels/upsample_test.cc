// Golden tests of kernels/upsample.cc against stock PyTorch (tools/opgoldens/upsample.py),
// plus non-contiguous and channels-last inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/common/memory_format.h"
#include "kernels/registry.h"
#include "tests/shape_rule_golden.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(UpsampleGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("upsample");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 190);
}

TEST(UpsampleGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "upsample", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 190);
}

TEST(UpsampleGolden, ChannelsLastInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "upsample", "channels-last", [](const testing::GoldenCase&, std::vector<Value>& args) {
        if (!args[0].is_tensor() || args[0].to_tensor().dim() != 4) return false;
        args[0] = kernels::channels_last_copy(args[0].to_tensor());
        return true;
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 100);
}

TEST(UpsampleGolden, ShapeRulesMatchTorch) {
  testing::ShapeRuleResult result = testing::check_shape_rules("upsample");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(result.cases, 190);
  EXPECT_EQ(result.fully_known, 190);
}

TEST(UpsampleErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 2, 4, 4}, DType::Float32);
  Value factors = make_list(nullptr, {Value(2.0), Value(2.0)});
  // Both or neither of output_size and scale_factors, a wrong rank, a zero output size, a wrong
  // number of sizes, an integer input to bilinear.
  EXPECT_THROW(kernels::call_op("aten::upsample_nearest2d.vec", {x, ints({8, 8}), factors}), Error);
  EXPECT_THROW(kernels::call_op("aten::upsample_nearest2d.vec", {x, Value(), Value()}), Error);
  EXPECT_THROW(kernels::call_op("aten::upsample_bilinear2d.vec",
                                {Tensor::zeros({2, 4, 4}, DType::Float32), ints({8, 8}), Value(false), Value()}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::upsample_nearest2d", {x, ints({0, 8}), Value(), Value()}), Error);
  EXPECT_THROW(kernels::call_op("aten::upsample_nearest2d", {x, ints({8}), Value(), Value()}), Error);
  Value huge = make_list(nullptr, {Value(1e300), Value(2.0)});
  EXPECT_THROW(kernels::call_op("aten::upsample_nearest2d.vec", {x, Value(), huge}), Error);
  EXPECT_THROW(kernels::call_op("aten::upsample_bilinear2d", {Tensor::zeros({1, 2, 4, 4}, DType::Int64),
                                                              ints({8, 8}), Value(false), Value(), Value()}),
               Error);
}

TEST(UpsampleErrors, ScalesInconsistentWithSizesStayInsideTheInput) {
  // Explicit scales that do not match the sizes: torch reads outside the input here; tsrt must
  // not (any values, but no out-of-bounds access, which ASan would catch).
  Value x = Tensor::zeros({1, 1, 4, 4}, DType::Float32);
  for (const char* op : {"aten::upsample_bilinear2d", "aten::upsample_bicubic2d", "aten::_upsample_bilinear2d_aa",
                         "aten::_upsample_bicubic2d_aa"}) {
    for (double scale : {0.01, 100.0}) {
      std::vector<Value> out = kernels::call_op(op, {x, ints({9, 9}), Value(false), Value(scale), Value(scale)});
      EXPECT_EQ(out[0].to_tensor().sizes(), Shape({1, 1, 9, 9})) << op;
    }
  }
}

}  // namespace
}  // namespace tsrt
