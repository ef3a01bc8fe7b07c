#include "kernels/common/device_arg.h"

#include <string>

#include "runtime/error.h"

namespace tsrt::kernels {

void check_device(const Value& device, const char* op) {
  if (device.is_none()) return;
  std::string name = device.is_device() ? device.to_device().name : device.is_string() ? device.to_string() : "";
  bool supported = name == "cpu" || name == "cuda" || name.rfind("cpu:", 0) == 0 || name.rfind("cuda:", 0) == 0;
  TSRT_CHECK(supported, std::string(op) + ": unsupported device '" + (name.empty() ? device.repr() : name) +
                       "' (tsrt runs on cpu; cuda is mapped to cpu)");
}

}  // namespace tsrt::kernels
