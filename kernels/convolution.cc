// Convolutions with 1-3 spatial dims: aten::_convolution (both schemas), _convolution_mode,
// conv1d/2d/3d with int or "same"/"valid" padding, groups, dilation, optional bias.
// Transposed convolutions: _convolution(transposed=True), conv_transpose1d/2d/3d. And
// tsrt::convolution_relu, the fusion of a convolution and the relu after it.
// float32 runs on oneDNN convolution_forward / deconvolution_forward with plain (NC[D]HW,
// O I [D]HW) layouts, or channels-last (NHWC) activations for a channels-last 2-d input;
// float64 (and geometries oneDNN lacks) on direct loops.
#include <algorithm>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/common/memory_format.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "kernels/onednn/reorder.h"
#include "kernels/onednn/weight_cache.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

struct ConvGeometry {
  Shape stride, padding_l, padding_r, dilation;  // one entry per spatial dim
  int64_t groups = 1;
};

// A list argument of a spatial op, with a single value broadcast to every spatial dim.
Shape spatial_list(const Shape& values, int64_t spatial, const char* op, const char* what) {
  if (values.size() == 1 && spatial > 1) return Shape(spatial, values[0]);
  TSRT_CHECK(static_cast<int64_t>(values.size()) == spatial, std::string(op) + ": " + what + " " + shape_to_string(values) +
                                                            " must have " + std::to_string(spatial) + " entries");
  return values;
}

// The spatial dims a weight of `op` has: 1 to 3, else an error.
int64_t spatial_dims(const Tensor& weight, const char* op) {
  const int64_t spatial = weight.dim() - 2;
  TSRT_CHECK(spatial >= 1 && spatial <= 3, std::string(op) + ": weight must have 3 to 5 dims, got " + weight.shape_string());
  return spatial;
}

Shape output_spatial(const Tensor& input, const Tensor& weight, const ConvGeometry& g, const char* op) {
  const int64_t spatial = weight.dim() - 2;
  Shape out(spatial);
  for (int64_t i = 0; i < spatial; ++i) {
    TSRT_CHECK(g.stride[i] > 0 && g.dilation[i] > 0 && g.padding_l[i] >= 0 && g.padding_r[i] >= 0,
          std::string(op) + ": stride and dilation must be positive and padding non-negative");
    int64_t span = g.dilation[i] * (weight.size(2 + i) - 1) + 1;
    int64_t padded = input.size(2 + i) + g.padding_l[i] + g.padding_r[i];
    TSRT_CHECK(padded >= span, std::string(op) + ": kernel " + weight.shape_string() + " (dilation " +
                              shape_to_string(g.dilation) + ") is larger than the padded input " +
                              input.shape_string());
    out[i] = (padded - span) / g.stride[i] + 1;
  }
  return out;
}

// `input` contiguous, with a batch dim of 1 in front when it has none.
Tensor contiguous_batched(const Tensor& input, bool unbatched) {
  Tensor out = input.contiguous();
  if (!unbatched) return out;
  Shape batched = out.sizes();
  batched.insert(batched.begin(), 1);
  return out.as_strided(batched, Tensor::contiguous_strides(batched), out.storage_offset());
}

// oneDNN counts the gaps between kernel taps: torch's dilation - 1.
Shape onednn_dilations(const ConvGeometry& g) {
  Shape dilates = g.dilation;
  for (int64_t& d : dilates) d -= 1;
  return dilates;
}

// The primitive-cache key of a oneDNN (de)convolution: `kind` and everything its primitive
// depends on, built in this thread's key buffer.
std::string& onednn_key(const char* kind, const Tensor& x, const Shape& w_dims, const Tensor& out,
                        const ConvGeometry& g, bool has_bias) {
  std::string& key = onednn::thread_key(onednn::KeySlot::Primitive);
  key += kind;
  onednn::append_key(key, x.sizes(), w_dims);
  onednn::append_key(key, out.sizes(), g.stride);
  onednn::append_key(key, g.padding_l, g.padding_r);
  onednn::append_key(key, g.dilation, {has_bias ? 1 : 0});
  onednn::append_key(key, x.strides(), out.strides());  // channels-last or contiguous operands
  return key;
}

// `key` + `role`, the key of one of a primitive's reorders.
const std::string& reorder_key(const std::string& key, const char* role) {
  std::string& reorder = onednn::thread_key(onednn::KeySlot::Reorder);
  reorder += key;
  reorder += role;
  return reorder;
}

