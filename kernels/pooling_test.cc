// Golden tests of kernels/pooling.cc against stock PyTorch (tools/opgoldens/pooling.py),
// plus non-contiguous inputs and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("pooling", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(PoolingGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("pooling");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 30);
}

TEST(PoolingGolden, StridedInputMatchesTorch) {
  auto t = [](const std::string& f) { return golden_tensor(f); };
  std::vector<Value> out = kernels::call_op(
      "aten::max_pool2d",
      {column_major(t("max_pool2d_pad_0.npy")), ints({3, 3}), ints({2, 2}), ints({1, 1}), ints({1, 1}), Value(false)});
  EXPECT_TRUE(out[0].to_tensor().is_contiguous());
  EXPECT_EQ(testing::compare_values(out[0], t("max_pool2d_pad_1.npy"), 1e-5, 1e-6), "");
  out = kernels::call_op("aten::avg_pool2d", {column_major(t("avg_pool2d_ceil_include_0.npy")), ints({3, 2}),
                                              ints({2, 3}), ints({1, 0}), Value(true), Value(true), Value()});
  EXPECT_EQ(testing::compare_values(out[0], t("avg_pool2d_ceil_include_1.npy"), 1e-5, 1e-6), "");
  out = kernels::call_op("aten::adaptive_avg_pool2d",
                         {column_major(t("adaptive_avg_pool2d_uneven_0.npy")), ints({3, 4})});
  EXPECT_EQ(testing::compare_values(out[0], t("adaptive_avg_pool2d_uneven_1.npy"), 1e-5, 1e-6), "");
}

TEST(PoolingErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 2, 4, 4}, DType::Float32);
  // Padding larger than half the kernel, a kernel larger than the input, a wrong rank.
  EXPECT_THROW(
      kernels::call_op("aten::max_pool2d", {x, ints({2, 2}), ints({}), ints({2, 2}), ints({1, 1}), Value(false)}),
      Error);
  EXPECT_THROW(
      kernels::call_op("aten::max_pool2d", {x, ints({5, 5}), ints({}), ints({0, 0}), ints({1, 1}), Value(false)}),
      Error);
  EXPECT_THROW(kernels::call_op("aten::avg_pool2d", {Tensor::zeros({4}, DType::Float32), ints({2, 2}), ints({}),
                                                     ints({0, 0}), Value(false), Value(true), Value()}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::avg_pool2d",
                                {x, ints({2, 2}), ints({}), ints({0, 0}), Value(false), Value(true), Value(0)}),
               Error);
}

}  // namespace
}  // namespace tsrt
