// Channel rearrangements: pixel_shuffle, pixel_unshuffle, channel_shuffle (and its
// native_channel_shuffle twin). Each is a permuted strided view of the input, copied densely:
// no arithmetic, so every dtype and input layout works.
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// The leading (batch) dims of `x` in front of its last `tail` dims: sizes and strides.
void leading_dims(const Tensor& x, int64_t tail, Shape& sizes, Shape& strides) {
  sizes.assign(x.sizes().begin(), x.sizes().end() - tail);
  strides.assign(x.strides().begin(), x.strides().end() - tail);
}

// Copies the strided view (sizes, strides) of x's storage densely, then gives it `result_sizes`.
Tensor dense_copy_of_view(const Tensor& x, const Shape& sizes, const Shape& strides, const Shape& result_sizes) {
  Tensor copy = x.as_strided(sizes, strides, x.storage_offset()).contiguous();
  if (copy.storage() == x.storage()) copy = copy.clone();  // the view was already dense: do not alias x
  return copy.as_strided(result_sizes, Tensor::contiguous_strides(result_sizes), copy.storage_offset());
}

// (*, C*r*r, H, W) -> (*, C, H*r, W*r): output (c, h*r + i, w*r + j) = input (c*r*r + i*r + j, h, w).
Tensor pixel_shuffle(const Tensor& x, int64_t r) {
  TSRT_CHECK(x.dim() >= 3, "aten::pixel_shuffle: expected an input of at least 3 dims, got " + x.shape_string());
  TSRT_CHECK(r > 0, "aten::pixel_shuffle: upscale_factor must be greater than 0, got " + std::to_string(r));
  const int64_t channels = x.size(-3), H = x.size(-2), W = x.size(-1);
  int64_t scaled = 0;  // the factor comes from the model's code: products must not wrap
  TSRT_CHECK(!__builtin_mul_overflow(r, r, &scaled) && !__builtin_mul_overflow(H, r, &scaled) &&
                 !__builtin_mul_overflow(W, r, &scaled) && !__builtin_mul_overflow(H * r, W * r, &scaled),
             "aten::pixel_shuffle: upscale_factor " + std::to_string(r) + " is too large for input " +
                 x.shape_string());
  TSRT_CHECK(channels % (r * r) == 0, "aten::pixel_shuffle: the channel dim of input " + x.shape_string() +
                                          " must be divisible by the square of upscale_factor " + std::to_string(r));
  const int64_t C = channels / (r * r), sc = x.stride(-3), sh = x.stride(-2), sw = x.stride(-1);
  Shape sizes, strides;
  leading_dims(x, 3, sizes, strides);
  Shape result = sizes;
  // View order (C, H, i, W, j).
  for (auto [size, stride] : {std::pair<int64_t, int64_t>{C, sc * r * r}, {H, sh}, {r, sc * r}, {W, sw}, {r, sc}}) {
    sizes.push_back(size);
    strides.push_back(stride);
  }
  result.insert(result.end(), {C, H * r, W * r});
  return dense_copy_of_view(x, sizes, strides, result);
}

// (*, C, H*r, W*r) -> (*, C*r*r, H, W), the inverse of pixel_shuffle.
Tensor pixel_unshuffle(const Tensor& x, int64_t r) {
  TSRT_CHECK(x.dim() >= 3, "aten::pixel_unshuffle: expected an input of at least 3 dims, got " + x.shape_string());
  TSRT_CHECK(r > 0, "aten::pixel_unshuffle: downscale_factor must be greater than 0, got " + std::to_string(r));
  const int64_t C = x.size(-3), OH = x.size(-2), OW = x.size(-1);
  int64_t scaled = 0;  // the factor comes from the model's code: products must not wrap
  TSRT_CHECK(!__builtin_mul_overflow(r, r, &scaled) && !__builtin_mul_overflow(C, r * r, &scaled),
             "aten::pixel_unshuffle: downscale_factor " + std::to_string(r) + " is too large for input " +
                 x.shape_string());
  TSRT_CHECK(OH % r == 0 && OW % r == 0, "aten::pixel_unshuffle: the height and width of input " + x.shape_string() +
                                             " must be divisible by downscale_factor " + std::to_string(r));
  const int64_t H = OH / r, W = OW / r, sc = x.stride(-3), sh = x.stride(-2), sw = x.stride(-1);
  Shape sizes, strides;
  leading_dims(x, 3, sizes, strides);
  Shape result = sizes;
  // View order (C, i, j, H, W).
  for (auto [size, stride] : {std::pair<int64_t, int64_t>{C, sc}, {r, sh}, {r, sw}, {H, sh * r}, {W, sw * r}}) {
    sizes.push_back(size);
    strides.push_back(stride);
  }
  result.insert(result.end(), {C * r * r, H, W});
  return dense_copy_of_view(x, sizes, strides, result);
}

