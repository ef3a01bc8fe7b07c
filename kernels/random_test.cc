// Random ops: tsrt's stream differs from torch's, so these are property tests (shapes, dtypes,
// ranges, the moments of 10^5 samples within generous bounds, determinism after manual_seed)
// rather than goldens.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <thread>
#include <vector>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

const Value kNone;
constexpr int64_t kSamples = 100000;

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

std::vector<double> values_of(const Tensor& t) {
  Tensor d = t.contiguous().to(DType::Float64);
  return std::vector<double>(d.data<double>(), d.data<double>() + d.numel());
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double variance_of(const std::vector<double>& v) {
  double m = mean_of(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size());
}

Tensor run1(const std::string& op, std::vector<Value> args) { return call_op(op, std::move(args))[0].to_tensor(); }

TEST(RandomKernels, RandIsUniformInUnitInterval) {
  Tensor t = run1("aten::rand", {ints({kSamples}), kNone, kNone, kNone, kNone});
  EXPECT_EQ(t.dtype(), DType::Float32);
  EXPECT_EQ(t.sizes(), (Shape{kSamples}));
  std::vector<double> v = values_of(t);
  for (double x : v) ASSERT_TRUE(x >= 0.0 && x < 1.0) << x;
  EXPECT_NEAR(mean_of(v), 0.5, 0.01);
  EXPECT_NEAR(variance_of(v), 1.0 / 12, 0.005);
  Tensor d = run1("aten::rand", {ints({2, 3}), int64_t{7}, kNone, kNone, kNone});
  EXPECT_EQ(d.dtype(), DType::Float64);
  EXPECT_EQ(d.sizes(), (Shape{2, 3}));
}

TEST(RandomKernels, RandnIsStandardNormal) {
  Tensor t = run1("aten::randn", {ints({kSamples}), kNone, kNone, kNone, kNone});
  std::vector<double> v = values_of(t);
  EXPECT_NEAR(mean_of(v), 0.0, 0.02);
  EXPECT_NEAR(variance_of(v), 1.0, 0.03);
  Tensor like = run1("aten::randn_like", {Tensor::zeros({4, 5}, DType::Float64), kNone, kNone, kNone, kNone, kNone});
  EXPECT_EQ(like.sizes(), (Shape{4, 5}));
  EXPECT_EQ(like.dtype(), DType::Float64);
  Tensor rl = run1("aten::rand_like", {Tensor::zeros({3}, DType::Float32), kNone, kNone, kNone, kNone, kNone});
  EXPECT_EQ(rl.sizes(), (Shape{3}));
}

TEST(RandomKernels, RandintCoversTheHalfOpenRange) {
  Tensor t = run1("aten::randint.low", {int64_t{-3}, int64_t{4}, ints({kSamples}), kNone, kNone, kNone, kNone});
  EXPECT_EQ(t.dtype(), DType::Int64);
  std::set<int64_t> seen;
  for (int64_t i = 0; i < t.numel(); ++i) seen.insert(t.data<int64_t>()[i]);
  EXPECT_EQ(seen, (std::set<int64_t>{-3, -2, -1, 0, 1, 2, 3}));
  EXPECT_NEAR(mean_of(values_of(t)), 0.0, 0.05);
  Tensor f = run1("aten::randint", {int64_t{5}, ints({10}), int64_t{6}, kNone, kNone, kNone});
  EXPECT_EQ(f.dtype(), DType::Float32);
  for (double x : values_of(f)) EXPECT_TRUE(x >= 0 && x < 5 && x == std::floor(x)) << x;
  Tensor like = run1("aten::randint_like", {Tensor::zeros({2, 2}, DType::Int32), int64_t{3}, kNone, kNone, kNone,
                                            kNone, kNone});
  EXPECT_EQ(like.dtype(), DType::Int32);
  EXPECT_EQ(like.sizes(), (Shape{2, 2}));
}

TEST(RandomKernels, RandpermIsAPermutation) {
  Tensor t = run1("aten::randperm", {int64_t{1000}, kNone, kNone, kNone, kNone});
  EXPECT_EQ(t.dtype(), DType::Int64);
  std::set<int64_t> seen(t.data<int64_t>(), t.data<int64_t>() + 1000);
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), 999);
  bool identity = true;
  for (int64_t i = 0; i < 1000; ++i) identity &= t.data<int64_t>()[i] == i;
  EXPECT_FALSE(identity);
}

