// View ops: results share the input's storage and differ only in sizes, strides and offset,
// exactly as torch's views do (so an in-place op on a view is seen by its base). Also the
// metadata queries size/dim/numel/stride.
#include <limits>
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

Value tensor_list(std::vector<Tensor> tensors) {
  std::vector<Value> items(tensors.begin(), tensors.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), std::move(items)));
}

Value int_list(const Shape& ints) {
  std::vector<Value> items(ints.begin(), ints.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Int), std::move(items)));
}

// Resolves one -1 in a requested shape so that it holds `numel` elements.
Shape infer_size(const Shape& requested, int64_t numel) {
  Shape shape = requested;
  std::optional<size_t> free_dim;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      TSRT_CHECK(!free_dim, "only one dimension can be inferred in shape " + shape_to_string(requested));
      free_dim = i;
    } else {
      TSRT_CHECK(shape[i] >= 0, "invalid shape dimension " + std::to_string(shape[i]) + " in " + shape_to_string(requested));
      known *= shape[i];
    }
  }
  bool valid = free_dim ? known != 0 && numel % known == 0 : known == numel;
  TSRT_CHECK(valid, "shape '" + shape_to_string(requested) + "' is invalid for input of size " + std::to_string(numel));
  if (free_dim) shape[*free_dim] = numel / known;
  return shape;
}

// Strides that let a tensor with (sizes, strides) be viewed as `target` without copying, or
// nullopt when its memory layout does not allow it. Input dims are grouped into runs that are
// contiguous among themselves; every run must be covered exactly by consecutive target dims.
std::optional<Shape> view_strides(const Shape& sizes, const Shape& strides, const Shape& target) {
  if (sizes.empty() || product(sizes) == 0) return Tensor::contiguous_strides(target);
  Shape out(target.size(), 1);
  int64_t target_dim = static_cast<int64_t>(target.size()) - 1;
  int64_t run_stride = strides.back();  // stride of the innermost dim of the current run
  int64_t run_numel = 1;
  int64_t covered_numel = 1;
  for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
    run_numel *= sizes[d];
    bool run_ends = d == 0 || (sizes[d - 1] != 1 && strides[d - 1] != run_numel * run_stride);
    if (!run_ends) continue;
    while (target_dim >= 0 && (covered_numel < run_numel || target[target_dim] == 1)) {
      out[target_dim] = covered_numel * run_stride;
      covered_numel *= target[target_dim];
      --target_dim;
    }
    if (covered_numel != run_numel) return std::nullopt;
    if (d > 0) {
      run_stride = strides[d - 1];
      run_numel = 1;
      covered_numel = 1;
    }
  }
  if (target_dim != -1) return std::nullopt;
  return out;
}

// A contiguous copy of `src` for any dtype: one memcpy per innermost row when that dim is
// dense (the usual case after permute), element by element otherwise.
Tensor dense_copy(const Tensor& src) {
  Tensor out = Tensor::empty(src.sizes(), src.dtype());
  if (out.numel() == 0) return out;
  Shape sizes, strides;  // size-1 dims dropped: they never move the read position
  for (int64_t d = 0; d < src.dim(); ++d) {
    if (src.sizes()[d] == 1) continue;
    sizes.push_back(src.sizes()[d]);
    strides.push_back(src.strides()[d]);
  }
  if (sizes.empty()) {
    sizes.push_back(1);
    strides.push_back(1);
  }
  size_t esize = element_size(src.dtype());
  int64_t inner = sizes.back(), inner_stride = strides.back();
  int64_t rows = out.numel() / inner;
  const char* from = static_cast<const char*>(src.raw_data());
  char* to = static_cast<char*>(out.raw_data());
  Shape position(sizes.size() - 1, 0);
  int64_t row_offset = 0;
  for (int64_t r = 0; r < rows; ++r) {
    char* row = to + r * inner * static_cast<int64_t>(esize);
    if (inner_stride == 1) {
      std::memcpy(row, from + row_offset * static_cast<int64_t>(esize), inner * esize);
    } else {
      for (int64_t i = 0; i < inner; ++i) {
        std::memcpy(row + i * static_cast<int64_t>(esize),
                    from + (row_offset + i * inner_stride) * static_cast<int64_t>(esize), esize);
      }
    }
    for (int64_t d = static_cast<int64_t>(position.size()) - 1; d >= 0; --d) {
      if (++position[d] < sizes[d]) {
        row_offset += strides[d];
        break;
      }
      row_offset -= strides[d] * (sizes[d] - 1);
      position[d] = 0;
    }
  }
  return out;
}

Tensor view(const Tensor& self, const Shape& requested) {
  Shape shape = infer_size(requested, self.numel());
  std::optional<Shape> strides = view_strides(self.sizes(), self.strides(), shape);
  TSRT_CHECK(strides.has_value(),
        "view size is not compatible with input tensor's size and stride (at least one dimension "
        "spans across two contiguous subspaces): viewing " +
            self.shape_string() + " with strides " + shape_to_string(self.strides()) + " as " + shape_to_string(shape) +
            ". Use .reshape(...) instead.");
  return self.as_strided(shape, *strides, self.storage_offset());
}

// A view when the layout allows one, else a copy (torch's reshape contract).
Tensor reshape(const Tensor& self, const Shape& requested) {
  Shape shape = infer_size(requested, self.numel());
  if (auto strides = view_strides(self.sizes(), self.strides(), shape)) {
    return self.as_strided(shape, *strides, self.storage_offset());
  }
  Tensor copy = dense_copy(self);
  return copy.as_strided(shape, Tensor::contiguous_strides(shape), 0);
}

Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  if (self.dim() == 0) return reshape(self, {1});
  int64_t start = wrap_dim(start_dim, self.dim());
  int64_t end = wrap_dim(end_dim, self.dim());
  TSRT_CHECK(start <= end, "flatten() has invalid args: start_dim (" + std::to_string(start_dim) +
                          ") cannot come after end_dim (" + std::to_string(end_dim) + ")");
  if (start == end) return self;
  Shape shape(self.sizes().begin(), self.sizes().begin() + start);
  int64_t merged = 1;
  for (int64_t d = start; d <= end; ++d) merged *= self.sizes()[d];
  shape.push_back(merged);
  shape.insert(shape.end(), self.sizes().begin() + end + 1, self.sizes().end());
  return reshape(self, shape);
}

