// batch_norm (inference with running statistics, or training-mode batch statistics),
// instance_norm, layer_norm (oneDNN layer_normalization for float32) and group_norm.
// Statistics in the plain loops accumulate in double so float32 stays within torch's rounding.
#include <cmath>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// A per-channel parameter (weight, bias, running stat) as a contiguous 1-d tensor of `count`.
std::optional<Tensor> channel_param(const std::optional<Tensor>& t, int64_t count, DType dtype, const char* op,
                                    const char* what) {
  if (!t) return std::nullopt;
  TSRT_CHECK(t->numel() == count, std::string(op) + ": " + what + " has " + std::to_string(t->numel()) +
                                 " elements, expected " + std::to_string(count));
  return t->to(dtype).contiguous();
}

template <typename T>
const T* data_or_null(const std::optional<Tensor>& t) {
  return t ? t->data<T>() : nullptr;
}

// y[n, c, s] = x[n, c, s] * scale[c] + shift[c] for a contiguous [N, C, S] layout.
template <typename T>
void scale_shift(const T* x, T* y, int64_t N, int64_t C, int64_t S, const std::vector<double>& scale,
                 const std::vector<double>& shift) {
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t c = 0; c < C; ++c) {
      const T a = static_cast<T>(scale[c]), b = static_cast<T>(shift[c]);
      const T* xi = x + (n * C + c) * S;
      T* yi = y + (n * C + c) * S;
      for (int64_t s = 0; s < S; ++s) yi[s] = xi[s] * a + b;
    }
  }
}

// ---- batch_norm -----------------------------------------------------------------------------

template <typename T>
Tensor batch_norm_typed(const Tensor& input, const std::optional<Tensor>& weight, const std::optional<Tensor>& bias,
                        const std::optional<Tensor>& running_mean, const std::optional<Tensor>& running_var,
                        bool training, double momentum, double eps, const char* op) {
  const int64_t N = input.size(0), C = input.size(1), S = input.numel() / std::max<int64_t>(N * C, 1);
  Tensor x = input.contiguous();
  std::optional<Tensor> w = channel_param(weight, C, input.dtype(), op, "weight");
  std::optional<Tensor> b = channel_param(bias, C, input.dtype(), op, "bias");
  std::vector<double> mean(C), var(C);
  const T* xp = x.data<T>();
  if (training) {
    const int64_t count = N * S;
    TSRT_CHECK(count > 1,
          std::string(op) + ": training needs more than one value per channel, got input " + input.shape_string());
    for (int64_t c = 0; c < C; ++c) {
      double sum = 0, sq = 0;
      for (int64_t n = 0; n < N; ++n) {
        const T* xi = xp + (n * C + c) * S;
        for (int64_t s = 0; s < S; ++s) sum += xi[s];
      }
      mean[c] = sum / count;
      for (int64_t n = 0; n < N; ++n) {
        const T* xi = xp + (n * C + c) * S;
        for (int64_t s = 0; s < S; ++s) sq += (xi[s] - mean[c]) * (xi[s] - mean[c]);
      }
      var[c] = sq / count;
    }
    // Training mode also updates the running statistics in place, as torch does.
    if (running_mean) {
      Tensor target = *running_mean;
      Tensor updated = running_mean->to(DType::Float64).contiguous();
      for (int64_t c = 0; c < C; ++c) {
        updated.data<double>()[c] = (1 - momentum) * updated.data<double>()[c] + momentum * mean[c];
      }
      target.copy_from(updated);
    }
    if (running_var) {
      Tensor target = *running_var;
      Tensor updated = running_var->to(DType::Float64).contiguous();
      for (int64_t c = 0; c < C; ++c) {
        double unbiased = var[c] * count / (count - 1);
        updated.data<double>()[c] = (1 - momentum) * updated.data<double>()[c] + momentum * unbiased;
      }
      target.copy_from(updated);
    }
  } else {
    TSRT_CHECK(running_mean && running_var,
          std::string(op) + ": running_mean and running_var must be given when training=False");
    Tensor rm = channel_param(running_mean, C, DType::Float64, op, "running_mean").value();
    Tensor rv = channel_param(running_var, C, DType::Float64, op, "running_var").value();
    for (int64_t c = 0; c < C; ++c) {
      mean[c] = rm.data<double>()[c];
      var[c] = rv.data<double>()[c];
    }
  }
  std::vector<double> scale(C), shift(C);
  const T* wp = data_or_null<T>(w);
  const T* bp = data_or_null<T>(b);
  for (int64_t c = 0; c < C; ++c) {
    double invstd = 1.0 / std::sqrt(var[c] + eps);
    scale[c] = (wp ? static_cast<double>(wp[c]) : 1.0) * invstd;
    shift[c] = (bp ? static_cast<double>(bp[c]) : 0.0) - mean[c] * scale[c];
  }
  Tensor out = Tensor::empty(input.sizes(), input.dtype());
  scale_shift(xp, out.data<T>(), N, C, S, scale, shift);
  return out;
}