TEST(RandomKernels, BernoulliFollowsItsProbabilities) {
  Tensor p = Tensor::empty({kSamples}, DType::Float32);
  for (int64_t i = 0; i < kSamples; ++i) p.data<float>()[i] = i % 2 ? 1.0f : 0.25f;
  Tensor t = run1("aten::bernoulli", {p, kNone});
  EXPECT_EQ(t.dtype(), DType::Float32);
  double ones_at_quarter = 0;
  for (int64_t i = 0; i < kSamples; ++i) {
    float x = t.data<float>()[i];
    ASSERT_TRUE(x == 0.0f || x == 1.0f);
    if (i % 2) {
      ASSERT_EQ(x, 1.0f);
    } else {
      ones_at_quarter += x;
    }
  }
  EXPECT_NEAR(ones_at_quarter / (kSamples / 2), 0.25, 0.01);
  Tensor q = run1("aten::bernoulli.p", {Tensor::zeros({kSamples}, DType::Float64), 0.7, kNone});
  EXPECT_EQ(q.dtype(), DType::Float64);
  EXPECT_NEAR(mean_of(values_of(q)), 0.7, 0.01);
}

TEST(RandomKernels, InPlaceBernoulliWritesThroughStridedViews) {
  Tensor base = Tensor::zeros({4, 6}, DType::Int64);
  Tensor column = base.as_strided({4}, {6}, 1);
  Tensor out = run1("aten::bernoulli_.float", {column, 1.0, kNone});
  EXPECT_EQ(out.storage(), base.storage());
  for (int64_t i = 0; i < 24; ++i) EXPECT_EQ(base.data<int64_t>()[i], i % 6 == 1 ? 1 : 0) << i;
  Tensor mask = Tensor::zeros({3, 1}, DType::Float32);
  mask.data<float>()[1] = 1.0f;
  Tensor x = Tensor::zeros({3, 4}, DType::Float32);
  run1("aten::bernoulli_.Tensor", {x, mask, kNone});  // p broadcasts along dim 1
  for (int64_t i = 0; i < 12; ++i) EXPECT_EQ(x.data<float>()[i], i / 4 == 1 ? 1.0f : 0.0f) << i;
}

TEST(RandomKernels, InPlaceSamplersHaveTheirMoments) {
  Tensor u = run1("aten::uniform_", {Tensor::zeros({kSamples}, DType::Float32), -2.0, 4.0, kNone});
  std::vector<double> v = values_of(u);
  for (double x : v) ASSERT_TRUE(x >= -2.0 && x < 4.0) << x;
  EXPECT_NEAR(mean_of(v), 1.0, 0.05);
  EXPECT_NEAR(variance_of(v), 3.0, 0.1);
  Tensor n = run1("aten::normal_", {Tensor::zeros({kSamples}, DType::Float64), 3.0, 2.0, kNone});
  EXPECT_NEAR(mean_of(values_of(n)), 3.0, 0.05);
  EXPECT_NEAR(variance_of(values_of(n)), 4.0, 0.15);
  Tensor e = run1("aten::exponential_", {Tensor::zeros({kSamples}, DType::Float32), 2.0, kNone});
  for (double x : values_of(e)) ASSERT_GE(x, 0.0);
  EXPECT_NEAR(mean_of(values_of(e)), 0.5, 0.02);
  EXPECT_NEAR(variance_of(values_of(e)), 0.25, 0.02);
}

