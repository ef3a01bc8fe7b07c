// Element types of tensors, with torch's names and its type-promotion lattice.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
// float16 and bfloat16: stored at half width, computed in float (as CPU torch does).
inline bool is_reduced_float(DType dtype) { return dtype == DType::Float16 || dtype == DType::BFloat16; }

// The C element types of float16 and bfloat16 tensors: 16 bits of storage that convert to and
// from float, rounding to nearest-even like c10::Half / c10::BFloat16. Construction is explicit
// so that no kernel rounds an intermediate result by accident; arithmetic happens on floats.
struct Half {
  uint16_t bits = 0;
  Half() = default;
  explicit Half(float f) : bits(from_float(f)) {}
  operator float() const { return to_float(bits); }

  static uint16_t from_float(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint32_t sign = (x >> 16) & 0x8000u, magnitude = x & 0x7fffffffu;
    if (magnitude >= 0x7f800000u) return static_cast<uint16_t>(sign | (magnitude > 0x7f800000u ? 0x7e00u : 0x7c00u));
    if (magnitude >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // >= 65520 rounds to inf
    if (magnitude < 0x38800000u) {  // below 2^-14: a subnormal step of 2^-24, scaled exactly
      float scaled = std::fabs(f) * 16777216.0f;
      return static_cast<uint16_t>(sign | static_cast<uint32_t>(std::nearbyint(scaled)));
    }
    uint32_t h = (magnitude - 0x38000000u) >> 13;  // rebias the exponent 127 -> 15
    const uint32_t rest = magnitude & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // a carry moves into the exponent
    return static_cast<uint16_t>(sign | h);
  }
  static float to_float(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    uint32_t x;
    if (exponent == 0) {
      float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
      return sign ? -magnitude : magnitude;
    }
    if (exponent == 31) x = sign | 0x7f800000u | (mantissa << 13);
    else x = sign | ((exponent + 112) << 23) | (mantissa << 13);
    float f;
    std::memcpy(&f, &x, 4);
    return f;
  }
};

struct BFloat16 {
  uint16_t bits = 0;
  BFloat16() = default;
  explicit BFloat16(float f) : bits(from_float(f)) {}
  operator float() const { return to_float(bits); }

  static uint16_t from_float(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
    x += 0x7fffu + ((x >> 16) & 1u);
    return static_cast<uint16_t>(x >> 16);
  }
  static float to_float(uint16_t b) {
    uint32_t x = static_cast<uint32_t>(b) << 16;
    float f;
    std::memcpy(&f, &x, 4);
    return f;
  }
};

}  // namespace tsrt