// (N, C, *) with C = g * k: output channel (j * g + i) = input channel (i * k + j).
Tensor channel_shuffle(const Tensor& x, int64_t groups, const std::string& op) {
  TSRT_CHECK(x.dim() >= 3, op + ": expected an input of at least 3 dims, got " + x.shape_string());
  TSRT_CHECK(groups > 0, op + ": number of groups must be positive, got " + std::to_string(groups));
  const int64_t C = x.size(1);
  TSRT_CHECK(C % groups == 0, op + ": number of channels " + std::to_string(C) +
                                  " must be divisible by groups " + std::to_string(groups));
  const int64_t k = C / groups, sc = x.stride(1);
  Shape sizes = {x.size(0), k, groups}, strides = {x.stride(0), sc, sc * k};
  for (int64_t d = 2; d < x.dim(); ++d) {
    sizes.push_back(x.size(d));
    strides.push_back(x.stride(d));
  }
  return dense_copy_of_view(x, sizes, strides, x.sizes());
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// pixel_shuffle (upscale) and pixel_unshuffle: channels divided or multiplied by r * r, the last
// two dims multiplied or divided by r.
ir::TensorFacts shuffled_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  const bool up = c.kind() == "aten::pixel_shuffle";
  std::optional<int64_t> r = c.int_value(c.input(1));
  if (!in.sizes || in.sizes->size() < 3 || !r || *r <= 0) return out;
  out.sizes = in.sizes;
  auto scale = [](std::optional<int64_t>& d, int64_t mul, int64_t div) {
    if (d) d = *d * mul / div;
  };
  const size_t rank = in.sizes->size();
  scale((*out.sizes)[rank - 3], up ? 1 : *r * *r, up ? *r * *r : 1);
  scale((*out.sizes)[rank - 2], up ? *r : 1, up ? 1 : *r);
  scale((*out.sizes)[rank - 1], up ? *r : 1, up ? 1 : *r);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(pixel_shuffle) {
  r.add("aten::pixel_shuffle(Tensor self, int upscale_factor) -> Tensor",
        [](const Args& a) { return Value(pixel_shuffle(a.tensor(0), a.to_int(1))); });
  r.add("aten::pixel_unshuffle(Tensor self, int downscale_factor) -> Tensor",
        [](const Args& a) { return Value(pixel_unshuffle(a.tensor(0), a.to_int(1))); });
  r.add("aten::channel_shuffle(Tensor self, int groups) -> Tensor",
        [](const Args& a) { return Value(channel_shuffle(a.tensor(0), a.to_int(1), "aten::channel_shuffle")); });
  r.add("aten::native_channel_shuffle(Tensor self, int groups) -> Tensor", [](const Args& a) {
    return Value(channel_shuffle(a.tensor(0), a.to_int(1), "aten::native_channel_shuffle"));
  });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::pixel_shuffle", "aten::pixel_unshuffle"}).shape(ir::one_output(shuffled_shape));
  r.ops({"aten::channel_shuffle", "aten::native_channel_shuffle"}).shape(ir::one_output(ir::same_as_self));
}

}  // namespace tsrt::kernels
