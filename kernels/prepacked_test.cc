// kernels/prepacked.cc's argument errors. Its numbers are checked against stock PyTorch through
// whole optimize_for_mobile'd models (tests/golden/mobile_models_test.cc, including the
// *_prepack ops); here: malformed contexts and inputs are clear errors naming the op.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"
#include "tests/expect_error.h"

namespace tsrt {
namespace {

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

using ::tsrt::testing::expect_error;

Value linear_context() {
  return kernels::call_op("prepacked::linear_clamp_prepack",
                          {Tensor::zeros({3, 2}, DType::Float32), Value(), Value(0.0), Value(6.0)})[0];
}

Value conv_context() {
  return kernels::call_op("prepacked::conv2d_clamp_prepack",
                          {Tensor::zeros({4, 2, 3, 3}, DType::Float32), Value(), ints({1, 1}), ints({1}),
                           ints({1, 1}), Value(int64_t{2}), Value(), Value()})[0];
}

TEST(PrepackedErrors, PrepackChecksTheStateAsTheLoaderDoes) {
  expect_error([] {
    kernels::call_op("prepacked::linear_clamp_prepack", {Tensor::zeros({3, 2}, DType::Float64), Value(), Value(),
                                                        Value()});
  }, {"prepacked::linear_clamp_prepack", "LinearOpContext", "field weight", "float32"});
  expect_error([] {
    kernels::call_op("prepacked::conv2d_clamp_prepack",
                     {Tensor::zeros({4, 2, 3, 3}, DType::Float32), Value(), ints({1, 1}), ints({0, 0}),
                      ints({1, 1}), Value(int64_t{3}), Value(), Value()});
  }, {"prepacked::conv2d_clamp_prepack", "field groups"});
  expect_error([] {
    kernels::call_op("prepacked::conv2d_transpose_clamp_prepack",
                     {Tensor::zeros({4, 2, 3, 3}, DType::Float32), Tensor::zeros({3}, DType::Float32),
                      ints({2, 2}), ints({0, 0}), ints({0, 0}), ints({1, 1}), Value(int64_t{1}), Value(), Value()});
  }, {"TransposeConv2dOpContext", "field bias", "2 elements"});
}

TEST(PrepackedErrors, RunChecksItsContextAndInput) {
  Value x = Tensor::zeros({1, 4, 5, 5}, DType::Float32);
  // A linear context where a conv context is expected, and the reverse.
  expect_error([&] { kernels::call_op("prepacked::conv2d_clamp_run", {x, linear_context()}); },
               {"prepacked::conv2d_clamp_run", "Conv2dOpContext"});
  expect_error([&] { kernels::call_op("prepacked::linear_clamp_run", {x, conv_context()}); },
               {"prepacked::linear_clamp_run", "LinearOpContext"});
  expect_error([&] { kernels::call_op("prepacked::linear_clamp_run", {x, Value(int64_t{1})}); },
               {"prepacked::linear_clamp_run", "LinearOpContext"});
  // XNNPACK runs float32 only.
  Value ints_in = Tensor::zeros({1, 4, 5, 5}, DType::Int64);
  expect_error([&] { kernels::call_op("prepacked::conv2d_clamp_run", {ints_in, conv_context()}); },
               {"prepacked::conv2d_clamp_run", "float32"});
  // Channels that do not match the weight: the convolution's own error.
  Value three = Tensor::zeros({1, 3, 5, 5}, DType::Float32);
  EXPECT_THROW(kernels::call_op("prepacked::conv2d_clamp_run", {three, conv_context()}), Error);
  EXPECT_THROW(kernels::call_op("prepacked::linear_clamp_run", {three, linear_context()}), Error);
}

TEST(PrepackedRun, OutputsHaveTheConvolutionsShape) {
  Value x = Tensor::zeros({2, 4, 5, 7}, DType::Float32);
  Tensor y = kernels::call_op("prepacked::conv2d_clamp_run", {x, conv_context()})[0].to_tensor();
  EXPECT_EQ(y.shape_string(), "[2, 4, 5, 7]");
  Tensor z = kernels::call_op("prepacked::linear_clamp_run", {Tensor::zeros({5, 2}, DType::Float32),
                                                              linear_context()})[0].to_tensor();
  EXPECT_EQ(z.shape_string(), "[5, 3]");
}

}  // namespace
}  // namespace tsrt
