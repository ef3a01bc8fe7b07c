#include "kernels/common/elementwise_loops.h"

namespace tsrt::kernels {

Tensor contiguous_copy(const Tensor& t) {
  if (t.is_contiguous()) return t;
  Tensor out = Tensor::empty(t.sizes(), t.dtype());
  dispatch<kAllTypes | kHalfs>(t.dtype(), "contiguous copy", [&](auto tag) {
    using T = typename decltype(tag)::type;
    unary_loop<T, T>(out, t, [](T v) { return v; });
  });
  return out;
}

Tensor cast_copy(const Tensor& t, DType dtype) {
  if (t.dtype() == dtype) return t;
  Tensor out = Tensor::empty(t.sizes(), dtype);
  dispatch<kAllTypes | kHalfs>(t.dtype(), "dtype conversion", [&](auto from_tag) {
    using From = typename decltype(from_tag)::type;
    dispatch<kAllTypes | kHalfs>(dtype, "dtype conversion", [&](auto to_tag) {
      using To = typename decltype(to_tag)::type;
      unary_loop<To, From>(out, t, [](From v) { return static_cast<To>(v); });
    });
  });
  return out;
}

}  // namespace tsrt::kernels
