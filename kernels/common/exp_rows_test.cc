// exp_row_minus_max (the vectorised polynomial exp) against the same rows done with std::exp,
// on the row lengths and value ranges tsrt::attention meets, and the IEEE corner cases torch's
// softmax defines: fully masked rows give NaN, NaN spreads, masked entries contribute zero.
#include "kernels/common/exp_rows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace tsrt::kernels {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Row {
  std::vector<float> values, mask;
};

// Runs both versions on copies of `row`; returns {fast, exact} rows and their 1 / sums.
struct Results {
  std::vector<float> fast, exact;
  float fast_inv_sum, exact_inv_sum;
};

Results run_both(const Row& row, bool with_mask) {
  Results r{row.values, row.values, 0, 0};
  const float* mask = with_mask ? row.mask.data() : nullptr;
  const int64_t cols = static_cast<int64_t>(row.values.size());
  r.fast_inv_sum = exp_row_minus_max(r.fast.data(), mask, cols);
  r.exact_inv_sum = exp_row_minus_max_exact(r.exact.data(), mask, cols);
  return r;
}

Row random_row(int64_t cols, float spread, std::mt19937& rng) {
  std::normal_distribution<float> normal(0.0f, spread);
  std::bernoulli_distribution masked(0.2);
  Row row;
  for (int64_t c = 0; c < cols; ++c) {
    row.values.push_back(normal(rng));
    row.mask.push_back(masked(rng) ? -10000.0f : 0.0f);
  }
  return row;
}

TEST(ExpRows, MatchesStdExpOnAttentionLikeRows) {
  std::mt19937 rng(3);
  // Lengths around the vector width (tails), BERT's 128 and 512; spreads up to scores in the 100s.
  for (int64_t cols : {1, 7, 15, 16, 17, 31, 128, 509, 512}) {
    for (float spread : {0.1f, 3.0f, 40.0f}) {
      Row row = random_row(cols, spread, rng);
      for (bool with_mask : {false, true}) {
        Results r = run_both(row, with_mask);
        SCOPED_TRACE("cols " + std::to_string(cols) + " spread " + std::to_string(spread) +
                     (with_mask ? " masked" : ""));
        EXPECT_NEAR(r.fast_inv_sum, r.exact_inv_sum, 1e-6 * std::fabs(r.exact_inv_sum));
        for (int64_t c = 0; c < cols; ++c) {
          // Relative 1e-6 (a few float ulps) for values that matter, absolute below.
          EXPECT_NEAR(r.fast[c], r.exact[c], 1e-6f * r.exact[c] + 1e-30f) << "at " << c;
        }
      }
    }
  }
}

TEST(ExpRows, MaskedEntriesContributeNothing) {
  Row row{{1.0f, 2.0f, 3.0f, 4.0f, 5.0f},
          {0.0f, -kInf, std::numeric_limits<float>::lowest(), -10000.0f, 0.0f}};
  Results r = run_both(row, true);
  for (int c : {1, 2, 3}) EXPECT_EQ(r.fast[c], 0.0f) << c;
  EXPECT_FLOAT_EQ(r.fast[4], 1.0f);  // the maximum: exp(0)
  EXPECT_FLOAT_EQ(r.fast_inv_sum, r.exact_inv_sum);
}

TEST(ExpRows, FullyMaskedRowAndNaNGiveNaN) {
  Row all_masked{std::vector<float>(20, 1.0f), std::vector<float>(20, -kInf)};
  Results masked = run_both(all_masked, true);
  EXPECT_TRUE(std::isnan(masked.fast_inv_sum));
  EXPECT_TRUE(std::isnan(masked.exact_inv_sum));

  Row with_nan{std::vector<float>(20, 0.5f), {}};
  with_nan.values[13] = std::numeric_limits<float>::quiet_NaN();
  Results nan = run_both(with_nan, false);
  EXPECT_TRUE(std::isnan(nan.fast_inv_sum));
  EXPECT_TRUE(std::isnan(nan.exact_inv_sum));
}

}  // namespace
}  // namespace tsrt::kernels
