// LSTM/GRU/RNN layers and cells against torch.ops.aten (tools/opgoldens/recurrent.py).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(Recurrent, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("recurrent");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 47);
}

Value tensors(std::vector<Tensor> ts) {
  std::vector<Value> items(ts.begin(), ts.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), std::move(items)));
}

TEST(Recurrent, BadShapesAreErrorsNotCrashes) {
  Tensor x = Tensor::zeros({2, 1, 3}, DType::Float32);
  Tensor h = Tensor::zeros({1, 1, 4}, DType::Float32);
  Tensor w_ih = Tensor::zeros({12, 5}, DType::Float32);  // expects 5 input features, x has 3
  Tensor w_hh = Tensor::zeros({12, 4}, DType::Float32);
  std::vector<Value> args = {Value(x), Value(h), tensors({w_ih, w_hh}), Value(false), Value(1), Value(0.0),
                             Value(false), Value(false), Value(false)};
  EXPECT_THROW(kernels::call_op("aten::gru.input", args), Error);
  args[2] = tensors({w_ih});  // a missing weight
  EXPECT_THROW(kernels::call_op("aten::gru.input", args), Error);
  args[2] = tensors({Tensor::zeros({12, 3}, DType::Float32), w_hh});
  args[5] = Value(0.5);
  args[6] = Value(true);  // training with dropout
  EXPECT_THROW(kernels::call_op("aten::gru.input", args), Error);
}

}  // namespace
}  // namespace tsrt
