// Fused kernels against the unfused composition torch computes (tools/opgoldens/fused.py), with
// the same inputs re-laid out in memory, repeated calls on a packed constant weight, and errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(Fused, MatchesTheUnfusedCompositionInTorch) {
  testing::GoldenResult result = testing::run_op_goldens("fused");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 16);
}

TEST(Fused, StridedOperandsGiveTheSameResults) {
  for (auto style : {testing::StridedStyle::kColumnMajor, testing::StridedStyle::kReversedSpaced}) {
    testing::GoldenResult result =
        testing::run_transformed_goldens("fused", "strided", [&](const testing::GoldenCase&, std::vector<Value>& args) {
          return testing::make_args_strided(args, style);
        });
    for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
    EXPECT_GE(result.cases, 16);
  }
}

// The weight is packed into oneDNN's layout on the first call and reused: later calls, and a
// plain linear on the same weight, still give torch's results.
TEST(Fused, PackedConstantWeightsServeRepeatedCalls) {
  for (const testing::GoldenCase& c : testing::load_cases("fused")) {
    if (c.name != "linear_gelu_bert_ffn" && c.name != "linear_gelu_tanh") continue;
    for (int call = 0; call < 3; ++call) EXPECT_EQ(testing::run_case(c, c.args), "") << c.name << " call " << call;
  }
  for (const testing::GoldenCase& c : testing::load_cases("fused")) {
    if (c.name != "linear_relu_2d_bias") continue;
    kernels::call_op("aten::linear", {c.args[0], c.args[1], c.args[2]});
    EXPECT_EQ(testing::run_case(c, c.args), "") << c.name;
  }
}

TEST(Fused, BadArgumentsAreClearErrors) {
  Tensor x = Tensor::zeros({2, 4}, DType::Float32);
  Tensor w = Tensor::zeros({3, 5}, DType::Float32);
  EXPECT_THROW(kernels::call_op("tsrt::linear_relu", {x, w, Value()}), Error);  // 4 features, weight wants 5
  Tensor w_ok = Tensor::zeros({3, 4}, DType::Float32);
  EXPECT_THROW(kernels::call_op("tsrt::linear_tanh", {x, w_ok, Tensor::zeros({5}, DType::Float32)}), Error);
  EXPECT_THROW(kernels::call_op("tsrt::linear_gelu", {x, w_ok, Value(), Value("fast")}), Error);
  EXPECT_THROW(kernels::call_op("tsrt::add_layer_norm", {x, x, testing::int_list({5}), Value(), Value(), Value(1e-5)}),
               Error);  // normalized_shape does not match the trailing dim
  EXPECT_THROW(kernels::call_op("tsrt::add_layer_norm", {x, Tensor::zeros({3, 4}, DType::Float32),
                                                         testing::int_list({4}), Value(), Value(), Value(1e-5)}),
               Error);  // shapes do not broadcast
}

}  // namespace
}  // namespace tsrt
