// Reading and writing through index tensors, beyond kernels/indexing.cc: scatter_reduce (sum,
// prod, mean, amax, amin; with or without self's own values), index_copy_, masked_scatter,
// take_along_dim and nonzero_numpy.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/op_calls.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// Calls f(linear position, coordinates) for every position of `sizes` in row-major order.
template <typename F>
void for_each_position(const Shape& sizes, F f) {
  const int64_t total = product(sizes);
  Shape coord(sizes.size(), 0);
  for (int64_t n = 0; n < total; ++n) {
    f(n, coord);
    for (size_t d = sizes.size(); d-- > 0;) {
      if (++coord[d] < sizes[d]) break;
      coord[d] = 0;
    }
  }
}

int64_t offset_of(const Shape& coord, const Tensor& t) {
  int64_t off = 0;
  for (size_t d = 0; d < coord.size(); ++d) off += coord[d] * t.strides()[d];
  return off;
}

// ---- scatter_reduce ------------------------------------------------------------------------------

enum class Reduce { kSum, kProd, kMean, kAmax, kAmin };

Reduce reduce_of(const std::string& name) {
  if (name == "sum") return Reduce::kSum;
  if (name == "prod") return Reduce::kProd;
  if (name == "mean") return Reduce::kMean;
  if (name == "amax") return Reduce::kAmax;
  if (name == "amin") return Reduce::kAmin;
  throw Error("scatter_reduce(): reduce argument must be either sum, prod, mean, amax or amin, got " + name);
}

template <typename T>
T identity_of(Reduce r) {
  switch (r) {
    case Reduce::kProd:
      return T(1);
    case Reduce::kAmax:
      return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                  : std::numeric_limits<T>::lowest();
    case Reduce::kAmin:
      return std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::max();
    default:
      return T(0);
  }
}

void check_scatter_shapes(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, const char* op) {
  TSRT_CHECK(index.dtype() == DType::Int64,
             std::string(op) + "(): Expected dtype int64 for index, got " + dtype_name(index.dtype()));
  TSRT_CHECK(self.dtype() == src.dtype(), std::string(op) + "(): Expected self.dtype to be equal to src.dtype, got " +
                                              dtype_name(self.dtype()) + " and " + dtype_name(src.dtype()));
  TSRT_CHECK(index.dim() == self.dim() && src.dim() == self.dim(),
             std::string(op) + "(): Index tensor must have the same number of dimensions as self and src tensors");
  for (int64_t d = 0; d < index.dim(); ++d) {
    TSRT_CHECK(index.size(d) <= src.size(d) && (d == dim || index.size(d) <= self.size(d)),
               std::string(op) + "(): Expected index " + index.shape_string() + " to be smaller than self " +
                   self.shape_string() + " apart from dimension " + std::to_string(dim) +
                   " and to be smaller size"
                   " than src " +
                   src.shape_string());
  }
}

