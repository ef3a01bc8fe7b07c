// Upsampling (F.interpolate's aten ops): nearest and nearest-exact in 1/2/3 dims, linear,
// bilinear, bicubic and trilinear, and the antialiased bilinear/bicubic 2-d ops, each with its
// `.vec` overload (output_size or scale_factors). Every mode is separable: per spatial axis, each
// output index reads a few input indices ("taps") with weights computed exactly as torch's CPU
// kernels compute them (float32 index arithmetic for float32 inputs, float64 for float64), and
// an output element is the nested weighted sum over the axes (outermost axis applied last).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

enum class Interp { Nearest, NearestExact, Linear, Cubic, LinearAA, CubicAA };

// Per output index along one axis: `width` input indices and their weights.
template <typename T>
struct AxisTaps {
  int64_t width = 1;
  std::vector<int64_t> index;  // [out * width]
  std::vector<T> weight;       // [out * width]
};

// torch's scale from output to input coordinates (UpSample.h's area_pixel_compute_scale).
template <typename T>
T area_scale(int64_t in, int64_t out, bool align_corners, std::optional<double> scale) {
  if (align_corners) return out > 1 ? static_cast<T>(in - 1) / static_cast<T>(out - 1) : T(0);
  if (scale && *scale > 0) return static_cast<T>(1.0 / *scale);
  return static_cast<T>(in) / static_cast<T>(out);
}

// The input coordinate of output index `o` (area_pixel_compute_source_index); the half-pixel
// shift is done in double, as torch's `scale * (o + 0.5) - 0.5` is.
template <typename T>
T source_index(T scale, int64_t o, bool align_corners, bool cubic) {
  if (align_corners) return scale * static_cast<T>(o);
  const T src = static_cast<T>(scale * (static_cast<double>(o) + 0.5) - 0.5);
  return (!cubic && src < 0) ? T(0) : src;
}

// Keys' cubic convolution kernel with torch's A = -0.75, for distance t to the left tap.
template <typename T>
void cubic_coefficients(T t, T coeffs[4]) {
  const T A = T(-0.75);
  auto near = [A](T x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };      // |x| <= 1
  auto far = [A](T x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };  // 1 < |x| < 2
  coeffs[0] = far(t + 1);
  coeffs[1] = near(t);
  coeffs[2] = near(1 - t);
  coeffs[3] = far(2 - t);
}

// The antialiasing filters (PIL's): triangle for bilinear, cubic with a = -0.5 for bicubic.
template <typename T>
T aa_filter(T x, bool cubic) {
  if (x < 0) x = -x;
  if (!cubic) return x < 1 ? 1 - x : T(0);
  const T a = T(-0.5);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return T(0);
}

