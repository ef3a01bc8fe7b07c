// Shape ops that produce new memory: cat, stack, repeat, flip, roll, tril/triu, clone, copy_.
// Most are expressed as strided copies between views (Tensor::copy_from), so they accept any
// input layout.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/memory_format.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

Tensor narrow_view(const Tensor& t, int64_t dim, int64_t start, int64_t length) {
  Shape sizes = t.sizes();
  sizes[dim] = length;
  return t.as_strided(sizes, t.strides(), t.storage_offset() + start * t.strides()[dim]);
}

Tensor cat(const std::vector<Tensor>& tensors, int64_t dim_arg) {
  TSRT_CHECK(!tensors.empty(), "torch.cat(): expected a non-empty list of Tensors");
  // As torch, 1-d empty tensors are skipped whatever the rank of the others (legacy behaviour).
  std::vector<const Tensor*> parts;
  DType dtype = tensors[0].dtype();
  for (size_t i = 0; i < tensors.size(); ++i) {
    dtype = i == 0 ? dtype : promote_types(dtype, tensors[i].dtype());
    bool legacy_empty = tensors[i].dim() == 1 && tensors[i].numel() == 0;
    if (!legacy_empty) parts.push_back(&tensors[i]);
  }
  if (parts.empty()) return Tensor::empty({0}, dtype);
  const Tensor& first = *parts[0];
  TSRT_CHECK(first.dim() > 0, "zero-dimensional tensor (at position 0) cannot be concatenated");
  int64_t dim = wrap_dim(dim_arg, first.dim());
  Shape out_shape = first.sizes();
  out_shape[dim] = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Tensor& t = *parts[i];
    TSRT_CHECK(t.dim() == first.dim(), "Tensors must have same number of dimensions: got " + std::to_string(first.dim()) +
                                      " and " + std::to_string(t.dim()));
    for (int64_t d = 0; d < t.dim(); ++d) {
      TSRT_CHECK(d == dim || t.sizes()[d] == first.sizes()[d],
            "Sizes of tensors must match except in dimension " + std::to_string(dim) + ". Expected size " +
                std::to_string(first.sizes()[d]) + " but got size " + std::to_string(t.sizes()[d]) +
                " for tensor number " + std::to_string(i) + " in the list.");
    }
    out_shape[dim] += t.sizes()[dim];
  }
  Tensor out = Tensor::empty(out_shape, dtype);
  // Common case, a contiguous input of the output dtype: one memcpy per outer index.
  int64_t outer = 1;
  for (int64_t d = 0; d < dim; ++d) outer *= out_shape[d];
  size_t esize = element_size(dtype);
  int64_t out_block = out.numel() / std::max<int64_t>(outer, 1);
  int64_t offset = 0;
  for (const Tensor* t : parts) {
    int64_t length = t->sizes()[dim];
    if (t->dtype() == dtype && t->is_contiguous() && t->numel() > 0) {
      int64_t block = t->numel() / outer;
      int64_t inner_offset = offset * (out_block / std::max<int64_t>(out_shape[dim], 1));
      const char* src = static_cast<const char*>(t->raw_data());
      char* dst = static_cast<char*>(out.raw_data());
      for (int64_t o = 0; o < outer; ++o) {
        std::memcpy(dst + (o * out_block + inner_offset) * esize, src + o * block * esize, block * esize);
      }
    } else {
      narrow_view(out, dim, offset, length).copy_from(*t);
    }
    offset += length;
  }
  return out;
}

Tensor stack(const std::vector<Tensor>& tensors, int64_t dim_arg) {
  TSRT_CHECK(!tensors.empty(), "stack expects a non-empty TensorList");
  int64_t dim = wrap_dim(dim_arg, tensors[0].dim() + 1);
  std::vector<Tensor> unsqueezed;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    TSRT_CHECK(t.sizes() == tensors[0].sizes(), "stack expects each tensor to be equal size, but got " +
                                               tensors[0].shape_string() + " at entry 0 and " + t.shape_string() +
                                               " at entry " + std::to_string(i));
    Shape sizes = t.sizes(), strides = t.strides();
    sizes.insert(sizes.begin() + dim, 1);
    strides.insert(strides.begin() + dim, 1);
    unsqueezed.push_back(t.as_strided(sizes, strides, t.storage_offset()));
  }
  return cat(unsqueezed, dim);
}

