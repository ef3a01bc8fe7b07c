// Fused kernels that the fusion passes (passes/fuse_*.cc) put in place of op pairs:
//   tsrt::linear_relu / linear_gelu / linear_tanh : linear + activation as one oneDNN matmul with
//       an eltwise post-op, so the activation is applied while the output is still in cache;
//   tsrt::add_layer_norm : layer_norm(a + b) in one pass over a and b (BERT's residual + norm).
// Each equals the unfused composition of torch ops (golden cases: tools/opgoldens/fused.py).
// Inputs the fast paths do not cover (other dtypes, broadcasting adds) run that composition.
#include <cmath>
#include <optional>
#include <string>

#include "kernels/common/cpu_clones.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/matmul.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

using onednn::PostOp;

Value first(std::vector<Value> values) { return std::move(values.at(0)); }

// The unfused reference: aten::linear then the activation, through the registered kernels.
Value linear_then_activation(const Args& a, const char* activation, const std::optional<std::string>& approximate) {
  Value y = first(call_op("aten::linear", {a[0], a[1], a[2]}));
  if (approximate) return first(call_op(activation, {y, Value(*approximate)}));
  return first(call_op(activation, {y}));
}

// linear(input, weight, bias) followed by `post_op`, for float32 inputs on oneDNN.
Tensor linear_post_op(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias, PostOp post_op,
                      const char* op) {
  TSRT_CHECK(input.dim() >= 1, std::string(op) + ": input must have at least one dim, got a 0-d tensor");
  TSRT_CHECK(weight.dim() == 2, std::string(op) + ": weight must be 2-d [out, in], got " + weight.shape_string());
  const int64_t K = weight.size(1), N = weight.size(0);
  TSRT_CHECK(input.size(-1) == K, std::string(op) + ": input " + input.shape_string() + " has " +
                                 std::to_string(input.size(-1)) + " features but weight " + weight.shape_string() +
                                 " expects " + std::to_string(K));
  Tensor x = input.contiguous();
  const int64_t M = K == 0 ? 0 : x.numel() / K;
  Tensor rows = x.as_strided({M, K}, {K, 1}, x.storage_offset());
  // [out, in] read as [in, out]: oneDNN takes the transposed view without a copy.
  Tensor w = weight.as_strided({K, N}, {weight.stride(1), weight.stride(0)}, weight.storage_offset());
  Tensor b;
  if (bias) {
    TSRT_CHECK(bias->dtype() == DType::Float32 && bias->numel() == N,
          std::string(op) + ": bias " + bias->shape_string() + " does not match weight " + weight.shape_string());
    Tensor flat = bias->contiguous();
    b = flat.as_strided({N}, {1}, flat.storage_offset());
  }
  Shape out_shape(input.sizes().begin(), input.sizes().end() - 1);
  out_shape.push_back(N);
  Tensor out = Tensor::empty({M, N}, DType::Float32);
  onednn::MatmulParams params;
  params.bias = bias ? &b : nullptr;
  params.constant_weights = true;  // linear's weight is in practice a parameter: packed once
  params.post_op = post_op;
  onednn::matmul(rows, w, out, params, op);
  return out.as_strided(out_shape, Tensor::contiguous_strides(out_shape), 0);
}

bool fast_linear(const Args& a) {
  std::optional<Tensor> bias = a.optional_tensor(2);
  return a.tensor(0).dtype() == DType::Float32 && a.tensor(1).dtype() == DType::Float32 &&
         (!bias || bias->dtype() == DType::Float32) && a.tensor(0).numel() > 0 && a.tensor(1).numel() > 0;
}

Value linear_gelu(const Args& a) {
  const char* op = "tsrt::linear_gelu";
  const std::string& approximate = a.to_string(3);
  TSRT_CHECK(approximate == "none" || approximate == "tanh",
        std::string(op) + ": approximate must be 'none' or 'tanh', got '" + approximate + "'");
  if (!fast_linear(a)) return linear_then_activation(a, "aten::gelu", approximate);
  return linear_post_op(a.tensor(0), a.tensor(1), a.optional_tensor(2),
                        approximate == "none" ? PostOp::GeluErf : PostOp::GeluTanh, op);
}

// layer_norm(a + b) for one row: the sum is written once to the output, then its mean and
// variance are taken and it is normalised while still in cache. Float sums over vector lanes
// (omp simd) keep the error near torch's own float accumulation. The build targets baseline
// x86-64, so the row is compiled for wider vectors too and the CPU's best is picked at load.
TSRT_CPU_CLONES void add_layer_norm_row(
    const float* ar, const float* br, float* yr, int64_t cols, const float* w, const float* bias, double eps) {
  float sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int64_t c = 0; c < cols; ++c) {
    yr[c] = ar[c] + br[c];  // rounded to float, as the unfused add stores it
    sum += yr[c];
  }
  const float mean = sum / static_cast<float>(cols);
  float sq = 0;
