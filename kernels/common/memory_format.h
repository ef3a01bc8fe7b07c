// Channels-last layout (MemoryFormat 2 for 4-d, 3 for 5-d tensors): dim 1 (channels) is
// innermost in memory, the others keep their order. Shared by clone and contiguous.
#pragma once

#include "runtime/tensor.h"

namespace tsrt::kernels {

// The strides of a dense channels-last tensor of `sizes`.
Shape channels_last_strides(const Shape& sizes);

// A dense channels-last tensor holding the values of `self`.
Tensor channels_last_copy(const Tensor& self);

}  // namespace tsrt::kernels