Tensor scatter_reduce(const Tensor& self, int64_t dim_arg, const Tensor& index, const Tensor& src,
                      const std::string& reduce_name, bool include_self, const char* op) {
  const Reduce reduce = reduce_of(reduce_name);
  const int64_t dim = wrap_dim(dim_arg, std::max<int64_t>(self.dim(), 1));
  check_scatter_shapes(self, dim, index, src, op);
  Tensor out = self.clone();
  if (index.numel() == 0) return out;
  // A 0-d self scatters like a one-element vector.
  const Shape index_sizes = index.dim() == 0 ? Shape{1} : index.sizes();
  Tensor o = self.dim() == 0 ? out.as_strided({1}, {1}, out.storage_offset()) : out;
  Tensor idx = index.dim() == 0 ? index.as_strided({1}, {1}, index.storage_offset()) : index;
  Tensor s = src.dim() == 0 ? src.as_strided({1}, {1}, src.storage_offset()) : src;
  const int64_t size = o.size(dim);
  std::vector<int64_t> targets(static_cast<size_t>(product(index_sizes)));
  std::vector<int64_t> sources(targets.size());
  const int64_t* pi = idx.data<int64_t>();
  for_each_position(index_sizes, [&](int64_t n, const Shape& coord) {
    const int64_t i = pi[offset_of(coord, idx)];
    TSRT_CHECK(i >= 0 && i < size, std::string(op) + "(): index " + std::to_string(i) +
                                       " is out of bounds for dimension " + std::to_string(dim) + " with size " +
                                       std::to_string(size));
    Shape target = coord;
    target[static_cast<size_t>(dim)] = i;
    targets[static_cast<size_t>(n)] = offset_of(target, o);
    sources[static_cast<size_t>(n)] = offset_of(coord, s);
  });
  dispatch<kFloats | kInts>(self.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* po = o.data<T>();
    const T* ps = s.data<T>();
    // Positions written to start from the reduction's identity when self is excluded.
    if (!include_self) {
      for (int64_t t : targets) po[t] = identity_of<T>(reduce);
    }
    for (size_t n = 0; n < targets.size(); ++n) {
      T& acc = po[targets[n]];
      const T v = ps[sources[n]];
      switch (reduce) {
        case Reduce::kSum:
        case Reduce::kMean:
          acc = static_cast<T>(acc + v);
          break;
        case Reduce::kProd:
          acc = static_cast<T>(acc * v);
          break;
        case Reduce::kAmax:
          acc = (std::isnan(static_cast<double>(v)) || v > acc) ? v : acc;
          break;
        case Reduce::kAmin:
          acc = (std::isnan(static_cast<double>(v)) || v < acc) ? v : acc;
          break;
      }
    }
    if (reduce == Reduce::kMean) {
      // Each target divides by how many values it received (plus itself when included);
      // integers round down, as torch's floor division does.
      std::vector<std::pair<int64_t, int64_t>> tally;  // (offset, count), sorted
      std::vector<int64_t> sorted = targets;
      std::sort(sorted.begin(), sorted.end());
      for (size_t n = 0; n < sorted.size();) {
        size_t m = n;
        while (m < sorted.size() && sorted[m] == sorted[n]) ++m;
        tally.emplace_back(sorted[n], static_cast<int64_t>(m - n) + (include_self ? 1 : 0));
        n = m;
      }
      for (const auto& [offset, count] : tally) {
        if constexpr (std::is_floating_point_v<T>) {
          po[offset] = static_cast<T>(po[offset] / static_cast<T>(count));
        } else {
          const T q = static_cast<T>(po[offset] / static_cast<T>(count));
          const bool inexact = static_cast<T>(q * static_cast<T>(count)) != po[offset];
          po[offset] = (inexact && (po[offset] < 0)) ? static_cast<T>(q - 1) : q;
        }
      }
    }
  });
  return out;
}

// ---- masked_scatter ------------------------------------------------------------------------------

// Copies source's elements, in order, into the positions of `out` where the mask is true.
void masked_scatter_into(Tensor& out, const Tensor& mask, const Tensor& source, const char* op) {
  TSRT_CHECK(mask.dtype() == DType::Bool || mask.dtype() == DType::UInt8,
             std::string(op) + ": expected BoolTensor or ByteTensor for mask, got " + dtype_name(mask.dtype()));
  TSRT_CHECK(out.dtype() == source.dtype(), std::string(op) +
                                                ": expected self and source to have same dtypes but got " +
                                                dtype_name(out.dtype()) + " and " + dtype_name(source.dtype()));
  Tensor m = cast_copy(expand_to(mask, out.sizes()), DType::Bool);
  m = contiguous_copy(m);
  const bool* pm = m.data<bool>();
  int64_t ones = 0;
  for (int64_t n = 0; n < m.numel(); ++n) ones += pm[n] ? 1 : 0;
  TSRT_CHECK(ones <= source.numel(), std::string(op) + ": Number of elements of source < number of ones in mask (" +
                                         std::to_string(source.numel()) + " < " + std::to_string(ones) + ")");
  Tensor src = contiguous_copy(source);
  const size_t width = element_size(out.dtype());
  const char* ps = static_cast<const char*>(src.raw_data());
  char* po = static_cast<char*>(out.raw_data());
  int64_t next = 0;
  for_each_position(out.sizes(), [&](int64_t n, const Shape& coord) {
    if (!pm[n]) return;
    std::copy(ps + next * static_cast<int64_t>(width), ps + (next + 1) * static_cast<int64_t>(width),
              po + offset_of(coord, out) * static_cast<int64_t>(width));
    ++next;
  });
}

// ---- take_along_dim --------------------------------------------------------------------------------