// A buffer for a tensor in oneDNN layout `md` (blocked layouts may pad).
Tensor blocked_buffer(const dnnl::memory::desc& md) {
  return Tensor::empty({static_cast<int64_t>((md.get_size() + sizeof(float) - 1) / sizeof(float))}, DType::Float32);
}

// A (de)convolution's weights `w` (oneDNN layout `md`) in the layout its primitive wants: `w`
// itself when that is `md`; the cached packed copy when the prepared graph holds `w` as a
// constant (packed on its first use); else a copy reordered on this call.
class WeightsInLayout {
 public:
  WeightsInLayout(const Tensor& w, const dnnl::memory::desc& md, const dnnl::memory::desc& want,
                  const std::string& key, const char* op)
      : plain_(w.raw_data()) {
    if (want == md) return;
    if (w.storage()->is_constant()) {
      packed_ = onednn::PackedWeightCache::global().get(w, md, want, op);
      return;
    }
    reordered_ = blocked_buffer(want);
    onednn::reorder(reorder_key(key, "/w"), md, w.raw_data(), want, reordered_.raw_data(), op);
  }

  // Sets them as the weights of `primitive`'s next run (this object must outlive it).
  void bind(onednn::BoundPrimitive& primitive) const {
    if (packed_) {
      primitive.set(DNNL_ARG_WEIGHTS, packed_);
    } else {
      primitive.set(DNNL_ARG_WEIGHTS, reordered_.defined() ? reordered_.raw_data() : plain_);
    }
  }

 private:
  const void* plain_;
  dnnl::memory packed_;
  Tensor reordered_;
};

void onednn_convolution(const Tensor& x, const Tensor& w, const std::optional<Tensor>& bias, Tensor& out,
                        const ConvGeometry& g, bool relu, const char* op) {
  auto plain = [](const Shape& dims) {
    return onednn::strided_desc(dims, Tensor::contiguous_strides(dims), DType::Float32);
  };
  auto layout_of = [](const Tensor& t) { return onednn::strided_desc(t.sizes(), t.strides(), DType::Float32); };
  // Grouped weights are [G, O/G, I/G, k...] over the same memory as torch's [O, I/G, k...].
  Shape w_dims = w.sizes();
  if (g.groups > 1) {
    w_dims[0] /= g.groups;
    w_dims.insert(w_dims.begin(), g.groups);
  }
  const std::string& key = onednn_key(relu ? "conv_relu" : "conv", x, w_dims, out, g, bias.has_value());
  using Conv = dnnl::convolution_forward;
  // Layouts of oneDNN's choosing (blocked, vectorisable): its plain-layout convolution is a
  // slow im2col + GEMM. Reordering in and out costs far less than it saves, and nothing when
  // the operands are channels-last, the layout oneDNN's AVX-512 convolutions choose.
  auto create = [&] {
    const Shape dilates = onednn_dilations(g);
    auto to_dims = [](const Shape& s) { return dnnl::memory::dims(s.begin(), s.end()); };
    auto any = [&](const Shape& dims) {
      return dnnl::memory::desc(to_dims(dims), dnnl::memory::data_type::f32, dnnl::memory::format_tag::any);
    };
    auto desc = bias ? Conv::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                  any(x.sizes()), any(w_dims), plain({out.size(1)}), any(out.sizes()),
                                  to_dims(g.stride), to_dims(dilates), to_dims(g.padding_l), to_dims(g.padding_r))
                     : Conv::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                  any(x.sizes()), any(w_dims), any(out.sizes()), to_dims(g.stride), to_dims(dilates),
                                  to_dims(g.padding_l), to_dims(g.padding_r));
    dnnl::primitive_attr attr = onednn::primitive_attr();
    if (relu) {  // applied to each result as it is written (tsrt::convolution_relu)
      dnnl::post_ops ops;
      ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
      attr.set_post_ops(ops);
    }
    return Conv(Conv::primitive_desc(desc, attr, onednn::cpu_engine()));
  };
  dnnl::memory::desc src_want, w_want, dst_want;
  try {
    onednn::BoundPrimitive& conv = onednn::bind_primitive(key, create);
    src_want = dnnl::memory::desc(conv.desc(DNNL_ARG_SRC));
    w_want = dnnl::memory::desc(conv.desc(DNNL_ARG_WEIGHTS));
    dst_want = dnnl::memory::desc(conv.desc(DNNL_ARG_DST));
  } catch (const dnnl::error& e) {
    throw Error(std::string(op) + ": oneDNN has no convolution for input " + x.shape_string() + " and weight " +
                w.shape_string() + ": " + e.what());
  }
  // Operands in the convolution's layouts, alive until it has run.
  const dnnl::memory::desc src_md = layout_of(x), w_md = plain(w_dims), dst_md = layout_of(out);
  Tensor src_blocked, dst_blocked;
  if (src_want != src_md) {
    src_blocked = blocked_buffer(src_want);
    onednn::reorder(reorder_key(key, "/src"), src_md, x.raw_data(), src_want, src_blocked.raw_data(), op);
  }
  const WeightsInLayout weights(w, w_md, w_want, key, op);
  if (dst_want != dst_md) dst_blocked = blocked_buffer(dst_want);
  // Bound again: the reorders above may have reset this thread's bindings.
  onednn::BoundPrimitive& conv = onednn::bind_primitive(key, create);
  conv.set(DNNL_ARG_SRC, src_blocked.defined() ? src_blocked.raw_data() : x.raw_data());
  weights.bind(conv);
  conv.set(DNNL_ARG_DST, dst_blocked.defined() ? dst_blocked.raw_data() : out.raw_data());
  if (bias) conv.set(DNNL_ARG_BIAS, bias->raw_data());
  conv.run(op);
  if (dst_blocked.defined()) {
    onednn::reorder(reorder_key(key, "/dst"), dst_want, dst_blocked.raw_data(), dst_md, out.raw_data(), op);
  }
}

