// The custom C++ classes (`__torch__.torch.classes.*`) tsrt rebuilds from their pickled state.
// torch pickles such an object as GLOBAL + NEWOBJ + BUILD(state) and runs the class's C++
// __setstate__ on `state`; tsrt runs no code: it checks `state` against the class's known
// layout and keeps it as the object's single attribute, which the class's kernels read.
// Anything not listed here stays refused. Adding a class: one entry in custom_class.cc.
#pragma once

#include <string>

#include "ir/type.h"
#include "runtime/value.h"

namespace tsrt::ir {

// The name of the one attribute a custom-class object holds: its validated state.
inline constexpr const char* kCustomClassState = "state";

struct CustomClass {
  const char* name;  // qualified, "__torch__.torch.classes.xnnpack.LinearOpContext"
  // Throws a tsrt::Error naming the class and the field when `state` is malformed.
  void (*validate)(const Value& state);
};

// nullptr when `qualified` is not a class tsrt knows.
const CustomClass* find_custom_class(const std::string& qualified);

// A fresh ClassType for a known class: no methods, one attribute `state` (Any).
ClassTypePtr make_custom_class_type(const CustomClass& cls);

// The state of a custom-class object built by the unpickler or a *_prepack kernel; throws
// naming `op` when `v` is not an object of class `qualified` holding a valid state.
const Value& custom_class_state(const Value& v, const std::string& qualified, const char* op);

}  // namespace tsrt::ir