template <typename T>
AxisTaps<T> axis_taps(Interp mode, int64_t in, int64_t out, bool align_corners, std::optional<double> scale_arg) {
  AxisTaps<T> taps;
  auto push = [&taps](int64_t i, T w) {
    taps.index.push_back(i);
    taps.weight.push_back(w);
  };
  switch (mode) {
    case Interp::Nearest:
    case Interp::NearestExact: {
      const T scale = area_scale<T>(in, out, false, scale_arg);
      for (int64_t o = 0; o < out; ++o) {
        // torch floors in float (floorf) whatever the dtype.
        const float real = mode == Interp::Nearest
                               ? static_cast<float>(scale * static_cast<T>(o))
                               : static_cast<float>(source_index<T>(scale, o, false, false) + T(0.5));
        push(std::min(static_cast<int64_t>(std::floor(real)), in - 1), T(1));
      }
      break;
    }
    case Interp::Linear: {
      taps.width = 2;
      const T scale = area_scale<T>(in, out, align_corners, scale_arg);
      for (int64_t o = 0; o < out; ++o) {
        if (in == out) {
          push(o, T(1));
          push(o, T(0));
          continue;
        }
        const T real = source_index<T>(scale, o, align_corners, false);
        // Clamped: a scale inconsistent with the sizes would make torch read outside the input.
        const int64_t i0 = std::min(static_cast<int64_t>(real), in - 1);
        const T lambda1 = std::min(std::max(real - static_cast<T>(i0), T(0)), T(1));
        push(i0, T(1) - lambda1);
        push(i0 + (i0 < in - 1 ? 1 : 0), lambda1);
      }
      break;
    }
    case Interp::Cubic: {
      taps.width = 4;
      const T scale = area_scale<T>(in, out, align_corners, scale_arg);
      for (int64_t o = 0; o < out; ++o) {
        const T real = source_index<T>(scale, o, align_corners, true);
        const int64_t i = static_cast<int64_t>(std::floor(static_cast<float>(real)));
        T coeffs[4];
        cubic_coefficients<T>(real - static_cast<T>(i), coeffs);
        for (int64_t j = 0; j < 4; ++j) push(std::min(std::max<int64_t>(i - 1 + j, 0), in - 1), coeffs[j]);
      }
      break;
    }
    case Interp::LinearAA:
    case Interp::CubicAA: {
      const bool cubic = mode == Interp::CubicAA;
      const T interp_size = cubic ? T(4) : T(2);
      const T scale = area_scale<T>(in, out, align_corners, scale_arg);
      // Downsampling widens the filter by the scale, so every input pixel contributes.
      const T support = scale >= 1 ? interp_size * T(0.5) * scale : interp_size * T(0.5);
      const T invscale = scale >= 1 ? T(1) / scale : T(1);
      std::vector<int64_t> starts(out), counts(out);
      for (int64_t o = 0; o < out; ++o) {
        const T center = static_cast<T>(scale * (static_cast<double>(o) + 0.5));
        starts[o] = std::max<int64_t>(static_cast<int64_t>(center - support + T(0.5)), 0);
        // Clamped so that explicit scales inconsistent with the sizes cannot reach outside the input.
        starts[o] = std::min(starts[o], in - 1);
        const int64_t end = std::min<int64_t>(static_cast<int64_t>(center + support + T(0.5)), in);
        counts[o] = std::max<int64_t>(end - starts[o], 0);
        taps.width = std::max(taps.width, counts[o]);
      }
      for (int64_t o = 0; o < out; ++o) {
        const T center = static_cast<T>(scale * (static_cast<double>(o) + 0.5));
        std::vector<T> w(static_cast<size_t>(taps.width), T(0));
        T total = 0;
        for (int64_t j = 0; j < counts[o]; ++j) {
          w[j] = aa_filter<T>((static_cast<T>(j + starts[o]) - center + T(0.5)) * invscale, cubic);
          total += w[j];
        }
        for (int64_t j = 0; j < taps.width; ++j) {
          // Padding taps (beyond this index's count) read a valid index with weight 0.
          push(j < counts[o] ? starts[o] + j : starts[o], total != 0 ? w[j] / total : w[j]);
        }
      }
      break;
    }
  }
  return taps;
}

// x: contiguous [planes, D, H, W]; out: [planes, OD, OH, OW]; taps for D, H, W.
template <typename T>
void interpolate(const Tensor& x, Tensor& out, const AxisTaps<T> (&taps)[3]) {
  const int64_t planes = x.size(0), D = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OD = out.size(1), OH = out.size(2), OW = out.size(3);
  const int64_t wd = taps[0].width, wh = taps[1].width, ww = taps[2].width;
  const T* xp = x.data<T>();
  T* op = out.data<T>();
  const int64_t rows = planes * OD * OH;
#pragma omp parallel for if (out.numel() * wd * wh * ww > (1 << 16))
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t oh = row % OH, od = (row / OH) % OD, p = row / (OH * OD);
    const T* plane = xp + p * D * H * W;
    T* dst = op + row * OW;
    for (int64_t ow = 0; ow < OW; ++ow) {
      T acc_d = 0;
      for (int64_t a = 0; a < wd; ++a) {
        const T* slab = plane + taps[0].index[od * wd + a] * H * W;
        T acc_h = 0;
        for (int64_t b = 0; b < wh; ++b) {
          const T* line = slab + taps[1].index[oh * wh + b] * W;
          T acc_w = 0;
          for (int64_t c = 0; c < ww; ++c) acc_w += line[taps[2].index[ow * ww + c]] * taps[2].weight[ow * ww + c];
          acc_h = b == 0 ? acc_w * taps[1].weight[oh * wh] : acc_h + acc_w * taps[1].weight[oh * wh + b];
        }
        acc_d = a == 0 ? acc_h * taps[0].weight[od * wd] : acc_d + acc_h * taps[0].weight[od * wd + a];
      }
      dst[ow] = acc_d;
    }
  }
}