Tensor repeat(const Tensor& self, const Shape& repeats) {
  TSRT_CHECK(static_cast<int64_t>(repeats.size()) >= self.dim(),
        "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  size_t rank = repeats.size();
  size_t lead = rank - self.sizes().size();
  Shape out_shape(rank);
  for (size_t d = 0; d < rank; ++d) {
    TSRT_CHECK(repeats[d] >= 0, "Trying to create tensor with negative dimension " + std::to_string(repeats[d]) + ": " +
                               shape_to_string(repeats));
    int64_t in_size = d < lead ? 1 : self.sizes()[d - lead];
    out_shape[d] = in_size * repeats[d];
  }
  Tensor out = Tensor::empty(out_shape, self.dtype());
  if (out.numel() == 0) return out;
  // View the output as [r0, s0, r1, s1, ...] and copy the input broadcast over each r_i.
  Shape block_sizes, out_strides, in_strides;
  for (size_t d = 0; d < rank; ++d) {
    int64_t in_size = d < lead ? 1 : self.sizes()[d - lead];
    int64_t in_stride = d < lead ? 0 : self.strides()[d - lead];
    block_sizes.insert(block_sizes.end(), {repeats[d], in_size});
    out_strides.insert(out_strides.end(), {in_size * out.strides()[d], out.strides()[d]});
    in_strides.insert(in_strides.end(), {0, in_stride});
  }
  out.as_strided(block_sizes, out_strides, 0)
      .copy_from(self.as_strided(block_sizes, in_strides, self.storage_offset()));
  return out;
}

Tensor flip(const Tensor& self, const Shape& dims) {
  Shape strides = self.strides();
  int64_t offset = self.storage_offset();
  std::vector<bool> flipped(std::max<int64_t>(self.dim(), 1), false);
  for (int64_t d : dims) {
    int64_t dim = wrap_dim(d, self.dim());
    TSRT_CHECK(!flipped[dim], "dims has duplicates, original flip dims size=" + std::to_string(dims.size()));
    flipped[dim] = true;
    if (self.dim() == 0 || self.sizes()[dim] == 0) continue;
    // A negative-stride view starting at the last element reads the dim backwards.
    offset += (self.sizes()[dim] - 1) * strides[dim];
    strides[dim] = -strides[dim];
  }
  Tensor out = Tensor::empty(self.sizes(), self.dtype());
  out.copy_from(self.as_strided(self.sizes(), strides, offset));
  return out;
}

Tensor roll_dim(const Tensor& self, int64_t shift, int64_t dim) {
  Tensor out = Tensor::empty(self.sizes(), self.dtype());
  int64_t size = self.sizes()[dim];
  if (size == 0) return out;
  int64_t s = ((shift % size) + size) % size;
  narrow_view(out, dim, s, size - s).copy_from(narrow_view(self, dim, 0, size - s));
  narrow_view(out, dim, 0, s).copy_from(narrow_view(self, dim, size - s, s));
  return out;
}

Tensor roll(const Tensor& self, const Shape& shifts, const Shape& dims) {
  if (dims.empty()) {
    // No dims: roll the flattened tensor, then restore the shape.
    TSRT_CHECK(shifts.size() == 1,
          "shifts and dimensions must align. shifts: " + std::to_string(shifts.size()) + ", dims:0");
    Tensor flat = self.contiguous();
    flat = flat.as_strided({self.numel()}, {1}, flat.storage_offset());
    Tensor rolled = roll_dim(flat, shifts[0], 0);
    return rolled.as_strided(self.sizes(), Tensor::contiguous_strides(self.sizes()), 0);
  }
  TSRT_CHECK(shifts.size() == dims.size(), "shifts and dimensions must align. shifts: " + std::to_string(shifts.size()) +
                                          ", dims:" + std::to_string(dims.size()));
  Tensor out = self;
  for (size_t i = 0; i < dims.size(); ++i) out = roll_dim(out, shifts[i], wrap_dim(dims[i], self.dim()));
  return out;
}

// Rotates the plane of `dims` by k quarter turns, from the first dim towards the second.
Tensor rot90(const Tensor& self, int64_t k, const Shape& dims) {
  TSRT_CHECK(dims.size() == 2, "rot90: expected total rotation dims == 2, but got dims = " + std::to_string(dims.size()));
  TSRT_CHECK(self.dim() >= 2, "rot90: expected total dims >= 2, but got total dims = " + std::to_string(self.dim()));
  int64_t d0 = wrap_dim(dims[0], self.dim()), d1 = wrap_dim(dims[1], self.dim());
  TSRT_CHECK(d0 != d1, "rot90: expected rotation dims to be different, but got dim0 = " + std::to_string(d0) +
                      " and dim1 = " + std::to_string(d1));
  auto swapped = [&](const Tensor& t) {
    Shape sizes = t.sizes(), strides = t.strides();
    std::swap(sizes[d0], sizes[d1]);
    std::swap(strides[d0], strides[d1]);
    return t.as_strided(sizes, strides, t.storage_offset());
  };
  switch (((k % 4) + 4) % 4) {
    case 1:
      return swapped(flip(self, {d1})).contiguous();
    case 2:
      return flip(self, {d0, d1});
    case 3:
      return swapped(flip(self, {d0})).contiguous();
    default:
      return self.clone();
  }
}

// Keeps the lower (tril) or upper (triu) triangle of the last two dims; zeroes the rest.
Tensor triangle(const Tensor& self, int64_t diagonal, bool lower, const char* op) {
  TSRT_CHECK(self.dim() >= 2,
        std::string(op) + ": input tensor must have at least 2 dimensions, got " + self.shape_string());
  Tensor out = self.clone();
  int64_t rows = self.sizes()[self.dim() - 2];
  int64_t cols = self.sizes()[self.dim() - 1];
  int64_t matrices = rows * cols == 0 ? 0 : out.numel() / (rows * cols);
  size_t esize = element_size(out.dtype());
  char* base = static_cast<char*>(out.raw_data());
  for (int64_t m = 0; m < matrices; ++m) {
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        bool keep = lower ? j - i <= diagonal : j - i >= diagonal;
        // Zero is all-zero bytes for every dtype tsrt has.
        if (!keep) std::memset(base + ((m * rows + i) * cols + j) * esize, 0, esize);
      }
    }
  }
  return out;
}

