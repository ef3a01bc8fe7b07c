// A result printed as Python prints what torch returns: tensors in torch's own repr (precision
// 4, summarised beyond 1000 elements with 3 edge items, 80 columns, `dtype=` for non-default
// dtypes), inside tuples, lists and dicts written as Python writes them.
#pragma once

#include <string>

#include "runtime/value.h"

namespace tsrt::cli {

std::string torch_repr(const Value& value);
std::string tensor_repr(const Tensor& tensor);
// Python's repr of a float ("1.0", "0.1", "1e-05", "inf") and of a str ('text').
std::string python_float_repr(double value);
std::string python_str_repr(const std::string& text);

}  // namespace tsrt::cli
