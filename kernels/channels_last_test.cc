// Channels-last (NHWC) tensors through the kernels the channels-last pass relies on
// (passes/channels_last.cc): every golden case of those families, re-run with its 4-d float32
// tensors in channels-last layout, gives stock PyTorch's outputs; convolution, pooling, relu
// and add keep the layout; tsrt::channels_last converts what it can and passes the rest.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/common/memory_format.h"
#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

// Replaces every 4-d float32 tensor argument (with more than one channel and pixel, where the
// layouts differ) by a channels-last copy; true when any was replaced.
bool make_args_channels_last(const testing::GoldenCase&, std::vector<Value>& args) {
  bool changed = false;
  for (Value& v : args) {
    if (!v.is_tensor()) continue;
    const Tensor& t = v.to_tensor();
    if (t.dim() != 4 || t.dtype() != DType::Float32 || t.size(1) == 1 || t.size(2) * t.size(3) == 1) continue;
    v = Value(kernels::channels_last_copy(t));
    changed = true;
  }
  return changed;
}

class ChannelsLastGoldens : public ::testing::TestWithParam<std::string> {};

TEST_P(ChannelsLastGoldens, MatchTorch) {
  testing::GoldenResult result =
      testing::run_transformed_goldens(GetParam(), "channels-last inputs", make_args_channels_last);
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GT(result.cases, 0) << "no case of " << GetParam() << " has a 4-d float32 input";
}

INSTANTIATE_TEST_SUITE_P(Families, ChannelsLastGoldens,
                         // The families with 4-d float32 cases (activations and adds are below).
                         ::testing::Values("convolution", "pooling", "normalization", "view", "shape_ops"));

Tensor ramp(const Shape& shape, float scale) {
  Tensor t = Tensor::empty(shape, DType::Float32);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = scale * static_cast<float>((i * 37) % 19 - 9);
  return t;
}

Tensor call1(const char* op, std::vector<Value> args) { return kernels::call_op(op, args)[0].to_tensor(); }

TEST(ChannelsLast, ConvolutionPoolingReluAndAddKeepTheLayout) {
  const Tensor x = kernels::channels_last_copy(ramp({2, 8, 9, 9}, 0.1f));
  const Tensor w = ramp({16, 8, 3, 3}, 0.05f), b = ramp({16}, 0.2f);
  const Tensor y = call1("aten::conv2d", {x, w, b, ints({1, 1}), ints({1, 1}), ints({1, 1}), Value(int64_t{1})});
  EXPECT_TRUE(kernels::is_channels_last_4d(y));
  // The same values as from the contiguous input.
  const Tensor y_dense =
      call1("aten::conv2d", {x.contiguous(), w, b, ints({1, 1}), ints({1, 1}), ints({1, 1}), Value(int64_t{1})});
  EXPECT_TRUE(y_dense.is_contiguous());
  EXPECT_EQ(testing::compare_values(y, y_dense, 1e-5, 1e-6), "");

  EXPECT_TRUE(kernels::is_channels_last_4d(call1("aten::relu", {y})));
  const Tensor r = call1("aten::relu_", {y});
  EXPECT_EQ(r.raw_data(), y.raw_data());
  EXPECT_TRUE(kernels::is_channels_last_4d(call1("aten::add.Tensor", {y, y_dense, Value(1)})));
  EXPECT_TRUE(kernels::is_channels_last_4d(call1("aten::add.Tensor", {y_dense, y, Value(1)})));
  const Tensor pooled =
      call1("aten::max_pool2d", {y, ints({3, 3}), ints({2, 2}), ints({1, 1}), ints({1, 1}), Value(false)});
  EXPECT_TRUE(kernels::is_channels_last_4d(pooled));
  const Tensor averaged = call1("aten::adaptive_avg_pool2d", {y, ints({3, 3})});
  EXPECT_TRUE(kernels::is_channels_last_4d(averaged));
  // Non-dividing adaptive windows take the direct loop, which reads contiguous planes.
  const Tensor uneven = call1("aten::adaptive_avg_pool2d", {y, ints({4, 4})});
  EXPECT_EQ(testing::compare_values(uneven, call1("aten::adaptive_avg_pool2d", {y.contiguous(), ints({4, 4})}), 1e-6,
                                    1e-7),
            "");
}

TEST(ChannelsLast, ConversionOpConvertsFourDimFloatsOnly) {
  const Tensor x = ramp({1, 3, 4, 5}, 1.0f);
  const Tensor converted = call1("tsrt::channels_last", {x});
  EXPECT_TRUE(kernels::is_channels_last_4d(converted));
  EXPECT_EQ(testing::compare_values(converted, x, 0, 0), "");
  EXPECT_EQ(call1("tsrt::channels_last", {converted}).raw_data(), converted.raw_data());  // already so
  const Tensor three_d = ramp({3, 4, 5}, 1.0f);
  EXPECT_EQ(call1("tsrt::channels_last", {three_d}).raw_data(), three_d.raw_data());
  const Tensor doubles = x.to(DType::Float64);
  EXPECT_EQ(call1("tsrt::channels_last", {doubles}).raw_data(), doubles.raw_data());
}

}  // namespace
}  // namespace tsrt
