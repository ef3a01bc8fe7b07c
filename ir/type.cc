#include "ir/type.h"

namespace tsrt::ir {

namespace {

const std::pair<int, const char*> kScalarTypeNames[] = {
    {0, "Byte"}, {1, "Char"}, {2, "Short"}, {3, "Int"}, {4, "Long"},
    {5, "Half"}, {6, "Float"}, {7, "Double"}, {11, "Bool"}, {15, "BFloat16"},
};

std::string tensor_str(const Type& t) {
  std::string s = t.scalar_type ? scalar_type_ir_name(*t.scalar_type) : "Tensor";
  if (!t.sizes) return t.scalar_type ? s + "(...)" : s;
  s += "(";
  for (size_t i = 0; i < t.sizes->size(); ++i) {
    const auto& d = (*t.sizes)[i];
    s += (i ? ", " : "") + (d ? std::to_string(*d) : std::string("*"));
  }
  if (!t.contiguous) s += t.sizes->empty() ? "strided" : ", strided";
  return s + ")";
}

}  // namespace

const char* scalar_type_ir_name(int scalar_type) {
  for (const auto& [code, name] : kScalarTypeNames) {
    if (code == scalar_type) return name;
  }
  return nullptr;
}

std::optional<int> scalar_type_from_ir_name(const std::string& name) {
  for (const auto& [code, n] : kScalarTypeNames) {
    if (name == n) return code;
  }
  return std::nullopt;
}

bool Type::is_complete_tensor() const {
  if (kind != TypeKind::Tensor || !scalar_type || !sizes) return false;
  for (const auto& d : *sizes) {
    if (!d) return false;
  }
  return true;
}

std::string Type::str() const {
  auto join = [&](const char* open) {
    std::string s = open;
    for (size_t i = 0; i < contained.size(); ++i) s += (i ? ", " : "") + contained[i]->str();
    return s + "]";
  };
  switch (kind) {
    case TypeKind::Any: return class_name.empty() ? "Any" : class_name;
    case TypeKind::Tensor: return tensor_str(*this);
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
      contained.size() != other.contained.size() || scalar_type != other.scalar_type ||
      sizes != other.sizes || contiguous != other.contiguous) {
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

TypePtr Type::tensor(std::optional<int> scalar_type, std::optional<std::vector<std::optional<int64_t>>> sizes,
                     bool contiguous) {
  if (!scalar_type && !sizes) return get(TypeKind::Tensor);
  Type t{TypeKind::Tensor, {}, {}, nullptr};
  t.scalar_type = scalar_type;
  t.sizes = std::move(sizes);
  t.contiguous = t.sizes && contiguous;
  return std::make_shared<const Type>(std::move(t));
}

namespace {

// Does everything `to` says about a tensor hold for `from`?
bool tensor_subtype(const Type& from, const Type& to) {
  if (from.kind != TypeKind::Tensor) return false;
  if (to.scalar_type && from.scalar_type != to.scalar_type) return false;
  if (to.contiguous && !from.contiguous) return false;
  if (!to.sizes) return true;
  if (!from.sizes || from.sizes->size() != to.sizes->size()) return false;
  for (size_t i = 0; i < to.sizes->size(); ++i) {
    if ((*to.sizes)[i] && (*from.sizes)[i] != (*to.sizes)[i]) return false;
  }
  return true;
}

}  // namespace

bool is_subtype(const TypePtr& from, const TypePtr& to) {
  if (to->kind == TypeKind::Any || *from == *to) return true;
  switch (to->kind) {
    case TypeKind::Tensor:
      return tensor_subtype(*from, *to);
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
