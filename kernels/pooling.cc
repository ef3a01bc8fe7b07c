// Pooling: max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool1d/2d. Every op is computed on a
// 4-d [N, C, H, W] view (1-d ops get H = 1, unbatched inputs N = 1). float32 goes to oneDNN
// pooling when its padding and divisor rules equal torch's; otherwise a plain loop runs.
#include <algorithm>
#include <cmath>
#include <limits>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/common/memory_format.h"
#include "kernels/common/pooled_length.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

enum class PoolKind { Max, Avg };

// Per spatial dim (H, W) of the 4-d view.
struct Window {
  int64_t kernel[2] = {1, 1};
  int64_t stride[2] = {1, 1};
  int64_t pad[2] = {0, 0};  // torch's symmetric padding
  int64_t dilation[2] = {1, 1};
  int64_t out[2] = {1, 1};
  bool count_include_pad = true;
  std::optional<int64_t> divisor_override;
};

// The 4-d contiguous view of `input` (or a 4-d channels-last float32 input itself) and the
// shape to give the result back in.
struct Pool4d {
  Tensor x;
  bool channels_last = false;  // x and the result are channels-last (oneDNN pools them so)
  Shape result_prefix;  // the leading dims of the result: [N, C] or [C]
  int64_t spatial = 2;  // 1 or 2, for the result's trailing dims
};

Pool4d as_4d(const Tensor& input, int64_t spatial, const char* op) {
  TSRT_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2,
        std::string(op) + ": expected a " + std::to_string(spatial + 1) + "-d or " + std::to_string(spatial + 2) +
            "-d input, got " + input.shape_string());
  TSRT_CHECK(input.dtype() == DType::Float32 || input.dtype() == DType::Float64,
        std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(input.dtype()));
  Pool4d p;
  p.spatial = spatial;
  p.result_prefix = Shape(input.sizes().begin(), input.sizes().end() - spatial);
  Shape sizes = input.sizes();
  if (input.dim() == spatial + 1) sizes.insert(sizes.begin(), 1);
  if (spatial == 1) sizes.insert(sizes.end() - 1, 1);
  if (spatial == 2 && input.dim() == 4 && input.dtype() == DType::Float32 && is_channels_last_4d(input)) {
    p.x = input;
    p.channels_last = true;
    return p;
  }
  Tensor c = input.contiguous();
  p.x = c.as_strided(sizes, Tensor::contiguous_strides(sizes), c.storage_offset());
  return p;
}

// For the direct loops, which walk contiguous [H, W] planes: a channels-last input copied so.
void use_contiguous_planes(Pool4d& p) {
  if (!p.channels_last) return;
  p.x = p.x.contiguous();
  p.channels_last = false;
}

Tensor result_of(const Pool4d& p, Tensor out4d) {
  if (p.channels_last) return out4d;  // already [N, C, H, W]
  Shape sizes = p.result_prefix;
  for (int64_t d = 4 - p.spatial; d < 4; ++d) sizes.push_back(out4d.size(d));
  return out4d.as_strided(sizes, Tensor::contiguous_strides(sizes), 0);
}

void onednn_pool(const Tensor& x, Tensor& out, dnnl::algorithm alg, const Window& w, const int64_t pad_r[2],
                 const char* op) {
  std::string& key = onednn::thread_key(onednn::KeySlot::Primitive);
  key += "pool";
  onednn::append_int(key, static_cast<int>(alg));
  onednn::append_key(key, x.sizes(), out.sizes());
  onednn::append_key(key, {w.kernel[0], w.kernel[1]}, {w.stride[0], w.stride[1]});
  onednn::append_key(key, {w.dilation[0], w.dilation[1]}, {w.pad[0], w.pad[1]});
  onednn::append_key(key, {pad_r[0], pad_r[1]}, {});
  onednn::append_key(key, x.strides(), out.strides());
  using Pooling = dnnl::pooling_v2_forward;
  onednn::BoundPrimitive* primitive = nullptr;
  try {
    primitive = &onednn::bind_primitive(key, [&] {
      auto layout_of = [](const Tensor& t) { return onednn::strided_desc(t.sizes(), t.strides(), DType::Float32); };
      dnnl::memory::dims kernel = {w.kernel[0], w.kernel[1]}, strides = {w.stride[0], w.stride[1]},
                         dilation = {w.dilation[0] - 1, w.dilation[1] - 1}, pl = {w.pad[0], w.pad[1]},
                         pr = {pad_r[0], pad_r[1]};
      Pooling::desc desc(dnnl::prop_kind::forward_inference, alg, layout_of(x), layout_of(out), strides,
                         kernel, dilation, pl, pr);
      return Pooling(Pooling::primitive_desc(desc, onednn::primitive_attr(), onednn::cpu_engine()));
    });
  } catch (const dnnl::error& e) {
    throw Error(std::string(op) + ": oneDNN has no pooling for input " + x.shape_string() + ": " + e.what());
  }
  primitive->set(DNNL_ARG_SRC, x.raw_data());
  primitive->set(DNNL_ARG_DST, out.raw_data());
  primitive->run(op);
}

