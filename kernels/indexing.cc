// Indexing: advanced indexing (index, index_put_), index_select, gather, embedding,
// masked_select, one_hot. Data moves as raw elements (memcpy of the element size), so every
// dtype is supported and inputs may have any strides.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// Element offsets of every position of a (sizes, strides) view, in row-major order.
std::vector<int64_t> offsets_of(const Shape& sizes, const Shape& strides) {
  std::vector<int64_t> out{0};
  for (size_t d = 0; d < sizes.size(); ++d) {
    std::vector<int64_t> next;
    next.reserve(out.size() * static_cast<size_t>(sizes[d]));
    for (int64_t base : out) {
      for (int64_t i = 0; i < sizes[d]; ++i) next.push_back(base + i * strides[d]);
    }
    out.swap(next);
  }
  return out;
}

// True when offsets are 0, 1, 2, ...: one memcpy covers them all.
bool is_dense_run(const std::vector<int64_t>& offsets) {
  for (size_t i = 0; i < offsets.size(); ++i) {
    if (offsets[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

std::vector<int64_t> index_values(const Tensor& index, const char* op) {
  TSRT_CHECK(index.dtype() == DType::Int64 || index.dtype() == DType::Int32,
        std::string(op) + ": tensors used as indices must be long, int, byte or bool tensors, got " +
            dtype_name(index.dtype()));
  Tensor values = index.to(DType::Int64);
  const int64_t* p = values.data<int64_t>();
  return std::vector<int64_t>(p, p + values.numel());
}

// Where advanced indexing reads (or writes) `self`: one base offset per position of the
// broadcast index shape, combined with every position of the dims left unindexed.
struct IndexPlan {
  Shape index_shape;
  std::vector<int64_t> bases;
  Shape rest_sizes, rest_strides;
  // Result layout: torch puts the index dims where the indexed dims were when they are
  // adjacent (after `rest_before` unindexed dims), else first.
  int64_t rest_before = 0;

  Shape result_shape() const {
    Shape out(rest_sizes.begin(), rest_sizes.begin() + rest_before);
    out.insert(out.end(), index_shape.begin(), index_shape.end());
    out.insert(out.end(), rest_sizes.begin() + rest_before, rest_sizes.end());
    return out;
  }
  // Splits a result-shaped view's strides into (index dims, unindexed dims).
  std::pair<Shape, Shape> split_strides(const Shape& result_strides) const {
    size_t k = index_shape.size();
    Shape index_part(result_strides.begin() + rest_before, result_strides.begin() + rest_before + k);
    Shape rest_part(result_strides.begin(), result_strides.begin() + rest_before);
    rest_part.insert(rest_part.end(), result_strides.begin() + rest_before + k, result_strides.end());
    return {index_part, rest_part};
  }
};

// Bool/byte masks become one long index per masked dim (the coordinates of true elements).
std::vector<std::optional<Tensor>> expand_masks(const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                                                const char* op) {
  std::vector<std::optional<Tensor>> out;
  int64_t dim = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    const auto& index = indices[i];
    bool is_mask = index && (index->dtype() == DType::Bool || index->dtype() == DType::UInt8);
    if (!is_mask) {
      out.push_back(index);
      ++dim;
      continue;
    }
    const Tensor& mask = *index;
    TSRT_CHECK(mask.dim() > 0, std::string(op) + ": 0-dim boolean masks are not supported");
    TSRT_CHECK(dim + mask.dim() <= self.dim(),
          std::string(op) + ": too many indices for tensor of dimension " + std::to_string(self.dim()));
    for (int64_t d = 0; d < mask.dim(); ++d) {
      TSRT_CHECK(mask.sizes()[d] == self.sizes()[dim + d], std::string(op) + ": the shape of the mask " +
                                                          mask.shape_string() + " at index " + std::to_string(i) +
                                                          " does not match the shape of the indexed tensor " +
                                                          self.shape_string() + " at index " + std::to_string(dim + d));
    }
    Tensor flags = mask.to(DType::Bool);
    std::vector<std::vector<int64_t>> coords(static_cast<size_t>(mask.dim()));
    Shape position(static_cast<size_t>(mask.dim()), 0);
    for (int64_t e = 0; e < flags.numel(); ++e) {
      if (flags.data<bool>()[e]) {
        for (int64_t d = 0; d < mask.dim(); ++d) coords[d].push_back(position[d]);
      }
      for (int64_t d = mask.dim() - 1; d >= 0; --d) {
        if (++position[d] < mask.sizes()[d]) break;
        position[d] = 0;
      }
    }
    for (auto& c : coords) {
      Tensor t = Tensor::empty({static_cast<int64_t>(c.size())}, DType::Int64);
      std::copy(c.begin(), c.end(), t.data<int64_t>());
      out.push_back(t);
    }
    dim += mask.dim();
  }
  return out;
}

IndexPlan plan_index(const Tensor& self, const std::vector<std::optional<Tensor>>& raw_indices, const char* op) {
  std::vector<std::optional<Tensor>> indices = expand_masks(self, raw_indices, op);
  TSRT_CHECK(static_cast<int64_t>(indices.size()) <= self.dim(),
        std::string(op) + ": too many indices for tensor of dimension " + std::to_string(self.dim()) + " (got " +
            std::to_string(indices.size()) + ")");
  indices.resize(static_cast<size_t>(self.dim()));
  IndexPlan plan;
  std::vector<int64_t> indexed_dims;
  bool first = true;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (!indices[d]) continue;
    indexed_dims.push_back(d);
    plan.index_shape = first ? indices[d]->sizes() : broadcast_shapes(plan.index_shape, indices[d]->sizes());
    first = false;
  }
  TSRT_CHECK(!indexed_dims.empty(), std::string(op) + ": at least one index tensor is required");
  bool adjacent = indexed_dims.back() - indexed_dims.front() + 1 == static_cast<int64_t>(indexed_dims.size());
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (indices[d]) continue;
    if (adjacent && d < indexed_dims.front()) ++plan.rest_before;
    plan.rest_sizes.push_back(self.sizes()[d]);
    plan.rest_strides.push_back(self.strides()[d]);
  }
  plan.bases.assign(static_cast<size_t>(product(plan.index_shape)), self.storage_offset());
  for (int64_t d : indexed_dims) {
    std::vector<int64_t> values = index_values(expand_to(*indices[d], plan.index_shape).contiguous(), op);
    int64_t size = self.sizes()[d];
    for (size_t b = 0; b < values.size(); ++b) {
      int64_t v = values[b];
      TSRT_CHECK(v >= -size && v < size, std::string(op) + ": index " + std::to_string(v) +
                                        " is out of bounds for dimension " + std::to_string(d) + " with size " +
                                        std::to_string(size));
      plan.bases[b] += (v < 0 ? v + size : v) * self.strides()[d];
    }
  }
  return plan;
}

std::vector<std::optional<Tensor>> optional_tensors(const Value& list) {
  const auto& items = list.is_list() ? list.to_list()->items : list.to_tuple()->items;
  std::vector<std::optional<Tensor>> out;
  for (const Value& item : items) {
    if (item.is_none() || !item.to_tensor().defined()) {
      out.emplace_back();
    } else {
      out.emplace_back(item.to_tensor());
    }
  }
  return out;
}

Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, const char* op) {
  IndexPlan plan = plan_index(self, indices, op);
  Tensor out = Tensor::empty(plan.result_shape(), self.dtype());
  auto [out_index_strides, out_rest_strides] = plan.split_strides(out.strides());
  std::vector<int64_t> out_index = offsets_of(plan.index_shape, out_index_strides);
  std::vector<int64_t> out_rest = offsets_of(plan.rest_sizes, out_rest_strides);
  std::vector<int64_t> src_rest = offsets_of(plan.rest_sizes, plan.rest_strides);
  size_t esize = element_size(self.dtype());
  // Offsets are relative to storage starts (out has offset 0, bases include self's offset).
  const char* src = static_cast<const char*>(self.storage()->data());
  char* dst = static_cast<char*>(out.storage()->data());
  if (out.numel() == 0) return out;
  if (is_dense_run(src_rest) && is_dense_run(out_rest)) {
    size_t row_bytes = src_rest.size() * esize;
    for (size_t b = 0; b < plan.bases.size(); ++b) {
      std::memcpy(dst + out_index[b] * esize, src + plan.bases[b] * esize, row_bytes);
    }
    return out;
  }
  for (size_t b = 0; b < plan.bases.size(); ++b) {
    for (size_t r = 0; r < src_rest.size(); ++r) {
      std::memcpy(dst + (out_index[b] + out_rest[r]) * esize, src + (plan.bases[b] + src_rest[r]) * esize, esize);
    }
  }
  return out;
}

