// Runs the kernel golden cases that tools/opgoldens/<family>.py wrote with stock PyTorch
// into $TSRT_TESTDATA/ops/<family>/, and reports every mismatch.
#pragma once

#include <string>
#include <vector>

#include "runtime/value.h"

namespace tsrt::testing {

// The folder of generated test data; fails the test (not skips) when TSRT_TESTDATA is unset.
std::string testdata_dir();

// Compares `actual` with `expected`: shapes and dtypes exactly, floats within
// |a - e| <= atol + rtol * |e|, integers and booleans exactly. Returns "" or a description.
std::string compare_values(const Value& actual, const Value& expected, double rtol, double atol);

struct GoldenResult {
  int cases = 0;
  std::vector<std::string> failures;  // "case: what differed"
};

// Runs every case of the family through the kernel registry.
GoldenResult run_op_goldens(const std::string& family);

}  // namespace tsrt::testing