template <typename T>
void reference_pool(const Tensor& x, Tensor& out, PoolKind kind, const Window& w) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const T* xp = x.data<T>();
  T* op = out.data<T>();
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = xp + p * H * W;
    for (int64_t oh = 0; oh < w.out[0]; ++oh) {
      for (int64_t ow = 0; ow < w.out[1]; ++ow) {
        const int64_t h0 = oh * w.stride[0] - w.pad[0], w0 = ow * w.stride[1] - w.pad[1];
        if (kind == PoolKind::Max) {
          T best = -std::numeric_limits<T>::infinity();
          for (int64_t kh = 0; kh < w.kernel[0]; ++kh) {
            const int64_t h = h0 + kh * w.dilation[0];
            if (h < 0 || h >= H) continue;
            for (int64_t kw = 0; kw < w.kernel[1]; ++kw) {
              const int64_t c = w0 + kw * w.dilation[1];
              if (c < 0 || c >= W) continue;
              const T v = plane[h * W + c];
              if (v > best || std::isnan(v)) best = v;
            }
          }
          *op++ = best;
        } else {
          // torch's divisor: the window clipped to the padded input, or to the input itself.
          const int64_t h1 = std::min(h0 + w.kernel[0], H + w.pad[0]), w1 = std::min(w0 + w.kernel[1], W + w.pad[1]);
          const int64_t padded_size = (h1 - h0) * (w1 - w0);
          const int64_t hs = std::max<int64_t>(h0, 0), ws = std::max<int64_t>(w0, 0);
          const int64_t he = std::min(h1, H), we = std::min(w1, W);
          double sum = 0;
          for (int64_t h = hs; h < he; ++h)
            for (int64_t c = ws; c < we; ++c) sum += plane[h * W + c];
          int64_t divisor =
              w.divisor_override ? *w.divisor_override : (w.count_include_pad ? padded_size : (he - hs) * (we - ws));
          *op++ = static_cast<T>(sum / static_cast<double>(divisor));
        }
      }
    }
  }
}

Tensor pool(const Pool4d& p_in, PoolKind kind, Window w, const char* op) {
  Pool4d p = p_in;
  // oneDNN needs the right padding that makes its output length equal torch's.
  int64_t pad_r[2];
  bool overhang = false;
  for (int i = 0; i < 2; ++i) {
    int64_t span = w.dilation[i] * (w.kernel[i] - 1) + 1;
    pad_r[i] = std::max(w.pad[i], (w.out[i] - 1) * w.stride[i] + span - p.x.size(2 + i) - w.pad[i]);
    overhang = overhang || pad_r[i] != w.pad[i];
  }
  std::optional<dnnl::algorithm> alg;
  if (kind == PoolKind::Max) {
    alg = dnnl::algorithm::pooling_max;
  } else if (!w.divisor_override) {
    if (!w.count_include_pad) alg = dnnl::algorithm::pooling_avg_exclude_padding;
    // oneDNN would count a ceil_mode overhang as padding; torch does not.
    else if (!overhang)
      alg = dnnl::algorithm::pooling_avg_include_padding;
  }
  const bool onednn = p.x.dtype() == DType::Float32 && alg;
  if (!onednn) use_contiguous_planes(p);
  const Shape out_sizes = {p.x.size(0), p.x.size(1), w.out[0], w.out[1]};
  Tensor out = p.channels_last ? empty_channels_last(out_sizes, p.x.dtype()) : Tensor::empty(out_sizes, p.x.dtype());
  if (out.numel() == 0) return result_of(p, out);
  if (onednn) {
    onednn_pool(p.x, out, *alg, w, pad_r, op);
  } else if (p.x.dtype() == DType::Float32) {
    reference_pool<float>(p.x, out, kind, w);
  } else {
    reference_pool<double>(p.x, out, kind, w);
  }
  return result_of(p, out);
}