Tensor& index_put(Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                  bool accumulate) {
  TSRT_CHECK(values.dtype() == self.dtype(), std::string("index_put_: Index put requires the source and destination "
                                                    "dtypes match, got ") +
                                            dtype_name(self.dtype()) + " for the destination and " +
                                            dtype_name(values.dtype()) + " for the source.");
  IndexPlan plan = plan_index(self, indices, "index_put_");
  Shape result = plan.result_shape();
  TSRT_CHECK(values.dim() <= static_cast<int64_t>(result.size()),
        "index_put_: shape mismatch: value tensor of shape " + values.shape_string() +
            " cannot be broadcast to indexing result of shape " + shape_to_string(result));
  Tensor source = values.storage() == self.storage() ? values.clone() : values;
  Tensor expanded = expand_to(source, result);
  auto [val_index_strides, val_rest_strides] = plan.split_strides(expanded.strides());
  std::vector<int64_t> val_index = offsets_of(plan.index_shape, val_index_strides);
  std::vector<int64_t> val_rest = offsets_of(plan.rest_sizes, val_rest_strides);
  std::vector<int64_t> dst_rest = offsets_of(plan.rest_sizes, plan.rest_strides);
  if (product(result) == 0) return self;
  int64_t val_offset = expanded.storage_offset();
  if (!accumulate) {
    size_t esize = element_size(self.dtype());
    const char* src = static_cast<const char*>(expanded.storage()->data());
    char* dst = static_cast<char*>(self.storage()->data());
    for (size_t b = 0; b < plan.bases.size(); ++b) {
      for (size_t r = 0; r < dst_rest.size(); ++r) {
        std::memcpy(dst + (plan.bases[b] + dst_rest[r]) * esize,
                    src + (val_offset + val_index[b] + val_rest[r]) * esize, esize);
      }
    }
    return self;
  }
  TSRT_DISPATCH_ALL_TYPES(self.dtype(), "index_put_", [&] {
    const scalar_t* src = static_cast<const scalar_t*>(expanded.storage()->data());
    scalar_t* dst = static_cast<scalar_t*>(self.storage()->data());
    for (size_t b = 0; b < plan.bases.size(); ++b) {
      for (size_t r = 0; r < dst_rest.size(); ++r) {
        scalar_t& target = dst[plan.bases[b] + dst_rest[r]];
        target = static_cast<scalar_t>(target + src[val_offset + val_index[b] + val_rest[r]]);
      }
    }
  });
  return self;
}