// Sizes and geometry with the spatial dims padded on the left to three (D, H, W) by unit
// sizes, stride and dilation 1 and padding 0, so 1-d and 2-d convolutions run the 3-d loops.
struct Spatial3 {
  Shape in, k, o, stride, pad, dil;
};

Spatial3 spatial3(const Tensor& x, const Tensor& w, const Tensor& out, const ConvGeometry& g) {
  const int64_t spatial = w.dim() - 2;
  auto pad3 = [spatial](const Shape& v, int64_t fill) {
    Shape s(3, fill);
    for (int64_t i = 0; i < spatial; ++i) s[3 - spatial + i] = v[i];
    return s;
  };
  auto sizes3 = [&](const Tensor& t) { return pad3(Shape(t.sizes().begin() + 2, t.sizes().end()), 1); };
  return {sizes3(x), sizes3(w), sizes3(out), pad3(g.stride, 1), pad3(g.padding_l, 0), pad3(g.dilation, 1)};
}

// Direct convolution; spatial dims are padded to three (D, H, W) with unit sizes.
template <typename T>
void reference_convolution(const Tensor& x, const Tensor& w, const std::optional<Tensor>& bias, Tensor& out,
                           const ConvGeometry& g) {
  const auto [in, k, o, stride, pad, dil] = spatial3(x, w, out, g);
  const int64_t N = x.size(0), C = x.size(1), O = w.size(0), G = g.groups;
  const int64_t Cg = C / G, Og = O / G;
  const T* xp = x.data<T>();
  const T* wp = w.data<T>();
  const T* bp = bias ? bias->data<T>() : nullptr;
  T* op = out.data<T>();
  const int64_t in_plane = in[0] * in[1] * in[2], k_plane = k[0] * k[1] * k[2];
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t oc = 0; oc < O; ++oc) {
      const int64_t grp = oc / Og;
      for (int64_t od = 0; od < o[0]; ++od)
        for (int64_t oh = 0; oh < o[1]; ++oh)
          for (int64_t ow = 0; ow < o[2]; ++ow) {
            T acc = bp ? bp[oc] : T(0);
            for (int64_t ic = 0; ic < Cg; ++ic) {
              const T* xc = xp + (n * C + grp * Cg + ic) * in_plane;
              const T* wc = wp + (oc * Cg + ic) * k_plane;
              for (int64_t kd = 0; kd < k[0]; ++kd) {
                int64_t id = od * stride[0] - pad[0] + kd * dil[0];
                if (id < 0 || id >= in[0]) continue;
                for (int64_t kh = 0; kh < k[1]; ++kh) {
                  int64_t ih = oh * stride[1] - pad[1] + kh * dil[1];
                  if (ih < 0 || ih >= in[1]) continue;
                  for (int64_t kw = 0; kw < k[2]; ++kw) {
                    int64_t iw = ow * stride[2] - pad[2] + kw * dil[2];
                    if (iw < 0 || iw >= in[2]) continue;
                    acc += xc[(id * in[1] + ih) * in[2] + iw] * wc[(kd * k[1] + kh) * k[2] + kw];
                  }
                }
              }
            }
            *op++ = acc;
          }
    }
  }
}

