// Shape arithmetic shared by every kernel family: dimension wrapping, broadcasting, expansion.
#pragma once

#include <cstdint>

#include "runtime/tensor.h"

namespace tsrt::kernels {

// Wraps a possibly negative dim into [0, rank); errors like torch's "Dimension out of range".
int64_t wrap_dim(int64_t dim, int64_t rank);
// numpy/torch broadcasting of two shapes; throws naming both shapes when they do not broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b);
// A stride-0 view of `t` with shape `target` (t must broadcast to it).
Tensor expand_to(const Tensor& t, const Shape& target);
int64_t product(const Shape& shape);

}  // namespace tsrt::kernels