Tensor batch_norm(const Args& a) {
  const char* op = "aten::batch_norm";
  const Tensor& input = a.tensor(0);
  TSRT_CHECK(input.dim() >= 2, std::string(op) + ": input must be [N, C, ...], got " + input.shape_string());
  bool training = a.to_bool(5);
  double momentum = a.to_double(6), eps = a.to_double(7);
  if (input.dtype() == DType::Float32) {
    return batch_norm_typed<float>(input, a.optional_tensor(1), a.optional_tensor(2), a.optional_tensor(3),
                                   a.optional_tensor(4), training, momentum, eps, op);
  }
  TSRT_CHECK(input.dtype() == DType::Float64,
        std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(input.dtype()));
  return batch_norm_typed<double>(input, a.optional_tensor(1), a.optional_tensor(2), a.optional_tensor(3),
                                  a.optional_tensor(4), training, momentum, eps, op);
}

// ---- instance_norm --------------------------------------------------------------------------
// As torch defines it: batch_norm over a [1, N * C, ...] view with per-channel parameters and
// running statistics repeated N times; updated running statistics are averaged back over N.

// `t` (C elements) repeated `times` times, as a new contiguous tensor.
std::optional<Tensor> repeated(const std::optional<Tensor>& t, int64_t times) {
  if (!t) return std::nullopt;
  Tensor src = t->contiguous();
  const int64_t C = src.numel();
  Tensor out = Tensor::empty({times * C}, src.dtype());
  for (int64_t n = 0; n < times; ++n) {
    Tensor slot = out.as_strided({C}, {1}, n * C);
    slot.copy_from(src.as_strided({C}, {1}, src.storage_offset()));
  }
  return out;
}

// Writes the mean over N of `stacked` ([N * C]) into `target` (C elements).
void average_back(Tensor target, const Tensor& stacked, int64_t N) {
  const int64_t C = target.numel();
  Tensor f = stacked.to(DType::Float64).contiguous();
  Tensor mean = Tensor::zeros({C}, DType::Float64);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c) mean.data<double>()[c] += f.data<double>()[n * C + c] / N;
  target.copy_from(mean.as_strided(target.sizes(), Tensor::contiguous_strides(target.sizes()), 0));
}

Tensor instance_norm(const Args& a) {
  const char* op = "aten::instance_norm";
  const Tensor& input = a.tensor(0);
  TSRT_CHECK(input.dim() >= 2, std::string(op) + ": input must be [N, C, ...], got " + input.shape_string());
  TSRT_CHECK(input.dtype() == DType::Float32 || input.dtype() == DType::Float64,
        std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(input.dtype()));
  const bool use_input_stats = a.to_bool(5);
  const double momentum = a.to_double(6), eps = a.to_double(7);
  const int64_t N = input.size(0), C = input.size(1);
  std::optional<Tensor> running_mean = a.optional_tensor(3), running_var = a.optional_tensor(4);
  for (const auto& stat : {running_mean, running_var}) {
    TSRT_CHECK(!stat || stat->numel() == C, std::string(op) + ": running statistics must have " + std::to_string(C) +
                                           " elements, got " + (stat ? stat->shape_string() : ""));
  }
  Shape folded = input.sizes();
  folded[1] = N * C;
  folded[0] = 1;
  Tensor x = input.contiguous();
  x = x.as_strided(folded, Tensor::contiguous_strides(folded), x.storage_offset());
  std::optional<Tensor> rm = repeated(running_mean, N), rv = repeated(running_var, N);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    return batch_norm_typed<T>(x, repeated(a.optional_tensor(1), N), repeated(a.optional_tensor(2), N), rm, rv,
                               use_input_stats, momentum, eps, op);
  };
  Tensor out = input.dtype() == DType::Float32 ? run(float()) : run(double());
  if (use_input_stats && running_mean) average_back(*running_mean, *rm, N);
  if (use_input_stats && running_var) average_back(*running_var, *rv, N);
  return out.as_strided(input.sizes(), Tensor::contiguous_strides(input.sizes()), 0);
}