// index_select and embedding read whole rows and, unlike index, reject negative indices.
Tensor index_select(const Tensor& self, int64_t dim_arg, const Tensor& positions, const char* op) {
  TSRT_CHECK(positions.dim() <= 1,
        std::string(op) + "(): Index is supposed to be a vector, got shape " + positions.shape_string());
  std::vector<int64_t> values = index_values(positions, op);
  if (self.dim() == 0) {
    wrap_dim(dim_arg, 0);
    for (int64_t v : values)
      TSRT_CHECK(v == 0, std::string(op) + "(): index " + std::to_string(v) + " out of range for a 0-dim tensor");
    TSRT_CHECK(values.size() == 1, std::string(op) + "(): a 0-dim tensor takes exactly one index");
    return self.clone();
  }
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  for (int64_t v : values) {
    TSRT_CHECK(v >= 0 && v < size, std::string(op) + "(): index " + std::to_string(v) + " out of range in self (dimension " +
                                  std::to_string(dim) + " has size " + std::to_string(size) + ")");
  }
  std::vector<std::optional<Tensor>> indices(static_cast<size_t>(dim));
  indices.emplace_back(positions.dim() == 0 ? positions.as_strided({1}, {1}, positions.storage_offset()) : positions);
  return index(self, indices, op);
}

// One row of `weight` per index, copied straight from the table (rows are dense in practice;
// other layouts go through a contiguous copy): no offset lists, so BERT's three lookups per
// forward allocate nothing but their result.
Tensor embedding(const Tensor& weight_in, const Tensor& indices_in) {
  TSRT_CHECK(weight_in.dim() == 2, "embedding: 'weight' must be 2-D, got shape " + weight_in.shape_string());
  TSRT_CHECK(indices_in.dtype() == DType::Int64 || indices_in.dtype() == DType::Int32,
             std::string("embedding: tensors used as indices must be long or int tensors, got ") +
                 dtype_name(indices_in.dtype()));
  Tensor weight = weight_in.stride(1) == 1 ? weight_in : weight_in.contiguous();
  Tensor indices = indices_in.dtype() == DType::Int64 ? indices_in.contiguous() : indices_in.to(DType::Int64);
  const int64_t rows = weight.size(0), cols = weight.size(1), count = indices.numel();
  const int64_t* ids = indices.data<int64_t>();
  for (int64_t i = 0; i < count; ++i) {
    TSRT_CHECK(ids[i] >= 0 && ids[i] < rows, "embedding: index " + std::to_string(ids[i]) +
                                                 " is out of range for a table of " + std::to_string(rows) +
                                                 " rows (valid indices are 0.." + std::to_string(rows - 1) + ")");
  }
  Shape out_shape = indices.sizes();
  out_shape.push_back(cols);
  Tensor out = Tensor::empty(out_shape, weight.dtype());
  const size_t row_bytes = static_cast<size_t>(cols) * element_size(weight.dtype());
  const char* table = static_cast<const char*>(weight.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  const size_t row_stride_bytes = static_cast<size_t>(weight.stride(0)) * element_size(weight.dtype());
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(dst + static_cast<size_t>(i) * row_bytes, table + static_cast<size_t>(ids[i]) * row_stride_bytes,
                row_bytes);
  }
  return out;
}

