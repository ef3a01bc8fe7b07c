// Sliding blocks (F.unfold / F.fold): im2col and col2im over 2-d images. Column row
// c * kh * kw + i * kw + j, column oh * OW + ow holds input pixel
// (c, oh * sh - ph + i * dh, ow * sw - pw + j * dw), 0 where that lies in the padding;
// col2im adds every column entry back into the pixel it came from.
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

struct Blocks {
  int64_t kernel[2], dilation[2], padding[2], stride[2];
  int64_t blocks[2];  // sliding positions per spatial dim
};

Shape pair_arg(const Args& a, size_t i, const char* what, const std::string& op) {
  Shape v = a.int_list(i);
  if (v.size() == 1) v = Shape(2, v[0]);
  TSRT_CHECK(v.size() == 2, op + ": " + what + " must have 2 entries, got " + shape_to_string(v));
  return v;
}

// Reads kernel_size, dilation, padding, stride from args first.. first+3 and the block counts
// for an image of `height` x `width`.
Blocks blocks_from(const Args& a, size_t first, int64_t height, int64_t width, const std::string& op) {
  const Shape k = pair_arg(a, first, "kernel_size", op), d = pair_arg(a, first + 1, "dilation", op),
              p = pair_arg(a, first + 2, "padding", op), s = pair_arg(a, first + 3, "stride", op);
  Blocks b;
  const int64_t size[2] = {height, width};
  for (int i = 0; i < 2; ++i) {
    b.kernel[i] = k[i];
    b.dilation[i] = d[i];
    b.padding[i] = p[i];
    b.stride[i] = s[i];
    TSRT_CHECK(k[i] > 0 && d[i] > 0 && s[i] > 0, op + ": kernel_size, dilation and stride must be positive, got " +
                                                     shape_to_string(k) + ", " + shape_to_string(d) + ", " +
                                                     shape_to_string(s));
    TSRT_CHECK(p[i] >= 0, op + ": padding must be non-negative, got " + shape_to_string(p));
    // They come from the model's code: bounded so that the block arithmetic cannot wrap.
    constexpr int64_t kLimit = int64_t{1} << 31;
    TSRT_CHECK(k[i] < kLimit && d[i] < kLimit && p[i] < kLimit && s[i] < kLimit && size[i] < kLimit,
               op + ": kernel_size, dilation, padding, stride or size out of range");
    b.blocks[i] = (size[i] + 2 * p[i] - (d[i] * (k[i] - 1) + 1)) / s[i] + 1;
    TSRT_CHECK(size[i] + 2 * p[i] - (d[i] * (k[i] - 1) + 1) >= 0,
               op + ": spatial size " + std::to_string(height) + " x " + std::to_string(width) +
                   " is too small for kernel_size " + shape_to_string(k) + " with dilation " + shape_to_string(d) +
                   " and padding " + shape_to_string(p) + " (no sliding block fits)");
  }
  return b;
}

// Calls f(image row, image col, column row, column index) for every in-image entry of one channel.
template <typename F>
void for_each_tap(const Blocks& b, int64_t height, int64_t width, F&& f) {
  const int64_t kh = b.kernel[0], kw = b.kernel[1], bh = b.blocks[0], bw = b.blocks[1];
  for (int64_t i = 0; i < kh; ++i) {
    for (int64_t j = 0; j < kw; ++j) {
      const int64_t row = i * kw + j;
      for (int64_t oh = 0; oh < bh; ++oh) {
        const int64_t y = oh * b.stride[0] - b.padding[0] + i * b.dilation[0];
        for (int64_t ow = 0; ow < bw; ++ow) {
          const int64_t x = ow * b.stride[1] - b.padding[1] + j * b.dilation[1];
          f(y, x, row, oh * bw + ow, y >= 0 && y < height && x >= 0 && x < width);
        }
      }
    }
  }
}

