// Golden tests of kernels/convolution.cc against stock PyTorch (tools/opgoldens/convolution.py),
// plus non-contiguous inputs/weights, packed constant weights and argument errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/onednn/weight_cache.h"
#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

Tensor golden_tensor(const std::string& file) { return testing::golden_tensor("convolution", file); }

Tensor column_major(const Tensor& t) { return testing::strided_copy(t, testing::StridedStyle::kColumnMajor); }

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(ConvolutionGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("convolution");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 38);
}

TEST(ConvolutionGolden, StridedInputAndWeightMatchTorch) {
  auto t = [](const std::string& f) { return golden_tensor(f); };
  std::vector<Value> out =
      kernels::call_op("aten::conv2d", {column_major(t("conv2d_groups_0.npy")), column_major(t("conv2d_groups_1.npy")),
                                        t("conv2d_groups_2.npy"), ints({1, 1}), ints({1, 1}), ints({1, 1}), Value(2)});
  EXPECT_TRUE(out[0].to_tensor().is_contiguous());
  EXPECT_EQ(testing::compare_values(out[0], t("conv2d_groups_3.npy"), 1e-4, 1e-5), "");
  out = kernels::call_op("aten::conv1d", {column_major(t("conv1d_basic_0.npy")), t("conv1d_basic_1.npy"),
                                          t("conv1d_basic_2.npy"), ints({1}), ints({1}), ints({1}), Value(1)});
  EXPECT_EQ(testing::compare_values(out[0], t("conv1d_basic_3.npy"), 1e-4, 1e-5), "");
}

// A single int for an int[2] argument means the same value for every spatial dim.
TEST(ConvolutionGolden, ScalarListArgumentsBroadcast) {
  auto t = [](const std::string& f) { return golden_tensor(f); };
  std::vector<Value> out =
      kernels::call_op("aten::conv2d", {t("conv2d_pad_stride_0.npy"), t("conv2d_pad_stride_1.npy"),
                                        t("conv2d_pad_stride_2.npy"), Value(2), Value(1), Value(1), Value(1)});
  EXPECT_EQ(testing::compare_values(out[0], t("conv2d_pad_stride_3.npy"), 1e-4, 1e-5), "");
}

// A tensor of `sizes` with varied, reproducible values.
Tensor varied(const Shape& sizes) {
  Tensor t = Tensor::empty(sizes, DType::Float32);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>((i * 37) % 101) / 50.0f - 1.0f;
  return t;
}

// A weight the prepared graph holds as a constant (Storage::mark_constant) is packed on the
// first call and the copy reused, with the results of the per-call reorder (whose agreement
// with torch the goldens above check). Grouped, and transposed with the weight's channel dims
// read swapped through strides. Channels of 16 and more, so that oneDNN picks blocked layouts.
TEST(ConvolutionPacking, ConstantWeightsArePackedOnceWithTheSameResults) {
  struct Case {
    const char* op;
    Shape input, weight;
    std::vector<Value> tail;  // the arguments after input, weight and bias
    bool expect_packed;
  };
  const std::vector<Case> cases = {
      {"aten::conv2d", {1, 32, 10, 10}, {64, 16, 3, 3}, {ints({1, 1}), ints({1, 1}), ints({1, 1}), Value(2)}, true},
      {"aten::conv_transpose2d.input", {1, 32, 8, 8}, {32, 16, 3, 3},
       {ints({2, 2}), ints({1, 1}), ints({1, 1}), Value(1), ints({1, 1})}, false},
      {"aten::conv_transpose2d.input", {1, 32, 8, 8}, {32, 16, 3, 3},
       {ints({1, 1}), ints({0, 0}), ints({0, 0}), Value(2), ints({1, 1})}, false},
  };
  kernels::onednn::PackedWeightCache& cache = kernels::onednn::PackedWeightCache::global();
  for (const Case& c : cases) {
    const std::string name = std::string(c.op) + " " + Tensor::empty(c.weight, DType::Float32).shape_string();
    Tensor input = varied(c.input), weight = varied(c.weight);
    auto run = [&](const Tensor& w) {
      std::vector<Value> args = {input, w, Value()};
      args.insert(args.end(), c.tail.begin(), c.tail.end());
      return kernels::call_op(c.op, args)[0];
    };
    size_t before = cache.size();
    Value reordered = run(weight);
    EXPECT_EQ(cache.size(), before) << name << ": a weight that is not constant was cached";
    weight.storage()->mark_constant();
    Value first = run(weight);
    const size_t packed = cache.size() - before;
    // The deconvolutions run oneDNN's GEMM-based implementation, which reads the weight as it
    // is (through the swapped-strides view): nothing to pack.
    EXPECT_EQ(packed, c.expect_packed ? 1u : 0u) << name;
    Value second = run(weight);
    EXPECT_EQ(cache.size(), before + packed) << name << ": the constant weight was packed again";
    EXPECT_EQ(testing::compare_values(first, reordered, 0, 0), "") << name;
    EXPECT_EQ(testing::compare_values(second, reordered, 0, 0), "") << name;
  }
}

TEST(ConvolutionErrors, BadArgumentsAreClearErrors) {
  Value x = Tensor::zeros({1, 3, 5, 5}, DType::Float32);
  Value w = Tensor::zeros({2, 4, 3, 3}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::conv2d", {x, w, Value(), ints({1, 1}), ints({0, 0}), ints({1, 1}), Value(1)}),
               Error);
  Value w_ok = Tensor::zeros({2, 3, 7, 7}, DType::Float32);
  EXPECT_THROW(kernels::call_op("aten::conv2d", {x, w_ok, Value(), ints({1, 1}), ints({0, 0}), ints({1, 1}), Value(1)}),
               Error);
  EXPECT_THROW(kernels::call_op("aten::conv2d.padding", {x, Tensor::zeros({2, 3, 3, 3}, DType::Float32), Value(),
                                                         ints({2, 2}), Value("same"), ints({1, 1}), Value(1)}),
               Error);
  // output_padding must be smaller than the stride or the dilation.
  EXPECT_THROW(
      kernels::call_op("aten::_convolution", {x, Tensor::zeros({3, 2, 3, 3}, DType::Float32), Value(), ints({1, 1}),
                                              ints({0, 0}), ints({1, 1}), Value(true), ints({1, 1}), Value(1),
                                              Value(false), Value(false), Value(true), Value(true)}),
      Error);
  EXPECT_THROW(kernels::call_op("aten::conv_transpose2d.input",
                                {x, Tensor::zeros({2, 2, 3, 3}, DType::Float32), Value(), ints({1, 1}), ints({0, 0}),
                                 ints({0, 0}), Value(1), ints({1, 1})}),
               Error);
}

}  // namespace
}  // namespace tsrt
