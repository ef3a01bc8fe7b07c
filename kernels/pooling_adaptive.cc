// Pooling ops beyond kernels/pooling.cc: max pooling with indices (1/2/3-d), max_pool3d,
// avg_pool3d, adaptive average pooling in 3-d (and the _adaptive_avg_pool2d/3d names scripted
// torchvision code reaches), adaptive max pooling with indices (1/2/3-d). Every op runs as a
// plain loop on a contiguous [planes, D, H, W] view (1-d and 2-d ops get D = H = 1 or D = 1),
// so an index into the input's spatial volume is the flat index torch returns.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/pooled_length.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// The input as [planes, D, H, W] and what the result's leading dims are.
struct Volume {
  Tensor x;
  Shape prefix;  // [N, C] or [C]
  int64_t spatial = 3;
};

Volume as_volume(const Tensor& input, int64_t spatial, const std::string& op) {
  TSRT_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2,
             op + ": expected a " + std::to_string(spatial + 1) + "-d or " + std::to_string(spatial + 2) +
                 "-d input, got " + input.shape_string());
  TSRT_CHECK(input.dtype() == DType::Float32 || input.dtype() == DType::Float64,
             op + ": expected a float32 or float64 input, got " + dtype_name(input.dtype()));
  Volume v;
  v.spatial = spatial;
  v.prefix = Shape(input.sizes().begin(), input.sizes().end() - spatial);
  int64_t planes = 1;
  for (int64_t s : v.prefix) planes *= s;
  Shape sizes = {planes, 1, 1, 1};
  for (int64_t i = 0; i < spatial; ++i) sizes[4 - spatial + i] = input.size(input.dim() - spatial + i);
  Tensor c = input.contiguous();
  v.x = c.as_strided(sizes, Tensor::contiguous_strides(sizes), c.storage_offset());
  return v;
}

Tensor empty_like_volume(const Volume& v, const int64_t out[3], DType dtype) {
  return Tensor::empty({v.x.size(0), out[0], out[1], out[2]}, dtype);
}

// A [planes, OD, OH, OW] result given back as prefix + the op's spatial dims.
Tensor result_of(const Volume& v, const Tensor& out4) {
  Shape sizes = v.prefix;
  for (int64_t d = 4 - v.spatial; d < 4; ++d) sizes.push_back(out4.size(d));
  return out4.as_strided(sizes, Tensor::contiguous_strides(sizes), 0);
}

