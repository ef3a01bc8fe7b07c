// Python objects <-> tsrt::Value for the extension module. Call with the GIL held.
#pragma once

#include <pybind11/pybind11.h>

#include "ir/type.h"
#include "runtime/value.h"

namespace tsrt::python {

// numpy arrays (zero-copy when C-contiguous, aligned and writable; else one contiguous copy),
// torch tensors (through .detach().numpy(), torch is never imported here), None, bool, int,
// float, str, lists, tuples and dicts. `expected` (the method's argument type, may be null) types
// empty lists and dicts and turns ints given for a List[float] into floats.
Value to_value(const pybind11::handle& obj, const ir::TypePtr& expected = nullptr);

// The result as Python sees it: tuple, list, dict, str, None, int/float/bool; tensors become numpy
// arrays that share the tensor's memory and keep its storage alive.
pybind11::object to_python(const Value& v);

}  // namespace tsrt::python
