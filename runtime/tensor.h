// Tensor: a strided view over shared storage, as in torch. Views (view, permute, slice, ...)
// share storage and differ only in sizes, strides and offset. Storage may be owned memory or
// a memory-mapped record of the archive kept alive by `keepalive`.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <absl/container/inlined_vector.h>

#include "runtime/dtype.h"
#include "runtime/error.h"

namespace tsrt {

// Sizes or strides. Six dims live inline (a heap block only beyond that), so creating, copying
// and reshaping tensors allocates nothing: the interpreter copies a tensor onto the kernel
// stack for every argument, and views make new ones on every call.
using Shape = absl::InlinedVector<int64_t, 6>;

// The DType whose elements are T (for Tensor::data_ptr<T>).
template <typename T>
constexpr DType dtype_of() {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value || std::is_same<T, int64_t>::value ||
                    std::is_same<T, int32_t>::value || std::is_same<T, int16_t>::value ||
                    std::is_same<T, int8_t>::value || std::is_same<T, uint8_t>::value || std::is_same<T, bool>::value ||
                    std::is_same<T, Half>::value || std::is_same<T, BFloat16>::value,
                "dtype_of<T>: T is not a tensor element type");
  if (std::is_same<T, float>::value) return DType::Float32;
  if (std::is_same<T, double>::value) return DType::Float64;
  if (std::is_same<T, int64_t>::value) return DType::Int64;
  if (std::is_same<T, int32_t>::value) return DType::Int32;
  if (std::is_same<T, int16_t>::value) return DType::Int16;
  if (std::is_same<T, int8_t>::value) return DType::Int8;
  if (std::is_same<T, uint8_t>::value) return DType::UInt8;
  if (std::is_same<T, bool>::value) return DType::Bool;
  if (std::is_same<T, Half>::value) return DType::Float16;
  return DType::BFloat16;
}

class Storage {
 public:
  // Owned, 64-byte aligned, uninitialised memory of `nbytes`, from the BufferPool.
  explicit Storage(size_t nbytes);
  // Memory that lives as long as the model (prepacked weights), outside the pool: from the
  // LongLivedArena, on huge pages made resident at once (runtime/long_lived_arena.h).
  struct LongLived {};
  Storage(size_t nbytes, LongLived);
  // Borrowed memory (for example an archive record); `keepalive` owns it. `file_mapping`: the
  // memory is a private mapping of a file that nothing writes to, so its pages can be dropped
  // and read back from the file (release_resident_pages).
  Storage(void* data, size_t nbytes, std::shared_ptr<const void> keepalive, bool file_mapping = false);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }

  // For a file mapping: drops the pages wholly inside this storage from resident memory (a
  // later read faults them back in from the file). Used once a weight lives on in a prepacked
  // copy, so the model is not resident twice. A no-op for other memory.
  void release_resident_pages() const;
  // For a file mapping: maps its pages in one call (MADV_POPULATE_READ) before a pass that
  // reads it all, instead of one page fault per 4 KiB page. A no-op for other memory.
  void populate_resident_pages() const;

  // Marked when a prepared graph holds this storage as a constant (a frozen parameter), which
  // nothing writes: kernels may then keep copies derived from it (packed weights) across calls.
  void mark_constant() const { constant_.store(true, std::memory_order_relaxed); }
  bool is_constant() const { return constant_.load(std::memory_order_relaxed); }

 private:
  void* data_ = nullptr;
  size_t nbytes_ = 0;
  size_t capacity_ = 0;  // pooled: the pool block's size
  bool pooled_ = false;  // owned, from the BufferPool (else `keepalive_` owns the memory)
  bool file_mapping_ = false;
  mutable std::atomic<bool> constant_{false};
  std::shared_ptr<const void> keepalive_;
};

class Tensor {
 public:
  Tensor() = default;  // undefined tensor
  Tensor(std::shared_ptr<Storage> storage, DType dtype, Shape sizes, Shape strides,
         int64_t storage_offset);