// The convolution, followed by relu when `relu` (tsrt::convolution_relu: a oneDNN post-op).
Tensor convolution(const Tensor& input_in, const Tensor& weight_in, const std::optional<Tensor>& bias_in,
                   ConvGeometry g, const char* op, bool relu = false) {
  const int64_t spatial = spatial_dims(weight_in, op);
  const bool unbatched = input_in.dim() == spatial + 1;
  TSRT_CHECK(unbatched || input_in.dim() == spatial + 2,
        std::string(op) + ": input " + input_in.shape_string() + " does not match weight " + weight_in.shape_string());
  TSRT_CHECK(input_in.dtype() == weight_in.dtype(), std::string(op) + ": input is " + dtype_name(input_in.dtype()) +
                                                   " but weight is " + dtype_name(weight_in.dtype()));
  TSRT_CHECK(input_in.dtype() == DType::Float32 || input_in.dtype() == DType::Float64,
        std::string(op) + ": expected float32 or float64 tensors, got " + dtype_name(input_in.dtype()));
  // A channels-last float32 input stays so and gives a channels-last result, as in torch.
  const bool channels_last = spatial == 2 && !unbatched && input_in.dtype() == DType::Float32 &&
                             is_channels_last_4d(input_in);
  Tensor input = channels_last ? input_in : contiguous_batched(input_in, unbatched);
  Tensor weight = weight_in.contiguous();
  const int64_t C = input.size(1), O = weight.size(0);
  TSRT_CHECK(g.groups > 0 && O % g.groups == 0 && C == weight.size(1) * g.groups,
        std::string(op) + ": input " + input_in.shape_string() + " with " + std::to_string(g.groups) +
            " groups does not match weight " + weight_in.shape_string());
  std::optional<Tensor> bias;
  if (bias_in) {
    TSRT_CHECK(bias_in->numel() == O, std::string(op) + ": bias " + bias_in->shape_string() + " does not match " +
                                     std::to_string(O) + " output channels");
    bias = bias_in->to(input.dtype()).contiguous();
  }
  Shape out_shape = {input.size(0), O};
  for (int64_t s : output_spatial(input, weight, g, op)) out_shape.push_back(s);
  Tensor out = channels_last ? empty_channels_last(out_shape, input.dtype()) : Tensor::empty(out_shape, input.dtype());
  if (out.numel() > 0) {
    if (input.numel() == 0 || weight.numel() == 0) {
      out = Tensor::zeros(out_shape, input.dtype());
      if (bias) {
        Shape bshape(out_shape.size(), 1);
        bshape[1] = O;
        out.copy_from(
            expand_to(bias->as_strided(bshape, Tensor::contiguous_strides(bshape), bias->storage_offset()), out_shape));
      }
    } else if (input.dtype() == DType::Float32) {
      onednn_convolution(input, weight, bias, out, g, relu, op);
      relu = false;  // done
    } else {
      reference_convolution<double>(input, weight, bias, out, g);
    }
    if (relu) call_op("aten::relu_", {out});
  }
  if (unbatched) {
    Shape sizes(out_shape.begin() + 1, out_shape.end());
    out = out.as_strided(sizes, Tensor::contiguous_strides(sizes), out.storage_offset());
  }
  return out;
}

// ---- transposed convolution ------------------------------------------------------------------
// Weight layout is torch's [C_in, C_out / groups, k...]; the result has
// (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1 positions per dim.

// Scatter form: every input element adds its weighted kernel into the output.
template <typename T>
void reference_transposed(const Tensor& x, const Tensor& w, const std::optional<Tensor>& bias, Tensor& out,
                          const ConvGeometry& g) {
  const auto [in, k, o, stride, pad, dil] = spatial3(x, w, out, g);
  const int64_t N = x.size(0), C = x.size(1), G = g.groups, Cg = C / G, Og = w.size(1), O = Og * G;
  const int64_t in_plane = in[0] * in[1] * in[2], k_plane = k[0] * k[1] * k[2], out_plane = o[0] * o[1] * o[2];
  const T* xp = x.data<T>();
  const T* wp = w.data<T>();
  T* op = out.data<T>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t oc = 0; oc < O; ++oc) {
      T* plane = op + (n * O + oc) * out_plane;
      const T b = bias ? bias->data<T>()[oc] : T(0);
      for (int64_t i = 0; i < out_plane; ++i) plane[i] = b;
    }
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t ic = 0; ic < C; ++ic) {
      const int64_t grp = ic / Cg;
      const T* xc = xp + (n * C + ic) * in_plane;
      for (int64_t oc = 0; oc < Og; ++oc) {
        const T* wc = wp + (ic * Og + oc) * k_plane;
        T* plane = op + (n * O + grp * Og + oc) * out_plane;
        for (int64_t id = 0; id < in[0]; ++id)
          for (int64_t ih = 0; ih < in[1]; ++ih)
            for (int64_t iw = 0; iw < in[2]; ++iw) {
              const T v = xc[(id * in[1] + ih) * in[2] + iw];
              for (int64_t kd = 0; kd < k[0]; ++kd) {
                const int64_t od = id * stride[0] - pad[0] + kd * dil[0];
                if (od < 0 || od >= o[0]) continue;
                for (int64_t kh = 0; kh < k[1]; ++kh) {
                  const int64_t oh = ih * stride[1] - pad[1] + kh * dil[1];
                  if (oh < 0 || oh >= o[1]) continue;
                  for (int64_t kw = 0; kw < k[2]; ++kw) {
                    const int64_t ow = iw * stride[2] - pad[2] + kw * dil[2];
                    if (ow < 0 || ow >= o[2]) continue;
                    plane[(od * o[1] + oh) * o[2] + ow] += v * wc[(kd * k[1] + kh) * k[2] + kw];
                  }
                }
              }
            }
      }
    }
  }
}