template <typename T>
void im2col_loop(const Tensor& x, Tensor& out, const Blocks& b, int64_t planes, int64_t H, int64_t W) {
  const int64_t taps = b.kernel[0] * b.kernel[1], L = b.blocks[0] * b.blocks[1];
  const T* xp = x.data<T>();
  T* op = out.data<T>();
#pragma omp parallel for if (out.numel() > (1 << 16))
  for (int64_t plane = 0; plane < planes; ++plane) {
    const T* image = xp + plane * H * W;
    T* cols = op + plane * taps * L;
    for_each_tap(b, H, W, [&](int64_t y, int64_t xx, int64_t row, int64_t col, bool in_image) {
      cols[row * L + col] = in_image ? image[y * W + xx] : T(0);
    });
  }
}

template <typename T>
void col2im_loop(const Tensor& x, Tensor& out, const Blocks& b, int64_t planes, int64_t H, int64_t W) {
  const int64_t taps = b.kernel[0] * b.kernel[1], L = b.blocks[0] * b.blocks[1];
  const T* xp = x.data<T>();
  T* op = out.data<T>();
#pragma omp parallel for if (x.numel() > (1 << 16))
  for (int64_t plane = 0; plane < planes; ++plane) {
    const T* cols = xp + plane * taps * L;
    T* image = op + plane * H * W;
    for_each_tap(b, H, W, [&](int64_t y, int64_t xx, int64_t row, int64_t col, bool in_image) {
      if (in_image) image[y * W + xx] += cols[row * L + col];
    });
  }
}

void check_float(const Tensor& t, const std::string& op) {
  TSRT_CHECK(t.dtype() == DType::Float32 || t.dtype() == DType::Float64,
             op + ": expected a float32 or float64 input, got " + dtype_name(t.dtype()));
}

Tensor im2col(const Args& a) {
  const std::string op = "aten::im2col";
  const Tensor& input = a.tensor(0);
  TSRT_CHECK(input.dim() == 3 || input.dim() == 4, op + ": expected a 3-d or 4-d input, got " + input.shape_string());
  check_float(input, op);
  const bool batched = input.dim() == 4;
  const int64_t N = batched ? input.size(0) : 1, C = input.size(-3), H = input.size(-2), W = input.size(-1);
  TSRT_CHECK(C > 0 && H > 0 && W > 0, op + ": expected non-empty channel and spatial dims, got " +
                                          input.shape_string());
  const Blocks b = blocks_from(a, 1, H, W, op);
  const int64_t taps = b.kernel[0] * b.kernel[1], L = b.blocks[0] * b.blocks[1];
  Shape sizes = {C * taps, L};
  if (batched) sizes.insert(sizes.begin(), N);
  Tensor out = Tensor::empty(sizes, input.dtype());
  if (out.numel() == 0) return out;
  const Tensor x = input.contiguous();
  if (input.dtype() == DType::Float32)
    im2col_loop<float>(x, out, b, N * C, H, W);
  else
    im2col_loop<double>(x, out, b, N * C, H, W);
  return out;
}