  static Tensor empty(const Shape& sizes, DType dtype);
  static Tensor zeros(const Shape& sizes, DType dtype);
  // A 0-d tensor holding one value.
  static Tensor scalar_int(int64_t v, DType dtype = DType::Int64);
  static Tensor scalar_double(double v, DType dtype = DType::Float32);
  static Tensor scalar_bool(bool v);
  static Shape contiguous_strides(const Shape& sizes);
  // A tensor over the caller's memory, without copying (torch::from_blob): `keepalive` owns
  // `data` and is held as long as any view of the tensor lives (pass nullptr when the caller
  // keeps the memory alive itself). Contiguous strides, or the given ones (in elements).
  static Tensor from_blob(void* data, Shape sizes, DType dtype, std::shared_ptr<const void> keepalive = nullptr);
  static Tensor from_blob(void* data, Shape sizes, Shape strides, DType dtype,
                          std::shared_ptr<const void> keepalive = nullptr);
  // The dims of `sizes` other than 1 in the memory order of `strides`, largest stride first
  // (ties keep their order): the loop order that walks a dense tensor front to back, for
  // strided loops. Writes them to `order` (room for sizes.size()) and returns how many.
  // Allocates nothing.
  static size_t dims_in_memory_order(const Shape& sizes, const Shape& strides, size_t* order);

  bool defined() const { return storage_ != nullptr; }
  DType dtype() const { return dtype_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  const Shape& sizes() const { return sizes_; }
  const Shape& strides() const { return strides_; }
  int64_t size(int64_t d) const;    // negative d counts from the end
  int64_t stride(int64_t d) const;
  int64_t storage_offset() const { return offset_; }
  int64_t numel() const;
  size_t nbytes() const { return static_cast<size_t>(numel()) * element_size(dtype_); }
  bool is_contiguous() const;
  const std::shared_ptr<Storage>& storage() const { return storage_; }

  // Pointer to the first element (storage data + offset).
  void* raw_data() const;
  template <typename T>
  T* data() const { return static_cast<T*>(raw_data()); }
  // The same, checked: throws tsrt::Error naming both dtypes unless T is this tensor's element
  // type (for API users; kernels, which dispatch on the dtype already, use data<T>()).
  template <typename T>
  T* data_ptr() const {
    TSRT_CHECK(dtype_of<T>() == dtype_, std::string("Tensor::data_ptr: tensor has dtype ") + dtype_name(dtype_) +
                                            " but the requested element type is " + dtype_name(dtype_of<T>()));
    return data<T>();
  }

  // A view sharing this tensor's storage.
  Tensor as_strided(const Shape& sizes, const Shape& strides, int64_t storage_offset) const;
  // This tensor if contiguous, else a contiguous copy.
  Tensor contiguous() const;
  Tensor clone() const;
  // Element conversion to another dtype (always a new tensor).
  Tensor to(DType dtype) const;
  // Copies `src` into this tensor elementwise; shapes must be equal, dtypes are converted.
  void copy_from(const Tensor& src);

  // The value of a one-element tensor.
  double item_double() const;
  int64_t item_int() const;
  bool item_bool() const;

  std::string shape_string() const;  // "[2, 3]"

  // A 0-d tensor made from a Python number (prim::NumToTensor): in type promotion it counts
  // like the number itself (by category only), as torch's wrapped numbers do.
  bool is_wrapped_number() const { return wrapped_number_; }
  void set_wrapped_number(bool wrapped) { wrapped_number_ = wrapped; }

 private:
  std::shared_ptr<Storage> storage_;
  DType dtype_ = DType::Float32;
  Shape sizes_;
  Shape strides_;
  int64_t offset_ = 0;
  bool wrapped_number_ = false;
};

std::string shape_to_string(const Shape& shape);

// Calls f(T*) with the tensor's data pointer typed by its dtype (float16/bfloat16 excluded).
#define TSRT_DISPATCH_ALL_TYPES(dtype, NAME, ...)                                    \
  [&] {                                                                             \
    switch (dtype) {                                                                \
      case ::tsrt::DType::Float32: { using scalar_t = float; return __VA_ARGS__(); } \
      case ::tsrt::DType::Float64: { using scalar_t = double; return __VA_ARGS__(); } \
      case ::tsrt::DType::Int64: { using scalar_t = int64_t; return __VA_ARGS__(); } \
      case ::tsrt::DType::Int32: { using scalar_t = int32_t; return __VA_ARGS__(); } \
      case ::tsrt::DType::Int16: { using scalar_t = int16_t; return __VA_ARGS__(); } \
      case ::tsrt::DType::Int8: { using scalar_t = int8_t; return __VA_ARGS__(); }   \
      case ::tsrt::DType::UInt8: { using scalar_t = uint8_t; return __VA_ARGS__(); } \
      case ::tsrt::DType::Bool: { using scalar_t = bool; return __VA_ARGS__(); }     \
      default:                                                                      \
        throw ::tsrt::Error(std::string(NAME) + ": unsupported dtype " +            \
                            ::tsrt::dtype_name(dtype));                             \
    }                                                                               \
  }()

}  // namespace tsrt
