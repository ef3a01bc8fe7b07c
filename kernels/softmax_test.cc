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

// Each thread binds at most a bounded number of oneDNN primitives (kernels/onednn/
// bound_primitive.h) and starts over past it: results stay right across the reset.
TEST(SoftmaxGolden, ManyShapesOnOneThreadStayCorrect) {
  const std::string name = "softmax_4d_dim1";
  Value x = golden_tensor(name + "_0.npy");
  Tensor expected = golden_tensor(name + "_1.npy");
  EXPECT_EQ(testing::compare_values(kernels::call_op("aten::softmax.int", {x, Value(1), Value()})[0], expected, 1e-4,
                                    1e-5),
            "");
  for (int64_t n = 1; n <= 700; ++n) {  // more shapes than a thread keeps bound
    Tensor row = Tensor::zeros({1, n}, DType::Float32);
    Tensor out = kernels::call_op("aten::softmax.int", {row, Value(-1), Value()})[0].to_tensor();
    // A constant row softmaxes to 1/n everywhere.
    ASSERT_NEAR(out.data<float>()[n - 1], 1.0f / static_cast<float>(n), 1e-6f) << n;
  }
  EXPECT_EQ(testing::compare_values(kernels::call_op("aten::softmax.int", {x, Value(1), Value()})[0], expected, 1e-4,
                                    1e-5),
            "");
}

TEST(SoftmaxErrors, BadDimAndDtypeAreClearErrors) {
  Value x = Tensor::zeros({2, 3}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::softmax.int", {x, Value(2), Value()}), Error);
  EXPECT_THROW(kernels::call_op("aten::softmax.int", {Tensor::zeros({2}, DType::Int64), Value(0), Value()}), Error);
}

}  // namespace
}  // namespace tsrt
