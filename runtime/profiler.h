// A per-op profiler: attach to Module::call, then print a table of time per op kind or write a
// Chrome trace (chrome://tracing, Perfetto) of every kernel call.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/interpreter.h"

namespace tsrt::runtime {

class Profiler : public OpObserver {
 public:
  struct Total {
    int64_t calls = 0;
    double total_us = 0;
  };

  void on_op(const ir::Node& node, double start_us, double duration_us) override;

  // Calls and time per op kind ("aten::linear", fused kinds under their own names) so far.
  const std::map<std::string, Total>& totals() const { return totals_; }

  // Op kinds sorted by total time: kind, calls, total ms, share, mean us.
  void print_table(std::ostream& os, int runs) const;
  // Chrome trace-event JSON of every recorded kernel call.
  void write_chrome_trace(std::ostream& os) const;
  void clear();

 private:
  struct Event {
    std::string name;
    std::string location;
    double start_us;
    double duration_us;
  };
  std::vector<Event> events_;
  std::map<std::string, Total> totals_;
};

}  // namespace tsrt::runtime
