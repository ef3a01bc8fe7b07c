// TorchScript builtins against PyTorch goldens (dtype and size helpers, mode queries), plus
// warnings, device strings and optional unwrapping, whose answers are strings or errors.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(BuiltinKernels, MatchTorchGoldens) { testing::expect_goldens_match("builtins", 149); }

TEST(BuiltinKernels, WarnPrintsEachMessageOnce) {
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(call_op("aten::warn", {std::string("careful"), int64_t{2}}).empty());
  call_op("aten::warn", {std::string("another"), int64_t{2}});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "Warning: careful\nWarning: another\n");
  EXPECT_TRUE(kernels::Registry::global().find("aten::warn")->traits.side_effects);
}

TEST(BuiltinKernels, DeviceStringsParseAsTorchDoes) {
  for (const char* text : {"cpu", "cuda", "cuda:1", "cpu:0", "mps", "xla:2"}) {
    Value d = call_op("aten::device", {std::string(text)})[0];
    ASSERT_TRUE(d.is_device()) << text;
    EXPECT_EQ(d.to_device().name, text);
  }
  Value cuda1 = call_op("aten::device", {std::string("cuda:1")})[0];
  EXPECT_EQ(call_op("prim::type", {cuda1})[0].to_string(), "cuda");
  EXPECT_EQ(call_op("prim::index", {cuda1})[0].to_int(), 1);
  EXPECT_TRUE(call_op("prim::index", {Value(Device{"cpu"})})[0].is_none());
  for (const char* bad : {"cuda:01", " cuda", "cuda:", "foo", "cuda:-1", "CUDA", ""}) {
    EXPECT_THROW(call_op("aten::device", {std::string(bad)}), Error) << bad;
  }
}

TEST(BuiltinKernels, PercentFormatRefusesWhatTorchRefuses) {
  auto format = [](const std::string& fmt, std::vector<Value> items) {
    return call_op("aten::percentFormat", {fmt, Value(make_tuple(std::move(items)))});
  };
  EXPECT_EQ(call_op("aten::percentFormat", {std::string("[%s]"), int64_t{4}})[0].to_string(), "[4]");  // no tuple
  EXPECT_THROW(format("%s %s", {int64_t{1}}), Error);               // too few
  EXPECT_THROW(format("%s", {int64_t{1}, int64_t{2}}), Error);      // too many
  EXPECT_THROW(format("%x", {int64_t{1}}), Error);                  // unsupported specifier
  EXPECT_THROW(format("50%", {}), Error);                           // incomplete
  EXPECT_THROW(format("%d", {std::string("a")}), Error);            // not a number
  EXPECT_THROW(format("%c", {true}), Error);                        // not an int or char
}

TEST(BuiltinKernels, TensorStateQueries) {
  Tensor x = Tensor::zeros({2, 3}, DType::Float32);
  EXPECT_EQ(call_op("aten::cpu", {x})[0].to_tensor().storage(), x.storage());
  EXPECT_EQ(call_op("aten::cuda", {x})[0].to_tensor().storage(), x.storage());
  EXPECT_NE(call_op("aten::lift", {x})[0].to_tensor().storage(), x.storage());
  EXPECT_FALSE(call_op("aten::is_inference", {x})[0].to_bool());
  EXPECT_TRUE(call_op("aten::is_set_to", {x, x})[0].to_bool());
  EXPECT_FALSE(call_op("aten::is_set_to", {x, x.as_strided({3, 2}, {2, 1}, 0)})[0].to_bool());
  EXPECT_TRUE(call_op("prim::grad", {x})[0].is_none());
}

TEST(BuiltinKernels, OptionalsUnwrapOrFail) {
  EXPECT_EQ(call_op("aten::_unwrap_optional", {int64_t{3}})[0].to_int(), 3);
  EXPECT_THROW(call_op("aten::_unwrap_optional", {Value()}), Error);
  EXPECT_EQ(call_op("prim::IfThenElse", {false, int64_t{1}, int64_t{2}})[0].to_int(), 2);
}

TEST(BuiltinKernels, ModeQueriesAndVarargs) {
  EXPECT_FALSE(call_op("aten::has_torch_function", {Tensor::zeros({1}, DType::Float32), int64_t{1}})[0].to_bool());
  EXPECT_TRUE(call_op("aten::set_grad_enabled", {true}).empty());
  EXPECT_FALSE(call_op("aten::is_grad_enabled", {})[0].to_bool());
  EXPECT_TRUE(call_op("prim::is_cpu", {Tensor::zeros({1}, DType::Float32)})[0].to_bool());
  EXPECT_FALSE(call_op("prim::is_mps", {Tensor::zeros({1}, DType::Float32)})[0].to_bool());
}

}  // namespace
}  // namespace tsrt
