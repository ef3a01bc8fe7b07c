// Model inputs and outputs on the command line and in golden tests:
//   SPEC := FILE.npy | int:N | float:X | bool:true|false | str:TEXT | none
//         | tuple:a.npy,b.npy | list:a.npy,b.npy
// and results flattened depth-first into tensors (tuples and lists in order; int, float and
// bool scalars as 0-d int64, float64 and bool arrays), as stock libtorch's runner writes them.
#pragma once

#include <string>
#include <vector>

#include "runtime/value.h"

namespace tsrt::npy {

// Throws tsrt::Error naming the spec and what is wrong with it.
Value parse_input_spec(const std::string& spec);
std::vector<Tensor> flatten_outputs(const Value& result);

}  // namespace tsrt::npy
