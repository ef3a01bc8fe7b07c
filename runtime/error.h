// tsrt::Error: the one exception type tsrt throws for bad input or unsupported models.
// Its message is one line naming what was wrong and where (archive entry, source line, op).
#pragma once

#include <stdexcept>
#include <string>

namespace tsrt {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Throws tsrt::Error(message) when `condition` is false. A macro (as torch's TORCH_CHECK) so
// that the message, usually a concatenation, is only built on failure: checks sit on every
// kernel call, and an eagerly built message would cost a heap allocation each time.
#define TSRT_CHECK(condition, message)                          \
  do {                                                          \
    if (!(condition)) throw ::tsrt::Error(message);             \
  } while (false)

}  // namespace tsrt
