// The output length of a pooling window sliding over one spatial dimension, as torch computes
// it (shared by the pooling families).
#pragma once

#include <cstdint>

namespace tsrt::kernels {

// torch's pooling output length, including ceil_mode's rule that the last window must start
// inside the input or the left padding. The arguments come from the model's code: out-of-range
// values (which would make the window arithmetic wrap) and empty outputs are tsrt::Errors
// naming `op` (a C string: this runs on every call, and building a std::string of an op name
// would allocate).
int64_t pooled_length(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation, bool ceil_mode,
                      const char* op);

}  // namespace tsrt::kernels