Tensor unflatten(const Tensor& self, int64_t dim_arg, const Shape& sizes) {
  int64_t dim = wrap_dim(dim_arg, self.dim());
  TSRT_CHECK(!sizes.empty(), "unflatten: sizes must be non-empty");
  Shape resolved = infer_size(sizes, self.sizes()[dim]);
  Shape shape(self.sizes().begin(), self.sizes().begin() + dim);
  shape.insert(shape.end(), resolved.begin(), resolved.end());
  shape.insert(shape.end(), self.sizes().begin() + dim + 1, self.sizes().end());
  return view(self, shape);
}

Tensor permute(const Tensor& self, const Shape& dims) {
  TSRT_CHECK(static_cast<int64_t>(dims.size()) == self.dim(),
        "permute: number of dims don't match: input.dim() = " + std::to_string(self.dim()) +
            " is not equal to len(dims) = " + std::to_string(dims.size()));
  Shape sizes(dims.size()), strides(dims.size());
  absl::InlinedVector<bool, 8> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = wrap_dim(dims[i], self.dim());
    TSRT_CHECK(!seen[d], "permute: repeated dim " + std::to_string(dims[i]) + " in " + shape_to_string(dims));
    seen[d] = true;
    sizes[i] = self.sizes()[d];
    strides[i] = self.strides()[d];
  }
  return self.as_strided(sizes, strides, self.storage_offset());
}

Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  if (self.dim() == 0) {
    wrap_dim(dim0, 0);
    wrap_dim(dim1, 0);
    return self;
  }
  int64_t a = wrap_dim(dim0, self.dim());
  int64_t b = wrap_dim(dim1, self.dim());
  Shape sizes = self.sizes(), strides = self.strides();
  std::swap(sizes[a], sizes[b]);
  std::swap(strides[a], strides[b]);
  return self.as_strided(sizes, strides, self.storage_offset());
}

Tensor movedim(const Tensor& self, const Shape& source, const Shape& destination) {
  TSRT_CHECK(source.size() == destination.size(),
        "movedim: Invalid source or destination dims: source (" + shape_to_string(source) + ") and destination (" +
            shape_to_string(destination) + ") must have the same number of elements");
  int64_t rank = self.dim();
  Shape order(rank, -1);
  std::vector<bool> src_used(rank, false);
  for (size_t i = 0; i < source.size(); ++i) {
    int64_t s = wrap_dim(source[i], rank), d = wrap_dim(destination[i], rank);
    TSRT_CHECK(!src_used[s] && order[d] == -1, "movedim: repeated dim in source or destination");
    src_used[s] = true;
    order[d] = s;
  }
  // The remaining dims keep their relative order in the free destination slots.
  int64_t next_src = 0;
  for (int64_t d = 0; d < rank; ++d) {
    if (order[d] != -1) continue;
    while (src_used[next_src]) ++next_src;
    order[d] = next_src++;
  }
  return permute(self, order);
}

Tensor contiguous(const Tensor& self, int64_t memory_format) {
  // MemoryFormat codes: 0 contiguous, 1 preserve, 2 channels_last, 3 channels_last_3d.
  bool channels_last = (memory_format == 2 && self.dim() == 4) || (memory_format == 3 && self.dim() == 5);
  TSRT_CHECK(memory_format >= 0 && memory_format <= 3, "contiguous: unknown memory format " + std::to_string(memory_format));
  TSRT_CHECK(memory_format < 2 || channels_last, "contiguous: channels_last memory format needs a " +
                                                std::string(memory_format == 2 ? "4" : "5") + "-d tensor, got " +
                                                self.shape_string());
  if (!channels_last) return self.is_contiguous() ? self : dense_copy(self);
  if (channels_last_strides(self.sizes()) == self.strides()) return self;
  return channels_last_copy(self);
}

Tensor slice(const Tensor& self, int64_t dim_arg, std::optional<int64_t> start_arg, std::optional<int64_t> end_arg,
             int64_t step) {
  TSRT_CHECK(self.dim() > 0, "slice() cannot be applied to a 0-dim tensor.");
  TSRT_CHECK(step > 0, "slice step must be positive, got " + std::to_string(step));
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  // Like Python slicing: negative bounds count from the end, then clamp to [0, size].
  auto clamp_bound = [size](int64_t v) {
    if (v < 0) v += size;
    return std::min(std::max<int64_t>(v, 0), size);
  };
  int64_t start = clamp_bound(start_arg.value_or(0));
  int64_t end = clamp_bound(end_arg.value_or(size));
  if (end < start) end = start;
  Shape sizes = self.sizes(), strides = self.strides();
  sizes[dim] = (end - start + step - 1) / step;
  strides[dim] *= step;
  return self.as_strided(sizes, strides, self.storage_offset() + start * self.strides()[dim]);
}

Tensor select(const Tensor& self, int64_t dim_arg, int64_t index) {
  TSRT_CHECK(self.dim() > 0, "select() cannot be applied to a 0-dim tensor.");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  TSRT_CHECK(index >= -size && index < size, "select(): index " + std::to_string(index) +
                                            " out of range for tensor of size " + self.shape_string() +
                                            " at dimension " + std::to_string(dim));
  if (index < 0) index += size;
  Shape sizes = self.sizes(), strides = self.strides();
  sizes.erase(sizes.begin() + dim);
  strides.erase(strides.begin() + dim);
  return self.as_strided(sizes, strides, self.storage_offset() + index * self.strides()[dim]);
}

