#include "runtime/tensor.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <utility>

#include "runtime/buffer_pool.h"
#include "runtime/error.h"
#include "runtime/long_lived_arena.h"
#include "runtime/recycling_allocator.h"

namespace tsrt {

// TSRT_DISPATCH_ALL_TYPES plus float16 and bfloat16, for copies and item(): those convert
// through float and are stored rounded to nearest-even.
#define TSRT_DISPATCH_WITH_HALFS(dtype, NAME, ...)                                               \
  [&] {                                                                                         \
    switch (dtype) {                                                                            \
      case ::tsrt::DType::Float16: { using scalar_t = ::tsrt::Half; return __VA_ARGS__(); }     \
      case ::tsrt::DType::BFloat16: { using scalar_t = ::tsrt::BFloat16; return __VA_ARGS__(); } \
      default: return TSRT_DISPATCH_ALL_TYPES(dtype, NAME, __VA_ARGS__);                        \
    }                                                                                           \
  }()

Storage::Storage(size_t nbytes) : nbytes_(nbytes), pooled_(true) {
  data_ = BufferPool::global().allocate(nbytes, &capacity_);
}

Storage::Storage(size_t nbytes, LongLived) : nbytes_(nbytes) {
  LongLivedArena::Allocation allocation = LongLivedArena::global().allocate(nbytes);
  data_ = allocation.data;
  keepalive_ = std::move(allocation.slab);
}

Storage::Storage(void* data, size_t nbytes, std::shared_ptr<const void> keepalive, bool file_mapping)
    : data_(data), nbytes_(nbytes), file_mapping_(file_mapping), keepalive_(std::move(keepalive)) {}

Storage::~Storage() {
  if (pooled_) BufferPool::global().release(data_, capacity_);
}

void Storage::populate_resident_pages() const {
  if (!file_mapping_ || nbytes_ == 0) return;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t begin = reinterpret_cast<uintptr_t>(data_) / page * page;
  uintptr_t end = reinterpret_cast<uintptr_t>(data_) + nbytes_;
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_READ);  // a hint: errors ignored
}

void Storage::release_resident_pages() const {
  if (!file_mapping_ || nbytes_ == 0) return;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data_) + page - 1) / page * page;
  uintptr_t end = (reinterpret_cast<uintptr_t>(data_) + nbytes_) / page * page;
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

Tensor::Tensor(std::shared_ptr<Storage> storage, DType dtype, Shape sizes, Shape strides,
               int64_t storage_offset)
    : storage_(std::move(storage)),
      dtype_(dtype),
      sizes_(std::move(sizes)),
      strides_(std::move(strides)),
      offset_(storage_offset) {}

Tensor Tensor::from_blob(void* data, Shape sizes, DType dtype, std::shared_ptr<const void> keepalive) {
  Shape strides = contiguous_strides(sizes);
  return from_blob(data, std::move(sizes), std::move(strides), dtype, std::move(keepalive));
}

Tensor Tensor::from_blob(void* data, Shape sizes, Shape strides, DType dtype, std::shared_ptr<const void> keepalive) {
  TSRT_CHECK(sizes.size() == strides.size(), "Tensor::from_blob: " + std::to_string(sizes.size()) + " sizes but " +
                                                 std::to_string(strides.size()) + " strides");
  // The storage spans the furthest element any index reaches.
  int64_t span = 1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    TSRT_CHECK(sizes[i] >= 0, "Tensor::from_blob: negative size in " + shape_to_string(sizes));
    TSRT_CHECK(strides[i] >= 0, "Tensor::from_blob: negative stride in " + shape_to_string(strides));
    if (sizes[i] == 0) span = 0;
    if (span > 0) span += (sizes[i] - 1) * strides[i];
  }
  TSRT_CHECK(data != nullptr || span == 0, "Tensor::from_blob: null data for a non-empty tensor");
  size_t nbytes = static_cast<size_t>(span) * element_size(dtype);
  auto storage = std::make_shared<Storage>(data, nbytes, std::move(keepalive));
  return Tensor(std::move(storage), dtype, std::move(sizes), std::move(strides), 0);
}

Shape Tensor::contiguous_strides(const Shape& sizes) {
  Shape strides(sizes.size());
  int64_t running = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = running;
    running *= sizes[i] > 0 ? sizes[i] : 1;
  }
  return strides;
}