Tensor gather(const Tensor& self, int64_t dim_arg, const Tensor& index) {
  TSRT_CHECK(index.dtype() == DType::Int64,
        std::string("gather(): Expected dtype int64 for index, got ") + dtype_name(index.dtype()));
  int64_t rank = std::max<int64_t>(self.dim(), 1);
  int64_t dim = wrap_dim(dim_arg, self.dim());
  TSRT_CHECK(std::max<int64_t>(index.dim(), 1) == rank,
        "gather(): Index tensor must have the same number of dimensions as input tensor (got " +
            std::to_string(index.dim()) + " and " + std::to_string(self.dim()) + ")");
  Shape self_sizes = self.dim() == 0 ? Shape{1} : self.sizes();
  Shape self_strides = self.dim() == 0 ? Shape{1} : self.strides();
  Shape index_sizes = index.dim() == 0 ? Shape{1} : index.sizes();
  for (int64_t d = 0; d < rank; ++d) {
    TSRT_CHECK(d == dim || index_sizes[d] <= self_sizes[d],
          "gather(): Size does not match at dimension " + std::to_string(d) + " expected index " +
              index.shape_string() + " to be smaller than self " + self.shape_string() + " apart from dimension " +
              std::to_string(dim));
  }
  Tensor out = Tensor::empty(index.sizes(), self.dtype());
  std::vector<int64_t> values = index_values(index, "gather");
  size_t esize = element_size(self.dtype());
  const char* src = static_cast<const char*>(self.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  Shape position(static_cast<size_t>(rank), 0);
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t v = values[i];
    TSRT_CHECK(v >= -self_sizes[dim] && v < self_sizes[dim], "gather(): index " + std::to_string(v) +
                                                            " is out of bounds for dimension " + std::to_string(dim) +
                                                            " with size " + std::to_string(self_sizes[dim]));
    if (v < 0) v += self_sizes[dim];
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d) offset += (d == dim ? v : position[d]) * self_strides[d];
    std::memcpy(dst + i * esize, src + offset * esize, esize);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < index_sizes[d]) break;
      position[d] = 0;
    }
  }
  return out;
}