struct UpsampleOp {
  const char* name;
  Interp mode;
  int64_t spatial;
};

// Upsamples the trailing `spatial` dims of a [N, C, ...] input to `out_size`; `scales` (one per
// spatial dim) are the user's scale factors when given, which torch uses instead of in/out.
Tensor upsample(const UpsampleOp& op, const Tensor& input, const Shape& out_size,
                const std::vector<std::optional<double>>& scales, bool align_corners) {
  const std::string name = op.name;
  const int64_t spatial = op.spatial;
  TSRT_CHECK(input.dim() == spatial + 2, name + ": expected a " + std::to_string(spatial + 2) + "-d input, got " +
                                             input.shape_string());
  TSRT_CHECK(input.dtype() == DType::Float32 || input.dtype() == DType::Float64 ||
                 (input.dtype() == DType::UInt8 && (op.mode == Interp::Nearest || op.mode == Interp::NearestExact)),
             name + ": unsupported dtype " + dtype_name(input.dtype()));
  TSRT_CHECK(static_cast<int64_t>(out_size.size()) == spatial,
             name + ": expected output_size with " + std::to_string(spatial) + " entries, got " +
                 shape_to_string(out_size));
  Shape in4 = {input.size(0) * input.size(1), 1, 1, 1}, out4 = in4;
  for (int64_t i = 0; i < spatial; ++i) {
    const int64_t in = input.size(2 + i);
    TSRT_CHECK(in > 0 && out_size[i] > 0, name + ": input and output sizes should be greater than 0, got input " +
                                              input.shape_string() + " and output_size " + shape_to_string(out_size));
    in4[4 - spatial + i] = in;
    out4[4 - spatial + i] = out_size[i];
  }
  Shape result_sizes = {input.size(0), input.size(1)};
  result_sizes.insert(result_sizes.end(), out_size.begin(), out_size.end());
  Tensor result = Tensor::empty(result_sizes, input.dtype());
  if (result.numel() == 0) return result;
  Tensor c = input.contiguous();
  Tensor x = c.as_strided(in4, Tensor::contiguous_strides(in4), c.storage_offset());
  Tensor out = result.as_strided(out4, Tensor::contiguous_strides(out4), 0);
  // Computes on `src` into `dst` (both [planes, D, H, W]) with T's index arithmetic.
  auto run = [&](auto zero, const Tensor& src, Tensor& dst) {
    using T = decltype(zero);
    AxisTaps<T> taps[3];
    for (int64_t i = 0; i < 3; ++i) {
      const int64_t s = i - (3 - spatial);  // index into the op's spatial dims, < 0 for padding axes
      if (s < 0) {
        taps[i].index = {0};
        taps[i].weight = {T(1)};
      } else {
        taps[i] = axis_taps<T>(op.mode, in4[1 + i], out4[1 + i], align_corners, scales[s]);
      }
    }
    interpolate<T>(src, dst, taps);
  };
  if (input.dtype() == DType::Float64) {
    run(double(0), x, out);
  } else if (input.dtype() == DType::Float32) {
    run(float(0), x, out);
  } else {
    // uint8 (nearest modes only): a gather with weight 1, so a float32 round trip is exact.
    Tensor as_float = Tensor::empty(out4, DType::Float32);
    run(float(0), x.to(DType::Float32), as_float);
    out.copy_from(as_float);
  }
  return result;
}

std::vector<double> double_list(const Value& v) {
  std::vector<double> values;
  for (const Value& item : v.to_list()->items) values.push_back(item.to_double());
  return values;
}

