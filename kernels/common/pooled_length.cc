#include "kernels/common/pooled_length.h"

#include <string>

#include "runtime/error.h"

namespace tsrt::kernels {

int64_t pooled_length(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation, bool ceil_mode,
                      const char* op) {
  TSRT_CHECK(kernel > 0 && stride > 0 && dilation > 0 && pad >= 0,
             std::string(op) + ": kernel, stride and dilation must be positive and padding non-negative");
  constexpr int64_t kLimit = int64_t{1} << 31;
  TSRT_CHECK(kernel < kLimit && stride < kLimit && dilation < kLimit && in < kLimit,
             std::string(op) + ": kernel, stride, dilation or input size out of range");
  TSRT_CHECK(pad * 2 <= kernel, std::string(op) + ": padding " + std::to_string(pad) +
                                    " must be at most half of the kernel size " + std::to_string(kernel));
  const int64_t span = dilation * (kernel - 1) + 1;
  const int64_t numerator = in + 2 * pad - span + (ceil_mode ? stride - 1 : 0);
  int64_t out = (numerator >= 0 ? numerator / stride : -1) + 1;
  if (ceil_mode && out > 0 && (out - 1) * stride >= in + pad) --out;
  TSRT_CHECK(out > 0, std::string(op) + ": input length " + std::to_string(in) + " is too small for kernel " +
                          std::to_string(kernel) + " (output would be empty)");
  return out;
}

}  // namespace tsrt::kernels