// oneDNN deconvolution; false when oneDNN has no implementation for this geometry.
bool onednn_transposed(const Tensor& x, const Tensor& w, const std::optional<Tensor>& bias, Tensor& out,
                       const ConvGeometry& g, const char* op) {
  const int64_t spatial = w.dim() - 2, G = g.groups, Cg = w.size(0) / G, Og = w.size(1);
  // oneDNN wants [G, O/G, I/G, k...]: torch's in/out channel dims swapped, read through strides.
  Shape grouped = {G, Cg, Og};
  for (int64_t i = 0; i < spatial; ++i) grouped.push_back(w.size(2 + i));
  Shape grouped_strides = Tensor::contiguous_strides(grouped);
  Shape swapped = {G, Og, Cg}, swapped_strides = {grouped_strides[0], grouped_strides[2], grouped_strides[1]};
  for (int64_t i = 0; i < spatial; ++i) {
    swapped.push_back(grouped[3 + i]);
    swapped_strides.push_back(grouped_strides[3 + i]);
  }
  Shape w_dims = swapped;
  if (G == 1) {
    w_dims.erase(w_dims.begin());
    swapped_strides.erase(swapped_strides.begin());
  }
  // torch's weight read in oneDNN's dim order: a strided view, no copy.
  const Tensor w_oi = w.as_strided(w_dims, swapped_strides, w.storage_offset());
  auto plain = [](const Shape& dims) {
    return onednn::strided_desc(dims, Tensor::contiguous_strides(dims), DType::Float32);
  };
  const std::string& key = onednn_key("deconv", x, w_dims, out, g, bias.has_value());
  using Deconv = dnnl::deconvolution_forward;
  auto create = [&] {
    const Shape dilates = onednn_dilations(g);
    auto to_dims = [](const Shape& s) { return dnnl::memory::dims(s.begin(), s.end()); };
    dnnl::memory::desc src_md = plain(x.sizes()), dst_md = plain(out.sizes()), bias_md = plain({out.size(1)});
    // Weights in a layout of oneDNN's choosing: plain ones only have a reference implementation.
    dnnl::memory::desc w_any(to_dims(w_dims), dnnl::memory::data_type::f32, dnnl::memory::format_tag::any);
    auto desc =
        bias ? Deconv::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct, src_md, w_any,
                            bias_md, dst_md, to_dims(g.stride), to_dims(dilates), to_dims(g.padding_l),
                            to_dims(g.padding_r))
             : Deconv::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct, src_md, w_any,
                            dst_md, to_dims(g.stride), to_dims(dilates), to_dims(g.padding_l), to_dims(g.padding_r));
    return Deconv(Deconv::primitive_desc(desc, onednn::primitive_attr(), onednn::cpu_engine()));
  };
  dnnl::memory::desc w_want;
  try {
    w_want = dnnl::memory::desc(onednn::bind_primitive(key, create).desc(DNNL_ARG_WEIGHTS));
  } catch (const dnnl::error&) {
    return false;
  }
  const WeightsInLayout weights(w_oi, onednn::strided_desc(w_dims, swapped_strides, DType::Float32), w_want, key,
                                op);
  // Bound again: the reorder above may have reset this thread's bindings.
  onednn::BoundPrimitive& deconv = onednn::bind_primitive(key, create);
  deconv.set(DNNL_ARG_SRC, x.raw_data());
  weights.bind(deconv);
  deconv.set(DNNL_ARG_DST, out.raw_data());
  if (bias) deconv.set(DNNL_ARG_BIAS, bias->raw_data());
  deconv.run(op);
  return true;
}