Tensor col2im(const Args& a) {
  const std::string op = "aten::col2im";
  const Tensor& input = a.tensor(0);
  TSRT_CHECK(input.dim() == 2 || input.dim() == 3, op + ": expected a 2-d or 3-d input, got " + input.shape_string());
  const bool batched = input.dim() == 3;
  const Shape out_size = pair_arg(a, 1, "output_size", op);
  const int64_t H = out_size[0], W = out_size[1];
  TSRT_CHECK(H > 0 && W > 0, op + ": output_size must be positive, got " + shape_to_string(out_size));
  const Blocks b = blocks_from(a, 2, H, W, op);
  const int64_t taps = b.kernel[0] * b.kernel[1], L = b.blocks[0] * b.blocks[1];
  const int64_t N = batched ? input.size(0) : 1, rows = input.size(-2);
  TSRT_CHECK(rows % taps == 0 && rows > 0, op + ": dim " + std::to_string(input.dim() - 2) + " of input " +
                                               input.shape_string() + " must be a non-zero multiple of " +
                                               std::to_string(taps) + " (the kernel's size)");
  TSRT_CHECK(input.size(-1) == L, op + ": input " + input.shape_string() + " must have " + std::to_string(L) +
                                      " columns, the number of sliding blocks that fit output_size " +
                                      shape_to_string(out_size));
  check_float(input, op);
  const int64_t C = rows / taps;
  Shape sizes = {C, H, W};
  if (batched) sizes.insert(sizes.begin(), N);
  Tensor out = Tensor::zeros(sizes, input.dtype());
  if (out.numel() == 0) return out;
  const Tensor x = input.contiguous();
  if (input.dtype() == DType::Float32)
    col2im_loop<float>(x, out, b, N * C, H, W);
  else
    col2im_loop<double>(x, out, b, N * C, H, W);
  return out;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// The number of sliding blocks along dim `i` (nullopt when any part is unknown).
std::optional<int64_t> block_count(const ir::ShapeContext& c, std::optional<int64_t> size, size_t i) {
  const std::optional<ir::Sizes> k = c.int_list(c.arg("kernel_size")), d = c.int_list(c.arg("dilation")),
                                 p = c.int_list(c.arg("padding")), s = c.int_list(c.arg("stride"));
  return ir::window_size(size, ir::per_dim(k, i, std::nullopt), ir::per_dim(s, i, std::nullopt),
                         ir::per_dim(p, i, std::nullopt), ir::per_dim(d, i, std::nullopt), false);
}

std::optional<int64_t> kernel_taps(const ir::ShapeContext& c) {
  const std::optional<ir::Sizes> k = c.int_list(c.arg("kernel_size"));
  const std::optional<int64_t> kh = ir::per_dim(k, 0, std::nullopt), kw = ir::per_dim(k, 1, std::nullopt);
  return kh && kw ? std::optional<int64_t>(*kh * *kw) : std::nullopt;
}

// im2col: [N,] C * kh * kw, blocks_h * blocks_w.
ir::TensorFacts im2col_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, true};
  if (!in.sizes || (in.sizes->size() != 3 && in.sizes->size() != 4)) return out;
  const size_t rank = in.sizes->size();
  const std::optional<int64_t> channels = (*in.sizes)[rank - 3], taps = kernel_taps(c);
  const std::optional<int64_t> bh = block_count(c, (*in.sizes)[rank - 2], 0),
                               bw = block_count(c, (*in.sizes)[rank - 1], 1);
  ir::Sizes s = {channels && taps ? std::optional<int64_t>(*channels * *taps) : std::nullopt,
                 bh && bw ? std::optional<int64_t>(*bh * *bw) : std::nullopt};
  if (rank == 4) s.insert(s.begin(), (*in.sizes)[0]);
  out.sizes = s;
  return out;
}

// col2im: [N,] rows / (kh * kw), output_size.
ir::TensorFacts col2im_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, true};
  const std::optional<ir::Sizes> size = c.int_list(c.arg("output_size"));
  if (!in.sizes || (in.sizes->size() != 2 && in.sizes->size() != 3) || !size || size->size() != 2) return out;
  const size_t rank = in.sizes->size();
  const std::optional<int64_t> rows = (*in.sizes)[rank - 2], taps = kernel_taps(c);
  ir::Sizes s = {rows && taps && *taps > 0 ? std::optional<int64_t>(*rows / *taps) : std::nullopt, (*size)[0],
                 (*size)[1]};
  if (rank == 3) s.insert(s.begin(), (*in.sizes)[0]);
  out.sizes = s;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(unfold) {
  r.add("aten::im2col(Tensor self, int[2] kernel_size, int[2] dilation, int[2] padding, int[2] stride) -> Tensor",
        [](const Args& a) { return Value(im2col(a)); });
  r.add("aten::col2im(Tensor self, SymInt[2] output_size, int[2] kernel_size, int[2] dilation, int[2] padding, "
        "int[2] stride) -> Tensor",
        [](const Args& a) { return Value(col2im(a)); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::im2col"}).shape(ir::one_output(im2col_shape));
  r.ops({"aten::col2im"}).shape(ir::one_output(col2im_shape));
}

}  // namespace tsrt::kernels
