// Grid sampling (F.grid_sample's aten ops): grid_sampler_2d (bilinear, nearest, bicubic),
// grid_sampler_3d (trilinear, nearest) and grid_sampler, which picks one by the input's rank.
// Grid coordinates in [-1, 1] map to input pixels as torch's GridSampler.h maps them: scaled to
// pixel coordinates (corner or edge aligned), then the padding mode applied (zeros: taps outside
// read 0; border: clamped; reflection: mirrored at the edges, then clamped).
#include <cmath>
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

enum class Interpolation : int64_t { Bilinear = 0, Nearest = 1, Bicubic = 2 };
enum class Padding : int64_t { Zeros = 0, Border = 1, Reflection = 2 };

template <typename T>
T unnormalize(T coord, int64_t size, bool align_corners) {
  if (align_corners) return (coord + 1) / 2 * static_cast<T>(size - 1);
  return ((coord + 1) * static_cast<T>(size) - 1) / 2;
}

// NaN clips to 0, as torch's does.
template <typename T>
T clip(T coord, int64_t size) {
  return coord > 0 ? std::min(static_cast<T>(size - 1), coord) : T(0);
}

// A coordinate as an index; non-finite or huge ones become -2 (outside, and so is the next
// index), where a plain cast would be undefined.
template <typename T>
int64_t to_index(T coord) {
  return coord > T(-1e15) && coord < T(1e15) ? static_cast<int64_t>(coord) : -2;
}

// Mirrors `coord` into [twice_low / 2, twice_high / 2] (torch's reflect_coordinates; the bounds
// come doubled so that half-pixel edges stay integers).
template <typename T>
T reflect(T coord, int64_t twice_low, int64_t twice_high) {
  if (twice_low == twice_high) return T(0);
  const T low = static_cast<T>(twice_low) / 2, span = static_cast<T>(twice_high - twice_low) / 2;
  coord = std::fabs(coord - low);
  const T extra = std::fmod(coord, span);
  if (!std::isfinite(extra)) return extra;  // clip() takes it from here
  const T flips = std::floor(coord / span);
  return std::fmod(flips, T(2)) == 0 ? extra + low : span - extra + low;
}

template <typename T>
T apply_padding(T coord, int64_t size, Padding padding, bool align_corners) {
  if (padding == Padding::Border) return clip(coord, size);
  if (padding == Padding::Reflection) {
    coord = align_corners ? reflect(coord, 0, 2 * (size - 1)) : reflect(coord, -1, 2 * size - 1);
    return clip(coord, size);
  }
  return coord;
}

template <typename T>
T source_coordinate(T coord, int64_t size, Padding padding, bool align_corners) {
  return apply_padding(unnormalize(coord, size, align_corners), size, padding, align_corners);
}

bool inside(int64_t i, int64_t size) { return i >= 0 && i < size; }

template <typename T>
void cubic_coefficients(T t, T coeffs[4]) {
  const T A = T(-0.75);
  auto near = [A](T x) { return ((A + 2) * x - (A + 3)) * x * x + 1; };
  auto far = [A](T x) { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; };
  coeffs[0] = far(t + 1);
  coeffs[1] = near(t);
  coeffs[2] = near(1 - t);
  coeffs[3] = far(2 - t);
}