// Fills a Window from kernel/stride/padding(/dilation) list arguments of a `spatial`-d op.
Window window_from(const Args& a, const Pool4d& p, size_t kernel_i, size_t stride_i, size_t padding_i,
                   std::optional<size_t> dilation_i, bool ceil_mode, const char* op) {
  const int64_t spatial = p.spatial;
  auto list = [&](size_t i, const char* what, bool empty_means_kernel) {
    Shape v = a.int_list(i);
    if (v.empty() && empty_means_kernel) v = a.int_list(kernel_i);
    if (v.size() == 1) v = Shape(spatial, v[0]);
    TSRT_CHECK(static_cast<int64_t>(v.size()) == spatial, std::string(op) + ": " + what + " " + shape_to_string(v) +
                                                         " must have " + std::to_string(spatial) + " entries");
    return v;
  };
  Shape kernel = list(kernel_i, "kernel_size", false), stride = list(stride_i, "stride", true),
        padding = list(padding_i, "padding", false);
  Shape dilation = dilation_i ? list(*dilation_i, "dilation", false) : Shape(spatial, 1);
  Window w;
  for (int64_t i = 0; i < spatial; ++i) {
    int slot = static_cast<int>(2 - spatial + i);  // 1-d ops use the W slot
    w.kernel[slot] = kernel[i];
    w.stride[slot] = stride[i];
    w.pad[slot] = padding[i];
    w.dilation[slot] = dilation[i];
  }
  for (int i = 0; i < 2; ++i) {
    w.out[i] = pooled_length(p.x.size(2 + i), w.kernel[i], w.stride[i], w.pad[i], w.dilation[i], ceil_mode, op);
  }
  return w;
}

Value max_pool(const Args& a, int64_t spatial, const char* op) {
  Pool4d p = as_4d(a.tensor(0), spatial, op);
  return pool(p, PoolKind::Max, window_from(a, p, 1, 2, 3, 4, a.to_bool(5), op), op);
}

// avg_pool1d has no divisor_override argument; avg_pool2d has it at index 6.
Value avg_pool(const Args& a, int64_t spatial, const char* op) {
  Pool4d p = as_4d(a.tensor(0), spatial, op);
  Window w = window_from(a, p, 1, 2, 3, std::nullopt, a.to_bool(4), op);
  w.count_include_pad = a.to_bool(5);
  if (spatial == 2) {
    w.divisor_override = a.optional_int(6);
    TSRT_CHECK(!w.divisor_override || *w.divisor_override != 0, std::string(op) + ": divisor_override must be non-zero");
  }
  return pool(p, PoolKind::Avg, w, op);
}

// torch's adaptive windows: [floor(i * in / out), ceil((i + 1) * in / out)).
template <typename T>
void reference_adaptive_avg(const Tensor& x, Tensor& out) {
  const int64_t planes = x.size(0) * x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = out.size(2), OW = out.size(3);
  const T* xp = x.data<T>();
  T* op = out.data<T>();
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = xp + p * H * W;
    for (int64_t oh = 0; oh < OH; ++oh) {
      const int64_t hs = oh * H / OH, he = ((oh + 1) * H + OH - 1) / OH;
      for (int64_t ow = 0; ow < OW; ++ow) {
        const int64_t ws = ow * W / OW, we = ((ow + 1) * W + OW - 1) / OW;
        double sum = 0;
        for (int64_t h = hs; h < he; ++h)
          for (int64_t c = ws; c < we; ++c) sum += plane[h * W + c];
        *op++ = static_cast<T>(sum / static_cast<double>((he - hs) * (we - ws)));
      }
    }
  }
}

