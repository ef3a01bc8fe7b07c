#include "kernels/common/memory_format.h"

namespace tsrt::kernels {

Shape channels_last_strides(const Shape& sizes) {
  // Memory order of the dims, outermost first: 0, 2, 3, ..., 1.
  Shape order{0};
  for (size_t d = 2; d < sizes.size(); ++d) order.push_back(static_cast<int64_t>(d));
  order.push_back(1);
  Shape physical;
  for (int64_t d : order) physical.push_back(sizes[d]);
  Shape physical_strides = Tensor::contiguous_strides(physical);
  Shape strides(sizes.size());
  for (size_t i = 0; i < order.size(); ++i) strides[order[i]] = physical_strides[i];
  return strides;
}

Tensor empty_channels_last(const Shape& sizes, DType dtype) {
  int64_t numel = 1;
  for (int64_t s : sizes) numel *= s;
  return Tensor::empty({numel}, dtype).as_strided(sizes, channels_last_strides(sizes), 0);
}

Tensor channels_last_copy(const Tensor& self) {
  Tensor out = empty_channels_last(self.sizes(), self.dtype());
  out.copy_from(self);
  return out;
}

bool is_channels_last_4d(const Tensor& t) {
  if (t.dim() != 4 || t.is_contiguous()) return false;
  const Shape expected = channels_last_strides(t.sizes());
  for (int64_t d = 0; d < 4; ++d) {
    if (t.size(d) != 1 && t.stride(d) != expected[d]) return false;
  }
  return true;
}

bool same_dense_layout(const Tensor& a, const Tensor& b) {
  if (a.sizes() != b.sizes()) return false;
  if (a.is_contiguous() && b.is_contiguous()) return true;
  return is_channels_last_4d(a) && is_channels_last_4d(b) && a.strides() == b.strides();
}

Tensor in_layout_of(const Tensor& x, const Tensor& like) {
  if (same_dense_layout(x, like)) return x;
  return is_channels_last_4d(like) ? channels_last_copy(x) : x.contiguous();
}

}  // namespace tsrt::kernels
