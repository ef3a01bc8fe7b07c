#include "frontends/npy/value_io.h"

#include "frontends/npy/npy.h"

namespace tsrt::npy {

namespace {

ir::TypePtr list_element_type(Spec::Kind kind) {
  switch (kind) {
    case Spec::Kind::Int: return ir::Type::get(ir::TypeKind::Int);
    case Spec::Kind::Float: return ir::Type::get(ir::TypeKind::Float);
    case Spec::Kind::Bool: return ir::Type::get(ir::TypeKind::Bool);
    default: return ir::Type::get(ir::TypeKind::Tensor);
  }
}

// The element type of `expected` if it is a List (or Optional[List]), else null.
ir::TypePtr expected_element(const ir::TypePtr& expected) {
  ir::TypePtr t = expected;
  if (t && t->kind == ir::TypeKind::Optional && !t->contained.empty()) t = t->contained[0];
  if (t && t->kind == ir::TypeKind::List && !t->contained.empty()) return t->contained[0];
  return nullptr;
}

}  // namespace

Value spec_to_value(const Spec& spec, const ir::TypePtr& expected) {
  switch (spec.kind) {
    case Spec::Kind::None: return Value();
    case Spec::Kind::Npy: return Value(read(spec.text));
    case Spec::Kind::Int: return Value(spec.int_value);
    case Spec::Kind::Float: return Value(spec.float_value);
    case Spec::Kind::Bool: return Value(spec.bool_value);
    case Spec::Kind::Str: return Value(spec.text);
    case Spec::Kind::Tuple: {
      std::vector<Value> items;
      for (const Spec& item : spec.items) items.push_back(spec_to_value(item));
      return Value(make_tuple(std::move(items)));
    }
    case Spec::Kind::List: {
      ir::TypePtr elem = expected_element(expected);
      // Integers given for a List[float] are floats, as Python's binding converts them.
      bool to_float = elem && elem->kind == ir::TypeKind::Float && spec.item_kind() == Spec::Kind::Int;
      if (!elem || (!spec.items.empty() && !to_float)) elem = list_element_type(spec.item_kind());
      std::vector<Value> items;
      for (const Spec& item : spec.items) {
        items.push_back(to_float ? Value(static_cast<double>(item.int_value)) : spec_to_value(item));
      }
      return Value(make_list(elem, std::move(items)));
    }
  }
  throw Error("unknown input spec kind");
}

Value parse_input_spec(const std::string& spec, const ir::TypePtr& expected) {
  return spec_to_value(parse_spec(spec), expected);
}

namespace {
void flatten_into(const Value& v, std::vector<OutputLeaf>& out) {
  // None takes no index, as the contract says (an undefined tensor is a None Optional[Tensor]).
  if (v.is_none() || (v.is_tensor() && !v.to_tensor().defined())) return;
  OutputLeaf leaf;
  if (v.is_tensor()) {
    leaf.tensor = v.to_tensor();
  } else if (v.is_tuple() || v.is_list()) {
    const auto& items = v.is_tuple() ? v.to_tuple()->items : v.to_list()->items;
    for (const Value& item : items) flatten_into(item, out);
    return;
  } else if (v.is_dict()) {
    for (const auto& entry : v.to_dict()->entries) flatten_into(entry.second, out);
    return;
  } else if (v.is_bool()) {
    leaf.tensor = Tensor::scalar_bool(v.to_bool());
  } else if (v.is_int()) {
    leaf.tensor = Tensor::scalar_int(v.to_int(), DType::Int64);
  } else if (v.is_double()) {
    leaf.tensor = Tensor::scalar_double(v.to_double(), DType::Float64);
  } else if (v.is_string()) {
    leaf.is_string = true;
    leaf.text = v.to_string();
  } else {
    throw Error(std::string("cannot write a result of type ") + v.tag_name() + " as .npy");
  }
  out.push_back(std::move(leaf));
}
}  // namespace

std::vector<OutputLeaf> flatten_result(const Value& result) {
  std::vector<OutputLeaf> out;
  flatten_into(result, out);
  return out;
}

std::vector<Tensor> flatten_outputs(const Value& result) {
  std::vector<Tensor> out;
  for (OutputLeaf& leaf : flatten_result(result)) {
    TSRT_CHECK(!leaf.is_string, "result leaf " + std::to_string(out.size()) + " is a str ('" + leaf.text +
                                    "'), not a tensor");
    out.push_back(std::move(leaf.tensor));
  }
  return out;
}

void write_leaf(const std::string& path, const OutputLeaf& leaf) {
  if (leaf.is_string) {
    write_string(path, leaf.text);
  } else {
    write(path, leaf.tensor);
  }
}

}  // namespace tsrt::npy