Value adaptive_avg_pool(const Args& a, int64_t spatial, const char* op) {
  Pool4d p = as_4d(a.tensor(0), spatial, op);
  Shape size = a.int_list(1);
  if (size.size() == 1) size = Shape(spatial, size[0]);
  TSRT_CHECK(static_cast<int64_t>(size.size()) == spatial, std::string(op) + ": output_size " + shape_to_string(size) +
                                                          " must have " + std::to_string(spatial) + " entries");
  Window w;
  bool divisible = true;
  for (int64_t i = 0; i < spatial; ++i) {
    int slot = static_cast<int>(2 - spatial + i);
    TSRT_CHECK(size[i] >= 0, std::string(op) + ": output_size must be non-negative, got " + shape_to_string(size));
    w.out[slot] = size[i];
  }
  for (int i = 0; i < 2; ++i) {
    const int64_t in = p.x.size(2 + i);
    TSRT_CHECK(in > 0 || w.out[i] == 0,
          std::string(op) + ": input " + a.tensor(0).shape_string() + " has an empty spatial dim");
    divisible = divisible && w.out[i] > 0 && in % w.out[i] == 0;
    if (divisible) w.kernel[i] = w.stride[i] = in / w.out[i];
  }
  // Evenly dividing sizes are an ordinary average pool (all windows equal and disjoint).
  if (divisible) return pool(p, PoolKind::Avg, w, op);
  use_contiguous_planes(p);
  Tensor out = Tensor::empty({p.x.size(0), p.x.size(1), w.out[0], w.out[1]}, p.x.dtype());
  if (out.numel() > 0) {
    if (p.x.dtype() == DType::Float32)
      reference_adaptive_avg<float>(p.x, out);
    else
      reference_adaptive_avg<double>(p.x, out);
  }
  return result_of(p, out);
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// max_pool / avg_pool 1d and 2d.
ir::TensorFacts pool_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  std::optional<ir::Sizes> kernel = c.int_list(c.arg("kernel_size"));
  if (!in.sizes || !kernel || kernel->empty()) return out;
  size_t spatial = static_cast<size_t>(c.kind()[c.kind().size() - 2] - '0');  // "..._pool2d"
  size_t rank = in.sizes->size();
  if (rank != spatial + 2 && rank != spatial + 1) return out;
  std::optional<ir::Sizes> stride = c.int_list(c.arg("stride")), padding = c.int_list(c.arg("padding")),
                           dilation = c.int_list(c.arg("dilation"));
  std::optional<bool> ceil_mode = c.bool_value(c.arg("ceil_mode"));
  if (!ceil_mode) return out;
  ir::Sizes s(in.sizes->begin(), in.sizes->end() - static_cast<int64_t>(spatial));
  for (size_t i = 0; i < spatial; ++i) {
    std::optional<int64_t> k = ir::per_dim(kernel, i, std::nullopt);
    s.push_back(ir::window_size((*in.sizes)[rank - spatial + i], k, ir::per_dim(stride, i, k),
                                ir::per_dim(padding, i, 0), ir::per_dim(dilation, i, 1), *ceil_mode));
  }
  out.sizes = s;
  return out;
}

ir::TensorFacts adaptive_pool_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  std::optional<ir::Sizes> out_size = c.int_list(c.arg("output_size"));
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  if (in.sizes && out_size && out_size->size() <= in.sizes->size()) {
    out.sizes = in.sizes;
    size_t lead = in.sizes->size() - out_size->size();
    for (size_t i = 0; i < out_size->size(); ++i) (*out.sizes)[lead + i] = (*out_size)[i];
  }
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(pooling) {
  r.add(
      "aten::max_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, "
      "bool ceil_mode=False) -> Tensor",
      [](const Args& a) { return max_pool(a, 2, "aten::max_pool2d"); });
  r.add(
      "aten::max_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], "
      "int[1] dilation=[1], bool ceil_mode=False) -> Tensor",
      [](const Args& a) { return max_pool(a, 1, "aten::max_pool1d"); });
  r.add(
      "aten::avg_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, bool ceil_mode=False, "
      "bool count_include_pad=True, int? divisor_override=None) -> Tensor",
      [](const Args& a) { return avg_pool(a, 2, "aten::avg_pool2d"); });
  r.add(
      "aten::avg_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], "
      "bool ceil_mode=False, bool count_include_pad=True) -> Tensor",
      [](const Args& a) { return avg_pool(a, 1, "aten::avg_pool1d"); });
  r.add("aten::adaptive_avg_pool2d(Tensor self, SymInt[2] output_size) -> Tensor",
        [](const Args& a) { return adaptive_avg_pool(a, 2, "aten::adaptive_avg_pool2d"); });
  r.add("aten::adaptive_avg_pool1d(Tensor self, int[1] output_size) -> Tensor",
        [](const Args& a) { return adaptive_avg_pool(a, 1, "aten::adaptive_avg_pool1d"); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::max_pool1d", "aten::max_pool2d", "aten::avg_pool1d", "aten::avg_pool2d"})
      .shape(ir::one_output(pool_shape));
  r.ops({"aten::adaptive_avg_pool1d", "aten::adaptive_avg_pool2d"}).shape(ir::one_output(adaptive_pool_shape));
}

}  // namespace tsrt::kernels