// scatter/scatter_add: self[..., index[i], ...] (index along dim) = src[i] for every position i
// of index; src may be larger than index, and a value scatter passes a stride-0 src.
Tensor& scatter(Tensor& self, int64_t dim_arg, const Tensor& index, const Tensor& src, bool accumulate,
                const char* op) {
  TSRT_CHECK(index.dtype() == DType::Int64,
        std::string(op) + "(): Expected dtype int64 for index, got " + dtype_name(index.dtype()));
  TSRT_CHECK(src.dtype() == self.dtype(), std::string(op) + "(): Expected self.dtype to be equal to src.dtype (" +
                                         dtype_name(self.dtype()) + " vs " + dtype_name(src.dtype()) + ")");
  int64_t rank = std::max<int64_t>(self.dim(), 1);
  int64_t dim = wrap_dim(dim_arg, self.dim());
  auto padded = [](const Shape& s) { return s.empty() ? Shape{1} : s; };
  Shape self_sizes = padded(self.sizes()), self_strides = self.dim() == 0 ? Shape{1} : self.strides();
  Shape index_sizes = padded(index.sizes());
  Shape src_sizes = padded(src.sizes()), src_strides = src.dim() == 0 ? Shape{0} : src.strides();
  TSRT_CHECK(std::max<int64_t>(index.dim(), 1) == rank && static_cast<int64_t>(src_sizes.size()) == rank,
        std::string(op) + "(): Index tensor must have the same number of dimensions as self and src (got " +
            std::to_string(index.dim()) + ", " + std::to_string(self.dim()) + " and " + std::to_string(src.dim()) +
            ")");
  for (int64_t d = 0; d < rank; ++d) {
    TSRT_CHECK(index_sizes[d] <= src_sizes[d] && (d == dim || index_sizes[d] <= self_sizes[d]),
          std::string(op) + "(): Expected index " + index.shape_string() + " to be smaller than self " +
              self.shape_string() + " apart from dimension " + std::to_string(dim) +
              " and to be smaller size than src " + src.shape_string());
  }
  std::vector<int64_t> values = index_values(index, op);
  Tensor source = src.storage() == self.storage() ? src.clone() : src;
  if (source.storage() != src.storage()) src_strides = source.dim() == 0 ? Shape{0} : source.strides();
  TSRT_DISPATCH_ALL_TYPES(self.dtype(), op, [&] {
    const scalar_t* from = source.data<scalar_t>();
    scalar_t* to = self.data<scalar_t>();
    Shape position(static_cast<size_t>(rank), 0);
    for (size_t i = 0; i < values.size(); ++i) {
      int64_t v = values[i];
      TSRT_CHECK(v >= -self_sizes[dim] && v < self_sizes[dim], std::string(op) + "(): index " + std::to_string(v) +
                                                              " is out of bounds for dimension " + std::to_string(dim) +
                                                              " with size " + std::to_string(self_sizes[dim]));
      if (v < 0) v += self_sizes[dim];
      int64_t dst_offset = 0, src_offset = 0;
      for (int64_t d = 0; d < rank; ++d) {
        dst_offset += (d == dim ? v : position[d]) * self_strides[d];
        src_offset += position[d] * src_strides[d];
      }
      to[dst_offset] = accumulate ? static_cast<scalar_t>(to[dst_offset] + from[src_offset]) : from[src_offset];
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++position[d] < index_sizes[d]) break;
        position[d] = 0;
      }
    }
  });
  return self;
}

Tensor scalar_like(const Value& value, DType dtype) {
  TSRT_CHECK(value.is_number(), "expected a number, got " + std::string(value.tag_name()));
  if (value.is_double()) return Tensor::scalar_double(value.to_double(), dtype);
  return Tensor::scalar_int(value.to_int(), dtype);
}

// Coordinates of the nonzero elements, as an int64 [count, rank] tensor.
Tensor nonzero(const Tensor& self) {
  Tensor flags = self.to(DType::Bool);
  int64_t rank = self.dim();
  std::vector<int64_t> coords;
  Shape position(static_cast<size_t>(rank), 0);
  int64_t count = 0;
  for (int64_t e = 0; e < flags.numel(); ++e) {
    if (flags.data<bool>()[e]) {
      coords.insert(coords.end(), position.begin(), position.end());
      ++count;
    }
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < self.sizes()[d]) break;
      position[d] = 0;
    }
  }
  Tensor out = Tensor::empty({count, rank}, DType::Int64);
  std::copy(coords.begin(), coords.end(), out.data<int64_t>());
  return out;
}

// repeat_interleave(repeats): [0]*repeats[0] + [1]*repeats[1] + ...
Tensor repeat_positions(const Tensor& repeats) {
  TSRT_CHECK(repeats.dim() <= 1, "repeat_interleave: repeats must be 0-dim or 1-dim tensor, got " + repeats.shape_string());
  std::vector<int64_t> counts = index_values(repeats, "repeat_interleave");
  std::vector<int64_t> positions;
  for (size_t i = 0; i < counts.size(); ++i) {
    TSRT_CHECK(counts[i] >= 0, "repeat_interleave: repeats can not be negative, got " + std::to_string(counts[i]));
    positions.insert(positions.end(), static_cast<size_t>(counts[i]), static_cast<int64_t>(i));
  }
  Tensor out = Tensor::empty({static_cast<int64_t>(positions.size())}, DType::Int64);
  std::copy(positions.begin(), positions.end(), out.data<int64_t>());
  return out;
}

Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim_arg) {
  Tensor input = self;
  int64_t dim = 0;
  if (dim_arg) {
    dim = wrap_dim(*dim_arg, self.dim());
  } else {
    input = self.contiguous();
    input = input.as_strided({input.numel()}, {1}, input.storage_offset());
  }
  int64_t size = input.dim() == 0 ? 1 : input.sizes()[dim];
  Tensor counts = repeats;
  if (repeats.dim() == 0 || repeats.numel() == 1) {
    counts = expand_to(repeats.as_strided({}, {}, repeats.storage_offset()), {size});
  }
  TSRT_CHECK(counts.dim() == 1 && counts.sizes()[0] == size,
        "repeat_interleave: repeats must have the same size as input along dim, got " + repeats.shape_string() +
            " for a dim of size " + std::to_string(size));
  return index_select(input, dim, repeat_positions(counts), "repeat_interleave");
}