TEST(RandomKernels, IntegerAndHeavyTailedSamplers) {
  Tensor u8 = run1("aten::random_", {Tensor::zeros({kSamples}, DType::UInt8), kNone});
  std::vector<double> v = values_of(u8);
  EXPECT_EQ(*std::max_element(v.begin(), v.end()), 255.0);
  EXPECT_NEAR(mean_of(v), 127.5, 1.5);
  Tensor from = run1("aten::random_.from", {Tensor::zeros({kSamples}, DType::Int32), int64_t{-5}, int64_t{5}, kNone});
  v = values_of(from);
  EXPECT_EQ(*std::min_element(v.begin(), v.end()), -5.0);
  EXPECT_EQ(*std::max_element(v.begin(), v.end()), 4.0);
  Tensor to = run1("aten::random_.to", {Tensor::zeros({kSamples}, DType::Float32), int64_t{3}, kNone});
  v = values_of(to);
  EXPECT_EQ(std::set<double>(v.begin(), v.end()), (std::set<double>{0, 1, 2}));
  Tensor big = run1("aten::random_.from", {Tensor::zeros({100}, DType::Int64), int64_t{0}, kNone, kNone});
  v = values_of(big);
  EXPECT_GT(*std::max_element(v.begin(), v.end()), 1e17);  // reaches the int64 range
  Tensor logn = run1("aten::log_normal_", {Tensor::zeros({kSamples}, DType::Float64), 0.0, 0.5, kNone});
  std::vector<double> logs;
  for (double x : values_of(logn)) logs.push_back(std::log(x));
  EXPECT_NEAR(mean_of(logs), 0.0, 0.01);
  EXPECT_NEAR(variance_of(logs), 0.25, 0.01);
  Tensor cauchy = run1("aten::cauchy_", {Tensor::zeros({kSamples}, DType::Float64), 2.0, 1.0, kNone});
  v = values_of(cauchy);
  std::sort(v.begin(), v.end());
  EXPECT_NEAR(v[kSamples / 2], 2.0, 0.05);                                // median
  EXPECT_NEAR(v[3 * kSamples / 4] - v[kSamples / 4], 2.0, 0.1);          // interquartile range 2 sigma
  Tensor geo = run1("aten::geometric_", {Tensor::zeros({kSamples}, DType::Int64), 0.25, kNone});
  v = values_of(geo);
  EXPECT_EQ(*std::min_element(v.begin(), v.end()), 1.0);
  EXPECT_NEAR(mean_of(v), 4.0, 0.1);
  Tensor rates = Tensor::zeros({kSamples}, DType::Float32);
  std::fill(rates.data<float>(), rates.data<float>() + kSamples, 3.0f);
  v = values_of(run1("aten::poisson", {rates, kNone}));
  EXPECT_NEAR(mean_of(v), 3.0, 0.05);
  EXPECT_NEAR(variance_of(v), 3.0, 0.1);
  EXPECT_THROW(call_op("aten::geometric_", {Tensor::zeros({2}, DType::Float32), 1.0, kNone}), Error);
  EXPECT_THROW(call_op("aten::random_.to", {Tensor::zeros({2}, DType::Float32), int64_t{0}, kNone}), Error);
}

TEST(RandomKernels, GammaDirichletBinomial) {
  Tensor alpha = Tensor::zeros({kSamples}, DType::Float32);
  std::fill(alpha.data<float>(), alpha.data<float>() + kSamples, 2.5f);
  std::vector<double> v = values_of(run1("aten::_standard_gamma", {alpha, kNone}));
  EXPECT_NEAR(mean_of(v), 2.5, 0.05);
  EXPECT_NEAR(variance_of(v), 2.5, 0.1);
  Tensor conc = Tensor::zeros({1000, 3}, DType::Float64);
  for (int64_t i = 0; i < 3000; ++i) conc.data<double>()[i] = 1.0 + static_cast<double>(i % 3);  // (1, 2, 3)
  Tensor d = run1("aten::_sample_dirichlet", {conc, kNone});
  double last = 0;
  for (int64_t r = 0; r < 1000; ++r) {
    const double* row = d.data<double>() + 3 * r;
    EXPECT_NEAR(row[0] + row[1] + row[2], 1.0, 1e-12);
    last += row[2];
  }
  EXPECT_NEAR(last / 1000, 0.5, 0.02);  // E = 3 / (1 + 2 + 3)
  Tensor count = Tensor::zeros({kSamples}, DType::Float32);
  std::fill(count.data<float>(), count.data<float>() + kSamples, 10.0f);
  Tensor prob = Tensor::scalar_double(0.3, DType::Float32);
  v = values_of(run1("aten::binomial", {count, prob, kNone}));
  EXPECT_NEAR(mean_of(v), 3.0, 0.05);
  EXPECT_NEAR(variance_of(v), 2.1, 0.1);
  EXPECT_THROW(call_op("aten::_standard_gamma", {Tensor::zeros({2}, DType::Float32), kNone}), Error);
}

