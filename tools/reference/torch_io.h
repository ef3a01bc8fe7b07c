// Conversions between the CLI's argument SPECs / .npy files and libtorch values, for the
// stock-libtorch reference runner.
#pragma once

#include <string>
#include <vector>

#include <torch/script.h>

namespace tsrt::reference {

// One CLI input SPEC: a .npy path, int:N, float:X, bool:true|false, str:TEXT, none,
// tuple:a.npy,b.npy (Tuple[Tensor, ...]) or list:a.npy,b.npy (List[Tensor]).
// Throws tsrt::Error naming the SPEC when it is malformed or a file is unreadable.
c10::IValue parse_input_spec(const std::string& spec);

// Flattens a result depth-first (tuples and lists in order) into tensors; ints, floats and
// bools become 0-d int64, float64 and bool tensors. Throws tsrt::Error on strings, dicts,
// None and other values that have no .npy form.
std::vector<at::Tensor> flatten_result(const c10::IValue& result);

// Writes `tensor` as a .npy file (through tsrt's npy writer).
void write_npy(const std::string& path, const at::Tensor& tensor);

}  // namespace tsrt::reference
