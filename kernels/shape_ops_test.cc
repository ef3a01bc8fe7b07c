// Shape kernels (cat, stack, repeat, flip, roll, tril/triu, clone, copy_) against PyTorch goldens.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(ShapeOpsKernels, MatchTorchGoldens) { testing::expect_goldens_match("shape_ops", 63); }

TEST(ShapeOpsKernels, CopyReturnsSelfAndWritesInPlace) {
  Tensor self = Tensor::zeros({2, 2}, DType::Float32);
  Tensor out = call_op("aten::copy_.int", {self, int64_t{3}})[0].to_tensor();
  EXPECT_EQ(out.storage(), self.storage());
  EXPECT_EQ(self.data<float>()[3], 3.0f);
}

TEST(ShapeOpsKernels, CloneOwnsNewMemory) {
  Tensor self = Tensor::zeros({2, 2}, DType::Float32);
  Tensor out = call_op("aten::clone", {self, Value()})[0].to_tensor();
  EXPECT_NE(out.storage(), self.storage());
}

TEST(ShapeOpsKernels, MismatchedInputsRaiseErrors) {
  auto list = [](std::vector<Value> items) {
    return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), std::move(items)));
  };
  Tensor a = Tensor::zeros({2, 3}, DType::Float32);
  Tensor b = Tensor::zeros({3, 3}, DType::Float32);
  EXPECT_THROW(call_op("aten::cat", {list({a, b}), int64_t{1}}), Error);
  EXPECT_THROW(call_op("aten::cat", {list({}), int64_t{0}}), Error);
  EXPECT_THROW(call_op("aten::stack", {list({a, b}), int64_t{0}}), Error);
  EXPECT_THROW(call_op("aten::tril", {Tensor::zeros({3}, DType::Float32), int64_t{0}}), Error);
}

}  // namespace
}  // namespace tsrt