Tensor narrow(const Tensor& self, int64_t dim_arg, int64_t start, int64_t length) {
  TSRT_CHECK(self.dim() > 0, "narrow() cannot be applied to a 0-dim tensor.");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  TSRT_CHECK(start >= -size && start <= size, "start out of range (expected to be in range of [" + std::to_string(-size) +
                                             ", " + std::to_string(size) + "], but got " + std::to_string(start) + ")");
  if (start < 0) start += size;
  TSRT_CHECK(length >= 0 && start + length <= size, "narrow(): start (" + std::to_string(start) + ") + length (" +
                                                   std::to_string(length) + ") exceeds dimension size (" +
                                                   std::to_string(size) + ").");
  return slice(self, dim, start, start + length, 1);
}

Tensor unsqueeze(const Tensor& self, int64_t dim_arg) {
  int64_t dim = wrap_dim(dim_arg, self.dim() + 1);
  Shape sizes = self.sizes(), strides = self.strides();
  int64_t stride = dim < self.dim() ? sizes[dim] * strides[dim] : 1;
  sizes.insert(sizes.begin() + dim, 1);
  strides.insert(strides.begin() + dim, stride);
  return self.as_strided(sizes, strides, self.storage_offset());
}

Tensor squeeze(const Tensor& self, std::optional<int64_t> dim_arg) {
  std::optional<int64_t> only;
  if (dim_arg) {
    if (self.dim() == 0) {
      wrap_dim(*dim_arg, 0);
      return self;
    }
    only = wrap_dim(*dim_arg, self.dim());
  }
  Shape sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    bool drop = self.sizes()[d] == 1 && (!only || *only == d);
    if (drop) continue;
    sizes.push_back(self.sizes()[d]);
    strides.push_back(self.strides()[d]);
  }
  return self.as_strided(sizes, strides, self.storage_offset());
}

Tensor expand(const Tensor& self, const Shape& requested) {
  TSRT_CHECK(static_cast<int64_t>(requested.size()) >= self.dim(),
        "expand: the number of sizes provided (" + std::to_string(requested.size()) +
            ") must be greater or equal to the number of dimensions in the tensor (" + std::to_string(self.dim()) +
            ")");
  size_t lead = requested.size() - self.sizes().size();
  Shape target = requested;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] != -1) {
      TSRT_CHECK(target[i] >= 0, "expand: invalid size " + std::to_string(target[i]) + " in " + shape_to_string(requested));
      continue;
    }
    TSRT_CHECK(i >= lead,
          "The expanded size of the tensor (-1) isn't allowed in a leading, "
          "non-existing dimension " +
              std::to_string(i));
    target[i] = self.sizes()[i - lead];
  }
  return expand_to(self, target);
}

// Pieces of `self` along `dim` with the given lengths (which must sum to its size).
std::vector<Tensor> split_by_sizes(const Tensor& self, int64_t dim, const Shape& lengths, const char* op) {
  int64_t size = self.sizes()[dim];
  int64_t total = 0;
  for (int64_t n : lengths) {
    TSRT_CHECK(n >= 0, std::string(op) + ": split sizes must be non-negative, got " + shape_to_string(lengths));
    total += n;
  }
  TSRT_CHECK(total == size, std::string(op) + " expects split_sizes to sum exactly to " + std::to_string(size) +
                           " (input tensor's size at dimension " + std::to_string(dim) +
                           "), but got split_sizes=" + shape_to_string(lengths));
  std::vector<Tensor> pieces;
  int64_t start = 0;
  for (int64_t n : lengths) {
    pieces.push_back(slice(self, dim, start, start + n, 1));
    start += n;
  }
  return pieces;
}

std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim_arg) {
  TSRT_CHECK(self.dim() > 0, "split expects at least a 1-dimensional tensor");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  TSRT_CHECK(split_size >= 0, "split expects split_size be non-negative, but got split_size=" + std::to_string(split_size));
  TSRT_CHECK(split_size > 0 || size == 0,
        "split_size can only be 0 if dimension size is 0, but got dimension size of " + std::to_string(size));
  Shape lengths;
  if (split_size == 0) {
    lengths.push_back(0);
  } else {
    int64_t count = std::max<int64_t>((size + split_size - 1) / split_size, 1);
    for (int64_t i = 0; i < count; ++i) lengths.push_back(std::min(split_size, size - i * split_size));
  }
  return split_by_sizes(self, dim, lengths, "split");
}

std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim_arg) {
  TSRT_CHECK(self.dim() > 0, "chunk expects at least a 1-dimensional tensor");
  TSRT_CHECK(chunks > 0, "chunk expects `chunks` to be greater than 0, got: " + std::to_string(chunks));
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  int64_t split_size = (size + chunks - 1) / chunks;
  // Zero-length dims still produce `chunks` empty pieces, as in torch.
  if (split_size == 0 && size == 0) return split_by_sizes(self, dim, Shape(chunks, 0), "chunk");
  return split(self, split_size, dim);
}

