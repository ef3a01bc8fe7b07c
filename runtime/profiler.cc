#include "runtime/profiler.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace tsrt::runtime {

void Profiler::on_op(const ir::Node& node, double start_us, double duration_us) {
  auto [it, inserted] = site_of_.try_emplace(&node, sites_.size());
  if (inserted) sites_.push_back(Site{node.qualified_kind(), node.location().str()});
  // Grown in large steps, so that the runs being profiled rarely see a reallocation.
  if (events_.size() == events_.capacity()) events_.reserve(std::max<size_t>(1 << 16, 4 * events_.size()));
  events_.push_back(Event{it->second, start_us, duration_us});
}

std::map<std::string, Profiler::Total> Profiler::totals() const {
  std::map<std::string, Total> totals;
  for (const Event& e : events_) {
    Total& t = totals[sites_[e.site].name];
    ++t.calls;
    t.total_us += e.duration_us;
  }
  return totals;
}

void Profiler::print_table(std::ostream& os, int runs) const {
  std::map<std::string, Total> totals = this->totals();
  std::vector<std::pair<std::string, Total>> rows(totals.begin(), totals.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.total_us > b.second.total_us; });
  double all = 0;
  for (const auto& [name, t] : rows) all += t.total_us;
  char line[256];
  std::snprintf(line, sizeof line, "%-40s %10s %12s %8s %12s\n", "op", "calls/run", "ms/run", "share", "us/call");
  os << line;
  for (const auto& [name, t] : rows) {
    std::snprintf(line, sizeof line, "%-40s %10.1f %12.3f %7.1f%% %12.2f\n", name.c_str(),
                  static_cast<double>(t.calls) / runs, t.total_us / 1000.0 / runs, all > 0 ? 100.0 * t.total_us / all : 0.0,
                  t.total_us / static_cast<double>(t.calls));
    os << line;
  }
  std::snprintf(line, sizeof line, "%-40s %10s %12.3f\n", "all kernels", "", all / 1000.0 / runs);
  os << line;
}

void Profiler::write_chrome_trace(std::ostream& os) const {
  nlohmann::json events = nlohmann::json::array();
  double origin = events_.empty() ? 0 : events_.front().start_us;
  for (const Event& e : events_) {
    const Site& site = sites_[e.site];
    events.push_back({{"name", site.name}, {"cat", "kernel"}, {"ph", "X"}, {"ts", e.start_us - origin},
                      {"dur", e.duration_us}, {"pid", 1}, {"tid", 1}, {"args", {{"source", site.location}}}});
  }
  os << nlohmann::json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}.dump() << "\n";
}

void Profiler::clear() {
  events_.clear();
  site_of_.clear();
  sites_.clear();
}

}  // namespace tsrt::runtime
