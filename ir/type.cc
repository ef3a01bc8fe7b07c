#include "ir/type.h"

namespace tsrt::ir {

std::string Type::str() const {
  auto join = [&](const char* open) {
    std::string s = open;
    for (size_t i = 0; i < contained.size(); ++i) s += (i ? ", " : "") + contained[i]->str();
    return s + "]";
  };
  switch (kind) {
    case TypeKind::Any: return class_name.empty() ? "Any" : class_name;
    case TypeKind::Tensor: return "Tensor";
    case TypeKind::Int: return "int";
    case TypeKind::Float: return "float";
    case TypeKind::Bool: return "bool";
    case TypeKind::Str: return "str";
    case TypeKind::None: return "NoneType";
    case TypeKind::Device: return "Device";
    case TypeKind::Number: return "Scalar";
    case TypeKind::List: return join("List[");
    case TypeKind::Tuple: return join("Tuple[");
    case TypeKind::Dict: return join("Dict[");
    case TypeKind::Optional: return join("Optional[");
    case TypeKind::Class: return class_name;
    case TypeKind::Layout: return "Layout";
    case TypeKind::ScalarType: return "ScalarType";
    case TypeKind::MemoryFormat: return "MemoryFormat";
    case TypeKind::Generator: return "Generator";
    case TypeKind::Complex: return "complex";
  }
  return "?";
}

bool Type::operator==(const Type& other) const {
  if (kind != other.kind || class_name != other.class_name ||
      contained.size() != other.contained.size()) {
    return false;
  }
  for (size_t i = 0; i < contained.size(); ++i) {
    if (!(*contained[i] == *other.contained[i])) return false;
  }
  return true;
}

TypePtr Type::get(TypeKind kind) {
  static const std::map<TypeKind, TypePtr>* singletons = [] {
    auto* m = new std::map<TypeKind, TypePtr>();
    for (TypeKind k : {TypeKind::Any, TypeKind::Tensor, TypeKind::Int, TypeKind::Float,
                       TypeKind::Bool, TypeKind::Str, TypeKind::None, TypeKind::Device,
                       TypeKind::Number, TypeKind::Layout, TypeKind::ScalarType,
                       TypeKind::MemoryFormat, TypeKind::Generator}) {
      (*m)[k] = std::make_shared<const Type>(Type{k, {}, {}, nullptr});
    }
    return m;
  }();
  auto it = singletons->find(kind);
  if (it != singletons->end()) return it->second;
  return std::make_shared<const Type>(Type{kind, {}, {}, nullptr});
}

TypePtr Type::list(TypePtr elem) {
  return std::make_shared<const Type>(Type{TypeKind::List, {std::move(elem)}, {}, nullptr});
}
TypePtr Type::optional(TypePtr elem) {
  return std::make_shared<const Type>(Type{TypeKind::Optional, {std::move(elem)}, {}, nullptr});
}
TypePtr Type::tuple(std::vector<TypePtr> elems) {
  return std::make_shared<const Type>(Type{TypeKind::Tuple, std::move(elems), {}, nullptr});
}
TypePtr Type::dict(TypePtr key, TypePtr value) {
  return std::make_shared<const Type>(Type{TypeKind::Dict, {std::move(key), std::move(value)}, {}, nullptr});
}
TypePtr Type::class_ref(const std::string& name) {
  return std::make_shared<const Type>(Type{TypeKind::Class, {}, name, nullptr});
}

TypePtr Type::type_var(const std::string& name) {
  return std::make_shared<const Type>(Type{TypeKind::Any, {}, name, nullptr});
}

TypePtr Type::class_of(const std::shared_ptr<ClassType>& cls) {
  return std::make_shared<const Type>(Type{TypeKind::Class, {}, cls->name, cls});
}

bool is_subtype(const TypePtr& from, const TypePtr& to) {
  if (to->kind == TypeKind::Any || *from == *to) return true;
  switch (to->kind) {
    case TypeKind::Optional:
      return from->kind == TypeKind::None || is_subtype(from, to->contained[0]) ||
             (from->kind == TypeKind::Optional && is_subtype(from->contained[0], to->contained[0]));
    case TypeKind::Number:
      return from->kind == TypeKind::Int || from->kind == TypeKind::Float ||
             from->kind == TypeKind::Bool;
    case TypeKind::Int:
      // ScalarType, Layout and MemoryFormat are ints at runtime.
      return from->kind == TypeKind::ScalarType || from->kind == TypeKind::Layout ||
             from->kind == TypeKind::MemoryFormat;
    case TypeKind::ScalarType:
    case TypeKind::Layout:
    case TypeKind::MemoryFormat:
      return from->kind == TypeKind::Int;
    case TypeKind::List:
      return from->kind == TypeKind::List && is_subtype(from->contained[0], to->contained[0]);
    case TypeKind::Tuple:
      if (from->kind != TypeKind::Tuple || from->contained.size() != to->contained.size()) {
        return false;
      }
      for (size_t i = 0; i < to->contained.size(); ++i) {
        if (!is_subtype(from->contained[i], to->contained[i])) return false;
      }
      return true;
    default:
      return false;
  }
}

int ClassType::attribute_index(const std::string& attr) const {
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].name == attr) return static_cast<int>(i);
  }
  return -1;
}

Function* ClassType::find_method(const std::string& method) const {
  auto it = methods.find(method);
  return it == methods.end() ? nullptr : it->second.get();
}

}  // namespace tsrt::ir