// x: [N, C, H, W], grid: [N, OH, OW, 2] (both contiguous); out: [N, C, OH, OW].
template <typename T>
void sample_2d(const Tensor& x, const Tensor& grid, Tensor& out, Interpolation mode, Padding padding,
               bool align_corners) {
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t OH = grid.size(1), OW = grid.size(2), points = OH * OW;
  const T* xp = x.data<T>();
  const T* gp = grid.data<T>();
  T* op = out.data<T>();
#pragma omp parallel for if (out.numel() > (1 << 14))
  for (int64_t np = 0; np < N * points; ++np) {
    const int64_t n = np / points, p = np % points;
    const T gx = gp[np * 2], gy = gp[np * 2 + 1];
    const T* image = xp + n * C * H * W;
    T* dst = op + n * C * points + p;
    auto at = [&](int64_t c, int64_t yy, int64_t xx) {
      return inside(yy, H) && inside(xx, W) ? image[(c * H + yy) * W + xx] : T(0);
    };
    if (mode == Interpolation::Bilinear) {
      const T ix = source_coordinate(gx, W, padding, align_corners);
      const T iy = source_coordinate(gy, H, padding, align_corners);
      const T fx = std::floor(ix), fy = std::floor(iy);
      const int64_t x0 = to_index(fx), y0 = to_index(fy);
      const T tx = ix - fx, ty = iy - fy;
      const T nw = (1 - tx) * (1 - ty), ne = tx * (1 - ty), sw = (1 - tx) * ty, se = tx * ty;
      for (int64_t c = 0; c < C; ++c) {
        dst[c * points] = at(c, y0, x0) * nw + at(c, y0, x0 + 1) * ne + at(c, y0 + 1, x0) * sw +
                          at(c, y0 + 1, x0 + 1) * se;
      }
    } else if (mode == Interpolation::Nearest) {
      const T ix = source_coordinate(gx, W, padding, align_corners);
      const T iy = source_coordinate(gy, H, padding, align_corners);
      // Round half to even, as nearbyint in the default rounding mode.
      const int64_t xn = to_index(std::nearbyint(ix)), yn = to_index(std::nearbyint(iy));
      for (int64_t c = 0; c < C; ++c) dst[c * points] = at(c, yn, xn);
    } else {
      // Bicubic: the 4x4 taps around the unpadded coordinate, each tap's integer position then
      // padded on its own.
      const T ix = unnormalize(gx, W, align_corners), iy = unnormalize(gy, H, align_corners);
      const T fx = std::floor(ix), fy = std::floor(iy);
      T cx[4], cy[4];
      cubic_coefficients(ix - fx, cx);
      cubic_coefficients(iy - fy, cy);
      int64_t xs[4], ys[4];
      for (int k = 0; k < 4; ++k) {
        xs[k] = to_index(apply_padding(fx - 1 + k, W, padding, align_corners));
        ys[k] = to_index(apply_padding(fy - 1 + k, H, padding, align_corners));
      }
      for (int64_t c = 0; c < C; ++c) {
        T value = 0;
        for (int j = 0; j < 4; ++j) {
          const T row = at(c, ys[j], xs[0]) * cx[0] + at(c, ys[j], xs[1]) * cx[1] + at(c, ys[j], xs[2]) * cx[2] +
                        at(c, ys[j], xs[3]) * cx[3];
          value += row * cy[j];
        }
        dst[c * points] = value;
      }
    }
  }
}

// x: [N, C, D, H, W], grid: [N, OD, OH, OW, 3]; out: [N, C, OD, OH, OW].
template <typename T>
void sample_3d(const Tensor& x, const Tensor& grid, Tensor& out, Interpolation mode, Padding padding,
               bool align_corners) {
  const int64_t N = x.size(0), C = x.size(1), D = x.size(2), H = x.size(3), W = x.size(4);
  const int64_t points = grid.size(1) * grid.size(2) * grid.size(3);
  const T* xp = x.data<T>();
  const T* gp = grid.data<T>();
  T* op = out.data<T>();
#pragma omp parallel for if (out.numel() > (1 << 14))
  for (int64_t np = 0; np < N * points; ++np) {
    const int64_t n = np / points, p = np % points;
    const T iz = source_coordinate(gp[np * 3 + 2], D, padding, align_corners);
    const T iy = source_coordinate(gp[np * 3 + 1], H, padding, align_corners);
    const T ix = source_coordinate(gp[np * 3], W, padding, align_corners);
    const T* volume = xp + n * C * D * H * W;
    T* dst = op + n * C * points + p;
    auto at = [&](int64_t c, int64_t zz, int64_t yy, int64_t xx) {
      return inside(zz, D) && inside(yy, H) && inside(xx, W) ? volume[((c * D + zz) * H + yy) * W + xx] : T(0);
    };
    if (mode == Interpolation::Nearest) {
      const int64_t xn = to_index(std::nearbyint(ix)), yn = to_index(std::nearbyint(iy)),
                    zn = to_index(std::nearbyint(iz));
      for (int64_t c = 0; c < C; ++c) dst[c * points] = at(c, zn, yn, xn);
      continue;
    }
    const T fx = std::floor(ix), fy = std::floor(iy), fz = std::floor(iz);
    const int64_t x0 = to_index(fx), y0 = to_index(fy), z0 = to_index(fz);
    const T tx = ix - fx, ty = iy - fy, tz = iz - fz;
    for (int64_t c = 0; c < C; ++c) {
      T value = 0;
      for (int dz = 0; dz < 2; ++dz) {
        const T wz = dz ? tz : 1 - tz;
        for (int dy = 0; dy < 2; ++dy) {
          const T wy = dy ? ty : 1 - ty;
          for (int dx = 0; dx < 2; ++dx) {
            const T wx = dx ? tx : 1 - tx;
            value += at(c, z0 + dz, y0 + dy, x0 + dx) * (wx * wy * wz);
          }
        }
      }
      dst[c * points] = value;
    }
  }
}