std::vector<Tensor> tensor_split_indices(const Tensor& self, const Shape& indices, int64_t dim_arg) {
  TSRT_CHECK(self.dim() > 0, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  std::vector<Tensor> pieces;
  int64_t start = 0;
  for (int64_t index : indices) {
    // Each piece is the Python slice [previous index, index), possibly empty.
    pieces.push_back(slice(self, dim, start, index, 1));
    start = index;
  }
  pieces.push_back(slice(self, dim, start, std::nullopt, 1));
  return pieces;
}

std::vector<Tensor> tensor_split_sections(const Tensor& self, int64_t sections, int64_t dim_arg) {
  TSRT_CHECK(self.dim() > 0, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  TSRT_CHECK(sections > 0, "number of sections must be larger than 0, got " + std::to_string(sections));
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t size = self.sizes()[dim];
  // The first size % sections pieces get one extra element.
  Shape lengths;
  for (int64_t i = 0; i < sections; ++i) lengths.push_back(size / sections + (i < size % sections ? 1 : 0));
  return split_by_sizes(self, dim, lengths, "tensor_split");
}

std::vector<Tensor> unbind(const Tensor& self, int64_t dim_arg) {
  TSRT_CHECK(self.dim() > 0, "Dimension specified as 0 but tensor has no dimensions");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  std::vector<Tensor> pieces;
  for (int64_t i = 0; i < self.sizes()[dim]; ++i) pieces.push_back(select(self, dim, i));
  return pieces;
}

Tensor as_strided(const Tensor& self, const Shape& sizes, const Shape& strides, std::optional<int64_t> offset_arg) {
  TSRT_CHECK(sizes.size() == strides.size(), "as_strided: mismatch in length of strides " + shape_to_string(strides) +
                                            " and shape " + shape_to_string(sizes));
  int64_t offset = offset_arg.value_or(self.storage_offset());
  TSRT_CHECK(offset >= 0, "as_strided: negative storage offset " + std::to_string(offset));
  // The furthest element must still lie inside the storage.
  int64_t last = offset;
  bool empty = false;
  for (size_t d = 0; d < sizes.size(); ++d) {
    TSRT_CHECK(sizes[d] >= 0 && strides[d] >= 0,
          "as_strided: negative size or stride in " + shape_to_string(sizes) + " / " + shape_to_string(strides));
    empty |= sizes[d] == 0;
    last += (sizes[d] - 1) * strides[d];
  }
  int64_t capacity = static_cast<int64_t>(self.storage()->nbytes() / element_size(self.dtype()));
  TSRT_CHECK(empty || last < capacity, "as_strided: sizes " + shape_to_string(sizes) + ", strides " +
                                      shape_to_string(strides) + " and storage offset " + std::to_string(offset) +
                                      " are out of bounds for a storage of " + std::to_string(capacity) + " elements");
  return self.as_strided(sizes, strides, offset);
}

Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1_arg, int64_t dim2_arg) {
  TSRT_CHECK(self.dim() >= 2, "diagonal: expected a tensor with at least 2 dims, got " + self.shape_string());
  int64_t d1 = wrap_dim(dim1_arg, self.dim());
  int64_t d2 = wrap_dim(dim2_arg, self.dim());
  TSRT_CHECK(d1 != d2,
        "diagonal dimensions cannot be identical " + std::to_string(dim1_arg) + ", " + std::to_string(dim2_arg));
  int64_t s1 = self.sizes()[d1], s2 = self.sizes()[d2];
  int64_t length = offset >= 0 ? std::min(s1, s2 - offset) : std::min(s1 + offset, s2);
  length = std::max<int64_t>(length, 0);
  int64_t start = self.storage_offset();
  if (length > 0) start += offset >= 0 ? offset * self.strides()[d2] : -offset * self.strides()[d1];
  Shape sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (d == d1 || d == d2) continue;
    sizes.push_back(self.sizes()[d]);
    strides.push_back(self.strides()[d]);
  }
  sizes.push_back(length);
  strides.push_back(self.strides()[d1] + self.strides()[d2]);
  return self.as_strided(sizes, strides, start);
}

// Sliding windows of `size` elements every `step` along `dim`, as a new last dim.
Tensor unfold(const Tensor& self, int64_t dim_arg, int64_t size, int64_t step) {
  TSRT_CHECK(self.dim() > 0, "unfold: expected a tensor with at least 1 dim");
  int64_t dim = wrap_dim(dim_arg, self.dim());
  int64_t extent = self.sizes()[dim];
  TSRT_CHECK(size >= 0 && size <= extent, "unfold: maximum size for tensor at dimension " + std::to_string(dim) + " is " +
                                         std::to_string(extent) + " but size is " + std::to_string(size));
  TSRT_CHECK(step > 0, "unfold: step is " + std::to_string(step) + " but must be > 0");
  Shape sizes = self.sizes(), strides = self.strides();
  sizes[dim] = (extent - size) / step + 1;
  strides[dim] *= step;
  sizes.push_back(size);
  strides.push_back(self.strides()[dim]);
  return self.as_strided(sizes, strides, self.storage_offset());
}

std::vector<Tensor> broadcast_tensors(const std::vector<Tensor>& tensors) {
  Shape shape;
  for (size_t i = 0; i < tensors.size(); ++i)
    shape = i == 0 ? tensors[i].sizes() : broadcast_shapes(shape, tensors[i].sizes());
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(expand_to(t, shape));
  return out;
}

// meshgrid: input i varies along output dim i ("ij"); "xy" swaps the roles of the first two.
std::vector<Tensor> meshgrid(const std::vector<Tensor>& tensors, const std::string& indexing) {
  TSRT_CHECK(!tensors.empty(), "meshgrid expects a non-empty TensorList");
  TSRT_CHECK(indexing == "ij" || indexing == "xy",
        "meshgrid: indexing must be one of \"xy\" or \"ij\", but received: " + indexing);
  size_t n = tensors.size();
  Shape shape;
  for (const Tensor& t : tensors) {
    TSRT_CHECK(t.dim() <= 1, "meshgrid: Expected 0D or 1D tensor in the tensor list but got: " + t.shape_string());
    shape.push_back(t.numel());
  }
  auto out_dim = [&](size_t i) -> size_t {
    if (indexing == "xy" && n >= 2 && i < 2) return 1 - i;
    return i;
  };
  Shape out_shape(n);
  for (size_t i = 0; i < n; ++i) out_shape[out_dim(i)] = shape[i];
  std::vector<Tensor> out;
  for (size_t i = 0; i < n; ++i) {
    Shape strides(n, 0);
    strides[out_dim(i)] = tensors[i].dim() == 1 ? tensors[i].strides()[0] : 0;
    out.push_back(tensors[i].as_strided(out_shape, strides, tensors[i].storage_offset()));
  }
  return out;
}

