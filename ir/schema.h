// Operator schemas: "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
// parsed into names, typed arguments with defaults, and return types. The frontend uses them to
// bind call arguments (positional, keyword, omitted defaults) and to pick an overload.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/type.h"
#include "runtime/value.h"

namespace tsrt::ir {

struct Argument {
  std::string name;
  TypePtr type;
  std::optional<Value> default_value;
  bool kwarg_only = false;
  int fixed_list_size = 0;  // int[2] accepts a single int broadcast to 2 elements
};

struct FunctionSchema {
  std::string name;      // "aten::add"
  std::string overload;  // "Tensor", or empty
  std::vector<Argument> arguments;
  std::vector<TypePtr> returns;
  bool is_vararg = false;  // "..." in the argument list
  std::string text;        // the original schema string

  std::string qualified() const { return overload.empty() ? name : name + "." + overload; }
};

// Throws tsrt::Error on malformed text.
FunctionSchema parse_schema(const std::string& text);
// Parses a type as written in schemas ("int[]", "Tensor?", "Scalar") or TorchScript source
// annotations ("List[int]", "Optional[Tensor]", "Tuple[int, int]").
TypePtr parse_type(const std::string& text);

struct OpInfo;  // ir/op_info.h

// Where the frontend finds the schemas of the ops it may emit (implemented by the kernel registry),
// and where passes find what they need to know about an op.
class OpCatalog {
 public:
  virtual ~OpCatalog() = default;
  // All overloads of an op such as "aten::add", in registration order. Empty if unknown.
  virtual std::vector<const FunctionSchema*> overloads(const std::string& name) const = 0;
  // Schema, traits and shape rule of "aten::add.Tensor", or null when the catalog has none.
  virtual const OpInfo* info(const std::string& qualified_name) const {
    (void)qualified_name;
    return nullptr;
  }
  // Every op the catalog describes with an OpInfo.
  virtual std::vector<const OpInfo*> infos() const { return {}; }
};

}  // namespace tsrt::ir
