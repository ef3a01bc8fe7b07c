// When tsrt packs weights for oneDNN. A linear weight is packed on its second use
// (kernels/onednn/matmul.h): the first forward runs on the plain weights and packs none, the
// second packs each weight once, later ones none, and every forward matches stock PyTorch's
// outputs (fp32: the same bits, packed or not). Under bf16 the copies are made on first use.
// Convolutions pack constant weights on their first call (ConvolutionWeights below).
#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "kernels/onednn/weight_cache.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::onednn::PackedWeightCache;

class LinearWeights : public ::testing::Test {
 protected:
  // BERT tiny: 2 layers of 6 linears each, and the pooler's.
  static constexpr size_t kLinears = 13;

  std::vector<Value> run_and_check(const Module& m, double rtol, double atol) {
    std::vector<Value> out = m.forward({Value(npy::read(dir_ + "bert_tiny_traced.in0.npy")),
                                        Value(npy::read(dir_ + "bert_tiny_traced.in1.npy"))});
    EXPECT_EQ(out.size(), 2u);
    for (size_t i = 0; i < out.size() && i < 2; ++i) {
      Value expected(npy::read(dir_ + "bert_tiny_traced.out" + std::to_string(i) + ".npy"));
      EXPECT_EQ(testing::compare_values(out[i], expected, rtol, atol), "") << "output " << i;
    }
    return out;
  }

  // Runs `m` and returns how many weights the forward added to the cache.
  size_t forward_and_count_packed(const Module& m, double rtol, double atol,
                                  std::vector<Value>* out = nullptr) {
    size_t before = PackedWeightCache::global().size();
    std::vector<Value> result = run_and_check(m, rtol, atol);
    if (out) *out = result;
    return PackedWeightCache::global().size() - before;
  }

  std::string dir_ = testing::testdata_dir() + "/corpus/";
  PackedWeightCache& cache_ = PackedWeightCache::global();
};

TEST_F(LinearWeights, ArePackedOnTheirSecondUseWithTheSameResults) {
  size_t entries = cache_.size();
  Module m = load(dir_ + "bert_tiny_traced.pt");
  EXPECT_EQ(cache_.size(), entries) << "loading packed weights";
  std::vector<Value> plain, packed;
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &plain), 0u) << "the first forward packed";
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &packed), kLinears);
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5), 0u) << "the third forward packed again";
  for (size_t i = 0; i < plain.size() && i < packed.size(); ++i) {
    EXPECT_EQ(testing::compare_values(plain[i], packed[i], 0, 0), "") << "output " << i;
  }
}

TEST_F(LinearWeights, Bfloat16PacksOnFirstUse) {
  LoadOptions options;
  options.precision = Precision::BFloat16;
  Module m = load(dir_ + "bert_tiny_traced.pt", options);
  // bfloat16 products: loose bounds, the point is the cache.
  EXPECT_EQ(forward_and_count_packed(m, 5e-2, 5e-2), kLinears);
  EXPECT_EQ(forward_and_count_packed(m, 5e-2, 5e-2), 0u);
}

TEST_F(LinearWeights, UnfrozenAreAlsoPackedOnTheirSecondUse) {
  LoadOptions options;
  options.passes = "none";  // weights read through attributes: not graph constants
  Module m = load(dir_ + "bert_tiny_traced.pt", options);
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5), 0u);
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5), kLinears);
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5), 0u);
}

// Convolution weights are packed on first use (their layout depends on the input's shape), and
// only when they are constants of the prepared graph: the copy then serves every later call.
class ConvolutionWeights : public ::testing::Test {
 protected:
  size_t forward_and_count_new_entries(const Module& m) {
    size_t before = PackedWeightCache::global().size();
    Tensor out = m.forward({Value(npy::read(dir_ + "small_convnet_traced.in0.npy"))}).at(0).to_tensor();
    Value expected(npy::read(dir_ + "small_convnet_traced.out0.npy"));
    EXPECT_EQ(testing::compare_values(Value(out), expected, 1e-4, 1e-5), "");
    return PackedWeightCache::global().size() - before;
  }
  std::string dir_ = testing::testdata_dir() + "/corpus/";
};

TEST_F(ConvolutionWeights, FrozenWeightsArePackedOnceAndReused) {
  Module m = load(dir_ + "small_convnet_traced.pt");
  size_t first = forward_and_count_new_entries(m);
  EXPECT_GE(first, 1u) << "no convolution weight was packed";
  EXPECT_LE(first, 2u);  // the net's two convolutions (its linear waits for its second use)
  EXPECT_EQ(forward_and_count_new_entries(m), 1u) << "the linear's weight, on its second use";
  EXPECT_EQ(forward_and_count_new_entries(m), 0u) << "the third forward packed a weight again";
}

TEST_F(ConvolutionWeights, WeightsThatAreNotGraphConstantsAreNotCached) {
  LoadOptions options;
  options.passes = "none";  // weights read through attributes: not marked constant
  Module m = load(dir_ + "small_convnet_traced.pt", options);
  // The net's one linear packs its weight on its second use, as linears do; the convolutions'
  // two weights are reordered on every call instead.
  EXPECT_EQ(forward_and_count_new_entries(m), 0u);
  EXPECT_EQ(forward_and_count_new_entries(m), 1u);
  EXPECT_EQ(forward_and_count_new_entries(m), 0u);
}

}  // namespace
}  // namespace tsrt
