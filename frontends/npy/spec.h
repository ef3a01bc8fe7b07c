// The grammar of an input SPEC on the command line, parsed once for both sides: tsrt turns a
// Spec into a tsrt::Value (value_io.h), the stock-libtorch reference runner into a c10::IValue
// (tools/reference/torch_io.h). This file knows neither, so the runner links no tsrt runtime
// for it and tsrt links no libtorch.
//
//   SPEC := FILE.npy | int:N | float:X | bool:true|false | str:TEXT | none
//         | tuple:ITEM,ITEM,...        a Tuple (of tensors or numbers)
//         | list:ITEM,ITEM,...         a List; all items of one kind
//         | list:                      the empty list (its element type comes from the method)
//   ITEM := FILE.npy | int:N | float:X | bool:true|false
//         | a bare item after int:/float:/bool: takes that prefix: list:int:1,2,3
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tsrt::npy {

struct Spec {
  enum class Kind { None, Npy, Int, Float, Bool, Str, Tuple, List };
  Kind kind = Kind::None;
  std::string text;  // Npy: the path; Str: the string
  int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  std::vector<Spec> items;  // Tuple, List

  // For a List: the kind of its items (Npy, Int, Float or Bool); None when it is empty.
  Kind item_kind() const { return items.empty() ? Kind::None : items.front().kind; }
};

// Throws tsrt::Error naming the spec and what is wrong with it. Reads no file.
Spec parse_spec(const std::string& spec);

// "tensor (.npy)", "int", ... for messages.
const char* spec_kind_name(Spec::Kind kind);

}  // namespace tsrt::npy