// ---- layer_norm -----------------------------------------------------------------------------

void onednn_layer_norm(const Tensor& x, Tensor& out, int64_t rows, int64_t cols, const std::optional<Tensor>& w,
                       const std::optional<Tensor>& b, double eps, const char* op) {
  Shape dims = {rows, cols};
  onednn::SmallWorkOnOneThread one_thread(rows * cols);
  auto flags = dnnl::normalization_flags::none;
  if (w) flags |= dnnl::normalization_flags::use_scale;
  if (b) flags |= dnnl::normalization_flags::use_shift;
  std::string& key = onednn::thread_key(onednn::KeySlot::Primitive);
  key += "layer_norm";
  onednn::append_key(key, dims, {});
  key += '/';
  onednn::append_int(key, static_cast<int64_t>(flags));
  key += '/';
  onednn::append_exact(key, static_cast<float>(eps));
  using LayerNorm = dnnl::layer_normalization_forward;
  onednn::BoundPrimitive& primitive = onednn::bind_primitive(key, [&] {
    dnnl::memory::desc md = onednn::strided_desc(dims, Tensor::contiguous_strides(dims), DType::Float32);
    LayerNorm::desc desc(dnnl::prop_kind::forward_inference, md, static_cast<float>(eps), flags);
    return LayerNorm(LayerNorm::primitive_desc(desc, onednn::primitive_attr(), onednn::cpu_engine()));
  });
  primitive.set(DNNL_ARG_SRC, x.raw_data());
  primitive.set(DNNL_ARG_DST, out.raw_data());
  if (w) primitive.set(DNNL_ARG_SCALE, w->raw_data());
  if (b) primitive.set(DNNL_ARG_SHIFT, b->raw_data());
  // Statistics are outputs oneDNN may want even in inference; they are scratch here.
  Tensor stats;
  if (primitive.desc(DNNL_ARG_MEAN).ndims > 0) {
    stats = Tensor::empty({2, rows}, DType::Float32);
    primitive.set(DNNL_ARG_MEAN, stats.data<float>());
    primitive.set(DNNL_ARG_VARIANCE, stats.data<float>() + rows);
  }
  primitive.run(op);
}

template <typename T>
void reference_layer_norm(const T* x, T* y, int64_t rows, int64_t cols, const T* w, const T* b, double eps) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * cols;
    T* yr = y + r * cols;
    double sum = 0, sq = 0;
    for (int64_t c = 0; c < cols; ++c) sum += xr[c];
    double mean = sum / cols;
    for (int64_t c = 0; c < cols; ++c) sq += (xr[c] - mean) * (xr[c] - mean);
    double invstd = 1.0 / std::sqrt(sq / cols + eps);
    for (int64_t c = 0; c < cols; ++c) {
      double v = (xr[c] - mean) * invstd;
      if (w) v *= w[c];
      if (b) v += b[c];
      yr[c] = static_cast<T>(v);
    }
  }
}

Tensor layer_norm(const Args& a) {
  const char* op = "aten::layer_norm";
  const Tensor& input = a.tensor(0);
  Shape normalized = a.int_list(1);
  double eps = a.to_double(4);
  const int64_t k = static_cast<int64_t>(normalized.size());
  bool trailing_match = k >= 1 && input.dim() >= k;
  for (int64_t i = 0; trailing_match && i < k; ++i) {
    trailing_match = input.size(input.dim() - k + i) == normalized[i];
  }
  TSRT_CHECK(trailing_match, std::string(op) + ": normalized_shape " + shape_to_string(normalized) +
                            " does not match the trailing dims of input " + input.shape_string());
  TSRT_CHECK(is_floating(input.dtype()) && input.dtype() != DType::Float16 && input.dtype() != DType::BFloat16,
        std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(input.dtype()));
  const int64_t cols = product(normalized);
  const int64_t rows = cols == 0 ? 0 : input.numel() / cols;
  std::optional<Tensor> w = channel_param(a.optional_tensor(2), cols, input.dtype(), op, "weight");
  std::optional<Tensor> b = channel_param(a.optional_tensor(3), cols, input.dtype(), op, "bias");
  Tensor x = input.contiguous();
  Tensor out = Tensor::empty(input.sizes(), input.dtype());
  if (out.numel() == 0) return out;
  if (input.dtype() == DType::Float32) {
    onednn_layer_norm(x, out, rows, cols, w, b, eps, op);
  } else {
    reference_layer_norm(x.data<double>(), out.data<double>(), rows, cols, data_or_null<double>(w),
                         data_or_null<double>(b), eps);
  }
  return out;
}