Shape int_tensor_values(const Tensor& t, const char* what) {
  TSRT_CHECK(t.dtype() == DType::Int64 || t.dtype() == DType::Int32,
        std::string(what) + " must be an integer tensor, got " + dtype_name(t.dtype()));
  TSRT_CHECK(t.dim() <= 1, std::string(what) + " must be a 0-d or 1-d tensor, got shape " + t.shape_string());
  Tensor values = t.to(DType::Int64);
  const int64_t* p = values.data<int64_t>();
  return Shape(p, p + values.numel());
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
ir::TensorFacts contiguous_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  const ir::Value* format = c.input(1);
  const tsrt::Value* f = c.constant(format);
  in.contiguous = format == nullptr || (f && f->is_int() && f->to_int() == 0);
  return in;
}

// view / reshape: the target sizes, with a -1 inferred from the element count.
ir::TensorFacts view_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  std::optional<ir::Sizes> target = c.int_list(c.input(1));
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  if (!target) return out;
  std::optional<int64_t> total = in.sizes ? ir::numel(*in.sizes) : std::nullopt;
  int64_t known = 1;
  int infer = -1;
  for (size_t i = 0; i < target->size(); ++i) {
    if ((*target)[i] == int64_t{-1}) {
      infer = static_cast<int>(i);
    } else if ((*target)[i]) {
      known *= *(*target)[i];
    } else {
      known = -1;
    }
  }
  if (infer >= 0) {
    (*target)[infer] = total && known > 0 ? std::optional<int64_t>(*total / known) : std::nullopt;
  }
  out.sizes = target;
  return out;
}

ir::TensorFacts flatten_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  if (!in.sizes) return out;
  if (in.sizes->empty()) {
    out.sizes = ir::Sizes{int64_t{1}};
    return out;
  }
  std::optional<int64_t> start = ir::norm_dim(c.int_value(c.arg("start_dim")), in.sizes->size());
  std::optional<int64_t> end = ir::norm_dim(c.int_value(c.arg("end_dim")), in.sizes->size());
  if (!start || !end || *start > *end) return out;
  ir::Sizes s(in.sizes->begin(), in.sizes->begin() + *start);
  s.push_back(ir::numel(ir::Sizes(in.sizes->begin() + *start, in.sizes->begin() + *end + 1)));
  s.insert(s.end(), in.sizes->begin() + *end + 1, in.sizes->end());
  out.sizes = s;
  return out;
}

// permute, transpose, t: contiguous only when the order is the identity.
ir::TensorFacts permute_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, false};
  if (!in.sizes) return out;
  size_t rank = in.sizes->size();
  std::vector<int64_t> order(rank);
  for (size_t i = 0; i < rank; ++i) order[i] = static_cast<int64_t>(i);
  if (c.kind() == "aten::permute") {
    std::optional<ir::Sizes> dims = c.int_list(c.input(1));
    if (!dims || dims->size() != rank) return out;
    for (size_t i = 0; i < rank; ++i) {
      std::optional<int64_t> d = ir::norm_dim((*dims)[i], rank);
      if (!d) return out;
      order[i] = *d;
    }
  } else if (c.kind() == "aten::t") {
    if (rank == 2) std::swap(order[0], order[1]);
  } else {
    std::optional<int64_t> a = ir::norm_dim(c.int_value(c.input(1)), rank);
    std::optional<int64_t> b = ir::norm_dim(c.int_value(c.input(2)), rank);
    if (!a || !b) return out;
    if (rank > 0) std::swap(order[*a], order[*b]);
  }
  ir::Sizes s(rank);
  bool identity = true;
  for (size_t i = 0; i < rank; ++i) {
    s[i] = (*in.sizes)[order[i]];
    identity &= order[i] == static_cast<int64_t>(i);
  }
  out.sizes = s;
  out.contiguous = identity && in.contiguous;
  return out;
}

ir::TensorFacts squeeze_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  if (!in.sizes) return out;
  ir::Sizes s = *in.sizes;
  if (c.kind() == "aten::unsqueeze") {
    std::optional<int64_t> d = ir::norm_dim(c.int_value(c.input(1)), s.size() + 1);
    if (!d) return out;
    s.insert(s.begin() + *d, int64_t{1});
  } else if (c.num_inputs() == 1) {
    ir::Sizes kept;
    for (const auto& d : s) {
      if (!d) return out;
      if (*d != 1) kept.push_back(d);
    }
    s = kept;
  } else {
    std::optional<int64_t> d = ir::norm_dim(c.int_value(c.input(1)), s.size());
    if (!s.empty()) {
      if (!d || !s[*d]) return out;
      if (*s[*d] == 1) s.erase(s.begin() + *d);
    }
  }
  out.sizes = s;
  return out;
}

