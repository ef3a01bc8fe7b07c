#include "tools/reference/op_profile.h"

#include <cstdio>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>

#include "runtime/error.h"

namespace tsrt::reference {

namespace {

bool is_op(const char* name) { return std::string(name).find("::") != std::string::npos; }

}  // namespace

std::map<std::string, OpKindTotal> profile_op_kinds(const std::function<void()>& run, int runs) {
  namespace prof = torch::autograd::profiler;
  prof::enableProfilerLegacy(torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
  try {
    for (int i = 0; i < runs; ++i) run();
  } catch (...) {
    prof::disableProfilerLegacy();
    throw;
  }
  prof::thread_event_lists lists = prof::disableProfilerLegacy();

  std::map<std::string, OpKindTotal> totals;
  for (const std::vector<prof::LegacyEvent>& events : lists) {
    // Ranges nest on one thread: a stack of the open ones, and how many of them are ops.
    struct Open {
      const prof::LegacyEvent* push;
      bool op;
    };
    std::vector<Open> open;
    int open_ops = 0;
    for (const prof::LegacyEvent& e : events) {
      if (e.kind() == prof::EventKind::PushRange) {
        bool op = is_op(e.name());
        open.push_back({&e, op});
        open_ops += op;
      } else if (e.kind() == prof::EventKind::PopRange) {
        // A pop closes the innermost range with its handle (normally the top of the stack).
        size_t k = open.size();
        while (k > 0 && open[k - 1].push->handle() != e.handle()) --k;
        if (k == 0) continue;  // its push came before the profiler started
        Open closed = open[k - 1];
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(k - 1));
        open_ops -= closed.op;
        if (closed.op && open_ops == 0) {
          OpKindTotal& t = totals[closed.push->name()];
          ++t.calls;
          t.total_ms += closed.push->cpuElapsedUs(e) / 1000.0;
        }
      }
    }
  }
  return totals;
}

std::string op_profile_json(const std::map<std::string, OpKindTotal>& totals, int runs) {
  std::string out = "{\"runs\": " + std::to_string(runs) + ", \"ops\": {";
  bool first = true;
  for (const auto& [kind, t] : totals) {
    char entry[512];
    std::snprintf(entry, sizeof entry, "%s\"%s\": {\"calls\": %lld, \"total_ms\": %.6f}", first ? "" : ", ",
                  kind.c_str(), static_cast<long long>(t.calls), t.total_ms);
    out += entry;
    first = false;
  }
  return out + "}}\n";
}

}  // namespace tsrt::reference
