// Calling other registered kernels from a kernel: composite ops (einsum, norms, distances) are
// built from the ones that already match torch, as torch's own composites are.
#pragma once

#include <string>
#include <vector>

#include "runtime/value.h"

namespace tsrt::kernels {

// Runs the registered op `qualified_name` on `args` (every schema argument, in order) and
// returns its single tensor result.
Tensor run_tensor_op(const std::string& qualified_name, std::vector<Value> args);

// An int[] argument value.
Value int_list_value(const Shape& values);

}  // namespace tsrt::kernels
