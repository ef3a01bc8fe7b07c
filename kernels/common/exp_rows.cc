#include "kernels/common/exp_rows.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/common/cpu_clones.h"

namespace tsrt::kernels {
namespace {

template <typename To, typename From>
inline To bits_as(From from) {
  static_assert(sizeof(To) == sizeof(From));
  To to;
  std::memcpy(&to, &from, sizeof(To));
  return to;
}

// exp(x) for x <= 0 (or NaN), in plain arithmetic the vectoriser maps onto SIMD lanes:
// x = n ln2 + r with integer n and |r| <= ln2 / 2, exp(r) from Cephes' degree-6 minimax
// polynomial, 2^n assembled in the exponent bits. Below -87, where 2^n would leave the normal
// range, the result is 0 (exp(-87) ~ 1.6e-38: masked entries weigh exactly nothing, as in
// torch); NaN fails the comparison and stays NaN.
inline float exp_nonpositive(float x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2High = 0.693359375f;  // ln 2 = kLn2High + kLn2Low, kLn2High exact in 9 bits
  constexpr float kLn2Low = -2.12194440e-4f;
  // Adding 1.5 * 2^23 rounds to an integer, which then sits in the low mantissa bits.
  constexpr float kRoundMagic = 12582912.0f;
  const bool underflows = x < -87.0f;
  x = underflows ? -87.0f : x;
  const float shifted = x * kLog2e + kRoundMagic;
  const float n = shifted - kRoundMagic;
  const float r = x - n * kLn2High - n * kLn2Low;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  // n + 127 (in [1, 127] here) as the biased exponent of 2^n; the magic's own bits shift out.
  const uint32_t two_to_n = (bits_as<uint32_t>(shifted) + 127u) << 23;
  return underflows ? 0.0f : p * bits_as<float>(two_to_n);
}

// The vectorised loops below go over whole blocks of kLanes columns, an exact trip count the
// compiler maps onto registers (16 floats: one AVX-512 register, two AVX2 ones) without the
// scalar peel loops it adds to reach alignment, and with the block's partial results held in
// lanes; the last cols % kLanes columns run one at a time.
constexpr int64_t kLanes = 16;

// row[c] + mask[c], with kMasked a compile-time choice so the vector loops hold no branch.
template <bool kMasked>
inline __attribute__((always_inline)) float masked(const float* row, const float* mask, int64_t c) {
  if constexpr (kMasked) return row[c] + mask[c];
  return row[c];
}

// Inlined into each clone of exp_row_minus_max, so the reduction runs as wide as the exp.
template <bool kMasked>
inline __attribute__((always_inline)) float row_max(const float* row, const float* mask, int64_t cols) {
  const int64_t whole = cols / kLanes * kLanes;
  float lanes[kLanes];
  for (float& lane : lanes) lane = -std::numeric_limits<float>::infinity();
  for (int64_t c = 0; c < whole; c += kLanes) {
#pragma omp simd
    for (int64_t j = 0; j < kLanes; ++j) lanes[j] = std::max(lanes[j], masked<kMasked>(row, mask, c + j));
  }
  float m = -std::numeric_limits<float>::infinity();
  for (int64_t c = whole; c < cols; ++c) m = std::max(m, masked<kMasked>(row, mask, c));
  for (float lane : lanes) m = std::max(m, lane);
  return m;
}

// row[c] = exp(row[c] + mask[c] - m) over the row; returns the sum of the new row.
template <bool kMasked>
inline __attribute__((always_inline)) float exp_row_sum(float* row, const float* mask, float m, int64_t cols) {
  const int64_t whole = cols / kLanes * kLanes;
  float lanes[kLanes] = {};
  for (int64_t c = 0; c < whole; c += kLanes) {
#pragma omp simd
    for (int64_t j = 0; j < kLanes; ++j) {
      const float e = exp_nonpositive(masked<kMasked>(row, mask, c + j) - m);
      row[c + j] = e;
      lanes[j] += e;
    }
  }
  float sum = 0;
  for (int64_t c = whole; c < cols; ++c) {
    row[c] = exp_nonpositive(masked<kMasked>(row, mask, c) - m);
    sum += row[c];
  }
  for (float lane : lanes) sum += lane;
  return sum;
}

}  // namespace

// Compiled per instruction set (cpu_clones.h): the AVX-512 clone runs 16 exponentials at once.
TSRT_CPU_CLONES float exp_row_minus_max(float* row, const float* mask, int64_t cols) {
  if (mask) return 1.0f / exp_row_sum<true>(row, mask, row_max<true>(row, mask, cols), cols);
  return 1.0f / exp_row_sum<false>(row, mask, row_max<false>(row, mask, cols), cols);
}

float exp_row_minus_max_exact(float* row, const float* mask, int64_t cols) {
  float m = -std::numeric_limits<float>::infinity();
  for (int64_t c = 0; c < cols; ++c) m = std::max(m, row[c] + (mask ? mask[c] : 0.0f));
  float sum = 0;
  for (int64_t c = 0; c < cols; ++c) {
    row[c] = std::exp(row[c] + (mask ? mask[c] : 0.0f) - m);
    sum += row[c];
  }
  return 1.0f / sum;
}

}  // namespace tsrt::kernels