Tensor transposed_convolution(const Tensor& input_in, const Tensor& weight_in, const std::optional<Tensor>& bias_in,
                              ConvGeometry g, const Shape& output_padding, const char* op) {
  const int64_t spatial = spatial_dims(weight_in, op);
  const bool unbatched = input_in.dim() == spatial + 1;
  TSRT_CHECK(unbatched || input_in.dim() == spatial + 2,
        std::string(op) + ": input " + input_in.shape_string() + " does not match weight " + weight_in.shape_string());
  TSRT_CHECK(input_in.dtype() == weight_in.dtype() &&
            (input_in.dtype() == DType::Float32 || input_in.dtype() == DType::Float64),
        std::string(op) + ": expected float32 or float64 input and weight of one dtype, got " +
            dtype_name(input_in.dtype()) + " and " + dtype_name(weight_in.dtype()));
  Tensor input = contiguous_batched(input_in, unbatched);
  Tensor weight = weight_in.contiguous();
  const int64_t C = input.size(1);
  TSRT_CHECK(g.groups > 0 && C == weight.size(0) && C % g.groups == 0,
        std::string(op) + ": input " + input_in.shape_string() + " with " + std::to_string(g.groups) +
            " groups does not match transposed weight " + weight_in.shape_string());
  const int64_t O = weight.size(1) * g.groups;
  std::optional<Tensor> bias;
  if (bias_in) {
    TSRT_CHECK(bias_in->numel() == O, std::string(op) + ": bias " + bias_in->shape_string() + " does not match " +
                                     std::to_string(O) + " output channels");
    bias = bias_in->to(input.dtype()).contiguous();
  }
  Shape out_shape = {input.size(0), O};
  g.padding_r = g.padding_l;
  for (int64_t i = 0; i < spatial; ++i) {
    TSRT_CHECK(g.stride[i] > 0 && g.dilation[i] > 0 && g.padding_l[i] >= 0,
          std::string(op) + ": stride and dilation must be positive and padding non-negative");
    TSRT_CHECK(output_padding[i] >= 0 && (output_padding[i] < g.stride[i] || output_padding[i] < g.dilation[i]),
          std::string(op) + ": output_padding " + shape_to_string(output_padding) +
              " must be smaller than either stride or dilation");
    int64_t length = (input.size(2 + i) - 1) * g.stride[i] - 2 * g.padding_l[i] +
                     g.dilation[i] * (weight.size(2 + i) - 1) + output_padding[i] + 1;
    TSRT_CHECK(length > 0, std::string(op) + ": input " + input_in.shape_string() + " gives an empty output");
    out_shape.push_back(length);
    g.padding_r[i] -= output_padding[i];  // oneDNN's extra trailing output positions
  }
  Tensor out = Tensor::empty(out_shape, input.dtype());
  if (out.numel() > 0) {
    bool padding_ok = std::all_of(g.padding_r.begin(), g.padding_r.end(), [](int64_t p) { return p >= 0; });
    bool done = input.dtype() == DType::Float32 && input.numel() > 0 && padding_ok &&
                onednn_transposed(input, weight, bias, out, g, op);
    if (!done) {
      if (input.dtype() == DType::Float32)
        reference_transposed<float>(input, weight, bias, out, g);
      else
        reference_transposed<double>(input, weight, bias, out, g);
    }
  }
  if (unbatched) {
    Shape sizes(out_shape.begin() + 1, out_shape.end());
    out = out.as_strided(sizes, Tensor::contiguous_strides(sizes), out.storage_offset());
  }
  return out;
}

// Geometry from int-list stride/padding/dilation arguments.
ConvGeometry int_geometry(const Args& a, size_t stride_i, size_t padding_i, size_t dilation_i, int64_t groups,
                          int64_t spatial, const char* op) {
  ConvGeometry g;
  g.stride = spatial_list(a.int_list(stride_i), spatial, op, "stride");
  g.padding_l = spatial_list(a.int_list(padding_i), spatial, op, "padding");
  g.padding_r = g.padding_l;
  g.dilation = spatial_list(a.int_list(dilation_i), spatial, op, "dilation");
  g.groups = groups;
  return g;
}

