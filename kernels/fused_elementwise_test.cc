// tsrt::elementwise_chain against torch's unfused chain (tools/opgoldens/fused_elementwise.py),
// the same inputs re-laid out in memory (non-contiguous views), and bad step lists.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(FusedElementwise, MatchesTheUnfusedChainInTorch) {
  testing::GoldenResult result = testing::run_op_goldens("fused_elementwise");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 16);
}

TEST(FusedElementwise, NonContiguousInputsGiveTheSameResults) {
  for (auto style : {testing::StridedStyle::kColumnMajor, testing::StridedStyle::kReversedSpaced}) {
    testing::GoldenResult result = testing::run_transformed_goldens(
        "fused_elementwise", "strided", [&](const testing::GoldenCase&, std::vector<Value>& args) {
          return testing::make_args_strided(args, style);
        });
    for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
    EXPECT_GE(result.cases, 10);
  }
}

Value strings(const std::vector<std::string>& items) {
  std::vector<Value> v(items.begin(), items.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Str), v));
}

Value floats(const std::vector<double>& items) {
  std::vector<Value> v(items.begin(), items.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Float), v));
}

TEST(FusedElementwise, BadStepListsAreClearErrors) {
  Tensor x = Tensor::zeros({2, 3}, DType::Float32);
  const char* op = "tsrt::elementwise_chain";
  EXPECT_THROW(kernels::call_op(op, {x, strings({"mul", "cube"}), floats({2.0, 0.0})}), Error);  // unknown step
  EXPECT_THROW(kernels::call_op(op, {x, strings({"mul", "add"}), floats({2.0})}), Error);        // lengths differ
  EXPECT_THROW(kernels::call_op(op, {x, strings({"relu_int"}), floats({0.0})}), Error);          // no scalar to be int
  EXPECT_THROW(kernels::call_op(op, {x, strings({"add_int"}), floats({0.5})}), Error);           // not integral
  Tensor ok = kernels::call_op(op, {x, strings({"add", "exp"}), floats({1.0, 0.0})})[0].to_tensor();
  EXPECT_EQ(ok.sizes(), x.sizes());
  EXPECT_FLOAT_EQ(ok.data<float>()[0], 2.7182817f);
}

}  // namespace
}  // namespace tsrt