Tensor take_along_dim(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim_arg) {
  const char* op = "torch.take_along_dim()";
  TSRT_CHECK(indices.dtype() == DType::Int64,
             std::string(op) + ": dtype of indices should be Long but got " + dtype_name(indices.dtype()));
  if (!dim_arg) {
    Tensor flat = run_tensor_op("aten::reshape", {self, int_list_value({-1})});
    Tensor flat_indices = run_tensor_op("aten::reshape", {indices, int_list_value({-1})});
    return run_tensor_op("aten::gather", {flat, int64_t{0}, flat_indices, false});
  }
  TSRT_CHECK(self.dim() == indices.dim(), std::string(op) +
                                              ": input and indices should have the same number of "
                                              "dimensions, but got " +
                                              std::to_string(self.dim()) + " dimensions for input, and " +
                                              std::to_string(indices.dim()) + " dimensions for indices");
  const int64_t dim = wrap_dim(*dim_arg, std::max<int64_t>(self.dim(), 1));
  if (self.dim() == 0) return run_tensor_op("aten::gather", {self, dim, indices, false});
  // Both broadcast against each other in every dim but `dim`, where each keeps its own size.
  Shape self_sizes = self.sizes();
  self_sizes[static_cast<size_t>(dim)] = indices.size(dim);
  Tensor index_b = expand_to(indices, broadcast_shapes(self_sizes, indices.sizes()));
  Shape index_sizes = indices.sizes();
  index_sizes[static_cast<size_t>(dim)] = self.size(dim);
  Tensor self_b = expand_to(self, broadcast_shapes(index_sizes, self.sizes()));
  return run_tensor_op("aten::gather", {self_b, dim, index_b, false});
}

// ---- nonzero_numpy -----------------------------------------------------------------------------------

Value nonzero_numpy(const Tensor& self) {
  Tensor input = self.dim() == 0 ? self.as_strided({1}, {1}, self.storage_offset()) : self;
  Tensor positions = run_tensor_op("aten::nonzero", {input});
  std::vector<Value> columns;
  for (int64_t d = 0; d < input.dim(); ++d) {
    columns.emplace_back(run_tensor_op("aten::select.int", {positions, int64_t{1}, d}).contiguous());
  }
  return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), std::move(columns)));
}

Tensor in_place(const Tensor& self, const Tensor& result) {
  Tensor out = self;
  out.copy_from(result);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(scatter) {
  r.add(
      "aten::scatter_reduce.two(Tensor self, int dim, Tensor index, Tensor src, str reduce, *, "
      "bool include_self=True) -> Tensor",
      [](const Args& a) -> Value {
        return scatter_reduce(a.tensor(0), a.to_int(1), a.tensor(2), a.tensor(3), a.to_string(4), a.to_bool(5),
                              "scatter_reduce");
      });
  r.add(
      "aten::scatter_reduce_.two(Tensor(a!) self, int dim, Tensor index, Tensor src, str reduce, *, "
      "bool include_self=True) -> Tensor(a!)",
      [](const Args& a) -> Value {
        return in_place(a.tensor(0), scatter_reduce(a.tensor(0), a.to_int(1), a.tensor(2), a.tensor(3), a.to_string(4),
                                                    a.to_bool(5), "scatter_reduce_"));
      });
  r.add("aten::index_copy_(Tensor(a!) self, int dim, Tensor index, Tensor source) -> Tensor(a!)",
        [](const Args& a) -> Value {
          Tensor result = run_tensor_op("aten::index_copy", {a.tensor(0), a[1], a.tensor(2), a.tensor(3)});
          return in_place(a.tensor(0), result);
        });
  r.add("aten::masked_scatter(Tensor self, Tensor mask, Tensor source) -> Tensor", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    Tensor out = expand_to(self, broadcast_shapes(self.sizes(), a.tensor(1).sizes())).clone();
    masked_scatter_into(out, a.tensor(1), a.tensor(2), "masked_scatter");
    return out;
  });
  r.add("aten::masked_scatter_(Tensor(a!) self, Tensor mask, Tensor source) -> Tensor(a!)", [](const Args& a) -> Value {
    Tensor self = a.tensor(0);
    TSRT_CHECK(broadcast_shapes(self.sizes(), a.tensor(1).sizes()) == self.sizes(),
               "masked_scatter_: mask of shape " + a.tensor(1).shape_string() + " does not broadcast to self " +
                   self.shape_string());
    masked_scatter_into(self, a.tensor(1), a.tensor(2), "masked_scatter_");
    return self;
  });
  r.add("aten::take_along_dim(Tensor self, Tensor indices, int? dim=None) -> Tensor",
        [](const Args& a) -> Value { return take_along_dim(a.tensor(0), a.tensor(1), a.optional_int(2)); });
  r.add("aten::nonzero_numpy(Tensor self) -> Tensor[]",
        [](const Args& a) -> Value { return nonzero_numpy(a.tensor(0)); });
  r.ops({"aten::scatter_reduce_", "aten::index_copy_", "aten::masked_scatter_"})
      .shape(ir::one_output(ir::same_as_self));
}

}  // namespace tsrt::kernels
