// Golden tests of kernels/activation.cc against stock PyTorch (tools/opgoldens/activation.py),
// plus strided inputs, in-place aliasing, and the train=True dropout error.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("activation", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

const char* kUnary[] = {"relu", "relu6", "hardtanh", "leaky_relu",  "gelu",      "tanh",    "sigmoid",
                        "silu", "mish",  "elu",      "hardsigmoid", "hardswish", "softplus"};

// Default trailing arguments of each activation, as the frontend would fill them in.
std::vector<Value> trailing_defaults(const std::string& name) {
  if (name == "hardtanh") return {Value(-1.0), Value(1.0)};
  if (name == "leaky_relu") return {Value(0.01)};
  if (name == "gelu") return {Value("none")};
  if (name == "elu") return {Value(1.0), Value(1.0), Value(1.0)};
  if (name == "softplus") return {Value(1.0), Value(20.0)};
  return {};
}

TEST(ActivationGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("activation");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 99);
}

TEST(ActivationGolden, StridedInputMatchesTorch) {
  for (const char* name : kUnary) {
    std::string n = name;
    std::vector<Value> args = {column_major(golden_tensor(n + "_f32_0.npy"))};
    ASSERT_FALSE(args[0].to_tensor().is_contiguous());
    for (Value& v : trailing_defaults(n)) args.push_back(v);
    std::vector<Value> out = kernels::call_op("aten::" + n, args);
    EXPECT_TRUE(out[0].to_tensor().is_contiguous()) << n;
    EXPECT_EQ(testing::compare_values(out[0], golden_tensor(n + "_f32_1.npy"), 1e-4, 1e-5), "") << n;
  }
}

TEST(ActivationGolden, InPlaceWritesIntoStridedSelf) {
  for (const char* name : kUnary) {
    std::string n = name;
    if (n == "softplus") continue;  // torch has no softplus_
    Tensor self = column_major(golden_tensor(n + "_inplace_0.npy"));
    std::vector<Value> args = {self};
    for (Value& v : trailing_defaults(n)) args.push_back(v);
    std::vector<Value> out = kernels::call_op("aten::" + n + "_", args);
    const Tensor& result = out[0].to_tensor();
    EXPECT_EQ(result.storage(), self.storage()) << n << "_ must return self";
    EXPECT_EQ(result.strides(), self.strides()) << n;
    EXPECT_EQ(testing::compare_values(Value(self), golden_tensor(n + "_inplace_1.npy"), 1e-4, 1e-5), "") << n;
  }
}

TEST(ActivationGolden, OutOfPlaceNeverAliasesInput) {
  Tensor x = golden_tensor("relu_f32_0.npy");
  for (const char* op : {"aten::relu", "aten::tanh"}) {
    std::vector<Value> out = kernels::call_op(op, {x});
    EXPECT_NE(out[0].to_tensor().storage(), x.storage()) << op;
  }
  std::vector<Value> out = kernels::call_op("aten::dropout", {x, Value(0.5), Value(false)});
  EXPECT_NE(out[0].to_tensor().storage(), x.storage());
}

TEST(ActivationErrors, TrainingDropoutAndBadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({2, 3}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::dropout", {x, Value(0.5), Value(true)}), Error);
  EXPECT_THROW(kernels::call_op("aten::gelu", {x, Value("fast")}), Error);
  EXPECT_THROW(kernels::call_op("aten::gelu", {Tensor::zeros({2}, DType::Int64), Value("none")}), Error);
  EXPECT_THROW(kernels::call_op("aten::tanh_", {Tensor::zeros({2}, DType::Int64)}), Error);
}

}  // namespace
}  // namespace tsrt
