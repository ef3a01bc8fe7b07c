#include "runtime/dtype.h"

#include "runtime/error.h"

namespace tsrt {

size_t element_size(DType dtype) {
  switch (dtype) {
    case DType::UInt8:
    case DType::Int8:
    case DType::Bool:
      return 1;
    case DType::Int16:
    case DType::Float16:
    case DType::BFloat16:
      return 2;
    case DType::Int32:
    case DType::Float32:
      return 4;
    case DType::Int64:
    case DType::Float64:
      return 8;
  }
  throw Error("unknown dtype");
}

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::UInt8: return "uint8";
    case DType::Int8: return "int8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Float16: return "float16";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Bool: return "bool";
    case DType::BFloat16: return "bfloat16";
  }
  return "unknown";
}

DType dtype_from_scalar_type(int64_t code) {
  switch (code) {
    case 0: return DType::UInt8;
    case 1: return DType::Int8;
    case 2: return DType::Int16;
    case 3: return DType::Int32;
    case 4: return DType::Int64;
    case 5: return DType::Float16;
    case 6: return DType::Float32;
    case 7: return DType::Float64;
    case 11: return DType::Bool;
    case 15: return DType::BFloat16;
    default:
      throw Error("unsupported scalar type code " + std::to_string(code));
  }
}

bool is_floating(DType dtype) {
  return dtype == DType::Float16 || dtype == DType::Float32 || dtype == DType::Float64 ||
         dtype == DType::BFloat16;
}

bool is_integral(DType dtype, bool include_bool) {
  switch (dtype) {
    case DType::UInt8:
    case DType::Int8:
    case DType::Int16:
    case DType::Int32:
    case DType::Int64:
      return true;
    case DType::Bool:
      return include_bool;
    default:
      return false;
  }
}

namespace {
// Rank within a category: bool < integers < floats. Within integers torch promotes
// uint8 with int8 to int16; other pairs go to the wider type.
int float_rank(DType d) {
  switch (d) {
    case DType::Float16: return 1;
    case DType::BFloat16: return 1;
    case DType::Float32: return 2;
    case DType::Float64: return 3;
    default: return 0;
  }
}
}  // namespace

DType promote_types(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::Bool) return b;
  if (b == DType::Bool) return a;
  if (is_floating(a) || is_floating(b)) {
    if (!is_floating(a)) return b;
    if (!is_floating(b)) return a;
    // float16 with bfloat16 promotes to float32, as in torch.
    if (float_rank(a) == float_rank(b)) return DType::Float32;
    return float_rank(a) > float_rank(b) ? a : b;
  }
  if ((a == DType::UInt8 && b == DType::Int8) || (a == DType::Int8 && b == DType::UInt8)) {
    return DType::Int16;
  }
  if (a == DType::UInt8) return b;
  if (b == DType::UInt8) return a;
  return element_size(a) >= element_size(b) ? a : b;
}

}  // namespace tsrt
