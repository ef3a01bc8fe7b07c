// The `Device? device` argument of factory and conversion ops.
#pragma once

#include "runtime/value.h"

namespace tsrt::kernels {

// Accepts None, cpu and cuda (tsrt runs everything on the cpu); anything else is an Error naming `op`.
void check_device(const Value& device, const char* op);

}  // namespace tsrt::kernels
