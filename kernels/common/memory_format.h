// Channels-last layout (MemoryFormat 2 for 4-d, 3 for 5-d tensors): dim 1 (channels) is
// innermost in memory, the others keep their order. Shared by clone, contiguous,
// convolution and pooling.
#pragma once

#include "runtime/tensor.h"

namespace tsrt::kernels {

// The strides of a dense channels-last tensor of `sizes`.
Shape channels_last_strides(const Shape& sizes);

// A dense channels-last tensor holding the values of `self`.
Tensor channels_last_copy(const Tensor& self);

// An uninitialised dense channels-last tensor of `sizes`.
Tensor empty_channels_last(const Shape& sizes, DType dtype);

// True when `t` is a 4-d dense channels-last tensor that is not also contiguous (dims of size 1
// may have any stride): the layout convolution and pooling keep (passes/channels_last.cc).
bool is_channels_last_4d(const Tensor& t);

// True when `a` and `b` have one shape and one dense layout (both contiguous or both the same
// channels-last strides): elementwise work may then treat them as flat arrays.
bool same_dense_layout(const Tensor& a, const Tensor& b);

// `x` in the dense layout of `like` (same shape): itself when it already is, else a copy.
Tensor in_layout_of(const Tensor& x, const Tensor& like);

}  // namespace tsrt::kernels