// slice and select along one dim.
ir::TensorFacts slice_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{in.dtype, std::nullopt, false};
  if (!in.sizes || in.sizes->empty()) return out;
  ir::Sizes s = *in.sizes;
  std::optional<int64_t> d = ir::norm_dim(c.int_value(c.arg("dim")), s.size());
  if (!d) return out;
  // Dropping or narrowing the leading dims of a contiguous tensor keeps it contiguous.
  bool leading = true;
  for (int64_t i = 0; i < *d; ++i) leading &= s[i] == int64_t{1};
  if (c.kind() == "aten::select") {
    s.erase(s.begin() + *d);
    out.sizes = s;
    out.contiguous = in.contiguous && leading;
    return out;
  }
  std::optional<int64_t> size = s[*d];
  const ir::Value* start_v = c.arg("start");
  const ir::Value* end_v = c.arg("end");
  std::optional<int64_t> step = c.int_value(c.arg("step"));
  std::optional<int64_t> start = c.is_none(start_v) ? int64_t{0} : c.int_value(start_v);
  std::optional<int64_t> end = c.is_none(end_v) ? std::numeric_limits<int64_t>::max() : c.int_value(end_v);
  if (!size || !start || !end || !step || *step <= 0) {
    s[*d] = std::nullopt;
    out.sizes = s;
    return out;
  }
  int64_t a = *start < 0 ? std::max<int64_t>(*start + *size, 0) : std::min(*start, *size);
  int64_t b = *end < 0 ? std::max<int64_t>(*end + *size, 0) : std::min(*end, *size);
  s[*d] = b > a ? (b - a + *step - 1) / *step : 0;
  out.sizes = s;
  out.contiguous = in.contiguous && ((leading && *step == 1) || s[*d] == size);
  return out;
}

ir::TensorFacts expand_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  std::optional<ir::Sizes> target = c.int_list(c.input(1));
  ir::TensorFacts out{in.dtype, std::nullopt, false};
  if (target && in.sizes && target->size() >= in.sizes->size()) {
    out.sizes = target;
    size_t lead = target->size() - in.sizes->size();
    for (size_t i = 0; i < target->size(); ++i) {
      if ((*target)[i] == int64_t{-1}) (*out.sizes)[i] = i >= lead ? (*in.sizes)[i - lead] : std::nullopt;
    }
  }
  return out;
}

std::optional<int64_t> size_value(const ir::ShapeContext& c) {
  ir::TensorFacts x = c.self();
  if (c.num_inputs() != 2 || !x.sizes) return std::nullopt;
  std::optional<int64_t> d = ir::norm_dim(c.int_value(c.input(1)), x.sizes->size());
  return d ? (*x.sizes)[*d] : std::nullopt;
}

std::optional<int64_t> dim_value(const ir::ShapeContext& c) {
  ir::TensorFacts x = c.self();
  return x.sizes ? std::optional<int64_t>(static_cast<int64_t>(x.sizes->size())) : std::nullopt;
}

}  // namespace

