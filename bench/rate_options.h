// The command line shared by the rate probes (gemm_rate, attention_rate):
//   [--seq N] [--threads N] [--seconds X]
// Parsing also sets OpenMP's thread count, so the probe runs as `tsrt bench --threads` would.
#pragma once

#include <omp.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace tsrt::bench {

struct RateOptions {
  int64_t seq = 128;
  int threads = 2;
  double seconds = 3;
};

inline RateOptions parse_rate_options(int argc, char** argv, RateOptions options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seq")) options.seq = std::atoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) options.threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seconds")) options.seconds = std::atof(argv[i + 1]);
  }
  omp_set_num_threads(options.threads);
  return options;
}

}  // namespace tsrt::bench