// ---- group_norm -----------------------------------------------------------------------------

template <typename T>
void reference_group_norm(const T* x, T* y, int64_t N, int64_t C, int64_t S, int64_t groups, const T* w, const T* b,
                          double eps) {
  const int64_t per_group = C / groups;
  std::vector<double> scale(C), shift(C);
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t g = 0; g < groups; ++g) {
      const T* xg = x + (n * C + g * per_group) * S;
      const int64_t count = per_group * S;
      double sum = 0, sq = 0;
      for (int64_t i = 0; i < count; ++i) sum += xg[i];
      double mean = count ? sum / count : 0.0;
      for (int64_t i = 0; i < count; ++i) sq += (xg[i] - mean) * (xg[i] - mean);
      double invstd = 1.0 / std::sqrt((count ? sq / count : 0.0) + eps);
      for (int64_t c = g * per_group; c < (g + 1) * per_group; ++c) {
        scale[c] = (w ? static_cast<double>(w[c]) : 1.0) * invstd;
        shift[c] = (b ? static_cast<double>(b[c]) : 0.0) - mean * scale[c];
      }
    }
    scale_shift(x + n * C * S, y + n * C * S, 1, C, S, scale, shift);
  }
}

Tensor group_norm(const Args& a) {
  const char* op = "aten::group_norm";
  const Tensor& input = a.tensor(0);
  int64_t groups = a.to_int(1);
  double eps = a.to_double(4);
  TSRT_CHECK(input.dim() >= 2, std::string(op) + ": input must be [N, C, ...], got " + input.shape_string());
  const int64_t N = input.size(0), C = input.size(1), S = input.numel() / std::max<int64_t>(N * C, 1);
  TSRT_CHECK(groups > 0 && C % groups == 0, std::string(op) + ": " + std::to_string(C) + " channels cannot be split into " +
                                           std::to_string(groups) + " groups");
  std::optional<Tensor> w = channel_param(a.optional_tensor(2), C, input.dtype(), op, "weight");
  std::optional<Tensor> b = channel_param(a.optional_tensor(3), C, input.dtype(), op, "bias");
  Tensor x = input.contiguous();
  Tensor out = Tensor::empty(input.sizes(), input.dtype());
  if (out.numel() == 0) return out;
  if (input.dtype() == DType::Float32) {
    reference_group_norm(x.data<float>(), out.data<float>(), N, C, S, groups, data_or_null<float>(w),
                         data_or_null<float>(b), eps);
  } else {
    TSRT_CHECK(input.dtype() == DType::Float64,
          std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(input.dtype()));
    reference_group_norm(x.data<double>(), out.data<double>(), N, C, S, groups, data_or_null<double>(w),
                         data_or_null<double>(b), eps);
  }
  return out;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
ir::TensorFacts layer_norm_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  return ir::TensorFacts{in.dtype, in.sizes, true};
}

}  // namespace

TSRT_REGISTER_KERNELS(normalization) {
  r.add(
      "aten::batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, "
      "bool training, float momentum, float eps, bool cudnn_enabled) -> Tensor",
      batch_norm)
      .shape(ir::one_output(ir::same_as_self));
  r.add(
      "aten::instance_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, "
      "Tensor? running_var, bool use_input_stats, float momentum, float eps, bool cudnn_enabled) -> Tensor",
      instance_norm);
  r.add(
      "aten::layer_norm(Tensor input, int[] normalized_shape, Tensor? weight=None, Tensor? bias=None, "
      "float eps=1.0000000000000001e-05, bool cudnn_enable=True) -> Tensor",
      layer_norm)
      .shape(ir::one_output(layer_norm_shape))
      .traits(ir::always_contiguous());
  r.add(
      "aten::group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, "
      "float eps=1.0000000000000001e-05, bool cudnn_enabled=True) -> Tensor",
      group_norm);
}

}  // namespace tsrt::kernels