TEST(RandomKernels, NormalOverloadsBroadcastMeanAndStd) {
  Tensor mean = Tensor::zeros({2, 1}, DType::Float32);
  mean.data<float>()[1] = 10.0f;
  Tensor std = Tensor::zeros({3}, DType::Float32);  // std 0: the mean exactly
  Tensor t = run1("aten::normal.Tensor_Tensor", {mean, std, kNone});
  EXPECT_EQ(t.sizes(), (Shape{2, 3}));
  for (int64_t i = 0; i < 6; ++i) EXPECT_EQ(t.data<float>()[i], i < 3 ? 0.0f : 10.0f);
  Tensor f = run1("aten::normal.float_float", {5.0, 0.5, ints({kSamples}), kNone, kNone, kNone, kNone, kNone});
  EXPECT_EQ(f.dtype(), DType::Float32);
  EXPECT_NEAR(mean_of(values_of(f)), 5.0, 0.02);
  EXPECT_NEAR(variance_of(values_of(f)), 0.25, 0.01);
  Tensor tf = run1("aten::normal.Tensor_float", {Tensor::zeros({4}, DType::Float64), 1.0, kNone});
  EXPECT_EQ(tf.dtype(), DType::Float64);
  Tensor ft = run1("aten::normal.float_Tensor", {1.0, Tensor::zeros({4}, DType::Float32), kNone});
  for (double x : values_of(ft)) EXPECT_EQ(x, 1.0);
}

TEST(RandomKernels, MultinomialSamplesByWeight) {
  Tensor w = Tensor::zeros({2, 4}, DType::Float32);
  float weights[] = {1, 0, 3, 0, 0, 0, 0, 2};
  std::copy(weights, weights + 8, w.data<float>());
  Tensor t = run1("aten::multinomial", {w, int64_t{20000}, true, kNone});
  EXPECT_EQ(t.sizes(), (Shape{2, 20000}));
  EXPECT_EQ(t.dtype(), DType::Int64);
  int64_t twos = 0;
  for (int64_t i = 0; i < 20000; ++i) {
    int64_t c = t.data<int64_t>()[i];
    ASSERT_TRUE(c == 0 || c == 2) << c;
    twos += c == 2;
    ASSERT_EQ(t.data<int64_t>()[20000 + i], 3);
  }
  EXPECT_NEAR(static_cast<double>(twos) / 20000, 0.75, 0.02);
  Tensor flat = Tensor::zeros({5}, DType::Float64);
  for (int64_t i = 0; i < 5; ++i) flat.data<double>()[i] = 1.0 + i;
  Tensor once = run1("aten::multinomial", {flat, int64_t{5}, false, kNone});
  std::set<int64_t> seen(once.data<int64_t>(), once.data<int64_t>() + 5);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_THROW(call_op("aten::multinomial", {w, int64_t{3}, false, kNone}), Error);  // only 2 positive weights
  Tensor edge = Tensor::zeros({3}, DType::Float32);
  edge.data<float>()[0] = 1.0f;  // trailing zero weights are never picked
  Tensor only = run1("aten::multinomial", {edge, int64_t{1000}, true, kNone});
  for (int64_t i = 0; i < 1000; ++i) ASSERT_EQ(only.data<int64_t>()[i], 0);
}

