// Element types of tensors, with torch's names and its type-promotion lattice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tsrt {

// Numbering follows c10::ScalarType so that `dtype=6` arguments in TorchScript map directly.
enum class DType : int8_t {
  UInt8 = 0,
  Int8 = 1,
  Int16 = 2,
  Int32 = 3,
  Int64 = 4,
  Float16 = 5,
  Float32 = 6,
  Float64 = 7,
  Bool = 11,
  BFloat16 = 15,
};

size_t element_size(DType dtype);
const char* dtype_name(DType dtype);           // "float32", "int64", ...
DType dtype_from_scalar_type(int64_t code);    // throws on codes tsrt does not support
bool is_floating(DType dtype);
bool is_integral(DType dtype, bool include_bool);
// torch.promote_types for two tensor dtypes.
DType promote_types(DType a, DType b);

}  // namespace tsrt
