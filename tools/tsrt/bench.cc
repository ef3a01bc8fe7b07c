// tsrt bench: latency of a method (forward by default) over repeated runs after warm-up.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "runtime/profiler.h"
#include "tools/tsrt/commands.h"
#include "tools/tsrt/inputs.h"

namespace tsrt::cli {

namespace {
// Resident set size of this process now, in MB (Linux /proc/self/statm).
double resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}
}  // namespace

int cmd_bench(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
              const LoadOptions& options, int warmup, int iters, bool json, const std::string& profile) {
  TSRT_CHECK(iters > 0, "--iters must be positive");
  double rss_before_mb = resident_mb();
  auto t0 = std::chrono::steady_clock::now();
  Module m = load(model, options);
  warn_missing_kernels(m);
  auto t_loaded = std::chrono::steady_clock::now();
  double load_rss_mb = resident_mb() - rss_before_mb;  // what loading added (weights stay mapped, untouched)
  std::vector<Value> inputs = method_inputs(m, method, input_specs);
  m.call(method, inputs);  // first result: load + first run
  auto t1 = std::chrono::steady_clock::now();
  double load_ms = std::chrono::duration<double, std::milli>(t_loaded - t0).count();
  double first_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  // The second run packs the weights (kernels/onednn/matmul.h): timed on its own, as the first
  // warm-up run, so that its cost is reported rather than hidden.
  double second_ms = -1;
  for (int i = 0; i < warmup; ++i) {
    auto a = std::chrono::steady_clock::now();
    m.call(method, inputs);
    if (i == 0) second_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
  }
  std::vector<double> times;
  auto last_progress = std::chrono::steady_clock::now();
  for (int i = 0; i < iters; ++i) {
    auto a = std::chrono::steady_clock::now();
    m.call(method, inputs);
    auto b = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(b - a).count());
    if (!json && std::chrono::duration<double>(b - last_progress).count() > 2.0) {
      std::fprintf(stderr, "\rbench: %d/%d runs", i + 1, iters);
      last_progress = b;
    }
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  double p90 = times[std::min(times.size() - 1, times.size() * 9 / 10)];
  double sum = 0;
  for (double t : times) sum += t;
  if (json) {
    nlohmann::json j = {{"median_ms", median}, {"p90_ms", p90}, {"min_ms", times.front()},
                        {"mean_ms", sum / static_cast<double>(times.size())}, {"iters", iters},
                        {"load_ms", load_ms}, {"load_added_rss_mb", load_rss_mb}, {"rss_after_runs_mb", resident_mb()}, {"load_and_first_run_ms", first_ms}, {"threads", options.threads}, {"passes", options.passes}, {"precision", precision_name(options.precision)}};
    if (second_ms >= 0) j["second_run_ms"] = second_ms;
    std::cout << j.dump() << "\n";
  } else {
    std::fprintf(stderr, "\r");
    std::printf("%s: median %.3f ms, p90 %.3f ms, min %.3f ms over %d runs (load %.1f ms adding %.1f MB resident, "
                "load + first run %.1f ms",
                model.c_str(), median, p90, times.front(), iters, load_ms, load_rss_mb, first_ms);
    if (second_ms >= 0) std::printf(", second run %.1f ms", second_ms);
    std::printf(")\n");
  }
  if (!profile.empty()) {
    // Profiled runs are separate from the timed ones: the observer costs a little per op.
    runtime::Profiler profiler;
    constexpr int kProfiledRuns = 3;
    for (int i = 0; i < kProfiledRuns; ++i) m.call(method, inputs, &profiler);
    profiler.print_table(json ? std::cerr : std::cout, kProfiledRuns);
    if (profile != "-") {
      std::ofstream trace(profile);
      TSRT_CHECK(trace.good(), "cannot write " + profile);
      profiler.write_chrome_trace(trace);
    }
  }
  return 0;
}

}  // namespace tsrt::cli