// Geometry for padding="same" / "valid"; "same" puts an odd extra pad at the end, as torch does.
ConvGeometry mode_geometry(const Args& a, const Tensor& weight, size_t stride_i, size_t padding_i, size_t dilation_i,
                           int64_t groups, const char* op) {
  const int64_t spatial = spatial_dims(weight, op);
  ConvGeometry g;
  g.stride = spatial_list(a.int_list(stride_i), spatial, op, "stride");
  g.dilation = spatial_list(a.int_list(dilation_i), spatial, op, "dilation");
  g.groups = groups;
  g.padding_l = Shape(spatial, 0);
  g.padding_r = Shape(spatial, 0);
  const std::string& mode = a.to_string(padding_i);
  if (mode == "same") {
    for (int64_t i = 0; i < spatial; ++i) {
      TSRT_CHECK(g.stride[i] == 1, std::string(op) + ": padding='same' is not supported for strided convolutions");
      int64_t total = g.dilation[i] * (weight.size(2 + i) - 1);
      g.padding_l[i] = total / 2;
      g.padding_r[i] = total - total / 2;
    }
  } else {
    TSRT_CHECK(mode == "valid", std::string(op) + ": padding must be 'same' or 'valid', got '" + mode + "'");
  }
  return g;
}

Value underscore_convolution(const Args& a, const char* op) {
  const Tensor& weight = a.tensor(1);
  const int64_t spatial = spatial_dims(weight, op);
  ConvGeometry g = int_geometry(a, 3, 4, 5, a.to_int(8), spatial, op);
  if (a.to_bool(6)) {
    return transposed_convolution(a.tensor(0), weight, a.optional_tensor(2), g,
                                  spatial_list(a.int_list(7), spatial, op, "output_padding"), op);
  }
  return convolution(a.tensor(0), weight, a.optional_tensor(2), g, op);
}

// conv_transpose1d/2d/3d: (input, weight, bias, stride, padding, output_padding, groups, dilation).
Value conv_transpose_nd(const Args& a, int64_t spatial, const char* op) {
  TSRT_CHECK(a.tensor(1).dim() == spatial + 2, std::string(op) + ": weight must have " + std::to_string(spatial + 2) +
                                              " dims, got " + a.tensor(1).shape_string());
  ConvGeometry g = int_geometry(a, 3, 4, 7, a.to_int(6), spatial, op);
  return transposed_convolution(a.tensor(0), a.tensor(1), a.optional_tensor(2), g,
                                spatial_list(a.int_list(5), spatial, op, "output_padding"), op);
}

// conv1d/conv2d/conv3d with int padding.
Value conv_nd(const Args& a, int64_t spatial, const char* op) {
  TSRT_CHECK(a.tensor(1).dim() == spatial + 2, std::string(op) + ": weight must have " + std::to_string(spatial + 2) +
                                              " dims, got " + a.tensor(1).shape_string());
  return convolution(a.tensor(0), a.tensor(1), a.optional_tensor(2), int_geometry(a, 3, 4, 5, a.to_int(6), spatial, op),
                     op);
}

// tsrt::convolution_relu: conv1d/2d/3d (by the weight's dims) then relu, in one pass.
Value convolution_relu(const Args& a) {
  const char* op = "tsrt::convolution_relu";
  const Tensor& weight = a.tensor(1);
  const int64_t spatial = spatial_dims(weight, op);
  return convolution(a.tensor(0), weight, a.optional_tensor(2), int_geometry(a, 3, 4, 5, a.to_int(6), spatial, op), op,
                     true);
}