// The `.vec` overloads: exactly one of output_size and scale_factors; with scale factors the
// output size is floor(in * factor) and the factors themselves become the scales.
Tensor upsample_vec(const UpsampleOp& op, const Args& a, size_t scale_factors_i, bool align_corners) {
  const Tensor& input = a.tensor(0);
  const std::string name = std::string(op.name) + ".vec";
  const bool has_size = !a[1].is_none(), has_scales = !a[scale_factors_i].is_none();
  TSRT_CHECK(has_size != has_scales, name + ": must specify exactly one of output_size and scale_factors");
  TSRT_CHECK(input.dim() == op.spatial + 2, name + ": expected a " + std::to_string(op.spatial + 2) +
                                                "-d input, got " + input.shape_string());
  std::vector<std::optional<double>> scales(static_cast<size_t>(op.spatial));
  Shape out_size;
  if (has_size) {
    out_size = a.int_list(1);
  } else {
    std::vector<double> factors = double_list(a[scale_factors_i]);
    TSRT_CHECK(static_cast<int64_t>(factors.size()) == op.spatial,
               name + ": expected " + std::to_string(op.spatial) + " scale_factors, got " +
                   std::to_string(factors.size()));
    for (int64_t i = 0; i < op.spatial; ++i) {
      const double size = static_cast<double>(input.size(2 + i)) * factors[i];
      TSRT_CHECK(std::isfinite(size) && size < 9.0e15, name + ": scale factor " + std::to_string(factors[i]) +
                                                            " gives an output size out of range");
      out_size.push_back(static_cast<int64_t>(size));
      scales[i] = factors[i];
    }
  }
  return upsample(op, input, out_size, scales, align_corners);
}

