// Linear weights are packed for oneDNN when forward is prepared at load time (runtime/prepack.h),
// and the first forward uses those packed copies instead of packing its own: the weight cache
// gains its entries during load and none during the run, and the outputs still match stock
// PyTorch's. Without `freeze` the weights are attributes, packed on first use as before.
// Convolutions pack constant weights on their first call instead (ConvolutionWeights below).
#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "kernels/onednn/weight_cache.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::onednn::PackedWeightCache;

class Prepack : public ::testing::Test {
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

  std::string dir_ = testing::testdata_dir() + "/corpus/";
  PackedWeightCache& cache_ = PackedWeightCache::global();
};

TEST_F(Prepack, LoadPacksEveryLinearWeightAndTheFirstForwardAddsNone) {
  size_t entries = cache_.size(), bytes = cache_.bytes();
  Module m = load(dir_ + "bert_tiny_traced.pt");
  EXPECT_EQ(cache_.size(), entries + kLinears);
  EXPECT_GT(cache_.bytes(), bytes);
  size_t loaded_entries = cache_.size(), loaded_bytes = cache_.bytes();
  run_and_check(m, 1e-4, 1e-5);
  EXPECT_EQ(cache_.size(), loaded_entries) << "the first forward packed a weight again";
  EXPECT_EQ(cache_.bytes(), loaded_bytes);
}

TEST_F(Prepack, Bfloat16PacksBfloat16CopiesAtLoad) {
  LoadOptions options;
  options.precision = Precision::BFloat16;
  size_t entries = cache_.size();
  Module m = load(dir_ + "bert_tiny_traced.pt", options);
  EXPECT_EQ(cache_.size(), entries + kLinears);
  size_t loaded_entries = cache_.size(), loaded_bytes = cache_.bytes();
  run_and_check(m, 5e-2, 5e-2);  // bfloat16 products: loose bounds, the point is the cache
  EXPECT_EQ(cache_.size(), loaded_entries);
  EXPECT_EQ(cache_.bytes(), loaded_bytes);
}

TEST_F(Prepack, UnfrozenWeightsArePackedOnFirstUse) {
  LoadOptions options;
  options.passes = "none";
  size_t entries = cache_.size();
  Module m = load(dir_ + "bert_tiny_traced.pt", options);
  EXPECT_EQ(cache_.size(), entries);
  run_and_check(m, 1e-4, 1e-5);
  EXPECT_EQ(cache_.size(), entries + kLinears);
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
  EXPECT_LE(first, 2u);  // the net's two convolutions (its linear was packed at load)
  EXPECT_EQ(forward_and_count_new_entries(m), 0u) << "the second forward packed a weight again";
}

TEST_F(ConvolutionWeights, WeightsThatAreNotGraphConstantsAreNotCached) {
  LoadOptions options;
  options.passes = "none";  // weights read through attributes: not marked constant
  Module m = load(dir_ + "small_convnet_traced.pt", options);
  // The net's one linear packs its weight on first use, as linears do; the convolutions' two
  // weights are reordered on every call instead.
  EXPECT_EQ(forward_and_count_new_entries(m), 1u);
  EXPECT_EQ(forward_and_count_new_entries(m), 0u);
}

}  // namespace
}  // namespace tsrt
