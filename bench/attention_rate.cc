// Times tsrt::attention (kernels/fused_attention.cc) on BERT-base's attention shapes: 12 heads of
// 64, query/key/value as the permuted views of [1, seq, 768] linear outputs BERT hands in, an
// HF additive mask. Prints the time per call and the rate counting only the two GEMMs' FLOPs,
// to compare with bench/gemm_rate (how far the softmax and the per-head split fall short).
//
//   attention_rate [--seq 128] [--threads 2] [--seconds 2]   ->  {"ms_per_call": ..., "gflops": ...}
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/rate_options.h"
#include "kernels/registry.h"
#include "runtime/tensor.h"

namespace {

// [1, heads, seq, dim] as a view of a [1, seq, heads * dim] buffer, filled with small values.
tsrt::Tensor head_view(int64_t seq, int64_t heads, int64_t dim, float scale) {
  tsrt::Tensor storage = tsrt::Tensor::empty({1, seq, heads * dim}, tsrt::DType::Float32);
  float* p = storage.data<float>();
  for (int64_t i = 0; i < storage.numel(); ++i) p[i] = scale * static_cast<float>((i * 7919 % 13) - 6);
  return storage.as_strided({1, heads, seq, dim}, {seq * heads * dim, dim, heads * dim, 1}, 0);
}

}  // namespace

int main(int argc, char** argv) {
  tsrt::bench::RateOptions defaults;
  defaults.seconds = 2;
  const auto [seq, threads, seconds] = tsrt::bench::parse_rate_options(argc, argv, defaults);
  const int64_t heads = 12, dim = 64;
  std::vector<tsrt::Value> args = {head_view(seq, heads, dim, 0.05f), head_view(seq, heads, dim, 0.04f),
                                   head_view(seq, heads, dim, 0.1f), tsrt::Tensor::zeros({1, 1, 1, seq}, tsrt::DType::Float32),
                                   tsrt::Value(0.125)};
  for (int i = 0; i < 3; ++i) tsrt::kernels::call_op("tsrt::attention", args);
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  int64_t calls = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    tsrt::kernels::call_op("tsrt::attention", args);
    ++calls;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  const double flops = 2.0 * 2.0 * heads * seq * seq * dim;
  std::printf("{\"ms_per_call\": %.4f, \"gflops\": %.1f, \"threads\": %d, \"seq\": %lld, \"calls\": %lld}\n",
              1e3 * elapsed / calls, flops * calls / elapsed / 1e9, threads, static_cast<long long>(seq),
              static_cast<long long>(calls));
  return 0;
}