// conv1d/conv2d/conv3d with "same"/"valid" padding.
Value conv_nd_mode(const Args& a, int64_t spatial, const char* op) {
  TSRT_CHECK(a.tensor(1).dim() == spatial + 2, std::string(op) + ": weight must have " + std::to_string(spatial + 2) +
                                              " dims, got " + a.tensor(1).shape_string());
  return convolution(a.tensor(0), a.tensor(1), a.optional_tensor(2),
                     mode_geometry(a, a.tensor(1), 3, 4, 5, a.to_int(6), op), op);
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// conv1d/2d/3d and (not transposed) _convolution.
ir::TensorFacts convolution_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts weight = c.tensor(c.input(1));
  ir::TensorFacts out{in.dtype == weight.dtype ? in.dtype : std::nullopt, std::nullopt,
                      in.contiguous && weight.contiguous};
  if (c.kind() == "aten::_convolution" || c.kind() == "aten::convolution") {
    if (c.bool_value(c.arg("transposed")) != false) return ir::TensorFacts{};
  }
  std::optional<ir::Sizes> stride = c.int_list(c.arg("stride")), padding = c.int_list(c.arg("padding")),
                           dilation = c.int_list(c.arg("dilation"));
  if (!in.sizes || !weight.sizes || weight.sizes->size() < 3 || !padding) return out;
  size_t spatial = weight.sizes->size() - 2;
  size_t rank = in.sizes->size();
  if (rank != spatial + 2 && rank != spatial + 1) return out;
  ir::Sizes s(in.sizes->begin(), in.sizes->end() - static_cast<int64_t>(spatial));
  s.back() = (*weight.sizes)[0];
  for (size_t i = 0; i < spatial; ++i) {
    s.push_back(ir::window_size((*in.sizes)[rank - spatial + i], (*weight.sizes)[2 + i], ir::per_dim(stride, i, 1),
                                ir::per_dim(padding, i, 0), ir::per_dim(dilation, i, 1), false));
  }
  out.sizes = s;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(convolution) {
  r.add(
      "aten::_convolution(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, int[] dilation, "
      "bool transposed, int[] output_padding, int groups, bool benchmark, bool deterministic, bool cudnn_enabled, "
      "bool allow_tf32) -> Tensor",
      [](const Args& a) { return underscore_convolution(a, "aten::_convolution"); });
  r.add(
      "aten::_convolution.deprecated(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, "
      "int[] dilation, bool transposed, int[] output_padding, int groups, bool benchmark, bool deterministic, "
      "bool cudnn_enabled) -> Tensor",
      [](const Args& a) { return underscore_convolution(a, "aten::_convolution.deprecated"); });
  r.add(
      "aten::_convolution_mode(Tensor input, Tensor weight, Tensor? bias, int[] stride, str padding, "
      "int[] dilation, int groups) -> Tensor",
      [](const Args& a) -> Value {
        const char* op = "aten::_convolution_mode";
        return convolution(a.tensor(0), a.tensor(1), a.optional_tensor(2),
                           mode_geometry(a, a.tensor(1), 3, 4, 5, a.to_int(6), op), op);
      });
  r.add(
      "aten::conv1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], int[1] padding=[0], "
      "int[1] dilation=[1], int groups=1) -> Tensor",
      [](const Args& a) { return conv_nd(a, 1, "aten::conv1d"); });
  r.add(
      "aten::conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, int[2] padding=0, "
      "int[2] dilation=1, int groups=1) -> Tensor",
      [](const Args& a) { return conv_nd(a, 2, "aten::conv2d"); });
  r.add(
      "aten::conv3d(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, int[3] padding=0, "
      "int[3] dilation=1, int groups=1) -> Tensor",
      [](const Args& a) { return conv_nd(a, 3, "aten::conv3d"); });
  r.add(
      "aten::conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], "
      "int[1] padding=[0], int[1] output_padding=[0], int groups=1, int[1] dilation=[1]) -> Tensor",
      [](const Args& a) { return conv_transpose_nd(a, 1, "aten::conv_transpose1d"); });
  r.add(
      "aten::conv_transpose2d.input(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, "
      "int[2] padding=0, int[2] output_padding=0, int groups=1, int[2] dilation=1) -> Tensor",
      [](const Args& a) { return conv_transpose_nd(a, 2, "aten::conv_transpose2d.input"); });
  r.add(
      "aten::conv_transpose3d.input(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, "
      "int[3] padding=0, int[3] output_padding=0, int groups=1, int[3] dilation=1) -> Tensor",
      [](const Args& a) { return conv_transpose_nd(a, 3, "aten::conv_transpose3d.input"); });
  // relu(convolution(...)) written once (passes/fuse_conv_relu.cc); any 1-3 spatial dims.
  r.add(
      "tsrt::convolution_relu(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding, "
      "int[] dilation, int groups) -> Tensor",
      convolution_relu);
  r.add(
      "aten::conv1d.padding(Tensor input, Tensor weight, Tensor? bias=None, int[1] stride=[1], "
      "str padding=\"valid\", int[1] dilation=[1], int groups=1) -> Tensor",
      [](const Args& a) { return conv_nd_mode(a, 1, "aten::conv1d.padding"); });
  r.add(
      "aten::conv2d.padding(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, "
      "str padding=\"valid\", int[2] dilation=1, int groups=1) -> Tensor",
      [](const Args& a) { return conv_nd_mode(a, 2, "aten::conv2d.padding"); });
  r.add(
      "aten::conv3d.padding(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, "
      "str padding=\"valid\", int[3] dilation=1, int groups=1) -> Tensor",
      [](const Args& a) { return conv_nd_mode(a, 3, "aten::conv3d.padding"); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::conv1d", "aten::conv2d", "aten::conv3d", "aten::_convolution"})
      .shape(ir::one_output(convolution_shape));
}

}  // namespace tsrt::kernels