// index_fill: every slice at the listed positions along dim takes `value`.
Tensor& index_fill(Tensor& self, int64_t dim_arg, const Tensor& positions, const Tensor& value) {
  TSRT_CHECK(positions.dim() <= 1, "index_fill_(): Index is supposed to be a vector, got shape " + positions.shape_string());
  TSRT_CHECK(value.dim() == 0, "index_fill_(): only supports a 0-dimensional value tensor, but got tensor with " +
                              std::to_string(value.dim()) + " dimension(s).");
  if (self.dim() == 0) {
    wrap_dim(dim_arg, 0);
    for (int64_t v : index_values(positions, "index_fill_")) {
      TSRT_CHECK(v == 0 || v == -1, "index_fill_(): index " + std::to_string(v) + " out of range for a 0-dim tensor");
      self.copy_from(value);
    }
    return self;
  }
  int64_t dim = wrap_dim(dim_arg, self.dim());
  std::vector<std::optional<Tensor>> indices(static_cast<size_t>(dim));
  indices.emplace_back(positions.dim() == 0 ? positions.as_strided({1}, {1}, positions.storage_offset()) : positions);
  return index_put(self, indices, value.to(self.dtype()), false);
}

// index_copy / index_add: slices of `source` along dim go to the listed positions of self
// (index_add scales them by alpha and accumulates).
Tensor& index_into(Tensor& self, int64_t dim_arg, const Tensor& positions, const Tensor& source, bool accumulate,
                   const Value& alpha, const char* op) {
  TSRT_CHECK(positions.dim() <= 1,
        std::string(op) + "(): Index is supposed to be a vector, got shape " + positions.shape_string());
  TSRT_CHECK(source.dtype() == self.dtype(), std::string(op) + "(): self (" + dtype_name(self.dtype()) + ") and source (" +
                                            dtype_name(source.dtype()) + ") must have the same dtype");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  Tensor index_1d = positions.dim() == 0 ? positions.as_strided({1}, {1}, positions.storage_offset()) : positions;
  Shape expected = self.sizes();
  if (!expected.empty()) expected[dim] = index_1d.numel();
  TSRT_CHECK(source.sizes() == expected, std::string(op) + "(): source " + source.shape_string() + " must have shape " +
                                        shape_to_string(expected) + " (self with dim " + std::to_string(dim) +
                                        " the length of index)");
  Tensor values = source;
  if (accumulate && !(alpha.is_int() && alpha.to_int() == 1)) {
    bool floating = is_floating(self.dtype());
    TSRT_CHECK(floating || !alpha.is_double(),
          std::string(op) + "(): For integral input tensors, argument alpha must not be a floating point number.");
    values = source.clone();
    TSRT_DISPATCH_ALL_TYPES(values.dtype(), op, [&] {
      scalar_t* p = values.data<scalar_t>();
      for (int64_t i = 0; i < values.numel(); ++i) {
        if (floating) {
          double scaled = static_cast<double>(p[i]) * alpha.to_double();
          p[i] = static_cast<scalar_t>(scaled);
        } else {
          int64_t scaled = static_cast<int64_t>(p[i]) * alpha.to_int();
          p[i] = static_cast<scalar_t>(scaled);
        }
      }
    });
  }
  if (self.dim() == 0) return index_fill(self, dim_arg, positions, values.as_strided({}, {}, values.storage_offset()));
  std::vector<std::optional<Tensor>> indices(static_cast<size_t>(dim));
  indices.emplace_back(index_1d);
  return index_put(self, indices, values, accumulate);
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  TSRT_CHECK(mask.dtype() == DType::Bool || mask.dtype() == DType::UInt8,
        std::string("masked_select: expected a bool mask, got ") + dtype_name(mask.dtype()));
  Shape shape = broadcast_shapes(self.sizes(), mask.sizes());
  if (shape.empty()) shape = {1};
  return index(expand_to(self, shape), {expand_to(mask, shape)}, "masked_select");
}

