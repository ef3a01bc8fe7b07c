// A per-op profiler: attach to Module::call, then print a table of time per op kind or write a
// Chrome trace (chrome://tracing, Perfetto) of every kernel call.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/interpreter.h"

namespace tsrt::runtime {

class Profiler : public OpObserver {
 public:
  struct Total {
    int64_t calls = 0;
    double total_us = 0;
  };

  // Records one kernel call. Allocation-free once each node has been seen: strings per call
  // would move the heap under the kernels being timed (measured: oneDNN's sgemm then faulted
  // its packing buffers in again on every call, tsrt::attention at 5x its unprofiled time).
  void on_op(const ir::Node& node, double start_us, double duration_us) override;

  // Calls and time per op kind ("aten::linear", fused kinds under their own names) so far.
  std::map<std::string, Total> totals() const;

  // Op kinds sorted by total time: kind, calls, total ms, share, mean us.
  void print_table(std::ostream& os, int runs) const;
  // Chrome trace-event JSON of every recorded kernel call.
  void write_chrome_trace(std::ostream& os) const;
  void clear();

 private:
  // A node's name and source location, taken when it is first seen (nodes outlive the runs).
  struct Site {
    std::string name;
    std::string location;
  };
  struct Event {
    size_t site;
    double start_us;
    double duration_us;
  };
  std::unordered_map<const ir::Node*, size_t> site_of_;
  std::vector<Site> sites_;
  std::vector<Event> events_;
};

}  // namespace tsrt::runtime
