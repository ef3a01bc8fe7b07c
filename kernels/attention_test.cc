// scaled_dot_product_attention against its documented formula composed of torch 1.13 ops
// (tools/opgoldens/attention.py; torch 1.13 itself lacks the op).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(Attention, MatchesDocumentedFormula) {
  testing::GoldenResult result = testing::run_op_goldens("attention");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 16);
}

TEST(Attention, RefusesWhatInferenceCannotDo) {
  Tensor q = Tensor::zeros({1, 2, 4}, DType::Float32);
  Tensor mask = Tensor::zeros({2, 2}, DType::Bool);
  auto call = [&](Value m, double dropout, bool causal) {
    return kernels::call_op("aten::scaled_dot_product_attention",
                            {Value(q), Value(q), Value(q), m, Value(dropout), Value(causal), Value(), Value(false)});
  };
  EXPECT_THROW(call(Value(), 0.1, false), Error);     // dropout
  EXPECT_THROW(call(Value(mask), 0.0, true), Error);  // mask and is_causal together
  Tensor wrong_e = Tensor::zeros({1, 2, 5}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::scaled_dot_product_attention",
                                {Value(q), Value(wrong_e), Value(wrong_e), Value(), Value(0.0), Value(false), Value(),
                                 Value(false)}),
               Error);
}

}  // namespace
}  // namespace tsrt
