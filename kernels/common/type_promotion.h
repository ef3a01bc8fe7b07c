// torch's type promotion for ops mixing tensors and Python scalars ("wrapped numbers").
// Operands fall into three priority classes: tensors with dim > 0, 0-d tensors, and scalars.
// A lower class only changes the result when it brings a higher category
// (bool < integer < floating), e.g. int64 tensor + 2.5 -> float32, float32 tensor + a
// float64 0-d tensor -> float32, uint8 tensor + 300 -> uint8.
#pragma once

#include <vector>

#include "runtime/dtype.h"
#include "runtime/value.h"

namespace tsrt::kernels {

// The dtype a Python float becomes (torch.get_default_dtype()).
constexpr DType kDefaultFloat = DType::Float32;

// torch.result_type over tensors and scalars (int/float/bool Values); None operands are skipped.
// Bool scalars promote as int64, as they do when passed to torch's Scalar arguments.
DType result_type(const std::vector<const Value*>& operands);
DType result_type(const Value& a, const Value& b);

// The dtype of a scalar Value as a 0-d tensor would hold it: bool, int64 or float64.
DType scalar_dtype(const Value& scalar);

// Dtype of a Value: a tensor's dtype or scalar_dtype.
DType value_dtype(const Value& v);

// torch.can_cast: false when a float would become an integer or a non-bool would become bool.
bool can_cast(DType from, DType to);

// The dtype of ops that always produce floats (true division, exp, sqrt, ...): integers
// and bool go to the default float dtype, floats keep theirs.
DType float_result(DType dtype);

}  // namespace tsrt::kernels
