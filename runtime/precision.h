// The precision of matrix products with a module's weights: float32 (exact to torch's within
// rounding) or bfloat16 inputs with float32 accumulation (`--precision bf16`, opt-in: about
// twice oneDNN's float32 rate on CPUs with avx512_bf16, at bfloat16's ~3 significant digits).
// Chosen per module at load (LoadOptions::precision) and in force on the calling thread while
// that module runs, so modules of both precisions can share a process and the kernels.
#pragma once

#include <string>

namespace tsrt {

enum class Precision { Float32, BFloat16 };

// "fp32" / "bf16"; throws tsrt::Error naming the accepted values otherwise.
Precision parse_precision(const std::string& name);
const char* precision_name(Precision p);

// The precision linear products use on this thread now.
Precision matmul_precision();

// Sets this thread's matmul precision for its lifetime (restores the previous one after).
class ScopedPrecision {
 public:
  explicit ScopedPrecision(Precision p);
  ~ScopedPrecision();
  ScopedPrecision(const ScopedPrecision&) = delete;
  ScopedPrecision& operator=(const ScopedPrecision&) = delete;

 private:
  Precision saved_;
};

}  // namespace tsrt
