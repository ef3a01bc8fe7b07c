#include "kernels/common/shape_util.h"

#include "runtime/error.h"

namespace tsrt::kernels {

int64_t wrap_dim(int64_t dim, int64_t rank) {
  int64_t r = rank == 0 ? 1 : rank;  // torch lets a scalar be indexed with dim 0 or -1
  if (!(dim >= -r && dim < r)) throw Error("Dimension out of range (expected to be in range of [" +
                                  std::to_string(-r) + ", " + std::to_string(r - 1) + "], but got " +
                                  std::to_string(dim) + ")");
  return dim < 0 ? dim + r : dim;
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (!(da == db || da == 1 || db == 1)) throw Error(
          "The size of tensor a (" + std::to_string(da) + ") must match the size of tensor b (" +
              std::to_string(db) + ") at non-singleton dimension " + std::to_string(i) + " (shapes " +
              shape_to_string(a) + " and " + shape_to_string(b) + ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

Tensor expand_to(const Tensor& t, const Shape& target) {
  if (target.size() < t.sizes().size()) {
    throw Error("cannot expand " + t.shape_string() + " to " + shape_to_string(target));
  }
  size_t lead = target.size() - t.sizes().size();
  Shape strides(target.size(), 0);
  for (size_t i = 0; i < t.sizes().size(); ++i) {
    int64_t have = t.sizes()[i];
    int64_t want = target[lead + i];
    if (!(have == want || have == 1)) throw Error(
          "The expanded size of the tensor (" + std::to_string(want) +
              ") must match the existing size (" + std::to_string(have) +
              ") at non-singleton dimension " + std::to_string(lead + i) + ".  Target sizes: " +
              shape_to_string(target) + ".  Tensor sizes: " + t.shape_string());
    strides[lead + i] = have == want ? t.strides()[i] : 0;
  }
  return t.as_strided(target, strides, t.storage_offset());
}

int64_t product(const Shape& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

}  // namespace tsrt::kernels
