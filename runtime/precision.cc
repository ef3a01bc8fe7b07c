#include "runtime/precision.h"

#include "runtime/error.h"

namespace tsrt {

namespace {
thread_local Precision current = Precision::Float32;
}

Precision parse_precision(const std::string& name) {
  if (name == "fp32" || name == "float32") return Precision::Float32;
  if (name == "bf16" || name == "bfloat16") return Precision::BFloat16;
  throw Error("unknown precision '" + name + "' (expected fp32 or bf16)");
}

const char* precision_name(Precision p) { return p == Precision::BFloat16 ? "bf16" : "fp32"; }

Precision matmul_precision() { return current; }

ScopedPrecision::ScopedPrecision(Precision p) : saved_(current) { current = p; }
ScopedPrecision::~ScopedPrecision() { current = saved_; }

}  // namespace tsrt
