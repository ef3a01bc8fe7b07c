// Golden tests of kernels/normalization.cc against stock PyTorch
// (tools/opgoldens/normalization.py), plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("normalization", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

TEST(NormalizationGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("normalization");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 30);
}

TEST(NormalizationGolden, StridedInputMatchesTorch) {
  auto t = [](const std::string& f) { return golden_tensor(f); };
  std::vector<Value> out = kernels::call_op(
      "aten::layer_norm",
      {column_major(t("layer_norm_bert_0.npy")), make_list(ir::Type::get(ir::TypeKind::Int), {Value(64)}),
       t("layer_norm_bert_1.npy"), t("layer_norm_bert_2.npy"), Value(1e-12), Value(true)});
  EXPECT_EQ(testing::compare_values(out[0], t("layer_norm_bert_3.npy"), 1e-4, 1e-5), "");
  out = kernels::call_op("aten::batch_norm",
                         {column_major(t("batch_norm_eval_4d_0.npy")), t("batch_norm_eval_4d_1.npy"),
                          t("batch_norm_eval_4d_2.npy"), t("batch_norm_eval_4d_3.npy"), t("batch_norm_eval_4d_4.npy"),
                          Value(false), Value(0.1), Value(1e-5), Value(true)});
  EXPECT_EQ(testing::compare_values(out[0], t("batch_norm_eval_4d_5.npy"), 1e-4, 1e-5), "");
  out =
      kernels::call_op("aten::group_norm", {column_major(t("group_norm_4d_0.npy")), Value(3), t("group_norm_4d_1.npy"),
                                            t("group_norm_4d_2.npy"), Value(1e-5), Value(true)});
  EXPECT_EQ(testing::compare_values(out[0], t("group_norm_4d_3.npy"), 1e-4, 1e-5), "");
}

TEST(NormalizationErrors, BadShapesAreClearErrors) {
  Value x = Tensor::zeros({2, 6}, DType::Float32);
  auto ints = [](std::vector<Value> v) { return Value(make_list(ir::Type::get(ir::TypeKind::Int), std::move(v))); };
  EXPECT_THROW(kernels::call_op("aten::layer_norm", {x, ints({Value(5)}), Value(), Value(), Value(1e-5), Value(true)}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::group_norm", {x, Value(4), Value(), Value(), Value(1e-5), Value(true)}), Error);
  EXPECT_THROW(kernels::call_op("aten::batch_norm", {x, Value(), Value(), Value(), Value(), Value(false), Value(0.1),
                                                     Value(1e-5), Value(true)}),
               Error);
}

}  // namespace
}  // namespace tsrt
