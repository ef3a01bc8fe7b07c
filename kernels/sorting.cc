// Sorting along one dimension: sort, argsort, topk. NaN orders above every number, as in torch;
// equal values keep their original order (stable), so indices are deterministic.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "kernels/common/shape_util.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

template <typename T>
bool less_with_nan(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

// Sorts every 1-d slice of `self` along `dim`, keeping the first `k` entries of each (k < 0:
// all). Returns (values, int64 indices) shaped like self with dim of size k.
std::vector<Value> sort_along(const Tensor& self, int64_t dim_arg, bool descending, int64_t k) {
  int64_t rank = self.dim();
  int64_t dim = rank == 0 ? 0 : wrap_dim(dim_arg, rank);
  int64_t n = rank == 0 ? 1 : self.size(dim);
  if (k < 0) k = n;
  TSRT_CHECK(k <= n, "selected index k out of range (k = " + std::to_string(k) + ", size " + std::to_string(n) + ")");
  // Move `dim` last so every slice is contiguous.
  Shape order;
  for (int64_t d = 0; d < rank; ++d) {
    if (d != dim) order.push_back(d);
  }
  if (rank > 0) order.push_back(dim);
  Shape moved_sizes, moved_strides;
  for (int64_t d : order) {
    moved_sizes.push_back(self.size(d));
    moved_strides.push_back(self.stride(d));
  }
  Tensor moved = self.as_strided(moved_sizes, moved_strides, self.storage_offset()).contiguous();
  Shape out_moved = moved_sizes;
  if (rank > 0) out_moved.back() = k;
  Tensor values = Tensor::empty(out_moved, self.dtype());
  Tensor indices = Tensor::empty(out_moved, DType::Int64);
  int64_t rows = n == 0 ? 0 : moved.numel() / n;
  TSRT_DISPATCH_ALL_TYPES(self.dtype(), "sort", [&] {
    const scalar_t* in = moved.data<scalar_t>();
    scalar_t* vout = values.data<scalar_t>();
    int64_t* iout = indices.data<int64_t>();
    std::vector<int64_t> idx(static_cast<size_t>(n));
    for (int64_t r = 0; r < rows; ++r) {
      const scalar_t* row = in + r * n;
      std::iota(idx.begin(), idx.end(), 0);
      auto cmp = [&](int64_t a, int64_t b) {
        return descending ? less_with_nan(row[b], row[a]) : less_with_nan(row[a], row[b]);
      };
      std::stable_sort(idx.begin(), idx.end(), cmp);
      for (int64_t j = 0; j < k; ++j) {
        vout[r * k + j] = row[idx[static_cast<size_t>(j)]];
        iout[r * k + j] = idx[static_cast<size_t>(j)];
      }
    }
  });
  // Move the sorted dim back where it was.
  Shape back_sizes(static_cast<size_t>(rank)), back_strides(static_cast<size_t>(rank));
  Shape moved_out_strides = Tensor::contiguous_strides(out_moved);
  for (size_t i = 0; i < order.size(); ++i) {
    back_sizes[static_cast<size_t>(order[i])] = out_moved[i];
    back_strides[static_cast<size_t>(order[i])] = moved_out_strides[i];
  }
  return {Value(values.as_strided(back_sizes, back_strides, 0).contiguous()),
          Value(indices.as_strided(back_sizes, back_strides, 0).contiguous())};
}

}  // namespace

TSRT_REGISTER_KERNELS(sorting) {
  r.add_multi("aten::sort(Tensor self, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)",
              [](const Args& a) { return sort_along(a.tensor(0), a.to_int(1), a.to_bool(2), -1); });
  r.add_multi(
      "aten::sort.stable(Tensor self, *, bool? stable, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)",
      [](const Args& a) { return sort_along(a.tensor(0), a.to_int(2), a.to_bool(3), -1); });
  r.add("aten::argsort(Tensor self, int dim=-1, bool descending=False) -> Tensor",
        [](const Args& a) -> Value { return sort_along(a.tensor(0), a.to_int(1), a.to_bool(2), -1)[1]; });
  r.add("aten::argsort.stable(Tensor self, *, bool stable, int dim=-1, bool descending=False) -> Tensor",
        [](const Args& a) -> Value { return sort_along(a.tensor(0), a.to_int(2), a.to_bool(3), -1)[1]; });
  r.add_multi(
      "aten::topk(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True) -> (Tensor values, Tensor indices)",
      [](const Args& a) {
        TSRT_CHECK(a.to_int(1) >= 0, "topk: k must be non-negative");
        return sort_along(a.tensor(0), a.to_int(2), a.to_bool(3), a.to_int(1));
      });
}

}  // namespace tsrt::kernels
