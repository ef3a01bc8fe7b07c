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

Tensor channels_last_copy(const Tensor& self) {
  Shape strides = channels_last_strides(self.sizes());
  Tensor out = Tensor::empty({self.numel()}, self.dtype()).as_strided(self.sizes(), strides, 0);
  out.copy_from(self);
  return out;
}

}  // namespace tsrt::kernels