// Per axis (D, H, W) of the volume.
struct Window {
  int64_t kernel[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1};
  int64_t pad[3] = {0, 0, 0};
  int64_t dilation[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
};

// kernel/stride/padding(/dilation) list arguments; an empty stride means the kernel size.
Window window_from(const Args& a, const Volume& v, size_t kernel_i, std::optional<size_t> dilation_i, bool ceil_mode,
                   const std::string& op) {
  const int64_t spatial = v.spatial;
  auto list = [&](size_t i, const char* what, bool empty_means_kernel) {
    Shape values = a.int_list(i);
    if (values.empty() && empty_means_kernel) values = a.int_list(kernel_i);
    if (values.size() == 1) values = Shape(spatial, values[0]);
    TSRT_CHECK(static_cast<int64_t>(values.size()) == spatial, op + ": " + what + " " + shape_to_string(values) +
                                                                   " must have " + std::to_string(spatial) +
                                                                   " entries");
    return values;
  };
  const Shape kernel = list(kernel_i, "kernel_size", false), stride = list(kernel_i + 1, "stride", true),
              padding = list(kernel_i + 2, "padding", false);
  const Shape dilation = dilation_i ? list(*dilation_i, "dilation", false) : Shape(spatial, 1);
  Window w;
  for (int64_t i = 0; i < spatial; ++i) {
    const int64_t axis = 3 - spatial + i;
    w.kernel[axis] = kernel[i];
    w.stride[axis] = stride[i];
    w.pad[axis] = padding[i];
    w.dilation[axis] = dilation[i];
  }
  for (int i = 0; i < 3; ++i) {
    w.out[i] = pooled_length(v.x.size(1 + i), w.kernel[i], w.stride[i], w.pad[i], w.dilation[i], ceil_mode, op.c_str());
  }
  return w;
}

// Max over each window; `indices` (if defined) gets the flat spatial index of the maximum. As
// torch: the first in-bounds position until a larger value, and NaN always wins.
template <typename T>
void max_pool(const Tensor& x, Tensor& out, Tensor* indices, const Window& w) {
  const int64_t planes = x.size(0), D = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OD = w.out[0], OH = w.out[1], OW = w.out[2];
  const T* xp = x.data<T>();
  T* op = out.data<T>();
  int64_t* ip = indices ? indices->data<int64_t>() : nullptr;
#pragma omp parallel for if (out.numel() * w.kernel[0] * w.kernel[1] * w.kernel[2] > (1 << 16))
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = xp + p * D * H * W;
    int64_t o = p * OD * OH * OW;
    for (int64_t od = 0; od < OD; ++od) {
      for (int64_t oh = 0; oh < OH; ++oh) {
        for (int64_t ow = 0; ow < OW; ++ow, ++o) {
          int64_t start[3] = {od * w.stride[0] - w.pad[0], oh * w.stride[1] - w.pad[1], ow * w.stride[2] - w.pad[2]};
          int64_t end[3];
          const int64_t sizes[3] = {D, H, W};
          for (int i = 0; i < 3; ++i) {
            end[i] = std::min(start[i] + (w.kernel[i] - 1) * w.dilation[i] + 1, sizes[i]);
            while (start[i] < 0) start[i] += w.dilation[i];
          }
          T best = -std::numeric_limits<T>::infinity();
          int64_t best_index = (start[0] * H + start[1]) * W + start[2];
          for (int64_t d = start[0]; d < end[0]; d += w.dilation[0]) {
            for (int64_t h = start[1]; h < end[1]; h += w.dilation[1]) {
              for (int64_t c = start[2]; c < end[2]; c += w.dilation[2]) {
                const int64_t index = (d * H + h) * W + c;
                const T value = plane[index];
                if (value > best || std::isnan(value)) {
                  best = value;
                  best_index = index;
                }
              }
            }
          }
          op[o] = best;
          if (ip) ip[o] = best_index;
        }
      }
    }
  }
}

// torch's divisor: the window clipped to the padded input (count_include_pad), or to the input
// itself, unless divisor_override is given.
template <typename T>
void avg_pool(const Tensor& x, Tensor& out, const Window& w, bool count_include_pad, std::optional<int64_t> divisor) {
  const int64_t planes = x.size(0), D = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OD = w.out[0], OH = w.out[1], OW = w.out[2];
  const T* xp = x.data<T>();
  T* op = out.data<T>();
#pragma omp parallel for if (out.numel() * w.kernel[0] * w.kernel[1] * w.kernel[2] > (1 << 16))
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = xp + p * D * H * W;
    int64_t o = p * OD * OH * OW;
    for (int64_t od = 0; od < OD; ++od) {
      for (int64_t oh = 0; oh < OH; ++oh) {
        for (int64_t ow = 0; ow < OW; ++ow, ++o) {
          const int64_t sizes[3] = {D, H, W};
          int64_t start[3] = {od * w.stride[0] - w.pad[0], oh * w.stride[1] - w.pad[1], ow * w.stride[2] - w.pad[2]};
          int64_t end[3];
          int64_t padded_count = 1, count = 1;
          for (int i = 0; i < 3; ++i) {
            end[i] = std::min(start[i] + w.kernel[i], sizes[i] + w.pad[i]);
            padded_count *= end[i] - start[i];
            start[i] = std::max<int64_t>(start[i], 0);
            end[i] = std::min(end[i], sizes[i]);
            count *= std::max<int64_t>(end[i] - start[i], 0);
          }
          double sum = 0;
          for (int64_t d = start[0]; d < end[0]; ++d)
            for (int64_t h = start[1]; h < end[1]; ++h)
              for (int64_t c = start[2]; c < end[2]; ++c) sum += plane[(d * H + h) * W + c];
          const int64_t divide_by = divisor ? *divisor : (count_include_pad ? padded_count : count);
          op[o] = count == 0 ? T(0) : static_cast<T>(sum / static_cast<double>(divide_by));
        }
      }
    }
  }
}