TEST(RandomKernels, ManualSeedMakesStreamsRepeat) {
  call_op("aten::manual_seed", {int64_t{123}});
  std::vector<double> a = values_of(run1("aten::randn", {ints({16}), kNone, kNone, kNone, kNone}));
  std::vector<double> b = values_of(run1("aten::randn", {ints({16}), kNone, kNone, kNone, kNone}));
  call_op("aten::manual_seed", {int64_t{123}});
  std::vector<double> c = values_of(run1("aten::randn", {ints({16}), kNone, kNone, kNone, kNone}));
  EXPECT_EQ(a, c);
  EXPECT_NE(a, b);
}

TEST(RandomKernels, ThreadsShareOneStreamInWholePieces) {
  // Four threads drawing 1000 numbers each get, between them, exactly the 4000 numbers one
  // thread draws after the same seed: each op takes one contiguous piece of the stream.
  call_op("aten::manual_seed", {int64_t{7}});
  std::vector<std::vector<double>> pieces(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&pieces, t] {
      pieces[t] = values_of(run1("aten::rand", {ints({1000}), int64_t{7}, kNone, kNone, kNone}));
    });
  }
  for (std::thread& t : threads) t.join();
  std::multiset<double> threaded;
  for (const auto& piece : pieces) threaded.insert(piece.begin(), piece.end());
  call_op("aten::manual_seed", {int64_t{7}});
  std::vector<double> single = values_of(run1("aten::rand", {ints({4000}), int64_t{7}, kNone, kNone, kNone}));
  EXPECT_EQ(threaded, std::multiset<double>(single.begin(), single.end()));
  bool piece_is_contiguous = false;
  for (size_t start = 0; start + 1000 <= single.size(); start += 1000) {
    piece_is_contiguous |= std::vector<double>(single.begin() + start, single.begin() + start + 1000) == pieces[0];
  }
  EXPECT_TRUE(piece_is_contiguous);
}

TEST(RandomKernels, EveryRandomOpHasSideEffects) {
  for (const kernels::OpEntry* e : kernels::Registry::global().all()) {
    if (e->family == "random") {
      EXPECT_TRUE(e->traits.side_effects) << e->schema.qualified();
    }
  }
  EXPECT_TRUE(kernels::Registry::global().find("aten::bernoulli_.float")->traits.side_effects);
}

TEST(RandomKernels, BadArgumentsRaiseErrors) {
  EXPECT_THROW(call_op("aten::rand", {ints({-1}), kNone, kNone, kNone, kNone}), Error);
  EXPECT_THROW(call_op("aten::rand", {ints({2}), int64_t{4}, kNone, kNone, kNone}), Error);  // int64 rand
  EXPECT_THROW(call_op("aten::randint.low", {int64_t{3}, int64_t{3}, ints({2}), kNone, kNone, kNone, kNone}), Error);
  EXPECT_THROW(call_op("aten::randperm", {int64_t{-1}, kNone, kNone, kNone, kNone}), Error);
  EXPECT_THROW(call_op("aten::bernoulli.p", {Tensor::zeros({2}, DType::Float32), 1.5, kNone}), Error);
  EXPECT_THROW(call_op("aten::uniform_", {Tensor::zeros({2}, DType::Float32), 1.0, 0.0, kNone}), Error);
  EXPECT_THROW(call_op("aten::normal_", {Tensor::zeros({2}, DType::Float32), 0.0, -1.0, kNone}), Error);
  EXPECT_THROW(call_op("aten::exponential_", {Tensor::zeros({2}, DType::Float32), 0.0, kNone}), Error);
  EXPECT_THROW(call_op("aten::rand", {ints({2}), kNone, kNone, Value(Device{"mps"}), kNone}), Error);
  EXPECT_THROW(call_op("aten::rand.generator", {ints({2}), int64_t{1}, kNone, kNone, kNone, kNone}), Error);
}

}  // namespace
}  // namespace tsrt
