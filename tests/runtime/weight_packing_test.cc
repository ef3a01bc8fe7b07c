// When tsrt packs weights for oneDNN, and that a module's results are the same bits on every
// call and every thread from the first call on (as stock libtorch's on CPU). A constant linear
// weight runs in oneDNN's preferred layout on every call: its first use packs it into a buffer
// of the call, its second into the cache (kernels/onednn/matmul.h, docs/design.md "Weight
// packing and determinism"), so no call runs another kernel than the next. Also built as
// weight_packing_avx2_test (ONEDNN_MAX_CPU_ISA=AVX2), where a plain and a packed product round
// differently: a return to a plain first call fails there on its bits.
#include <thread>

#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "kernels/onednn/cpu_isa.h"
#include "kernels/onednn/weight_cache.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::onednn::PackedWeightCache;

// Whether oneDNN packs a linear's weight into a blocked layout here: its AVX-512 matmul
// (brgemm) wants blocked weights; its AVX2 gemm takes them as they lie in the file, so no copy
// is made (kernels/onednn/matmul.cc). Either way every call runs the same way.
bool linear_weights_are_blocked() { return kernels::onednn::effective_isa_name().rfind("avx512", 0) == 0; }

// Each output of `got` is the same bits as the same output of `want`.
void expect_same_bits(const std::vector<Value>& got, const std::vector<Value>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(testing::compare_values(got[i], want[i], 0, 0), "") << what << ", output " << i;
  }
}

class LinearWeights : public ::testing::Test {
 protected:
  // BERT tiny: 2 layers of 6 linears each, and the pooler's.
  static constexpr size_t kLinears = 13;
  // The weights the second forward caches.
  const size_t packed_ = linear_weights_are_blocked() ? kLinears : 0;

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

TEST_F(LinearWeights, AreCachedOnTheirSecondUseAndGiveTheSameBitsOnEveryCall) {
  size_t entries = cache_.size();
  Module m = load(dir_ + "bert_tiny_traced.pt");
  EXPECT_EQ(cache_.size(), entries) << "loading packed weights";
  std::vector<Value> first, second, third;
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &first), 0u) << "the first forward cached weights";
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &second), packed_) << "the second forward";
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &third), 0u) << "the third forward packed again";
  expect_same_bits(second, first, "second forward");
  expect_same_bits(third, first, "third forward");
}

// A fresh module's first calls made on several threads at once (racing to pack the same
// weights) give the bits one thread gets alone.
TEST_F(LinearWeights, FirstCallsOnSeveralThreadsGiveTheSameBits) {
  std::vector<Value> alone = run_and_check(load(dir_ + "bert_tiny_traced.pt"), 1e-4, 1e-5);
  Module m = load(dir_ + "bert_tiny_traced.pt");
  constexpr int kThreads = 4, kCalls = 3;
  std::vector<std::vector<std::vector<Value>>> got(kThreads, std::vector<std::vector<Value>>(kCalls));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int c = 0; c < kCalls; ++c) {
        got[t][c] = m.forward({Value(npy::read(dir_ + "bert_tiny_traced.in0.npy")),
                               Value(npy::read(dir_ + "bert_tiny_traced.in1.npy"))});
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    for (int c = 0; c < kCalls; ++c) {
      expect_same_bits(got[t][c], alone, "thread " + std::to_string(t) + " call " + std::to_string(c));
    }
  }
}

// bf16 where the CPU has bf16 matmuls; elsewhere the load is refused, naming the feature.
TEST_F(LinearWeights, Bfloat16PacksOnFirstUseOrIsRefusedAtLoad) {
  LoadOptions options;
  options.precision = Precision::BFloat16;
  if (!kernels::onednn::has_bf16_matmul()) {
    size_t entries = cache_.size();
    try {
      load(dir_ + "bert_tiny_traced.pt", options);
      ADD_FAILURE() << "bf16 loaded on a CPU without bf16 matmuls (oneDNN ISA "
                    << kernels::onednn::effective_isa_name() << ")";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("avx512_bf16"), std::string::npos) << e.what();
    }
    EXPECT_EQ(cache_.size(), entries);
    return;
  }
  Module m = load(dir_ + "bert_tiny_traced.pt", options);
  // bfloat16 products: loose bounds, the point is the cache and the bits.
  std::vector<Value> first, second;
  EXPECT_EQ(forward_and_count_packed(m, 5e-2, 5e-2, &first), kLinears);
  EXPECT_EQ(forward_and_count_packed(m, 5e-2, 5e-2, &second), 0u);
  expect_same_bits(second, first, "second bf16 forward");
}

TEST_F(LinearWeights, UnfrozenAreAlsoCachedOnTheirSecondUse) {
  LoadOptions options;
  options.passes = "none";  // weights read through attributes: not graph constants
  Module m = load(dir_ + "bert_tiny_traced.pt", options);
  std::vector<Value> first, second;
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &first), 0u);
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5, &second), packed_);
  EXPECT_EQ(forward_and_count_packed(m, 1e-4, 1e-5), 0u);
  expect_same_bits(second, first, "second forward");
}

// Convolution weights are packed on first use (their layout depends on the input's shape), and
// only when they are constants of the prepared graph: the copy then serves every later call.
// Others are reordered into the same layout on every call, so both give the same bits each call.
class ConvolutionWeights : public ::testing::Test {
 protected:
  size_t forward_and_count_new_entries(const Module& m, std::vector<Value>* out = nullptr) {
    size_t before = PackedWeightCache::global().size();
    Tensor result = m.forward({Value(npy::read(dir_ + "small_convnet_traced.in0.npy"))}).at(0).to_tensor();
    Value expected(npy::read(dir_ + "small_convnet_traced.out0.npy"));
    EXPECT_EQ(testing::compare_values(Value(result), expected, 1e-4, 1e-5), "");
    if (out) *out = {Value(result)};
    return PackedWeightCache::global().size() - before;
  }
  std::string dir_ = testing::testdata_dir() + "/corpus/";
};

TEST_F(ConvolutionWeights, FrozenWeightsArePackedOnceAndReused) {
  Module m = load(dir_ + "small_convnet_traced.pt");
  std::vector<Value> first, second;
  size_t packed = forward_and_count_new_entries(m, &first);
  // Its two convolutions' weights (oneDNN wants them blocked on AVX2 and AVX-512); its one
  // linear's, where that is blocked too, on its second use.
  EXPECT_EQ(packed, 2u);
  EXPECT_EQ(forward_and_count_new_entries(m, &second), linear_weights_are_blocked() ? 1u : 0u);
  EXPECT_EQ(forward_and_count_new_entries(m), 0u) << "the third forward packed a weight again";
  expect_same_bits(second, first, "second forward");
}

TEST_F(ConvolutionWeights, WeightsThatAreNotGraphConstantsAreNotCached) {
  LoadOptions options;
  options.passes = "none";  // weights read through attributes: not marked constant
  Module m = load(dir_ + "small_convnet_traced.pt", options);
  // The net's one linear caches its weight on its second use, as linears do (where it is
  // blocked); the convolutions' two weights are reordered on every call instead.
  std::vector<Value> first, second;
  EXPECT_EQ(forward_and_count_new_entries(m, &first), 0u);
  EXPECT_EQ(forward_and_count_new_entries(m, &second), linear_weights_are_blocked() ? 1u : 0u);
  EXPECT_EQ(forward_and_count_new_entries(m), 0u);
  expect_same_bits(second, first, "second forward");
}

}  // namespace
}  // namespace tsrt