TSRT_REGISTER_KERNELS(view) {
  r.add("aten::view(Tensor(a) self, SymInt[] size) -> Tensor(a)",
        [](const Args& a) -> Value { return view(a.tensor(0), a.int_list(1)); });
  r.add("aten::view_as(Tensor(a) self, Tensor other) -> Tensor(a)",
        [](const Args& a) -> Value { return view(a.tensor(0), a.tensor(1).sizes()); });
  r.add("aten::reshape(Tensor(a) self, SymInt[] shape) -> Tensor(a)",
        [](const Args& a) -> Value { return reshape(a.tensor(0), a.int_list(1)); });
  r.add("aten::reshape_as(Tensor(a) self, Tensor other) -> Tensor(a)",
        [](const Args& a) -> Value { return reshape(a.tensor(0), a.tensor(1).sizes()); });
  r.add("aten::flatten.using_ints(Tensor(a) self, int start_dim=0, int end_dim=-1) -> Tensor(a)",
        [](const Args& a) -> Value { return flatten(a.tensor(0), a.to_int(1), a.to_int(2)); });
  r.add("aten::unflatten.int(Tensor(a) self, int dim, int[] sizes) -> Tensor(a)",
        [](const Args& a) -> Value { return unflatten(a.tensor(0), a.to_int(1), a.int_list(2)); });
  r.add("aten::permute(Tensor(a) self, int[] dims) -> Tensor(a)",
        [](const Args& a) -> Value { return permute(a.tensor(0), a.int_list(1)); });
  r.add("aten::transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)",
        [](const Args& a) -> Value { return transpose(a.tensor(0), a.to_int(1), a.to_int(2)); });
  r.add("aten::swapdims(Tensor(a) self, int dim0, int dim1) -> Tensor(a)",
        [](const Args& a) -> Value { return transpose(a.tensor(0), a.to_int(1), a.to_int(2)); });
  r.add("aten::swapaxes(Tensor(a) self, int axis0, int axis1) -> Tensor(a)",
        [](const Args& a) -> Value { return transpose(a.tensor(0), a.to_int(1), a.to_int(2)); });
  r.add("aten::t(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() <= 2,
          "t() expects a tensor with <= 2 dimensions, but self is " + std::to_string(self.dim()) + "D");
    return self.dim() < 2 ? self : transpose(self, 0, 1);
  });
  r.add("aten::movedim.int(Tensor(a) self, int source, int destination) -> Tensor(a)",
        [](const Args& a) -> Value { return movedim(a.tensor(0), {a.to_int(1)}, {a.to_int(2)}); });
  r.add("aten::movedim.intlist(Tensor(a) self, int[] source, int[] destination) -> Tensor(a)",
        [](const Args& a) -> Value { return movedim(a.tensor(0), a.int_list(1), a.int_list(2)); });
  r.add("aten::contiguous(Tensor(a) self, *, MemoryFormat memory_format=0) -> Tensor(a)",
        [](const Args& a) -> Value { return contiguous(a.tensor(0), a.to_int(1)); });
  // The channels-last pass (passes/channels_last.cc) puts this before a chain of convolutions:
  // unlike contiguous(memory_format=2) it leaves what it cannot convert (not 4-d float32) as is.
  r.add("tsrt::channels_last(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    if (self.dim() != 4 || self.dtype() != DType::Float32) return self;
    return contiguous(self, 2);
  });
  r.add(
      "aten::slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)",
      [](const Args& a) -> Value {
        return slice(a.tensor(0), a.to_int(1), a.optional_int(2), a.optional_int(3), a.to_int(4));
      });
  r.add("aten::select.int(Tensor(a) self, int dim, int index) -> Tensor(a)",
        [](const Args& a) -> Value { return select(a.tensor(0), a.to_int(1), a.to_int(2)); });
  r.add("aten::narrow(Tensor(a) self, int dim, int start, int length) -> Tensor(a)",
        [](const Args& a) -> Value { return narrow(a.tensor(0), a.to_int(1), a.to_int(2), a.to_int(3)); });
  r.add("aten::narrow.Tensor(Tensor(a) self, int dim, Tensor start, int length) -> Tensor(a)",
        [](const Args& a) -> Value {
          const Tensor& start = a.tensor(2);
          TSRT_CHECK(start.dim() == 0 && is_integral(start.dtype(), false),
                "narrow(): start must be a 0-dim integral Tensor, got " + start.shape_string() + " " +
                    dtype_name(start.dtype()));
          return narrow(a.tensor(0), a.to_int(1), start.item_int(), a.to_int(3));
        });
  r.add("aten::unsqueeze(Tensor(a) self, int dim) -> Tensor(a)",
        [](const Args& a) -> Value { return unsqueeze(a.tensor(0), a.to_int(1)); });
  r.add("aten::squeeze(Tensor(a) self) -> Tensor(a)",
        [](const Args& a) -> Value { return squeeze(a.tensor(0), std::nullopt); });
  r.add("aten::squeeze.dim(Tensor(a) self, int dim) -> Tensor(a)",
        [](const Args& a) -> Value { return squeeze(a.tensor(0), a.to_int(1)); });
  r.add("aten::expand(Tensor(a) self, SymInt[] size, *, bool implicit=False) -> Tensor(a)",
        [](const Args& a) -> Value { return expand(a.tensor(0), a.int_list(1)); });
  r.add("aten::expand_as(Tensor(a) self, Tensor other) -> Tensor(a)",
        [](const Args& a) -> Value { return expand(a.tensor(0), a.tensor(1).sizes()); });
  r.add("aten::moveaxis.int(Tensor(a) self, int source, int destination) -> Tensor(a)",
        [](const Args& a) -> Value { return movedim(a.tensor(0), {a.to_int(1)}, {a.to_int(2)}); });
  r.add("aten::moveaxis.intlist(Tensor(a) self, int[] source, int[] destination) -> Tensor(a)",
        [](const Args& a) -> Value { return movedim(a.tensor(0), a.int_list(1), a.int_list(2)); });
  r.add("aten::mT(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() >= 2, "tensor.mT is only supported on matrices or batches of matrices. Got " +
                               std::to_string(self.dim()) + "-D tensor.");
    return transpose(self, -2, -1);
  });
  r.add("aten::numpy_T(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    Shape reversed;
    for (int64_t d = self.dim() - 1; d >= 0; --d) reversed.push_back(d);
    return permute(self, reversed);
  });
  r.add("aten::ravel(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value { return reshape(a.tensor(0), {-1}); });
  r.add(
      "aten::as_strided(Tensor(a) self, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None) -> Tensor(a)",
      [](const Args& a) -> Value { return as_strided(a.tensor(0), a.int_list(1), a.int_list(2), a.optional_int(3)); });
  r.add("aten::diagonal(Tensor(a) self, int offset=0, int dim1=0, int dim2=1) -> Tensor(a)",
        [](const Args& a) -> Value { return diagonal(a.tensor(0), a.to_int(1), a.to_int(2), a.to_int(3)); });
  r.add("aten::unfold(Tensor(a) self, int dimension, int size, int step) -> Tensor(a)",
        [](const Args& a) -> Value { return unfold(a.tensor(0), a.to_int(1), a.to_int(2), a.to_int(3)); });
  r.add("aten::broadcast_tensors(Tensor[] tensors) -> Tensor[]",
        [](const Args& a) -> Value { return tensor_list(broadcast_tensors(a.tensor_list(0))); });
  r.add("aten::meshgrid(Tensor[] tensors) -> Tensor[]",
        [](const Args& a) -> Value { return tensor_list(meshgrid(a.tensor_list(0), "ij")); });
  r.add("aten::meshgrid.indexing(Tensor[] tensors, *, str indexing) -> Tensor[]",
        [](const Args& a) -> Value { return tensor_list(meshgrid(a.tensor_list(0), a.to_string(1))); });
  r.add("aten::detach(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value { return a.tensor(0); });
  r.add("aten::alias(Tensor(a) self) -> Tensor(a)", [](const Args& a) -> Value { return a.tensor(0); });

  r.add("aten::unbind.int(Tensor(a -> *) self, int dim=0) -> Tensor(a)[]",
        [](const Args& a) -> Value { return tensor_list(unbind(a.tensor(0), a.to_int(1))); });
  r.add("aten::split.Tensor(Tensor(a -> *) self, int split_size, int dim=0) -> Tensor(a)[]",
        [](const Args& a) -> Value { return tensor_list(split(a.tensor(0), a.to_int(1), a.to_int(2))); });
  auto split_sizes = [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() > 0, "split_with_sizes expects at least a 1-dimensional tensor");
    return tensor_list(split_by_sizes(self, wrap_dim(a.to_int(2), self.dim()), a.int_list(1), "split_with_sizes"));
  };
  r.add("aten::split.sizes(Tensor(a -> *) self, int[] split_size, int dim=0) -> Tensor(a)[]", split_sizes);
  r.add("aten::split(Tensor(a -> *) self, int[] split_sizes, int dim=0) -> Tensor(a)[]", split_sizes);
  r.add("aten::split_with_sizes(Tensor(a -> *) self, int[] split_sizes, int dim=0) -> Tensor(a)[]", split_sizes);
  // The unsafe_ variants differ from split/chunk only in autograd bookkeeping.
  r.add("aten::unsafe_split.Tensor(Tensor self, int split_size, int dim=0) -> Tensor[]",
        [](const Args& a) -> Value { return tensor_list(split(a.tensor(0), a.to_int(1), a.to_int(2))); });
  r.add("aten::unsafe_chunk(Tensor self, int chunks, int dim=0) -> Tensor[]",
        [](const Args& a) -> Value { return tensor_list(chunk(a.tensor(0), a.to_int(1), a.to_int(2))); });
  r.add("aten::chunk(Tensor(a -> *) self, int chunks, int dim=0) -> Tensor(a)[]",
        [](const Args& a) -> Value { return tensor_list(chunk(a.tensor(0), a.to_int(1), a.to_int(2))); });
  r.add(
      "aten::tensor_split.sections(Tensor(a -> *) self, int sections, int dim=0) -> Tensor(a)[]",
      [](const Args& a) -> Value { return tensor_list(tensor_split_sections(a.tensor(0), a.to_int(1), a.to_int(2))); });
  r.add("aten::tensor_split.indices(Tensor(a -> *) self, int[] indices, int dim=0) -> Tensor(a)[]",
        [](const Args& a) -> Value {
          return tensor_list(tensor_split_indices(a.tensor(0), a.int_list(1), a.to_int(2)));
        });
  r.add(
      "aten::tensor_split.tensor_indices_or_sections(Tensor(a -> *) self, Tensor tensor_indices_or_sections, int "
      "dim=0) -> Tensor(a)[]",
      [](const Args& a) -> Value {
        const Tensor& spec = a.tensor(1);
        Shape values = int_tensor_values(spec, "tensor_split: tensor_indices_or_sections");
        if (spec.dim() == 0) return tensor_list(tensor_split_sections(a.tensor(0), values[0], a.to_int(2)));
        return tensor_list(tensor_split_indices(a.tensor(0), values, a.to_int(2)));
      });

  r.add("aten::size.int(Tensor self, int dim) -> int", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() > 0,
          "size(): dimension specified as " + std::to_string(a.to_int(1)) + " but tensor has no dimensions");
    return self.sizes()[wrap_dim(a.to_int(1), self.dim())];
  });
  r.add("aten::size(Tensor self) -> int[]", [](const Args& a) -> Value { return int_list(a.tensor(0).sizes()); });
  r.add("aten::stride.int(Tensor self, int dim) -> int", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() > 0,
          "stride(): dimension specified as " + std::to_string(a.to_int(1)) + " but tensor has no dimensions");
    return self.strides()[wrap_dim(a.to_int(1), self.dim())];
  });
  r.add("aten::stride(Tensor self) -> int[]", [](const Args& a) -> Value { return int_list(a.tensor(0).strides()); });
  r.add("aten::dim(Tensor self) -> int", [](const Args& a) -> Value { return a.tensor(0).dim(); });
  r.add("aten::numel(Tensor self) -> int", [](const Args& a) -> Value { return a.tensor(0).numel(); });
  r.add("aten::is_contiguous(Tensor self) -> bool", [](const Args& a) -> Value { return a.tensor(0).is_contiguous(); });
  r.add("aten::is_floating_point(Tensor self) -> bool",
        [](const Args& a) -> Value { return is_floating(a.tensor(0).dtype()); });
  r.add("aten::is_complex(Tensor self) -> bool", [](const Args&) -> Value { return false; });
  r.add("aten::is_signed(Tensor self) -> bool", [](const Args& a) -> Value {
    DType dtype = a.tensor(0).dtype();
    return dtype != DType::UInt8 && dtype != DType::Bool;
  });
  r.add("aten::is_same_size(Tensor self, Tensor other) -> bool",
        [](const Args& a) -> Value { return a.tensor(0).sizes() == a.tensor(1).sizes(); });
  r.add("aten::storage_offset(Tensor self) -> int",
        [](const Args& a) -> Value { return a.tensor(0).storage_offset(); });
  r.add("aten::element_size(Tensor self) -> int",
        [](const Args& a) -> Value { return static_cast<int64_t>(element_size(a.tensor(0).dtype())); });

  // Inference on the cpu: every tensor is a dense, strided cpu tensor without autograd. A
  // cuda tensor of the archive was mapped to the cpu, and reports so.
  r.add("aten::get_device(Tensor self) -> int", [](const Args&) -> Value { return int64_t{-1}; });
  r.add("prim::is_cuda(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("prim::is_sparse(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("prim::is_quantized(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("prim::is_mkldnn(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("prim::is_meta(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("prim::is_nested(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("prim::layout(Tensor a) -> Layout", [](const Args&) -> Value { return int64_t{0}; });  // torch.strided
  r.add("prim::requires_grad(Tensor a) -> bool", [](const Args&) -> Value { return false; });
  r.add("aten::is_leaf(Tensor self) -> bool", [](const Args&) -> Value { return true; });
  r.add("prim::data(Tensor(a) a) -> Tensor(a)", [](const Args& a) -> Value { return a.tensor(0); });
  r.add("aten::requires_grad_(Tensor(a!) self, bool requires_grad=True) -> Tensor(a!)",
        [](const Args& a) -> Value { return a.tensor(0); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::detach"}).shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::contiguous"}).shape(ir::one_output(contiguous_shape));
  r.ops({"aten::view", "aten::reshape"}).shape(ir::one_output(view_shape));
  r.ops({"aten::flatten"}).shape(ir::one_output(flatten_shape));
  r.ops({"aten::permute", "aten::transpose", "aten::t"}).shape(ir::one_output(permute_shape));
  r.ops({"aten::unsqueeze", "aten::squeeze"}).shape(ir::one_output(squeeze_shape));
  r.ops({"aten::slice", "aten::select"}).shape(ir::one_output(slice_shape));
  r.ops({"aten::expand"}).shape(ir::one_output(expand_shape));
  r.ops({"aten::size"}).shape(ir::int_output(size_value));
  r.ops({"aten::dim"}).shape(ir::int_output(dim_value));
}

}  // namespace tsrt::kernels
