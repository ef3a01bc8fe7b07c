// Golden tests of kernels/linear.cc against stock PyTorch (tools/opgoldens/linear.py), plus
// the same golden inputs re-laid out in memory (transposed, column-major) to check that
// strided operands give the same results as contiguous ones.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "kernels/onednn/primitive_cache.h"
#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("linear", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

// Runs `op` on the case's inputs re-laid out column-major and compares with torch's output.
void expect_strided_matches(const std::string& case_name, const std::string& op, std::vector<Value> args,
                            const std::string& expected_file) {
  for (Value& v : args) {
    if (v.is_tensor() && v.to_tensor().dim() >= 2) {
      Tensor strided = column_major(v.to_tensor());
      ASSERT_FALSE(strided.is_contiguous()) << case_name;
      v = strided;
    }
  }
  std::vector<Value> out = kernels::call_op(op, args);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].to_tensor().is_contiguous()) << case_name;
  EXPECT_EQ(testing::compare_values(out[0], golden_tensor(expected_file), 1e-4, 1e-4), "") << case_name;
}

TEST(LinearGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("linear");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 49);
}

TEST(LinearGolden, StridedOperandsMatchTorch) {
  auto t = [](const char* f) { return Value(golden_tensor(f)); };
  expect_strided_matches("linear_2d_bias", "aten::linear",
                         {t("linear_2d_bias_0.npy"), t("linear_2d_bias_1.npy"), t("linear_2d_bias_2.npy")},
                         "linear_2d_bias_3.npy");
  expect_strided_matches("linear_3d", "aten::linear",
                         {t("linear_3d_0.npy"), t("linear_3d_1.npy"), t("linear_3d_2.npy")}, "linear_3d_3.npy");
  expect_strided_matches("linear_bert_ffn_up", "aten::linear",
                         {t("linear_bert_ffn_up_0.npy"), t("linear_bert_ffn_up_1.npy"), t("linear_bert_ffn_up_2.npy")},
                         "linear_bert_ffn_up_3.npy");
  for (const char* name : {"matmul_2d_2d", "matmul_3d_3d", "matmul_3d_2d", "matmul_2d_3d", "matmul_4d_4d_broadcast",
                           "matmul_bert_scores", "matmul_2d_1d", "mm", "bmm", "mm_f64"}) {
    std::string n = name;
    std::string op = n.rfind("matmul", 0) == 0 ? "aten::matmul" : (n == "bmm" ? "aten::bmm" : "aten::mm");
    expect_strided_matches(n, op, {t((n + "_0.npy").c_str()), t((n + "_1.npy").c_str())}, n + "_2.npy");
  }
  expect_strided_matches(
      "addmm_scaled", "aten::addmm",
      {t("addmm_scaled_0.npy"), t("addmm_scaled_1.npy"), t("addmm_scaled_2.npy"), Value(0.5), Value(2.0)},
      "addmm_scaled_3.npy");
}

// A slice with a row stride larger than its width (as a narrow() of a wider matrix gives).
TEST(LinearGolden, PaddedRowStrideMatchesTorch) {
  Tensor input = golden_tensor("linear_bert_qkv_0.npy");  // [2, 16, 64]
  Tensor wide = Tensor::zeros({2, 16, 80}, DType::Float32);
  Tensor view = wide.as_strided(input.sizes(), {16 * 80, 80, 1}, 3);
  view.copy_from(input);
  std::vector<Value> out = kernels::call_op(
      "aten::linear", {view, golden_tensor("linear_bert_qkv_1.npy"), golden_tensor("linear_bert_qkv_2.npy")});
  EXPECT_EQ(testing::compare_values(out[0], golden_tensor("linear_bert_qkv_3.npy"), 1e-4, 1e-4), "");
}

// BERT's attention reads q and k as permuted views of [B, S, H, D] projections, and k
// transposed on top: batch strides that are not the dense ones.
TEST(LinearGolden, AttentionLayoutViewsMatchTorch) {
  // bert_scores: [2, 4, 16, 16] x [2, 4, 16, 16] = [B, H, S, D] x [B, H, D, S].
  auto heads_view = [](const Tensor& t, bool transpose_last) {
    const int64_t B = t.size(0), H = t.size(1), R = t.size(2), C = t.size(3);
    // Storage laid out as [B, R, H, C] (the projection's output), viewed as [B, H, R, C].
    Tensor view = Tensor::empty({B * R * H * C}, t.dtype()).as_strided({B, H, R, C}, {R * H * C, C, H * C, 1}, 0);
    if (transpose_last) {
      // The same values viewed as [B, H, C, R] storage [B, R, H, C]: store t transposed.
      view = Tensor::empty({B * C * H * R}, t.dtype()).as_strided({B, H, R, C}, {R * H * C, C, 1, H * R}, 0);
    }
    view.copy_from(t);
    return view;
  };
  Tensor q = heads_view(golden_tensor("matmul_bert_scores_0.npy"), false);
  Tensor k_t = heads_view(golden_tensor("matmul_bert_scores_1.npy"), true);
  ASSERT_FALSE(q.is_contiguous());
  ASSERT_FALSE(k_t.is_contiguous());
  std::vector<Value> out = kernels::call_op("aten::matmul", {q, k_t});
  EXPECT_EQ(testing::compare_values(out[0], golden_tensor("matmul_bert_scores_2.npy"), 1e-4, 1e-5), "");
}

// Cached primitives are shared by threads that run the same shapes at the same time.
TEST(LinearGolden, ConcurrentCallsMatchTorch) {
  Tensor input = golden_tensor("linear_bert_ffn_up_0.npy");
  Tensor weight = golden_tensor("linear_bert_ffn_up_1.npy");
  Tensor bias = golden_tensor("linear_bert_ffn_up_2.npy");
  Tensor expected = golden_tensor("linear_bert_ffn_up_3.npy");
  std::vector<std::string> diffs(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < diffs.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20 && diffs[t].empty(); ++i) {
        std::vector<Value> out = kernels::call_op("aten::linear", {input, weight, bias});
        diffs[t] = testing::compare_values(out[0], expected, 1e-4, 1e-4);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& diff : diffs) EXPECT_EQ(diff, "");
}

TEST(PrimitiveCache, KeepsTheMostRecentlyUsedEntries) {
  kernels::onednn::PrimitiveCache cache(2);
  int made = 0;
  auto make = [&made] { return ++made; };
  EXPECT_EQ(cache.get<int>("a", make), 1);
  EXPECT_EQ(cache.get<int>("b", make), 2);
  EXPECT_EQ(cache.get<int>("a", make), 1);  // hit; "b" is now the oldest
  EXPECT_EQ(cache.get<int>("c", make), 3);  // evicts "b"
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.get<int>("a", make), 1);
  EXPECT_EQ(cache.get<int>("b", make), 4);  // rebuilt
}

TEST(LinearErrors, ShapeMismatchIsAClearError) {
  Value a = Tensor::zeros({2, 3}, DType::Float32), b = Tensor::zeros({4, 5}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::mm", {a, b}), Error);
  EXPECT_THROW(kernels::call_op("aten::linear", {a, b, Value()}), Error);
  EXPECT_THROW(kernels::call_op("aten::matmul", {a, Tensor::zeros({2, 5, 4}, DType::Float32)}), Error);
  EXPECT_THROW(kernels::call_op("aten::mm", {a, Tensor::zeros({3, 2}, DType::Float64)}), Error);
}

}  // namespace
}  // namespace tsrt