size_t Tensor::dims_in_memory_order(const Shape& sizes, const Shape& strides, size_t* order) {
  size_t kept = 0;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (sizes[d] != 1) order[kept++] = d;
  }
  // A stable insertion sort: std::stable_sort may allocate, and forwards must not.
  for (size_t i = 1; i < kept; ++i) {
    for (size_t j = i; j > 0 && strides[order[j - 1]] < strides[order[j]]; --j) std::swap(order[j - 1], order[j]);
  }
  return kept;
}

Tensor Tensor::empty(const Shape& sizes, DType dtype) {
  // Sizes can come from a hostile archive's code: a product that wraps around would give a
  // tensor larger than its storage.
  int64_t n = 1;
  for (int64_t s : sizes) {
    TSRT_CHECK(s >= 0, "negative dimension in shape " + shape_to_string(sizes));
    TSRT_CHECK(!__builtin_mul_overflow(n, s, &n), "shape " + shape_to_string(sizes) + " has more elements than fit in 64 bits");
  }
  int64_t nbytes = 0;
  TSRT_CHECK(!__builtin_mul_overflow(n, static_cast<int64_t>(element_size(dtype)), &nbytes),
        "shape " + shape_to_string(sizes) + " needs more bytes than fit in 64 bits");
  // The Storage and its shared_ptr control block come from a recycled block: a forward makes
  // one per kernel output.
  auto storage = std::allocate_shared<Storage>(RecyclingAllocator<Storage>(), static_cast<size_t>(nbytes));
  return Tensor(std::move(storage), dtype, sizes, contiguous_strides(sizes), 0);
}

Tensor Tensor::zeros(const Shape& sizes, DType dtype) {
  Tensor t = empty(sizes, dtype);
  std::memset(t.raw_data(), 0, t.nbytes());
  return t;
}

Tensor Tensor::scalar_int(int64_t v, DType dtype) {
  Tensor t = empty({}, dtype);
  TSRT_DISPATCH_WITH_HALFS(dtype, "scalar_int", [&] { *t.data<scalar_t>() = static_cast<scalar_t>(v); });
  return t;
}

Tensor Tensor::scalar_double(double v, DType dtype) {
  Tensor t = empty({}, dtype);
  TSRT_DISPATCH_WITH_HALFS(dtype, "scalar_double", [&] { *t.data<scalar_t>() = static_cast<scalar_t>(v); });
  return t;
}

Tensor Tensor::scalar_bool(bool v) {
  Tensor t = empty({}, DType::Bool);
  *t.data<bool>() = v;
  return t;
}

int64_t Tensor::size(int64_t d) const {
  int64_t n = dim();
  int64_t wrapped = d < 0 ? d + n : d;
  TSRT_CHECK(wrapped >= 0 && wrapped < n, "dimension " + std::to_string(d) +
                                         " out of range for a tensor of rank " + std::to_string(n));
  return sizes_[wrapped];
}

int64_t Tensor::stride(int64_t d) const {
  int64_t n = dim();
  int64_t wrapped = d < 0 ? d + n : d;
  TSRT_CHECK(wrapped >= 0 && wrapped < n, "dimension " + std::to_string(d) +
                                         " out of range for a tensor of rank " + std::to_string(n));
  return strides_[wrapped];
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t s : sizes_) n *= s;
  return n;
}

bool Tensor::is_contiguous() const {
  int64_t expected = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (sizes_[i] == 1) continue;
    if (strides_[i] != expected) return false;
    expected *= sizes_[i];
  }
  return true;
}

void* Tensor::raw_data() const {
  TSRT_CHECK(defined(), "use of an undefined tensor");
  return static_cast<char*>(storage_->data()) + offset_ * static_cast<int64_t>(element_size(dtype_));
}

Tensor Tensor::as_strided(const Shape& sizes, const Shape& strides, int64_t storage_offset) const {
  return Tensor(storage_, dtype_, sizes, strides, storage_offset);
}