Tensor grid_sample(const Tensor& input, const Tensor& grid_arg, int64_t mode_arg, int64_t padding_arg,
                   bool align_corners, int64_t spatial, const std::string& op) {
  TSRT_CHECK(input.dim() == spatial + 2, op + ": expected a " + std::to_string(spatial + 2) + "-d input, got " +
                                             input.shape_string());
  TSRT_CHECK(grid_arg.dim() == spatial + 2 && grid_arg.size(-1) == spatial,
             op + ": expected a grid of shape [N, ..., " + std::to_string(spatial) + "] with " +
                 std::to_string(spatial + 2) + " dims, got " + grid_arg.shape_string());
  TSRT_CHECK(input.size(0) == grid_arg.size(0), op + ": input " + input.shape_string() + " and grid " +
                                                    grid_arg.shape_string() + " must have the same batch size");
  TSRT_CHECK(input.dtype() == grid_arg.dtype() && (input.dtype() == DType::Float32 || input.dtype() == DType::Float64),
             op + ": expected float32 or float64 input and grid of one dtype, got " + dtype_name(input.dtype()) +
                 " and " + dtype_name(grid_arg.dtype()));
  for (int64_t d = 2; d < input.dim(); ++d) {
    TSRT_CHECK(input.size(d) > 0, op + ": input " + input.shape_string() + " has an empty spatial dim");
  }
  TSRT_CHECK(mode_arg >= 0 && mode_arg <= (spatial == 2 ? 2 : 1),
             op + ": unsupported interpolation mode " + std::to_string(mode_arg) +
                 (spatial == 3 ? " (3-d sampling has bilinear and nearest only)" : ""));
  TSRT_CHECK(padding_arg >= 0 && padding_arg <= 2, op + ": unsupported padding mode " + std::to_string(padding_arg));
  const auto mode = static_cast<Interpolation>(mode_arg);
  const auto padding = static_cast<Padding>(padding_arg);
  Shape out_sizes = {input.size(0), input.size(1)};
  for (int64_t d = 1; d <= spatial; ++d) out_sizes.push_back(grid_arg.size(d));
  Tensor out = Tensor::empty(out_sizes, input.dtype());
  if (out.numel() == 0) return out;
  const Tensor x = input.contiguous(), grid = grid_arg.contiguous();
  if (input.dtype() == DType::Float32) {
    if (spatial == 2)
      sample_2d<float>(x, grid, out, mode, padding, align_corners);
    else
      sample_3d<float>(x, grid, out, mode, padding, align_corners);
  } else {
    if (spatial == 2)
      sample_2d<double>(x, grid, out, mode, padding, align_corners);
    else
      sample_3d<double>(x, grid, out, mode, padding, align_corners);
  }
  return out;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// [N, C] of the input, then the grid's spatial dims; a new contiguous tensor.
ir::TensorFacts sampled_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self(), grid = c.tensor(c.input(1));
  ir::TensorFacts out{in.dtype, std::nullopt, true};
  if (!in.sizes || !grid.sizes || in.sizes->size() < 3 || grid.sizes->size() != in.sizes->size()) return out;
  ir::Sizes s = {(*in.sizes)[0], (*in.sizes)[1]};
  s.insert(s.end(), grid.sizes->begin() + 1, grid.sizes->end() - 1);
  out.sizes = s;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(grid_sample) {
  r.add("aten::grid_sampler_2d(Tensor input, Tensor grid, int interpolation_mode, int padding_mode, "
        "bool align_corners) -> Tensor",
        [](const Args& a) {
          return Value(grid_sample(a.tensor(0), a.tensor(1), a.to_int(2), a.to_int(3), a.to_bool(4), 2,
                                   "aten::grid_sampler_2d"));
        });
  r.add("aten::grid_sampler_3d(Tensor input, Tensor grid, int interpolation_mode, int padding_mode, "
        "bool align_corners) -> Tensor",
        [](const Args& a) {
          return Value(grid_sample(a.tensor(0), a.tensor(1), a.to_int(2), a.to_int(3), a.to_bool(4), 3,
                                   "aten::grid_sampler_3d"));
        });
  r.add("aten::grid_sampler(Tensor input, Tensor grid, int interpolation_mode, int padding_mode, "
        "bool align_corners) -> Tensor",
        [](const Args& a) {
          const Tensor& input = a.tensor(0);
          TSRT_CHECK(input.dim() == 4 || input.dim() == 5,
                     "aten::grid_sampler: expected a 4-d or 5-d input, got " + input.shape_string());
          return Value(grid_sample(input, a.tensor(1), a.to_int(2), a.to_int(3), a.to_bool(4), input.dim() - 2,
                                   "aten::grid_sampler"));
        });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::grid_sampler", "aten::grid_sampler_2d", "aten::grid_sampler_3d"})
      .shape(ir::one_output(sampled_shape));
}

}  // namespace tsrt::kernels
