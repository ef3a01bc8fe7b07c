// TorchScript types: Tensor, int, float, bool, str, None, Device, List[T], Tuple[...],
// Optional[T], Dict[K, V], and class types (modules, named tuples) defined by the archive.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tsrt::ir {

class Function;
struct Type;
using TypePtr = std::shared_ptr<const Type>;

enum class TypeKind {
  Any,
  Tensor,
  Int,
  Float,
  Bool,
  Str,
  None,
  Device,
  Number,  // int or float: torch's `Scalar` / `number`
  List,
  Tuple,
  Dict,
  Optional,
  Class,
  Layout,        // ints at runtime
  ScalarType,    // ints at runtime
  MemoryFormat,  // ints at runtime
  Generator,
  Complex,  // accepted in schemas, never produced: tsrt has no complex values
};

struct Type {
  TypeKind kind;
  std::vector<TypePtr> contained;  // List: [elem], Optional: [elem], Dict: [key, value], Tuple: elems
  std::string class_name;          // Class only; for Any, the type variable's name if any
  std::shared_ptr<struct ClassType> cls;  // Class only, once the archive defines it

  // Tensor only: what shape propagation knows (all unknown for plain `Tensor`). Printed as
  // torch prints complete tensor types: `Float(1, 128, 768)`; `*` for an unknown size,
  // `Float(...)` for an unknown rank, `Tensor(2, 3)` for an unknown dtype, and a trailing
  // `strided` when the sizes are known but the tensor may not be contiguous.
  std::optional<int> scalar_type;  // c10::ScalarType code, the same numbers as tsrt::DType
  std::optional<std::vector<std::optional<int64_t>>> sizes;  // rank known; each size maybe
  bool contiguous = false;  // known to be contiguous (only meaningful with known sizes)

  bool is_specialized_tensor() const { return kind == TypeKind::Tensor && (scalar_type || sizes); }
  // Every size and the dtype known.
  bool is_complete_tensor() const;

  std::string str() const;  // "List[int]", "Optional[Tensor]", "__torch__.m.Net"
  bool operator==(const Type& other) const;

  static TypePtr get(TypeKind kind);  // singletons for the leaf kinds
  static TypePtr list(TypePtr elem);
  static TypePtr optional(TypePtr elem);
  static TypePtr tuple(std::vector<TypePtr> elems);
  static TypePtr dict(TypePtr key, TypePtr value);
  static TypePtr class_ref(const std::string& name);
  static TypePtr type_var(const std::string& name);  // Any, with the variable's name
  static TypePtr class_of(const std::shared_ptr<struct ClassType>& cls);
  // A tensor type with what is known; plain `Tensor` when nothing is.
  static TypePtr tensor(std::optional<int> scalar_type, std::optional<std::vector<std::optional<int64_t>>> sizes,
                        bool contiguous);
};

// torch's short dtype names used in tensor types: 6 -> "Float", 4 -> "Long"; nullptr if unknown.
const char* scalar_type_ir_name(int scalar_type);
// The inverse; nullopt for a name that is not a dtype.
std::optional<int> scalar_type_from_ir_name(const std::string& name);

// Is a value of type `from` acceptable where `to` is expected (int where float/number/Optional,
// Float(2, 3) where Tensor or Float(*, 3))?
bool is_subtype(const TypePtr& from, const TypePtr& to);

// A class defined in the archive's code/ (a module, a named tuple or a plain class).
struct ClassType {
  struct Attribute {
    std::string name;
    TypePtr type;
    bool is_parameter = false;
    bool is_buffer = false;
  };
  std::string name;  // qualified, e.g. "__torch__.transformers.BertModel"
  std::vector<Attribute> attributes;
  std::map<std::string, std::shared_ptr<Function>> methods;
  bool is_module = false;
  bool is_named_tuple = false;

  int attribute_index(const std::string& attr) const;  // -1 if absent
  Function* find_method(const std::string& method) const;  // nullptr if absent
};
using ClassTypePtr = std::shared_ptr<ClassType>;

}  // namespace tsrt::ir
