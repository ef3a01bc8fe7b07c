// Golden tests of kernels/softmax.cc against stock PyTorch (tools/opgoldens/softmax.py), plus
// the same inputs laid out column-major (non-contiguous).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("softmax", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

TEST(SoftmaxGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("softmax");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 43);
}

TEST(SoftmaxGolden, StridedInputMatchesTorch) {
  for (std::string op : {"softmax", "log_softmax"}) {
    for (int dim : {0, 1, 2, 3, -1, -2}) {
      std::string name = op + "_4d_dim" + std::to_string(dim);
      Tensor x = column_major(golden_tensor(name + "_0.npy"));
      ASSERT_FALSE(x.is_contiguous());
      std::vector<Value> out = kernels::call_op("aten::" + op + ".int", {x, Value(dim), Value()});
      EXPECT_TRUE(out[0].to_tensor().is_contiguous()) << name;
      EXPECT_EQ(testing::compare_values(out[0], golden_tensor(name + "_1.npy"), 1e-4, 1e-5), "") << name;
    }
  }
}

TEST(SoftmaxErrors, BadDimAndDtypeAreClearErrors) {
  Value x = Tensor::zeros({2, 3}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::softmax.int", {x, Value(2), Value()}), Error);
  EXPECT_THROW(kernels::call_op("aten::softmax.int", {Tensor::zeros({2}, DType::Int64), Value(0), Value()}), Error);
}

}  // namespace
}  // namespace tsrt