namespace {

// The loop nest of a strided copy: dims of size 1 dropped, the rest in the destination's memory
// order (largest stride outermost), dims that both sides walk contiguously merged, so that a
// transpose into a dense destination writes it front to back (a channels-last conversion is
// [N, H*W, C]) and a dense-to-dense copy is one loop.
struct CopyLoops {
  static constexpr size_t kMaxDims = 64;  // far beyond any model; copy_from refuses more
  size_t rank = 0;
  int64_t sizes[kMaxDims], dst_strides[kMaxDims], src_strides[kMaxDims];
};

CopyLoops copy_loops(const Shape& sizes, const Shape& dst_strides, const Shape& src_strides) {
  size_t order[CopyLoops::kMaxDims];
  const size_t kept = Tensor::dims_in_memory_order(sizes, dst_strides, order);
  CopyLoops loops;
  for (size_t k = 0; k < kept; ++k) {
    const size_t d = order[k];
    if (loops.rank > 0) {
      const size_t outer = loops.rank - 1;
      if (loops.dst_strides[outer] == dst_strides[d] * sizes[d] &&
          loops.src_strides[outer] == src_strides[d] * sizes[d]) {
        loops.sizes[outer] *= sizes[d];
        loops.dst_strides[outer] = dst_strides[d];
        loops.src_strides[outer] = src_strides[d];
        continue;
      }
    }
    loops.sizes[loops.rank] = sizes[d];
    loops.dst_strides[loops.rank] = dst_strides[d];
    loops.src_strides[loops.rank] = src_strides[d];
    ++loops.rank;
  }
  if (loops.rank == 0) {  // one element
    loops.sizes[0] = 1;
    loops.dst_strides[0] = loops.src_strides[0] = 0;
    loops.rank = 1;
  }
  return loops;
}

// d[...] = s[...] over the loop nest, converting element types.
template <typename D, typename S>
void strided_copy(D* d, const S* s, const CopyLoops& loops) {
  const size_t inner = loops.rank - 1;
  const int64_t n = loops.sizes[inner], ds = loops.dst_strides[inner], ss = loops.src_strides[inner];
  int64_t index[CopyLoops::kMaxDims] = {};
  int64_t rows = 1;
  for (size_t k = 0; k < inner; ++k) rows *= loops.sizes[k];
  int64_t dst_off = 0, src_off = 0;
  for (int64_t r = 0; r < rows; ++r) {
    D* dr = d + dst_off;
    const S* sr = s + src_off;
    if (ds == 1 && ss == 1) {
      for (int64_t i = 0; i < n; ++i) dr[i] = static_cast<D>(sr[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) dr[i * ds] = static_cast<D>(sr[i * ss]);
    }
    for (size_t k = inner; k-- > 0;) {  // the next row: an odometer over the outer dims
      dst_off += loops.dst_strides[k];
      src_off += loops.src_strides[k];
      if (++index[k] < loops.sizes[k]) break;
      dst_off -= loops.dst_strides[k] * loops.sizes[k];
      src_off -= loops.src_strides[k] * loops.sizes[k];
      index[k] = 0;
    }
  }
}

}  // namespace

void Tensor::copy_from(const Tensor& src) {
  TSRT_CHECK(src.sizes() == sizes_, "copy: shape mismatch " + src.shape_string() + " vs " + shape_string());
  if (src.dtype() == dtype_ && src.is_contiguous() && is_contiguous()) {
    std::memcpy(raw_data(), src.raw_data(), nbytes());
    return;
  }
  if (numel() == 0) return;
  TSRT_CHECK(dim() <= static_cast<int64_t>(CopyLoops::kMaxDims), "copy: more than 64 dims");
  const CopyLoops loops = copy_loops(sizes_, strides_, src.strides());
  TSRT_DISPATCH_WITH_HALFS(src.dtype(), "copy", [&] {
    using src_t = scalar_t;
    const src_t* s = src.data<src_t>();
    TSRT_DISPATCH_WITH_HALFS(dtype_, "copy", [&] { strided_copy(data<scalar_t>(), s, loops); });
  });
}

Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  return clone();
}

Tensor Tensor::clone() const {
  Tensor out = empty(sizes_, dtype_);
  out.copy_from(*this);
  return out;
}

Tensor Tensor::to(DType dtype) const {
  Tensor out = empty(sizes_, dtype);
  out.copy_from(*this);
  return out;
}

double Tensor::item_double() const {
  TSRT_CHECK(numel() == 1, "a tensor with " + std::to_string(numel()) +
                          " elements cannot be converted to a scalar");
  return TSRT_DISPATCH_WITH_HALFS(dtype_, "item", [&] { return static_cast<double>(*data<scalar_t>()); });
}

int64_t Tensor::item_int() const {
  TSRT_CHECK(numel() == 1, "a tensor with " + std::to_string(numel()) +
                          " elements cannot be converted to a scalar");
  return TSRT_DISPATCH_WITH_HALFS(dtype_, "item", [&] { return static_cast<int64_t>(*data<scalar_t>()); });
}

bool Tensor::item_bool() const { return item_double() != 0.0; }

std::string shape_to_string(const Shape& shape) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << "]";
  return os.str();
}

std::string Tensor::shape_string() const { return shape_to_string(sizes_); }

}  // namespace tsrt