// A view of `t` with at least `rank` dims (leading dims of size 1), as atleast_1d/atleast_2d.
Tensor with_min_rank(const Tensor& t, int64_t rank) {
  if (t.dim() >= rank) return t;
  Shape sizes = t.sizes(), strides = t.strides();
  sizes.insert(sizes.begin(), rank - t.dim(), 1);
  strides.insert(strides.begin(), rank - t.dim(), 1);
  return t.as_strided(sizes, strides, t.storage_offset());
}

Tensor hstack(const std::vector<Tensor>& tensors) {
  TSRT_CHECK(!tensors.empty(), "hstack expects a non-empty TensorList");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(with_min_rank(t, 1));
  return cat(parts, parts[0].dim() == 1 ? 0 : 1);
}

Tensor vstack(const std::vector<Tensor>& tensors) {
  TSRT_CHECK(!tensors.empty(), "vstack expects a non-empty TensorList");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(with_min_rank(t, 2));
  return cat(parts, 0);
}

Tensor tile(const Tensor& self, const Shape& dims) {
  Shape repeats = dims;
  if (static_cast<int64_t>(repeats.size()) < self.dim())
    repeats.insert(repeats.begin(), self.dim() - repeats.size(), 1);
  return repeat(self, repeats);
}

// diag: a 1-d input becomes a square matrix with it on diagonal k; a 2-d input gives a copy of
// its diagonal k.
Tensor diag(const Tensor& self, int64_t k) {
  TSRT_CHECK(self.dim() == 1 || self.dim() == 2,
        "diag(): Supports 1D or 2D tensors. Got " + std::to_string(self.dim()) + "D");
  auto diagonal_view = [k](const Tensor& m) {
    int64_t rows = m.sizes()[0], cols = m.sizes()[1];
    int64_t length = std::max<int64_t>(k >= 0 ? std::min(rows, cols - k) : std::min(rows + k, cols), 0);
    int64_t start = m.storage_offset() + (length == 0 ? 0 : k >= 0 ? k * m.strides()[1] : -k * m.strides()[0]);
    return m.as_strided({length}, {m.strides()[0] + m.strides()[1]}, start);
  };
  if (self.dim() == 2) return diagonal_view(self).clone();
  int64_t n = self.sizes()[0] + (k >= 0 ? k : -k);
  Tensor out = Tensor::zeros({n, n}, self.dtype());
  diagonal_view(out).copy_from(self);
  return out;
}

