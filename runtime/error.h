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

// Throws tsrt::Error with `message` when `condition` is false.
inline void check(bool condition, const std::string& message) {
  if (!condition) throw Error(message);
}

}  // namespace tsrt