// torch's adaptive windows: [floor(i * in / out), ceil((i + 1) * in / out)).
int64_t adaptive_start(int64_t o, int64_t in, int64_t out) { return o * in / out; }
int64_t adaptive_end(int64_t o, int64_t in, int64_t out) { return ((o + 1) * in + out - 1) / out; }

// Adaptive average (indices == nullptr and average) or max with indices.
template <typename T>
void adaptive_pool(const Tensor& x, Tensor& out, Tensor* indices, bool average) {
  const int64_t planes = x.size(0), D = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OD = out.size(1), OH = out.size(2), OW = out.size(3);
  const T* xp = x.data<T>();
  T* op = out.data<T>();
  int64_t* ip = indices ? indices->data<int64_t>() : nullptr;
#pragma omp parallel for if (x.numel() > (1 << 16))
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = xp + p * D * H * W;
    int64_t o = p * OD * OH * OW;
    for (int64_t od = 0; od < OD; ++od) {
      const int64_t d0 = adaptive_start(od, D, OD), d1 = adaptive_end(od, D, OD);
      for (int64_t oh = 0; oh < OH; ++oh) {
        const int64_t h0 = adaptive_start(oh, H, OH), h1 = adaptive_end(oh, H, OH);
        for (int64_t ow = 0; ow < OW; ++ow, ++o) {
          const int64_t w0 = adaptive_start(ow, W, OW), w1 = adaptive_end(ow, W, OW);
          if (average) {
            double sum = 0;
            for (int64_t d = d0; d < d1; ++d)
              for (int64_t h = h0; h < h1; ++h)
                for (int64_t c = w0; c < w1; ++c) sum += plane[(d * H + h) * W + c];
            op[o] = static_cast<T>(sum / static_cast<double>((d1 - d0) * (h1 - h0) * (w1 - w0)));
            continue;
          }
          T best = -std::numeric_limits<T>::infinity();
          int64_t best_index = (d0 * H + h0) * W + w0;
          for (int64_t d = d0; d < d1; ++d) {
            for (int64_t h = h0; h < h1; ++h) {
              for (int64_t c = w0; c < w1; ++c) {
                const int64_t index = (d * H + h) * W + c;
                const T value = plane[index];
                if (value > best || std::isnan(value)) {
                  best = value;
                  best_index = index;
                }
              }
            }
          }
          op[o] = best;
          ip[o] = best_index;
        }
      }
    }
  }
}

std::vector<Value> max_pool_op(const Args& a, int64_t spatial, bool with_indices, const std::string& op) {
  Volume v = as_volume(a.tensor(0), spatial, op);
  const Window w = window_from(a, v, 1, 4, a.to_bool(5), op);
  Tensor out = empty_like_volume(v, w.out, v.x.dtype());
  Tensor indices = with_indices ? empty_like_volume(v, w.out, DType::Int64) : Tensor();
  if (out.numel() > 0) {
    if (v.x.dtype() == DType::Float32)
      max_pool<float>(v.x, out, with_indices ? &indices : nullptr, w);
    else
      max_pool<double>(v.x, out, with_indices ? &indices : nullptr, w);
  }
  if (!with_indices) return {Value(result_of(v, out))};
  return {Value(result_of(v, out)), Value(result_of(v, indices))};
}

Value avg_pool3d(const Args& a) {
  const std::string op = "aten::avg_pool3d";
  Volume v = as_volume(a.tensor(0), 3, op);
  const Window w = window_from(a, v, 1, std::nullopt, a.to_bool(4), op);
  const std::optional<int64_t> divisor = a.optional_int(6);
  TSRT_CHECK(!divisor || *divisor != 0, op + ": divisor_override must be non-zero");
  Tensor out = empty_like_volume(v, w.out, v.x.dtype());
  if (out.numel() > 0) {
    if (v.x.dtype() == DType::Float32)
      avg_pool<float>(v.x, out, w, a.to_bool(5), divisor);
    else
      avg_pool<double>(v.x, out, w, a.to_bool(5), divisor);
  }
  return Value(result_of(v, out));
}