// clone/contiguous memory formats: 2 channels_last (4-d), 3 channels_last_3d (5-d); others dense.
Tensor clone(const Tensor& self, std::optional<int64_t> memory_format) {
  int64_t format = memory_format.value_or(1);
  bool channels_last = (format == 2 && self.dim() == 4) || (format == 3 && self.dim() == 5);
  TSRT_CHECK(format < 2 || channels_last,
        "clone: channels_last memory format needs a 4-d (or 5-d for 3d) tensor, got " + self.shape_string());
  return channels_last ? channels_last_copy(self) : self.clone();
}

// self.copy_(src): src broadcasts to self's shape and converts to self's dtype.
Tensor copy_into(const Tensor& self, const Tensor& src) {
  Tensor source = src;
  // Copy through a temporary when both share memory, so overlapping elements are read first.
  if (src.storage() == self.storage()) source = src.clone();
  Tensor(self).copy_from(expand_to(source, self.sizes()));
  return self;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
ir::TensorFacts clone_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  if (!c.is_none(c.arg("memory_format"))) in.contiguous = false;
  return in;
}

ir::TensorFacts cat_shape(const ir::ShapeContext& c) {
  ir::TensorFacts out;
  const ir::Value* list = c.input(0);
  if (list->node()->kind() != "prim::ListConstruct" || list->node()->inputs().empty()) return out;
  std::vector<ir::Operand> dtypes;
  std::vector<ir::TensorFacts> parts;
  out.contiguous = true;
  for (const ir::Value* v : list->node()->inputs()) {
    parts.push_back(c.tensor(v));
    dtypes.push_back(c.operand(v));
    out.contiguous &= parts.back().contiguous;
    if (!parts.back().sizes) return ir::TensorFacts{};
  }
  for (ir::Operand& o : dtypes) {
    if (o.level == ir::Operand::Wrapped) o.level = ir::Operand::ZeroDim;
  }
  out.dtype = ir::result_type(dtypes);
  ir::Sizes s = *parts[0].sizes;
  std::optional<int64_t> d = ir::norm_dim(c.int_value(c.arg("dim")), s.size());
  if (!d) return ir::TensorFacts{};
  std::optional<int64_t> total = int64_t{0};
  for (const ir::TensorFacts& p : parts) {
    if (p.sizes->size() != s.size()) return ir::TensorFacts{};  // legacy empty 1-d inputs
    const auto& size = (*p.sizes)[*d];
    total = total && size ? std::optional<int64_t>(*total + *size) : std::nullopt;
  }
  s[*d] = total;
  out.sizes = s;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(shape_ops) {
  r.add("aten::cat(Tensor[] tensors, int dim=0) -> Tensor",
        [](const Args& a) -> Value { return cat(a.tensor_list(0), a.to_int(1)); });
  r.add("aten::stack(Tensor[] tensors, int dim=0) -> Tensor",
        [](const Args& a) -> Value { return stack(a.tensor_list(0), a.to_int(1)); });
  r.add("aten::hstack(Tensor[] tensors) -> Tensor", [](const Args& a) -> Value { return hstack(a.tensor_list(0)); });
  r.add("aten::vstack(Tensor[] tensors) -> Tensor", [](const Args& a) -> Value { return vstack(a.tensor_list(0)); });
  r.add("aten::tile(Tensor self, int[] dims) -> Tensor",
        [](const Args& a) -> Value { return tile(a.tensor(0), a.int_list(1)); });
  r.add("aten::diag(Tensor self, int diagonal=0) -> Tensor",
        [](const Args& a) -> Value { return diag(a.tensor(0), a.to_int(1)); });
  r.add("aten::repeat(Tensor self, SymInt[] repeats) -> Tensor",
        [](const Args& a) -> Value { return repeat(a.tensor(0), a.int_list(1)); });
  r.add("aten::flip(Tensor self, int[] dims) -> Tensor",
        [](const Args& a) -> Value { return flip(a.tensor(0), a.int_list(1)); });
  r.add("aten::fliplr(Tensor self) -> Tensor", [](const Args& a) -> Value {
    TSRT_CHECK(a.tensor(0).dim() >= 2, "fliplr: Input must be >= 2-d, got " + a.tensor(0).shape_string());
    return flip(a.tensor(0), {1});
  });
  r.add("aten::flipud(Tensor self) -> Tensor", [](const Args& a) -> Value {
    TSRT_CHECK(a.tensor(0).dim() >= 1, "flipud: Input must be >= 1-d.");
    return flip(a.tensor(0), {0});
  });
  r.add("aten::rot90(Tensor self, int k=1, int[] dims=[0, 1]) -> Tensor",
        [](const Args& a) -> Value { return rot90(a.tensor(0), a.to_int(1), a.int_list(2)); });
  r.add("aten::narrow_copy(Tensor self, int dim, SymInt start, SymInt length) -> Tensor", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() > 0, "narrow_copy() cannot be applied to a 0-dim tensor.");
    int64_t dim = wrap_dim(a.to_int(1), self.dim());
    int64_t size = self.sizes()[dim], start = a.to_int(2), length = a.to_int(3);
    if (start < 0) start += size;
    TSRT_CHECK(start >= 0 && length >= 0 && start + length <= size,
          "narrow_copy(): start " + std::to_string(a.to_int(2)) + " and length " + std::to_string(length) +
              " are out of range for dimension " + std::to_string(dim) + " of size " + std::to_string(size));
    return narrow_view(self, dim, start, length).clone();
  });
  r.add("aten::roll(Tensor self, int[1] shifts, int[1] dims=[]) -> Tensor",
        [](const Args& a) -> Value { return roll(a.tensor(0), a.int_list(1), a.int_list(2)); });
  r.add("aten::tril(Tensor self, int diagonal=0) -> Tensor",
        [](const Args& a) -> Value { return triangle(a.tensor(0), a.to_int(1), true, "tril"); });
  r.add("aten::triu(Tensor self, int diagonal=0) -> Tensor",
        [](const Args& a) -> Value { return triangle(a.tensor(0), a.to_int(1), false, "triu"); });
  r.add("aten::clone(Tensor self, *, MemoryFormat? memory_format=None) -> Tensor",
        [](const Args& a) -> Value { return clone(a.tensor(0), a.optional_int(1)); });
  r.add("aten::copy_(Tensor(a!) self, Tensor src, bool non_blocking=False) -> Tensor(a!)",
        [](const Args& a) -> Value { return copy_into(a.tensor(0), a.tensor(1)); });
  r.add("aten::copy_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)",
        [](const Args& a) -> Value { return copy_into(a.tensor(0), a.tensor(1)); });
  r.add("aten::copy_.int(Tensor(a!) self, int other) -> Tensor(a!)",
        [](const Args& a) -> Value { return copy_into(a.tensor(0), Tensor::scalar_int(a.to_int(1))); });
  r.add("aten::copy_.float(Tensor(a!) self, float other) -> Tensor(a!)", [](const Args& a) -> Value {
    return copy_into(a.tensor(0), Tensor::scalar_double(a.to_double(1), DType::Float64));
  });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::clone"}).shape(ir::one_output(clone_shape));
  r.ops({"aten::copy_"}).shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::cat"}).shape(ir::one_output(cat_shape));
}

}  // namespace tsrt::kernels
