// Strided, broadcasting elementwise loops shared by the kernel families.
//
// Operands are tensors of one shape (broadcast inputs are stride-0 views from expand_to), any
// strides. The iteration space drops size-1 dims, takes the rest in the output's memory order
// and merges dims that every operand walks contiguously, so a dense tensor (contiguous or
// channels-last) becomes one flat loop; the innermost loop has a unit-stride specialisation
// the compiler vectorises. Large loops run on OpenMP threads.
// Per-element functions must not throw (they run inside OpenMP regions): validate first.
// Unit-stride loops carry `omp simd`: the build's -O2 vectoriser refuses loops that need
// runtime alias checks, and elementwise outputs never partially overlap their inputs.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/inlined_vector.h>

#include "runtime/error.h"
#include "runtime/tensor.h"

namespace tsrt::kernels {

// Below this many elements a loop stays on one thread. Memory-bound loops of up to ~256K
// elements take well under a millisecond on one core, and an OpenMP region costs far more
// than it saves when the machine is busy: with cores shared by other processes, the team's
// barrier waits for a descheduled (or spinning) thread, and BERT-base's [128, 768] adds
// measured ~2 ms per call on two threads against ~0.2 ms on one. (Larger work, such as
// GELU on [128, 3072], still gains from a second thread on a quiet machine.)
constexpr int64_t kParallelGrain = int64_t{1} << 18;
// Work per thread when a single long row is cut into chunks.
constexpr int64_t kParallelChunk = 32768;

template <size_t N>
using Offsets = std::array<int64_t, N>;

// The iteration space of N same-shaped operands, strides in elements, outermost dim first.
template <size_t N>
struct LoopShape {
  Shape sizes;
  absl::InlinedVector<Offsets<N>, 6> strides;  // strides[d][k]: operand k's stride along dim d
};

// Dims are walked in the memory order of operand 0 (the output: largest stride outermost), so
// a channels-last output is one flat loop too; a contiguous output keeps the logical order.
template <size_t N>
LoopShape<N> make_loop_shape(const Shape& sizes, const std::array<const Tensor*, N>& operands) {
  absl::InlinedVector<size_t, 6> order(sizes.size());
  order.resize(Tensor::dims_in_memory_order(sizes, operands[0]->strides(), order.data()));
  LoopShape<N> s;
  for (size_t d : order) {
    Offsets<N> st;
    for (size_t k = 0; k < N; ++k) st[k] = operands[k]->strides()[d];
    if (!s.sizes.empty()) {
      // The outer dim folds into this one when each operand steps over it in one stride.
      Offsets<N>& outer = s.strides.back();
      bool mergeable = true;
      for (size_t k = 0; k < N; ++k) mergeable = mergeable && outer[k] == st[k] * sizes[d];
      if (mergeable) {
        s.sizes.back() *= sizes[d];
        outer = st;
        continue;
      }
    }
    s.sizes.push_back(sizes[d]);
    s.strides.push_back(st);
  }
  if (s.sizes.empty()) {  // a single element
    s.sizes.push_back(1);
    s.strides.push_back(Offsets<N>{});
  }
  return s;
}

// Calls row(offsets, n, inner_strides) once per innermost row of the loop, where offsets are
// the element offsets of the row's first element in each operand. Rows run in parallel when
// the loop is large; a single long row is cut into chunks instead.
template <size_t N, typename Row>
void for_each_row(const LoopShape<N>& s, Row row) {
  const size_t nd = s.sizes.size();
  const int64_t inner = s.sizes.back();
  const Offsets<N> inner_strides = s.strides.back();
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < nd; ++d) rows *= s.sizes[d];
  if (rows * inner == 0) return;
  if (rows * inner < kParallelGrain) {
    // Small loops stay off OpenMP entirely (even a one-thread region has a cost) and walk the
    // outer dims with a counter instead of dividing per row.
    Offsets<N> off{};
    if (rows == 1) return row(off, inner, inner_strides);
    Shape index(nd, 0);
    for (int64_t r = 0; r < rows; ++r) {
      row(off, inner, inner_strides);
      for (size_t d = nd - 1; d-- > 0;) {
        for (size_t k = 0; k < N; ++k) off[k] += s.strides[d][k];
        if (++index[d] < s.sizes[d]) break;
        for (size_t k = 0; k < N; ++k) off[k] -= s.strides[d][k] * s.sizes[d];
        index[d] = 0;
      }
    }
    return;
  }
  if (rows == 1) {
    const int64_t chunks = (inner + kParallelChunk - 1) / kParallelChunk;
#pragma omp parallel for
    for (int64_t c = 0; c < chunks; ++c) {
      int64_t begin = c * kParallelChunk;
      Offsets<N> off;
      for (size_t k = 0; k < N; ++k) off[k] = begin * inner_strides[k];
      row(off, std::min(kParallelChunk, inner - begin), inner_strides);
    }
    return;
  }
#pragma omp parallel for
  for (int64_t r = 0; r < rows; ++r) {
    Offsets<N> off{};
    int64_t rest = r;
    for (size_t d = nd - 1; d-- > 0;) {
      int64_t i = rest % s.sizes[d];
      rest /= s.sizes[d];
      for (size_t k = 0; k < N; ++k) off[k] += i * s.strides[d][k];
    }
    row(off, inner, inner_strides);
  }
}

