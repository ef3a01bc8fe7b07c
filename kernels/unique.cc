// Unique values: _unique, _unique2, unique_dim, unique_consecutive and unique_dim_consecutive,
// with inverse indices and counts. Every form works on rows: the flattened input is rows of one
// element, a `dim` form's slices along it are rows of the rest. The consecutive forms keep runs in
// input order; the others sort (ascending, rows compared lexicographically). torch 1.13 does the
// same except for _unique/_unique2 with sorted=False, whose order is its hash set's iteration
// order: tsrt returns the sorted order there (the same values, inverse and counts, permuted).
#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/common/op_calls.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

struct Runs {
  std::vector<int64_t> first_row;  // per unique row: a row of the input holding it
  std::vector<int64_t> inverse;    // per input row: its unique row
  std::vector<int64_t> counts;     // per unique row: how many input rows hold it
};

// Groups the rows of `rows` ([n, m], contiguous) into runs of equal rows, after sorting them
// when `sort` is set.
Runs find_runs(const Tensor& rows, bool sort) {
  const int64_t n = rows.size(0), m = rows.size(1);
  Runs runs;
  runs.inverse.assign(static_cast<size_t>(n), 0);
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  dispatch<kAllTypes>(rows.dtype(), "unique", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = rows.data<T>();
    auto row = [&](int64_t r) { return p + r * m; };
    auto less = [&](int64_t a, int64_t b) {
      return std::lexicographical_compare(row(a), row(a) + m, row(b), row(b) + m);
    };
    auto equal = [&](int64_t a, int64_t b) { return std::equal(row(a), row(a) + m, row(b)); };
    if (sort) std::stable_sort(order.begin(), order.end(), less);
    for (size_t i = 0; i < order.size(); ++i) {
      if (i == 0 || !equal(order[i - 1], order[i])) {
        runs.first_row.push_back(order[i]);
        runs.counts.push_back(0);
      }
      runs.inverse[static_cast<size_t>(order[i])] = static_cast<int64_t>(runs.first_row.size()) - 1;
      ++runs.counts.back();
    }
  });
  return runs;
}

Tensor long_tensor(const std::vector<int64_t>& values, const Shape& shape) {
  Tensor t = Tensor::empty(shape, DType::Int64);
  std::copy(values.begin(), values.end(), t.data<int64_t>());
  return t;
}

// The unique rows of `self` along `dim` (nullopt: of its flattened elements) and, when asked,
// the inverse indices and counts. Without a dim, those not asked for are empty tensors; with
// one, torch always returns them.
std::vector<Value> unique(const Tensor& self, std::optional<int64_t> dim_arg, bool sort, bool return_inverse,
                          bool return_counts) {
  Tensor moved;
  int64_t dim = 0;
  if (dim_arg) {
    dim = wrap_dim(*dim_arg, std::max<int64_t>(self.dim(), 1));
    TSRT_CHECK(self.dim() > 0, "unique_dim: a 0-dimensional tensor has no dimension " + std::to_string(*dim_arg));
    for (int64_t d = 0; d < self.dim(); ++d) {
      TSRT_CHECK(d == dim || self.size(d) != 0,
                 "unique_dim: There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
    }
    moved = run_tensor_op("aten::movedim.int", {self, dim, int64_t{0}});
  } else {
    moved = run_tensor_op("aten::reshape", {self, int_list_value({-1})});
  }
  const int64_t n = moved.size(0);
  const int64_t m = n == 0 ? 0 : moved.numel() / n;
  Tensor rows = contiguous_copy(moved).as_strided({n, m}, {m, 1}, 0);
  Runs runs = find_runs(rows, sort);
  const int64_t k = static_cast<int64_t>(runs.first_row.size());
  Tensor picked = run_tensor_op("aten::index_select", {moved, int64_t{0}, long_tensor(runs.first_row, {k})});
  Tensor values = dim_arg ? run_tensor_op("aten::movedim.int", {picked, int64_t{0}, dim}).contiguous() : picked;
  Shape inverse_shape = dim_arg ? Shape{n} : self.sizes();
  return_inverse = return_inverse || dim_arg.has_value();
  return_counts = return_counts || dim_arg.has_value();
  Tensor inverse = return_inverse ? long_tensor(runs.inverse, inverse_shape) : Tensor::empty({0}, DType::Int64);
  Tensor counts = return_counts ? long_tensor(runs.counts, {k}) : Tensor::empty({0}, DType::Int64);
  return {values, inverse, counts};
}

}  // namespace

TSRT_REGISTER_KERNELS(unique) {
  r.add_multi("aten::_unique(Tensor self, bool sorted=True, bool return_inverse=False) -> (Tensor, Tensor)",
              [](const Args& a) -> std::vector<Value> {
                std::vector<Value> out = unique(a.tensor(0), std::nullopt, true, a.to_bool(2), false);
                out.pop_back();
                return out;
              });
  r.add_multi(
      "aten::_unique2(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> "
      "(Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        return unique(a.tensor(0), std::nullopt, true, a.to_bool(2), a.to_bool(3));
      });
  r.add_multi(
      "aten::unique_dim(Tensor self, int dim, bool sorted=True, bool return_inverse=False, "
      "bool return_counts=False) -> (Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        return unique(a.tensor(0), a.to_int(1), true, a.to_bool(3), a.to_bool(4));
      });
  r.add_multi(
      "aten::unique_dim_consecutive(Tensor self, int dim, bool return_inverse=False, bool return_counts=False) -> "
      "(Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        return unique(a.tensor(0), a.to_int(1), false, a.to_bool(2), a.to_bool(3));
      });
  r.add_multi(
      "aten::unique_consecutive(Tensor self, bool return_inverse=False, bool return_counts=False, "
      "int? dim=None) -> (Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        return unique(a.tensor(0), a.optional_int(3), false, a.to_bool(1), a.to_bool(2));
      });
}

}  // namespace tsrt::kernels