Tensor one_hot(const Tensor& self, int64_t num_classes) {
  TSRT_CHECK(self.dtype() == DType::Int64,
        "one_hot is only applicable to index tensor (int64), got " + std::string(dtype_name(self.dtype())));
  std::vector<int64_t> values = index_values(self, "one_hot");
  if (num_classes == -1) {
    TSRT_CHECK(!values.empty(), "one_hot: Can not infer total number of classes from empty tensor.");
    num_classes = *std::max_element(values.begin(), values.end()) + 1;
  }
  TSRT_CHECK(num_classes >= 0, "one_hot: num_classes must be -1 or non-negative, got " + std::to_string(num_classes));
  for (int64_t v : values) {
    TSRT_CHECK(v >= 0, "one_hot: Class values must be non-negative, got " + std::to_string(v));
    TSRT_CHECK(v < num_classes, "one_hot: Class values must be smaller than num_classes (" + std::to_string(num_classes) +
                               "), got " + std::to_string(v));
  }
  Shape shape = self.sizes();
  shape.push_back(num_classes);
  Tensor out = Tensor::zeros(shape, DType::Int64);
  for (size_t i = 0; i < values.size(); ++i) out.data<int64_t>()[static_cast<int64_t>(i) * num_classes + values[i]] = 1;
  return out;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
ir::TensorFacts embedding_shape(const ir::ShapeContext& c) {
  ir::TensorFacts weight = c.self(), indices = c.tensor(c.input(1));
  ir::TensorFacts out{weight.dtype, std::nullopt, true};
  if (indices.sizes && weight.sizes && weight.sizes->size() == 2) {
    out.sizes = indices.sizes;
    out.sizes->push_back((*weight.sizes)[1]);
  }
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(indexing) {
  auto index_kernel = [](const Args& a) -> Value { return index(a.tensor(0), optional_tensors(a[1]), "index"); };
  r.add("aten::index.Tensor(Tensor self, Tensor?[] indices) -> Tensor", index_kernel);
  r.add("aten::index.Tensor_hacked_twin(Tensor self, Tensor[] indices) -> Tensor", index_kernel);
  auto index_put_kernel = [](const Args& a) -> Value {
    Tensor self = a.tensor(0);
    return index_put(self, optional_tensors(a[1]), a.tensor(2), a.to_bool(3));
  };
  r.add("aten::index_put_(Tensor(a!) self, Tensor?[] indices, Tensor values, bool accumulate=False) -> Tensor(a!)",
        index_put_kernel);
  r.add(
      "aten::index_put_.hacked_twin(Tensor(a!) self, Tensor[] indices, Tensor values, bool accumulate=False) -> "
      "Tensor(a!)",
      index_put_kernel);
  r.add("aten::index_put(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False) -> Tensor",
        [](const Args& a) -> Value {
          Tensor copy = a.tensor(0).clone();
          return index_put(copy, optional_tensors(a[1]), a.tensor(2), a.to_bool(3));
        });
  r.add("aten::index_select(Tensor self, int dim, Tensor index) -> Tensor",
        [](const Args& a) -> Value { return index_select(a.tensor(0), a.to_int(1), a.tensor(2), "index_select"); });
  r.add("aten::gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False) -> Tensor",
        [](const Args& a) -> Value { return gather(a.tensor(0), a.to_int(1), a.tensor(2)); });
  // padding_idx, scale_grad_by_freq and sparse only change gradients.
  r.add(
      "aten::embedding(Tensor weight, Tensor indices, int padding_idx=-1, bool scale_grad_by_freq=False, bool "
      "sparse=False) -> Tensor",
      [](const Args& a) -> Value { return embedding(a.tensor(0), a.tensor(1)); });
  r.add("aten::scatter.src(Tensor self, int dim, Tensor index, Tensor src) -> Tensor", [](const Args& a) -> Value {
    Tensor out = a.tensor(0).clone();
    return scatter(out, a.to_int(1), a.tensor(2), a.tensor(3), false, "scatter");
  });
  r.add("aten::scatter.value(Tensor self, int dim, Tensor index, Scalar value) -> Tensor", [](const Args& a) -> Value {
    Tensor out = a.tensor(0).clone();
    Tensor value = expand_to(scalar_like(a[3], out.dtype()), a.tensor(2).sizes());
    return scatter(out, a.to_int(1), a.tensor(2), value, false, "scatter");
  });
  r.add("aten::scatter_.src(Tensor(a!) self, int dim, Tensor index, Tensor src) -> Tensor(a!)",
        [](const Args& a) -> Value {
          Tensor self = a.tensor(0);
          return scatter(self, a.to_int(1), a.tensor(2), a.tensor(3), false, "scatter_");
        });
  r.add("aten::scatter_.value(Tensor(a!) self, int dim, Tensor index, Scalar value) -> Tensor(a!)",
        [](const Args& a) -> Value {
          Tensor self = a.tensor(0);
          Tensor value = expand_to(scalar_like(a[3], self.dtype()), a.tensor(2).sizes());
          return scatter(self, a.to_int(1), a.tensor(2), value, false, "scatter_");
        });
  r.add("aten::scatter_add(Tensor self, int dim, Tensor index, Tensor src) -> Tensor", [](const Args& a) -> Value {
    Tensor out = a.tensor(0).clone();
    return scatter(out, a.to_int(1), a.tensor(2), a.tensor(3), true, "scatter_add");
  });
  r.add("aten::scatter_add_(Tensor(a!) self, int dim, Tensor index, Tensor src) -> Tensor(a!)",
        [](const Args& a) -> Value {
          Tensor self = a.tensor(0);
          return scatter(self, a.to_int(1), a.tensor(2), a.tensor(3), true, "scatter_add_");
        });
  r.add("aten::index_fill.int_Scalar(Tensor self, int dim, Tensor index, Scalar value) -> Tensor",
        [](const Args& a) -> Value {
          Tensor out = a.tensor(0).clone();
          return index_fill(out, a.to_int(1), a.tensor(2), scalar_like(a[3], out.dtype()));
        });
  r.add("aten::index_fill.int_Tensor(Tensor self, int dim, Tensor index, Tensor value) -> Tensor",
        [](const Args& a) -> Value {
          Tensor out = a.tensor(0).clone();
          return index_fill(out, a.to_int(1), a.tensor(2), a.tensor(3));
        });
  r.add("aten::index_fill_.int_Scalar(Tensor(a!) self, int dim, Tensor index, Scalar value) -> Tensor(a!)",
        [](const Args& a) -> Value {
          Tensor self = a.tensor(0);
          return index_fill(self, a.to_int(1), a.tensor(2), scalar_like(a[3], self.dtype()));
        });
  r.add("aten::index_fill_.int_Tensor(Tensor(a!) self, int dim, Tensor index, Tensor value) -> Tensor(a!)",
        [](const Args& a) -> Value {
          Tensor self = a.tensor(0);
          return index_fill(self, a.to_int(1), a.tensor(2), a.tensor(3));
        });
  r.add("aten::index_copy(Tensor self, int dim, Tensor index, Tensor source) -> Tensor", [](const Args& a) -> Value {
    Tensor out = a.tensor(0).clone();
    return index_into(out, a.to_int(1), a.tensor(2), a.tensor(3), false, Value(int64_t{1}), "index_copy");
  });
  r.add("aten::index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1) -> Tensor",
        [](const Args& a) -> Value {
          Tensor out = a.tensor(0).clone();
          return index_into(out, a.to_int(1), a.tensor(2), a.tensor(3), true, a[4], "index_add");
        });
  r.add("aten::nonzero(Tensor self) -> Tensor", [](const Args& a) -> Value { return nonzero(a.tensor(0)); });
  r.add("aten::argwhere(Tensor self) -> Tensor", [](const Args& a) -> Value { return nonzero(a.tensor(0)); });
  r.add("aten::take(Tensor self, Tensor index) -> Tensor", [](const Args& a) -> Value {
    Tensor flat = a.tensor(0).contiguous();
    flat = flat.as_strided({flat.numel()}, {1}, flat.storage_offset());
    return index(flat, {a.tensor(1)}, "take");
  });
  r.add("aten::repeat_interleave.Tensor(Tensor repeats, *, int? output_size=None) -> Tensor",
        [](const Args& a) -> Value { return repeat_positions(a.tensor(0)); });
  r.add(
      "aten::repeat_interleave.self_Tensor(Tensor self, Tensor repeats, int? dim=None, *, int? output_size=None) -> "
      "Tensor",
      [](const Args& a) -> Value { return repeat_interleave(a.tensor(0), a.tensor(1), a.optional_int(2)); });
  r.add("aten::repeat_interleave.self_int(Tensor self, int repeats, int? dim=None, *, int? output_size=None) -> Tensor",
        [](const Args& a) -> Value {
          return repeat_interleave(a.tensor(0), Tensor::scalar_int(a.to_int(1)), a.optional_int(2));
        });
  r.add("aten::masked_select(Tensor self, Tensor mask) -> Tensor",
        [](const Args& a) -> Value { return masked_select(a.tensor(0), a.tensor(1)); });
  r.add("aten::one_hot(Tensor self, int num_classes=-1) -> Tensor",
        [](const Args& a) -> Value { return one_hot(a.tensor(0), a.to_int(1)); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::index_put_"}).shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::embedding"}).shape(ir::one_output(embedding_shape)).traits(ir::always_contiguous());
}

}  // namespace tsrt::kernels
