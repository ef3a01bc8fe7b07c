// Measures the fp32 GEMM rate tsrt's own matmul path reaches on this machine (oneDNN, weights
// prepacked, as linear runs them) on BERT-base's linear shapes at a given sequence length, so
// bench/report.py can state each runtime's share of the GEMM floor (FLOPs / this rate).
//
//   gemm_rate [--seq 128] [--threads 2] [--seconds 3]   ->  {"gflops": ..., "threads": ..., ...}
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/rate_options.h"
#include "kernels/onednn/matmul.h"
#include "runtime/tensor.h"

namespace {

struct Shape3 {
  int64_t m, k, n;
};

tsrt::Tensor filled(const tsrt::Shape& sizes, float value) {
  tsrt::Tensor t = tsrt::Tensor::empty(sizes, tsrt::DType::Float32);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = value * static_cast<float>((i % 7) - 3);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  tsrt::bench::RateOptions defaults;
  defaults.seconds = 3;
  const auto [seq, threads, seconds] = tsrt::bench::parse_rate_options(argc, argv, defaults);
  // One BERT-base layer's linear products: Q, K, V, attention output, intermediate, output.
  const std::vector<Shape3> shapes = {{seq, 768, 768}, {seq, 768, 768}, {seq, 768, 768},
                                      {seq, 768, 768}, {seq, 768, 3072}, {seq, 3072, 768}};
  std::vector<tsrt::Tensor> a, w, out;
  double flop_per_layer = 0;
  for (const Shape3& s : shapes) {
    a.push_back(filled({s.m, s.k}, 0.01f));
    // linear's weight is [out, in]; its transpose is the [K, N] operand, as in aten::linear.
    tsrt::Tensor weight = filled({s.n, s.k}, 0.02f);
    w.push_back(weight.as_strided({s.k, s.n}, {1, s.k}, 0));
    out.push_back(tsrt::Tensor::empty({s.m, s.n}, tsrt::DType::Float32));
    flop_per_layer += 2.0 * s.m * s.k * s.n;
  }
  tsrt::kernels::onednn::MatmulParams params;
  params.constant_weights = true;
  auto layer = [&] {
    for (size_t i = 0; i < shapes.size(); ++i) tsrt::kernels::onednn::matmul(a[i], w[i], out[i], params, "gemm_rate");
  };
  for (int i = 0; i < 3; ++i) layer();  // pack weights, create primitives, warm caches
  int64_t layers = 0;
  auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    layer();
    ++layers;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  double gflops = flop_per_layer * static_cast<double>(layers) / elapsed / 1e9;
  std::printf("{\"gflops\": %.1f, \"threads\": %d, \"seq\": %lld, \"layers\": %lld, \"seconds\": %.2f}\n", gflops,
              threads, static_cast<long long>(seq), static_cast<long long>(layers), elapsed);
  return 0;
}