#pragma omp simd reduction(+ : sq)
  for (int64_t c = 0; c < cols; ++c) sq += (yr[c] - mean) * (yr[c] - mean);
  const float invstd = static_cast<float>(1.0 / std::sqrt(static_cast<double>(sq) / cols + eps));
  if (w && bias) {
#pragma omp simd
    for (int64_t c = 0; c < cols; ++c) yr[c] = (yr[c] - mean) * invstd * w[c] + bias[c];
    return;
  }
  for (int64_t c = 0; c < cols; ++c) {
    float v = (yr[c] - mean) * invstd;
    if (w) v *= w[c];
    if (bias) v += bias[c];
    yr[c] = v;
  }
}

void add_layer_norm_rows(const float* a, const float* b, float* y, int64_t rows, int64_t cols, const float* w,
                         const float* bias, double eps) {
  auto row = [&](int64_t r) { add_layer_norm_row(a + r * cols, b + r * cols, y + r * cols, cols, w, bias, eps); };
  // Three passes over each row, so a second thread pays off sooner than for a plain
  // elementwise loop: BERT-base's [128, 768] takes 57 us on one thread, 32 us on two.
  constexpr int64_t kLayerNormGrain = kParallelGrain / 4;
  if (rows * cols < kLayerNormGrain) {
    for (int64_t r = 0; r < rows; ++r) row(r);
    return;
  }
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) row(r);
}

// A float32 [cols] parameter, or nullopt when absent; anything else is not the fast path.
bool usable_param(const std::optional<Tensor>& p, int64_t cols) {
  return !p || (p->dtype() == DType::Float32 && p->numel() == cols);
}

Value add_layer_norm(const Args& args) {
  const Tensor &a = args.tensor(0), &b = args.tensor(1);
  Shape normalized = args.int_list(2);
  std::optional<Tensor> weight = args.optional_tensor(3), bias = args.optional_tensor(4);
  const double eps = args.to_double(5);
  const int64_t k = static_cast<int64_t>(normalized.size());
  bool trailing_match = k >= 1 && a.dim() >= k;
  for (int64_t i = 0; trailing_match && i < k; ++i) trailing_match = a.size(a.dim() - k + i) == normalized[i];
  const int64_t cols = product(normalized);
  bool fast = a.dtype() == DType::Float32 && b.dtype() == DType::Float32 && a.sizes() == b.sizes() &&
              trailing_match && cols > 0 && a.numel() > 0 && usable_param(weight, cols) && usable_param(bias, cols);
  if (!fast) {
    // The composition, whose kernels also give the errors for bad arguments.
    Value sum = first(call_op("aten::add.Tensor", {args[0], args[1], Value(int64_t{1})}));
    return first(call_op("aten::layer_norm", {sum, args[2], args[3], args[4], args[5], Value(true)}));
  }
  Tensor x = a.contiguous(), y = b.contiguous();
  Tensor w = weight ? weight->contiguous() : Tensor(), c = bias ? bias->contiguous() : Tensor();
  Tensor out = Tensor::empty(a.sizes(), DType::Float32);
  add_layer_norm_rows(x.data<float>(), y.data<float>(), out.data<float>(), a.numel() / cols, cols,
                      weight ? w.data<float>() : nullptr, bias ? c.data<float>() : nullptr, eps);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(fused) {
  r.add("tsrt::linear_relu(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor", [](const Args& a) -> Value {
    if (!fast_linear(a)) return linear_then_activation(a, "aten::relu", std::nullopt);
    return linear_post_op(a.tensor(0), a.tensor(1), a.optional_tensor(2), PostOp::Relu, "tsrt::linear_relu");
  });
  r.add("tsrt::linear_gelu(Tensor input, Tensor weight, Tensor? bias=None, str approximate=\"none\") -> Tensor",
        linear_gelu);
  r.add("tsrt::linear_tanh(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor", [](const Args& a) -> Value {
    if (!fast_linear(a)) return linear_then_activation(a, "aten::tanh", std::nullopt);
    return linear_post_op(a.tensor(0), a.tensor(1), a.optional_tensor(2), PostOp::Tanh, "tsrt::linear_tanh");
  });
  r.add(
      "tsrt::add_layer_norm(Tensor a, Tensor b, int[] normalized_shape, Tensor? weight=None, Tensor? bias=None, "
      "float eps=1e-05) -> Tensor",
      add_layer_norm);
}

}  // namespace tsrt::kernels
