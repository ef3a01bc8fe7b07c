// Time per op kind in stock libtorch, measured by libtorch's own (legacy, CPU) profiler: the
// libtorch column of `tsrt compare --profile`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace tsrt::reference {

struct OpKindTotal {
  int64_t calls = 0;
  double total_ms = 0;
};

// Runs `run` `runs` times under libtorch's profiler and sums, per op kind, the calls and the
// wall time of the outermost op ranges only: aten::linear counts, the aten::addmm it calls
// does not, so the kinds are those of the graph's nodes. Ranges that are not ops (the
// TorchScript function scopes, whose names have no "::") neither count nor hide the ops inside.
std::map<std::string, OpKindTotal> profile_op_kinds(const std::function<void()>& run, int runs);

// {"runs": R, "ops": {"aten::linear": {"calls": 18, "total_ms": 1.25}, ...}}; totals over all runs.
std::string op_profile_json(const std::map<std::string, OpKindTotal>& totals, int runs);

}  // namespace tsrt::reference
