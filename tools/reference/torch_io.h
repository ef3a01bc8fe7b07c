// Conversions between the CLI's argument SPECs / .npy files and libtorch values, for the
// stock-libtorch reference runner.
#pragma once

#include <string>
#include <vector>

#include <torch/script.h>

namespace tsrt::reference {

// One CLI input SPEC (grammar in frontends/npy/spec.h, shared with tsrt). `expected`, the
// method's argument type (may be null), types an empty `list:` and int items of a List[float].
// Throws tsrt::Error naming the SPEC when it is malformed or a file is unreadable.
c10::IValue parse_input_spec(const std::string& spec, const c10::TypePtr& expected = nullptr);

// Flattens a result depth-first as the CLI contract says (tuples and lists in order, dict values
// in insertion order, None skipped) into tensors; ints, floats and bools become 0-d int64,
// float64 and bool tensors. Throws tsrt::Error on strings and values that have no .npy form.
std::vector<at::Tensor> flatten_result(const c10::IValue& result);
// Writes the same leaves as DIR/output_<i>.npy, strings as 0-d unicode arrays.
void write_outputs(const std::string& dir, const c10::IValue& result);

// One input as libtorch received it: "Tensor int64[1, 14]", "List[int] [2, 3]", "int 3".
std::string describe_input(const c10::IValue& value);

// Writes `tensor` as a .npy file (through tsrt's npy writer).
void write_npy(const std::string& path, const at::Tensor& tensor);

}  // namespace tsrt::reference
