// tsrt::attention against the unfused composition computed by stock PyTorch
// (tools/opgoldens/fused_attention.py), on contiguous inputs, strided copies, the permuted views
// BERT produces, and with one or several OpenMP threads.
#include <gtest/gtest.h>
#include <omp.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

const char* const kOp = "tsrt::attention";

TEST(FusedAttention, MatchesUnfusedTorch) {
  testing::GoldenResult result = testing::run_op_goldens("fused_attention");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 29);  // 8 of them through tsrt::attention_heads_last
}

TEST(FusedAttention, StridedInputsMatchUnfusedTorch) {
  for (auto style : {testing::StridedStyle::kColumnMajor, testing::StridedStyle::kReversedSpaced}) {
    testing::GoldenResult result = testing::run_transformed_goldens(
        "fused_attention", "strided", [&](const testing::GoldenCase&, std::vector<Value>& args) {
          return testing::make_args_strided(args, style);
        });
    for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
    EXPECT_GE(result.cases, 28);
  }
}

// [B, H, S, D] values laid out as BERT's view(B, S, H, D).permute(0, 2, 1, 3) of a linear output.
Tensor bert_head_view(const Tensor& t) {
  const Shape& s = t.sizes();
  Tensor storage = Tensor::empty({s[0], s[2], s[1], s[3]}, DType::Float32);
  Tensor view = storage.as_strided(s, {s[1] * s[2] * s[3], s[3], s[1] * s[3], 1}, 0);
  view.copy_from(t);
  return view;
}

TEST(FusedAttention, BertPermutedViewsMatchUnfusedTorch) {
  int checked = 0;
  for (const testing::GoldenCase& c : testing::load_cases("fused_attention")) {
    if (c.name.rfind("bert_", 0) != 0) continue;
    std::vector<Value> args = c.args;
    for (int i = 0; i < 3; ++i) args[i] = bert_head_view(args[i].to_tensor());
    ASSERT_FALSE(args[0].to_tensor().is_contiguous());
    // key as BERT's matmul reads it after transpose(-1, -2): the same permuted storage.
    EXPECT_EQ(testing::run_case(c, args), "") << c.name;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(FusedAttention, SameResultOnOneAndManyThreads) {
  for (const testing::GoldenCase& c : testing::load_cases("fused_attention")) {
    if (c.name != "bert_base_seq128") continue;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    Tensor one = kernels::call_op(kOp, c.args)[0].to_tensor();
    omp_set_num_threads(2);
    Tensor two = kernels::call_op(kOp, c.args)[0].to_tensor();
    omp_set_num_threads(saved);
    // Each (batch, head) is computed by one thread with the same code: bitwise equal.
    EXPECT_EQ(testing::compare_values(Value(one), Value(two), 0.0, 0.0), "");
    EXPECT_EQ(testing::compare_values(Value(two), c.outputs[0], c.rtol, c.atol), "");
    return;
  }
  FAIL() << "bert_base_seq128 case missing";
}

TEST(FusedAttention, BadShapesAreClearErrors) {
  Value q = Tensor::zeros({1, 2, 4, 8}, DType::Float32);
  Value k = Tensor::zeros({1, 2, 5, 8}, DType::Float32);
  Value v = Tensor::zeros({1, 2, 5, 3}, DType::Float32);
  auto call = [&](Value query, Value key, Value value, Value mask) {
    return kernels::call_op(kOp, {query, key, value, mask, Value(0.5)});
  };
  EXPECT_NO_THROW(call(q, k, v, Value()));
  EXPECT_THROW(call(q, Tensor::zeros({1, 2, 5, 7}, DType::Float32), v, Value()), Error);  // embedding
  EXPECT_THROW(call(q, k, Tensor::zeros({1, 2, 6, 3}, DType::Float32), Value()), Error);  // sequence
  EXPECT_THROW(call(Tensor::zeros({8}, DType::Float32), k, v, Value()), Error);           // rank 1
  EXPECT_THROW(call(q, k, v, Tensor::zeros({3, 5}, DType::Float32)), Error);              // mask rows
  EXPECT_THROW(call(q, Tensor::zeros({3, 3, 5, 8}, DType::Float32), v, Value()), Error);  // batch
  // Heads last needs a batch dim to move.
  Value q2 = Tensor::zeros({4, 8}, DType::Float32), k2 = Tensor::zeros({5, 8}, DType::Float32);
  Value v2 = Tensor::zeros({5, 3}, DType::Float32);
  EXPECT_NO_THROW(call(q2, k2, v2, Value()));
  EXPECT_THROW(kernels::call_op("tsrt::attention_heads_last", {q2, k2, v2, Value(), Value(0.5)}), Error);
}

}  // namespace
}  // namespace tsrt