std::vector<Value> adaptive_op(const Args& a, int64_t spatial, bool average, const std::string& op) {
  Volume v = as_volume(a.tensor(0), spatial, op);
  Shape size = a.int_list(1);
  if (size.size() == 1) size = Shape(spatial, size[0]);
  TSRT_CHECK(static_cast<int64_t>(size.size()) == spatial, op + ": output_size " + shape_to_string(size) +
                                                               " must have " + std::to_string(spatial) + " entries");
  int64_t out[3] = {1, 1, 1};
  for (int64_t i = 0; i < spatial; ++i) {
    TSRT_CHECK(size[i] >= 0, op + ": output_size must be non-negative, got " + shape_to_string(size));
    out[3 - spatial + i] = size[i];
  }
  for (int i = 0; i < 3; ++i) {
    TSRT_CHECK(v.x.size(1 + i) > 0 || out[i] == 0,
               op + ": input " + a.tensor(0).shape_string() + " has an empty spatial dim");
  }
  Tensor values = empty_like_volume(v, out, v.x.dtype());
  Tensor indices = average ? Tensor() : empty_like_volume(v, out, DType::Int64);
  if (values.numel() > 0) {
    if (v.x.dtype() == DType::Float32)
      adaptive_pool<float>(v.x, values, average ? nullptr : &indices, average);
    else
      adaptive_pool<double>(v.x, values, average ? nullptr : &indices, average);
  }
  if (average) return {Value(result_of(v, values))};
  return {Value(result_of(v, values)), Value(result_of(v, indices))};
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// Windowed pooling over the last `spatial` dims; `ceil_mode` absent (avg) or constant.
ir::TensorFacts window_pool_shape(const ir::ShapeContext& c, size_t spatial) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  const std::optional<ir::Sizes> kernel = c.int_list(c.arg("kernel_size"));
  const std::optional<bool> ceil_mode = c.bool_value(c.arg("ceil_mode"));
  if (!in.sizes || !kernel || kernel->empty() || !ceil_mode) return out;
  const size_t rank = in.sizes->size();
  if (rank != spatial + 2 && rank != spatial + 1) return out;
  const std::optional<ir::Sizes> stride = c.int_list(c.arg("stride")), padding = c.int_list(c.arg("padding"));
  const std::optional<ir::Sizes> dilation = c.arg("dilation") ? c.int_list(c.arg("dilation")) : ir::Sizes{1};
  ir::Sizes s(in.sizes->begin(), in.sizes->end() - static_cast<int64_t>(spatial));
  for (size_t i = 0; i < spatial; ++i) {
    const std::optional<int64_t> k = ir::per_dim(kernel, i, std::nullopt);
    s.push_back(ir::window_size((*in.sizes)[rank - spatial + i], k, ir::per_dim(stride, i, k),
                                ir::per_dim(padding, i, 0), ir::per_dim(dilation, i, 1), *ceil_mode));
  }
  out.sizes = s;
  return out;
}

// Adaptive pooling: the leading dims, then output_size.
ir::TensorFacts adaptive_shape(const ir::ShapeContext& c, size_t spatial) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  std::optional<ir::Sizes> size = c.int_list(c.arg("output_size"));
  if (!in.sizes || !size || (in.sizes->size() != spatial + 1 && in.sizes->size() != spatial + 2)) return out;
  if (size->size() == 1) size = ir::Sizes(spatial, (*size)[0]);
  if (size->size() != spatial) return out;
  ir::Sizes s(in.sizes->begin(), in.sizes->end() - static_cast<int64_t>(spatial));
  s.insert(s.end(), size->begin(), size->end());
  out.sizes = s;
  return out;
}

// One rule per spatial rank: values only, or values and int64 indices of the same shape.
ir::ShapeRule pool_rule(ir::TensorFacts (*facts)(const ir::ShapeContext&, size_t), size_t spatial,
                        bool with_indices) {
  return [facts, spatial, with_indices](ir::ShapeContext& c) {
    ir::TensorFacts values = facts(c, spatial);
    c.set(0, values);
    if (!with_indices) return;
    values.dtype = ir::kLongCode;
    c.set(1, values);
  };
}

}  // namespace