// out[i] = f(a[i]) over same-shaped tensors of C types O and A.
template <typename O, typename A, typename F>
void unary_loop(const Tensor& out, const Tensor& a, F f) {
  LoopShape<2> shape = make_loop_shape<2>(out.sizes(), {&out, &a});
  O* po = out.data<O>();
  const A* pa = a.data<A>();
  for_each_row(shape, [&](const Offsets<2>& off, int64_t n, const Offsets<2>& st) {
    O* o = po + off[0];
    const A* x = pa + off[1];
    if (st[0] == 1 && st[1] == 1) {
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) o[i] = f(x[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) o[i * st[0]] = f(x[i * st[1]]);
    }
  });
}

// out[i] = f(a[i], b[i]); contiguous rows and rows against a broadcast scalar get tight loops.
template <typename O, typename A, typename B, typename F>
void binary_loop(const Tensor& out, const Tensor& a, const Tensor& b, F f) {
  LoopShape<3> shape = make_loop_shape<3>(out.sizes(), {&out, &a, &b});
  O* po = out.data<O>();
  const A* pa = a.data<A>();
  const B* pb = b.data<B>();
  for_each_row(shape, [&](const Offsets<3>& off, int64_t n, const Offsets<3>& st) {
    O* o = po + off[0];
    const A* x = pa + off[1];
    const B* y = pb + off[2];
    if (st[0] == 1 && st[1] == 1 && st[2] == 1) {
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
    } else if (st[0] == 1 && st[1] == 1 && st[2] == 0) {
      const B y0 = *y;
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y0);
    } else if (st[0] == 1 && st[1] == 0 && st[2] == 1) {
      const A x0 = *x;
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) o[i] = f(x0, y[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) o[i * st[0]] = f(x[i * st[1]], y[i * st[2]]);
    }
  });
}

// out[i] = f(a[i], b[i], c[i]).
template <typename O, typename A, typename B, typename C, typename F>
void ternary_loop(const Tensor& out, const Tensor& a, const Tensor& b, const Tensor& c, F f) {
  LoopShape<4> shape = make_loop_shape<4>(out.sizes(), {&out, &a, &b, &c});
  O* po = out.data<O>();
  const A* pa = a.data<A>();
  const B* pb = b.data<B>();
  const C* pc = c.data<C>();
  for_each_row(shape, [&](const Offsets<4>& off, int64_t n, const Offsets<4>& st) {
    O* o = po + off[0];
    const A* x = pa + off[1];
    const B* y = pb + off[2];
    const C* z = pc + off[3];
    for (int64_t i = 0; i < n; ++i) o[i * st[0]] = f(x[i * st[1]], y[i * st[2]], z[i * st[3]]);
  });
}

// Compile-time type sets for dispatch: kernels instantiate only the types they support.
// kHalfs (float16, bfloat16) is outside kAllTypes: kernels compute those in float and round
// (compute_in_float), so only conversions and copies instantiate the 16-bit types.
enum TypeSet : unsigned { kFloats = 1, kInts = 2, kBools = 4, kIntsAndBool = 6, kAllTypes = 7, kHalfs = 8 };

template <typename T>
struct Tag {
  using type = T;
};

// Calls body(Tag<T>{}) with the C type of `dtype` if it is in Set, else throws naming `op`.
template <unsigned Set, typename Body>
void dispatch(DType dtype, std::string_view op, Body&& body) {  // a view: no string per call
  switch (dtype) {
    case DType::Float32: if constexpr ((Set & kFloats) != 0) return body(Tag<float>{}); break;
    case DType::Float64: if constexpr ((Set & kFloats) != 0) return body(Tag<double>{}); break;
    case DType::Int64: if constexpr ((Set & kInts) != 0) return body(Tag<int64_t>{}); break;
    case DType::Int32: if constexpr ((Set & kInts) != 0) return body(Tag<int32_t>{}); break;
    case DType::Int16: if constexpr ((Set & kInts) != 0) return body(Tag<int16_t>{}); break;
    case DType::Int8: if constexpr ((Set & kInts) != 0) return body(Tag<int8_t>{}); break;
    case DType::UInt8: if constexpr ((Set & kInts) != 0) return body(Tag<uint8_t>{}); break;
    case DType::Bool: if constexpr ((Set & kBools) != 0) return body(Tag<bool>{}); break;
    case DType::Float16: if constexpr ((Set & kHalfs) != 0) return body(Tag<Half>{}); break;
    case DType::BFloat16: if constexpr ((Set & kHalfs) != 0) return body(Tag<BFloat16>{}); break;
    default: break;
  }
  throw Error(std::string(op) + ": not implemented for dtype " + dtype_name(dtype));
}

// `t` itself when contiguous, else a contiguous copy made by the strided loop (faster than a
// generic element-by-element gather for permuted or sliced inputs).
Tensor contiguous_copy(const Tensor& t);

// `t` converted to `dtype` (itself when it already has it) through the strided loop; values
// convert as C++ static_cast does, like Tensor::to, without its per-element offset table.
// (Defined once in elementwise_loops.cc: the dtype-pair dispatch is costly to compile.)
Tensor cast_copy(const Tensor& t, DType dtype);

}  // namespace tsrt::kernels
