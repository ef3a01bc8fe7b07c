// Model inputs and outputs on the command line and in golden tests: input SPECs (grammar in
// spec.h) become tsrt::Values, and a result is flattened depth-first into leaves as the CLI
// contract says (docs: README "Command line"): tuples and lists in order, dict values in
// insertion order, int/float/bool as 0-d int64/float64/bool arrays, str as a 0-d unicode array,
// None skipped (it takes no index) -- the order stock libtorch's reference runner writes.
#pragma once

#include <string>
#include <vector>

#include "frontends/npy/spec.h"
#include "runtime/value.h"

namespace tsrt::npy {

// Throws tsrt::Error naming the spec and what is wrong with it. `expected` (the method's
// argument type, may be null) types an empty `list:` and lets list:int:... become List[float].
Value parse_input_spec(const std::string& spec, const ir::TypePtr& expected = nullptr);
Value spec_to_value(const Spec& spec, const ir::TypePtr& expected = nullptr);

// One leaf of a flattened result: a tensor (numbers as 0-d tensors) or a string.
struct OutputLeaf {
  Tensor tensor;
  bool is_string = false;
  std::string text;  // is_string: the string (UTF-8)
};
std::vector<OutputLeaf> flatten_result(const Value& result);
// The same as tensors only; throws tsrt::Error on a str leaf.
std::vector<Tensor> flatten_outputs(const Value& result);
// Writes a leaf as a .npy file (a string as a 0-d '<U{n}' array).
void write_leaf(const std::string& path, const OutputLeaf& leaf);

}  // namespace tsrt::npy
