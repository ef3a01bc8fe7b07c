// The exponential half of a row softmax, for tsrt::attention (kernels/fused_attention.cc).
//
// softmax(x) @ v == (exp(x - max x) @ v) / sum exp(x - max x): the attention kernel turns each
// score row into its unnormalised exponentials here, multiplies them with v, and divides the
// [L, Ev] product by the row sums instead of the [L, S] probabilities. The additive mask is
// read in the same pass as the scores (one pass less than add-then-softmax).
#pragma once

#include <cstdint>

namespace tsrt::kernels {

// row[c] = exp(row[c] + mask[c] - m) for c < cols, where m is the row's maximum of
// row[c] + mask[c]; returns 1 / sum of the new row. `mask` is unit-stride or nullptr (none).
// As torch's softmax: a row whose every entry is -inf, or any NaN, gives NaN.
// Vectorised with a polynomial exp (relative error ~2e-7 against std::exp); entries below
// exp(-87) (~1.6e-38 of the row maximum) become 0.
float exp_row_minus_max(float* row, const float* mask, int64_t cols);

// The same with std::exp, one element at a time: the reference the vectorised version is
// tested against (kernels/common/exp_rows_test.cc).
float exp_row_minus_max_exact(float* row, const float* mask, int64_t cols);

}  // namespace tsrt::kernels