// The plain overloads: output_size, [align_corners,] then one optional scale per spatial dim.
Tensor upsample_sized(const UpsampleOp& op, const Args& a, bool has_align_corners) {
  const size_t first_scale = has_align_corners ? 3 : 2;
  std::vector<std::optional<double>> scales;
  for (int64_t i = 0; i < op.spatial; ++i) scales.push_back(a.optional_double(first_scale + i));
  return upsample(op, a.tensor(0), a.int_list(1), scales, has_align_corners && a.to_bool(2));
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// The items of a float[] that is a constant or a list built of constants (else none).
std::vector<std::optional<double>> constant_doubles(const ir::ShapeContext& c, const ir::Value* v) {
  std::vector<std::optional<double>> values;
  if (const Value* list = c.constant(v)) {
    if (list->is_list())
      for (const Value& item : list->to_list()->items) values.push_back(item.to_double());
  } else if (v && v->node()->kind() == "prim::ListConstruct") {
    for (const ir::Value* item : v->node()->inputs()) {
      const Value* constant = c.constant(item);
      values.push_back(constant && constant->is_number() ? std::optional<double>(constant->to_double())
                                                         : std::nullopt);
    }
  }
  return values;
}

// [N, C] then output_size, or floor(in * factor) for constant scale_factors.
ir::TensorFacts upsampled_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  if (!in.sizes || in.sizes->size() < 3) return out;
  const size_t spatial = in.sizes->size() - 2;
  ir::Sizes s = {(*in.sizes)[0], (*in.sizes)[1]};
  const ir::Value* size_arg = c.arg("output_size");
  if (!c.is_none(size_arg)) {
    std::optional<ir::Sizes> size = c.int_list(size_arg);
    if (!size || size->size() != spatial) return out;
    s.insert(s.end(), size->begin(), size->end());
  } else {
    const std::vector<std::optional<double>> factors = constant_doubles(c, c.arg("scale_factors"));
    if (factors.size() != spatial) return out;
    for (size_t i = 0; i < spatial; ++i) {
      const std::optional<int64_t> in_size = (*in.sizes)[2 + i];
      s.push_back(in_size && factors[i]
                      ? std::optional<int64_t>(static_cast<int64_t>(static_cast<double>(*in_size) * *factors[i]))
                      : std::nullopt);
    }
  }
  out.sizes = s;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(upsample) {
  struct Registration {
    UpsampleOp op;
    bool align_corners;  // whether the schemas take align_corners
    const char* sized;
    const char* vec;
  };
  static const Registration registrations[] = {
      {{"aten::upsample_nearest1d", Interp::Nearest, 1}, false,
       "aten::upsample_nearest1d(Tensor self, SymInt[1] output_size, float? scales=None) -> Tensor",
       "aten::upsample_nearest1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"},
      {{"aten::upsample_nearest2d", Interp::Nearest, 2}, false,
       "aten::upsample_nearest2d(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None) "
       "-> Tensor",
       "aten::upsample_nearest2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"},
      {{"aten::upsample_nearest3d", Interp::Nearest, 3}, false,
       "aten::upsample_nearest3d(Tensor self, SymInt[3] output_size, float? scales_d=None, float? scales_h=None, "
       "float? scales_w=None) -> Tensor",
       "aten::upsample_nearest3d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"},
      {{"aten::_upsample_nearest_exact1d", Interp::NearestExact, 1}, false,
       "aten::_upsample_nearest_exact1d(Tensor self, SymInt[1] output_size, float? scales=None) -> Tensor",
       "aten::_upsample_nearest_exact1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"},
      {{"aten::_upsample_nearest_exact2d", Interp::NearestExact, 2}, false,
       "aten::_upsample_nearest_exact2d(Tensor self, SymInt[2] output_size, float? scales_h=None, "
       "float? scales_w=None) -> Tensor",
       "aten::_upsample_nearest_exact2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"},
      {{"aten::_upsample_nearest_exact3d", Interp::NearestExact, 3}, false,
       "aten::_upsample_nearest_exact3d(Tensor self, SymInt[3] output_size, float? scales_d=None, "
       "float? scales_h=None, float? scales_w=None) -> Tensor",
       "aten::_upsample_nearest_exact3d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"},
      {{"aten::upsample_linear1d", Interp::Linear, 1}, true,
       "aten::upsample_linear1d(Tensor self, SymInt[1] output_size, bool align_corners, float? scales=None) -> Tensor",
       "aten::upsample_linear1d.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
       "float[]? scale_factors) -> Tensor"},
      {{"aten::upsample_bilinear2d", Interp::Linear, 2}, true,
       "aten::upsample_bilinear2d(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, "
       "float? scales_w=None) -> Tensor",
       "aten::upsample_bilinear2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
       "float[]? scale_factors) -> Tensor"},
      {{"aten::upsample_trilinear3d", Interp::Linear, 3}, true,
       "aten::upsample_trilinear3d(Tensor self, SymInt[3] output_size, bool align_corners, float? scales_d=None, "
       "float? scales_h=None, float? scales_w=None) -> Tensor",
       "aten::upsample_trilinear3d.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
       "float[]? scale_factors) -> Tensor"},
      {{"aten::upsample_bicubic2d", Interp::Cubic, 2}, true,
       "aten::upsample_bicubic2d(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, "
       "float? scales_w=None) -> Tensor",
       "aten::upsample_bicubic2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
       "float[]? scale_factors) -> Tensor"},
      {{"aten::_upsample_bilinear2d_aa", Interp::LinearAA, 2}, true,
       "aten::_upsample_bilinear2d_aa(Tensor self, SymInt[2] output_size, bool align_corners, "
       "float? scales_h=None, float? scales_w=None) -> Tensor",
       "aten::_upsample_bilinear2d_aa.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
       "float[]? scale_factors) -> Tensor"},
      {{"aten::_upsample_bicubic2d_aa", Interp::CubicAA, 2}, true,
       "aten::_upsample_bicubic2d_aa(Tensor self, SymInt[2] output_size, bool align_corners, "
       "float? scales_h=None, float? scales_w=None) -> Tensor",
       "aten::_upsample_bicubic2d_aa.vec(Tensor input, SymInt[]? output_size, bool align_corners, "
       "float[]? scale_factors) -> Tensor"},
  };
  for (const Registration& reg : registrations) {
    const UpsampleOp op = reg.op;
    const bool align = reg.align_corners;
    r.add(reg.sized, [op, align](const Args& a) { return Value(upsample_sized(op, a, align)); });
    r.add(reg.vec, [op, align](const Args& a) {
      return Value(upsample_vec(op, a, align ? 3 : 2, align && a.to_bool(2)));
    });
  }

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::upsample_nearest1d", "aten::upsample_nearest2d", "aten::upsample_nearest3d",
         "aten::_upsample_nearest_exact1d", "aten::_upsample_nearest_exact2d", "aten::_upsample_nearest_exact3d",
         "aten::upsample_linear1d", "aten::upsample_bilinear2d", "aten::upsample_trilinear3d",
         "aten::upsample_bicubic2d", "aten::_upsample_bilinear2d_aa", "aten::_upsample_bicubic2d_aa"})
      .shape(ir::one_output(upsampled_shape));
}

}  // namespace tsrt::kernels