TSRT_REGISTER_KERNELS(pooling_adaptive) {
  const struct {
    const char* schema;
    const char* name;
    int64_t spatial;
  } with_indices[] = {
      {"aten::max_pool1d_with_indices(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], "
       "int[1] dilation=[1], bool ceil_mode=False) -> (Tensor, Tensor)",
       "aten::max_pool1d_with_indices", 1},
      {"aten::max_pool2d_with_indices(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, "
       "int[2] dilation=1, bool ceil_mode=False) -> (Tensor, Tensor)",
       "aten::max_pool2d_with_indices", 2},
      {"aten::max_pool3d_with_indices(Tensor self, int[3] kernel_size, int[3] stride=[], int[3] padding=0, "
       "int[3] dilation=1, bool ceil_mode=False) -> (Tensor, Tensor)",
       "aten::max_pool3d_with_indices", 3},
  };
  for (const auto& op : with_indices) {
    const std::string name = op.name;
    const int64_t spatial = op.spatial;
    r.add_multi(op.schema, [name, spatial](const Args& a) { return max_pool_op(a, spatial, true, name); });
  }
  r.add(
      "aten::max_pool3d(Tensor self, int[3] kernel_size, int[3] stride=[], int[3] padding=0, int[3] dilation=1, "
      "bool ceil_mode=False) -> Tensor",
      [](const Args& a) { return max_pool_op(a, 3, false, "aten::max_pool3d")[0]; });
  r.add(
      "aten::avg_pool3d(Tensor self, int[3] kernel_size, int[3] stride=[], int[3] padding=0, bool ceil_mode=False, "
      "bool count_include_pad=True, int? divisor_override=None) -> Tensor",
      avg_pool3d);
  r.add("aten::adaptive_avg_pool3d(Tensor self, int[3] output_size) -> Tensor",
        [](const Args& a) { return adaptive_op(a, 3, true, "aten::adaptive_avg_pool3d")[0]; });
  r.add("aten::_adaptive_avg_pool3d(Tensor self, int[3] output_size) -> Tensor",
        [](const Args& a) { return adaptive_op(a, 3, true, "aten::_adaptive_avg_pool3d")[0]; });
  r.add("aten::_adaptive_avg_pool2d(Tensor self, SymInt[2] output_size) -> Tensor",
        [](const Args& a) { return adaptive_op(a, 2, true, "aten::_adaptive_avg_pool2d")[0]; });
  r.add_multi("aten::adaptive_max_pool1d(Tensor self, int[1] output_size) -> (Tensor, Tensor)",
              [](const Args& a) { return adaptive_op(a, 1, false, "aten::adaptive_max_pool1d"); });
  r.add_multi("aten::adaptive_max_pool2d(Tensor self, int[2] output_size) -> (Tensor, Tensor)",
              [](const Args& a) { return adaptive_op(a, 2, false, "aten::adaptive_max_pool2d"); });
  r.add_multi("aten::adaptive_max_pool3d(Tensor self, int[3] output_size) -> (Tensor, Tensor)",
              [](const Args& a) { return adaptive_op(a, 3, false, "aten::adaptive_max_pool3d"); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::max_pool1d_with_indices"}).shape(pool_rule(window_pool_shape, 1, true));
  r.ops({"aten::max_pool2d_with_indices"}).shape(pool_rule(window_pool_shape, 2, true));
  r.ops({"aten::max_pool3d_with_indices"}).shape(pool_rule(window_pool_shape, 3, true));
  r.ops({"aten::max_pool3d", "aten::avg_pool3d"}).shape(pool_rule(window_pool_shape, 3, false));
  r.ops({"aten::adaptive_avg_pool3d", "aten::_adaptive_avg_pool3d"}).shape(pool_rule(adaptive_shape, 3, false));
  r.ops({"aten::_adaptive_avg_pool2d"}).shape(pool_rule(adaptive_shape, 2, false));
  r.ops({"aten::adaptive_max_pool1d"}).shape(pool_rule(adaptive_shape, 1, true));
  r.ops({"aten::adaptive_max_pool2d"}).shape(pool_rule(adaptive_shape, 2, true));
  r.ops({"aten::adaptive_max_pool3d"}).shape(pool_rule(adaptive_shape, 3, true));
}

}  // namespace tsrt::kernels
