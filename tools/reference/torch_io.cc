#include "tools/reference/torch_io.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <variant>

#include "frontends/npy/npy.h"
#include "frontends/npy/spec.h"
#include "runtime/error.h"

namespace tsrt::reference {

namespace {

// tsrt's DType numbering follows c10::ScalarType; map explicitly so a mismatch fails loudly.
c10::ScalarType to_scalar_type(DType dtype) {
  switch (dtype) {
    case DType::UInt8: return c10::ScalarType::Byte;
    case DType::Int8: return c10::ScalarType::Char;
    case DType::Int16: return c10::ScalarType::Short;
    case DType::Int32: return c10::ScalarType::Int;
    case DType::Int64: return c10::ScalarType::Long;
    case DType::Float16: return c10::ScalarType::Half;
    case DType::Float32: return c10::ScalarType::Float;
    case DType::Float64: return c10::ScalarType::Double;
    case DType::Bool: return c10::ScalarType::Bool;
    case DType::BFloat16: return c10::ScalarType::BFloat16;
  }
  throw Error("reference_runner: unknown tsrt dtype");
}

DType to_dtype(c10::ScalarType type) {
  switch (type) {
    case c10::ScalarType::Byte: return DType::UInt8;
    case c10::ScalarType::Char: return DType::Int8;
    case c10::ScalarType::Short: return DType::Int16;
    case c10::ScalarType::Int: return DType::Int32;
    case c10::ScalarType::Long: return DType::Int64;
    case c10::ScalarType::Half: return DType::Float16;
    case c10::ScalarType::Float: return DType::Float32;
    case c10::ScalarType::Double: return DType::Float64;
    case c10::ScalarType::Bool: return DType::Bool;
    case c10::ScalarType::BFloat16: return DType::BFloat16;
    default:
      throw Error(std::string("reference_runner: no .npy form for tensor dtype ") + c10::toString(type));
  }
}

at::Tensor read_npy(const std::string& path) {
  Tensor source = npy::read(path).contiguous();
  at::Tensor result = at::empty(std::vector<int64_t>(source.sizes().begin(), source.sizes().end()),
                                at::TensorOptions().dtype(to_scalar_type(source.dtype())));
  if (source.nbytes() > 0) std::memcpy(result.data_ptr(), source.raw_data(), source.nbytes());
  return result;
}

// The CLI contract's leaves, depth-first: tuples and lists in order, dict values in insertion
// order, numbers as 0-d int64/float64/bool tensors, strings as they are, None skipped.
using Leaf = std::variant<at::Tensor, std::string>;
void flatten_into(const c10::IValue& value, std::vector<Leaf>& out) {
  if (value.isNone()) return;
  if (value.isTensor()) {
    out.emplace_back(value.toTensor());
  } else if (value.isTuple()) {
    for (const auto& item : value.toTupleRef().elements()) flatten_into(item, out);
  } else if (value.isList()) {
    for (const c10::IValue& item : value.toList()) flatten_into(item, out);
  } else if (value.isGenericDict()) {
    for (const auto& entry : value.toGenericDict()) flatten_into(entry.value(), out);  // insertion order
  } else if (value.isBool()) {
    out.emplace_back(at::scalar_tensor(value.toBool(), at::TensorOptions().dtype(at::kBool)));
  } else if (value.isInt()) {
    out.emplace_back(at::scalar_tensor(value.toInt(), at::TensorOptions().dtype(at::kLong)));
  } else if (value.isDouble()) {
    out.emplace_back(at::scalar_tensor(value.toDouble(), at::TensorOptions().dtype(at::kDouble)));
  } else if (value.isString()) {
    out.emplace_back(value.toStringRef());
  } else {
    throw Error(std::string("reference_runner: cannot write a result of type ") +
                value.tagKind() + " as .npy");
  }
}

c10::IValue spec_to_ivalue(const npy::Spec& spec, const c10::TypePtr& expected) {
  using Kind = npy::Spec::Kind;
  switch (spec.kind) {
    case Kind::None: return c10::IValue();
    case Kind::Npy: return c10::IValue(read_npy(spec.text));
    case Kind::Int: return c10::IValue(spec.int_value);
    case Kind::Float: return c10::IValue(spec.float_value);
    case Kind::Bool: return c10::IValue(spec.bool_value);
    case Kind::Str: return c10::IValue(spec.text);
    case Kind::Tuple: {
      std::vector<c10::IValue> items;
      for (const npy::Spec& item : spec.items) items.push_back(spec_to_ivalue(item, nullptr));
      return c10::ivalue::Tuple::create(std::move(items));
    }
    case Kind::List: {
      // The element type: the method's when it names a list (an empty list: only it can say; ints
      // for a List[float]: Python's binding converts them), else the items'.
      c10::TypePtr element;
      c10::TypePtr want = expected;
      if (want && want->kind() == c10::TypeKind::OptionalType) {
        want = want->expectRef<c10::OptionalType>().getElementType();
      }
      if (want && want->kind() == c10::TypeKind::ListType) element = want->expectRef<c10::ListType>().getElementType();
      bool to_float = element && element->kind() == c10::TypeKind::FloatType && spec.item_kind() == Kind::Int;
      if (!element || (!spec.items.empty() && !to_float)) {
        switch (spec.item_kind()) {
          case Kind::Int: element = c10::IntType::get(); break;
          case Kind::Float: element = c10::FloatType::get(); break;
          case Kind::Bool: element = c10::BoolType::get(); break;
          default: element = c10::TensorType::get(); break;
        }
      }
      c10::impl::GenericList items(element);
      for (const npy::Spec& item : spec.items) {
        items.push_back(to_float ? c10::IValue(static_cast<double>(item.int_value)) : spec_to_ivalue(item, nullptr));
      }
      return c10::IValue(items);
    }
  }
  throw Error("reference_runner: unknown input spec kind");
}

}  // namespace

c10::IValue parse_input_spec(const std::string& spec, const c10::TypePtr& expected) {
  return spec_to_ivalue(npy::parse_spec(spec), expected);
}

std::vector<at::Tensor> flatten_result(const c10::IValue& result) {
  std::vector<Leaf> leaves;
  flatten_into(result, leaves);
  std::vector<at::Tensor> tensors;
  for (const Leaf& leaf : leaves) {
    TSRT_CHECK(std::holds_alternative<at::Tensor>(leaf), "reference_runner: a str result leaf is not a tensor");
    tensors.push_back(std::get<at::Tensor>(leaf));
  }
  return tensors;
}

void write_outputs(const std::string& dir, const c10::IValue& result) {
  std::vector<Leaf> leaves;
  flatten_into(result, leaves);
  for (size_t i = 0; i < leaves.size(); ++i) {
    std::string path = dir + "/output_" + std::to_string(i) + ".npy";
    if (const auto* text = std::get_if<std::string>(&leaves[i])) {
      npy::write_string(path, *text);
    } else {
      write_npy(path, std::get<at::Tensor>(leaves[i]));
    }
  }
}

std::string describe_input(const c10::IValue& value) {
  if (value.isTensor()) {
    const at::Tensor& t = value.toTensor();
    std::string sizes;
    for (int64_t d : t.sizes()) sizes += (sizes.empty() ? "" : ", ") + std::to_string(d);
    return std::string("Tensor ") + dtype_name(to_dtype(t.scalar_type())) + "[" + sizes + "]";
  }
  std::ostringstream os;
  os << value.type()->annotation_str() << " " << value;
  std::string text = os.str();
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

void write_npy(const std::string& path, const at::Tensor& tensor) {
  at::Tensor source = tensor.detach().contiguous();
  std::vector<int64_t> sizes = source.sizes().vec();
  Tensor target = Tensor::empty(Shape(sizes.begin(), sizes.end()), to_dtype(source.scalar_type()));
  if (target.nbytes() > 0) std::memcpy(target.raw_data(), source.data_ptr(), target.nbytes());
  npy::write(path, target);
}

}  // namespace tsrt::reference
