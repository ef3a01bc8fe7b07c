#include "tools/reference/torch_io.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "frontends/npy/npy.h"
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

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    parts.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) return parts;
    start = comma + 1;
  }
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

void flatten_into(const c10::IValue& value, std::vector<at::Tensor>& out) {
  if (value.isTensor()) {
    out.push_back(value.toTensor());
  } else if (value.isTuple()) {
    for (const auto& item : value.toTupleRef().elements()) flatten_into(item, out);
  } else if (value.isList()) {
    for (const c10::IValue& item : value.toList()) flatten_into(item, out);
  } else if (value.isBool()) {
    out.push_back(at::scalar_tensor(value.toBool(), at::TensorOptions().dtype(at::kBool)));
  } else if (value.isInt()) {
    out.push_back(at::scalar_tensor(value.toInt(), at::TensorOptions().dtype(at::kLong)));
  } else if (value.isDouble()) {
    out.push_back(at::scalar_tensor(value.toDouble(), at::TensorOptions().dtype(at::kDouble)));
  } else {
    throw Error(std::string("reference_runner: cannot write a result of type ") +
                value.tagKind() + " as .npy");
  }
}

}  // namespace

c10::IValue parse_input_spec(const std::string& spec) {
  const std::string where = "input '" + spec + "'";
  if (spec == "none") return c10::IValue();
  if (starts_with(spec, "int:")) {
    const char* text = spec.c_str() + 4;
    char* end = nullptr;
    errno = 0;
    long long value = std::strtoll(text, &end, 10);
    TSRT_CHECK(*text != '\0' && *end == '\0' && errno == 0, where + ": not an integer");
    return c10::IValue(static_cast<int64_t>(value));
  }
  if (starts_with(spec, "float:")) {
    const char* text = spec.c_str() + 6;
    char* end = nullptr;
    double value = std::strtod(text, &end);
    TSRT_CHECK(*text != '\0' && *end == '\0', where + ": not a number");
    return c10::IValue(value);
  }
  if (starts_with(spec, "bool:")) {
    std::string text = spec.substr(5);
    TSRT_CHECK(text == "true" || text == "false", where + ": expected bool:true or bool:false");
    return c10::IValue(text == "true");
  }
  if (starts_with(spec, "str:")) return c10::IValue(spec.substr(4));
  if (starts_with(spec, "tuple:")) {
    std::vector<c10::IValue> items;
    for (const auto& path : split_commas(spec.substr(6))) items.emplace_back(read_npy(path));
    return c10::ivalue::Tuple::create(std::move(items));
  }
  if (starts_with(spec, "list:")) {
    c10::List<at::Tensor> items;
    for (const auto& path : split_commas(spec.substr(5))) items.push_back(read_npy(path));
    return c10::IValue(items);
  }
  TSRT_CHECK(spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0,
        where + ": expected a .npy path, int:, float:, bool:, str:, none, tuple: or list:");
  return c10::IValue(read_npy(spec));
}

std::vector<at::Tensor> flatten_result(const c10::IValue& result) {
  std::vector<at::Tensor> tensors;
  flatten_into(result, tensors);
  return tensors;
}

void write_npy(const std::string& path, const at::Tensor& tensor) {
  at::Tensor source = tensor.detach().contiguous();
  std::vector<int64_t> sizes = source.sizes().vec();
  Tensor target = Tensor::empty(Shape(sizes.begin(), sizes.end()), to_dtype(source.scalar_type()));
  if (target.nbytes() > 0) std::memcpy(target.raw_data(), source.data_ptr(), target.nbytes());
  npy::write(path, target);
}

}  // namespace tsrt::reference
