// Reductions (sum, mean, prod, max/min, amax/amin, argmax/argmin, any/all, std/var, norm,
// logsumexp) and cumsum, with torch's result dtypes and NaN rules.
//
// Every reduction first lays its input out as rows: kept dims outermost, reduced dims
// innermost, contiguous (a view when they already are, one copy otherwise). Each output
// element then reduces one contiguous row, and rows run in parallel when the input is large.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/common/shape_util.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// An input arranged for row-wise reduction.
struct Rows {
  Tensor data;      // contiguous, [outer, inner] in memory
  int64_t outer = 1;
  int64_t inner = 1;
  Shape out_shape;  // the result's shape (reduced dims removed, or kept as 1)
};

// Which dims a reduction covers: `dims` wrapped; None or an empty list means all dims.
std::vector<bool> reduced_dims(const std::string& op, const Tensor& x, const std::optional<Shape>& dims) {
  std::vector<bool> mask(static_cast<size_t>(x.dim()), dims == std::nullopt || dims->empty());
  if (dims && !dims->empty()) {
    for (int64_t d : *dims) {
      int64_t w = wrap_dim(d, x.dim());
      if (x.dim() == 0) continue;
      TSRT_CHECK(!mask[static_cast<size_t>(w)], op + ": dim " + std::to_string(w) + " appears multiple times in the list of dims");
      mask[static_cast<size_t>(w)] = true;
    }
  }
  return mask;
}

Rows to_rows(const Tensor& x, const std::vector<bool>& mask, bool keepdim) {
  Rows rows;
  Shape sizes, strides;
  for (int pass = 0; pass < 2; ++pass) {  // kept dims first, then reduced dims
    for (size_t d = 0; d < mask.size(); ++d) {
      if (mask[d] != (pass == 1)) continue;
      sizes.push_back(x.sizes()[d]);
      strides.push_back(x.strides()[d]);
      (pass == 0 ? rows.outer : rows.inner) *= x.sizes()[d];
    }
  }
  for (size_t d = 0; d < mask.size(); ++d) {
    if (!mask[d]) rows.out_shape.push_back(x.sizes()[d]);
    else if (keepdim) rows.out_shape.push_back(1);
  }
  rows.data = contiguous_copy(x.as_strided(sizes, strides, x.storage_offset()));
  return rows;
}

// out[r] = f(row r, inner) for every row; Out is the output's C type.
template <typename In, typename Out, typename F>
Tensor reduce_rows(const Rows& rows, DType out_dtype, F f) {
  Tensor out = Tensor::empty(rows.out_shape, out_dtype);
  Out* o = out.data<Out>();
  const In* p = rows.data.data<In>();
  const int64_t inner = rows.inner;
  if (rows.outer == 1 || rows.outer * inner < kParallelGrain) {  // not worth waking threads
    for (int64_t r = 0; r < rows.outer; ++r) o[r] = f(p + r * inner, inner);
    return out;
  }
#pragma omp parallel for
  for (int64_t r = 0; r < rows.outer; ++r) o[r] = f(p + r * inner, inner);
  return out;
}

std::optional<Shape> optional_dims(const Args& a, size_t i) {
  if (a[i].is_none()) return std::nullopt;
  return a.int_list(i);
}

std::optional<DType> optional_dtype(const Args& a, size_t i) {
  if (a[i].is_none()) return std::nullopt;
  return dtype_from_scalar_type(a.to_int(i));
}

// Wider accumulators: double for floats, wrapping uint64 for integers.
template <typename T>
using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;

// Sum of p[0..n) in double; `omp simd` lets the compiler keep vector partial sums (the order
// of adds differs from a serial loop only within double rounding).
template <typename T>
double sum_in_double(const T* p, int64_t n) {
  double acc = 0.0;
#pragma omp simd reduction(+ : acc)
  for (int64_t i = 0; i < n; ++i) acc += static_cast<double>(p[i]);
  return acc;
}

// ---- sum / prod / mean --------------------------------------------------------------------

// sum and prod promote integers and bool to int64 unless a dtype is given.
DType sum_dtype(DType input, const std::optional<DType>& dtype) {
  if (dtype) return *dtype;
  return is_integral(input, true) ? DType::Int64 : input;
}

template <bool kProd>
Tensor sum_or_prod(const Tensor& x, const std::optional<Shape>& dims, bool keepdim,
                   const std::optional<DType>& dtype) {
  const char* op = kProd ? "prod" : "sum";
  DType out_dtype = sum_dtype(x.dtype(), dtype);
  Tensor input = cast_copy(x, out_dtype);
  Rows rows = to_rows(input, reduced_dims(op, input, dims), keepdim);
  Tensor out;
  dispatch<kAllTypes>(out_dtype, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, T>(rows, out_dtype, [](const T* p, int64_t n) -> T {
      if constexpr (std::is_same_v<T, bool>) {
        bool acc = kProd;
        for (int64_t i = 0; i < n; ++i) acc = kProd ? (acc && p[i]) : (acc || p[i]);
        return acc;
      } else if constexpr (std::is_floating_point_v<T>) {
        if (!kProd) return static_cast<T>(sum_in_double(p, n));
        double acc = 1.0;
        for (int64_t i = 0; i < n; ++i) acc *= p[i];
        return static_cast<T>(acc);
      } else {
        uint64_t acc = kProd ? 1 : 0;  // integers wrap like torch's
        for (int64_t i = 0; i < n; ++i) {
          uint64_t v = static_cast<uint64_t>(p[i]);
          acc = kProd ? acc * v : acc + v;
        }
        return static_cast<T>(acc);
      }
    });
  });
  return out;
}

Tensor mean(const Tensor& x, const std::optional<Shape>& dims, bool keepdim, const std::optional<DType>& dtype) {
  DType out_dtype = dtype ? *dtype : x.dtype();
  TSRT_CHECK(is_floating(out_dtype), std::string("mean(): could not infer output dtype; input dtype must be floating "
                                            "point, got ") + dtype_name(out_dtype));
  Tensor input = cast_copy(x, out_dtype);
  Rows rows = to_rows(input, reduced_dims("mean", input, dims), keepdim);
  Tensor out;
  dispatch<kFloats>(out_dtype, "mean", [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, T>(rows, out_dtype, [](const T* p, int64_t n) -> T {
      return static_cast<T>(sum_in_double(p, n) / static_cast<double>(n));
    });
  });
  return out;
}

// ---- max / min family ---------------------------------------------------------------------

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else return false;
}

// Index of the first maximum (kMax) or minimum in p[0..n); a NaN wins at its first occurrence.
template <bool kMax, typename T>
int64_t arg_extremum(const T* p, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (is_nan(p[i])) return i;
    if (kMax ? p[best] < p[i] : p[i] < p[best]) best = i;
  }
  return best;
}

void check_nonempty(const std::string& op, const Rows& rows) {
  TSRT_CHECK(rows.inner > 0 || rows.outer == 0,
        op + "(): cannot reduce over an empty dimension (the input has no elements to reduce); specify a "
             "non-empty dim");
}

// max/min/amax/amin values: same dtype as the input, NaN propagates.
template <bool kMax>
Tensor extremum_values(const std::string& op, const Tensor& x, const std::optional<Shape>& dims, bool keepdim) {
  Rows rows = to_rows(x, reduced_dims(op, x, dims), keepdim);
  check_nonempty(op, rows);
  Tensor out;
  dispatch<kAllTypes>(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, T>(rows, x.dtype(), [](const T* p, int64_t n) -> T {
      return p[arg_extremum<kMax>(p, n)];
    });
  });
  return out;
}

// Indices (int64) of the extremum along the reduced dims.
template <bool kMax>
Tensor extremum_indices(const std::string& op, const Tensor& x, const std::optional<Shape>& dims, bool keepdim) {
  Rows rows = to_rows(x, reduced_dims(op, x, dims), keepdim);
  check_nonempty(op, rows);
  Tensor out;
  dispatch<kFloats | kInts>(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, int64_t>(rows, DType::Int64, [](const T* p, int64_t n) { return arg_extremum<kMax>(p, n); });
  });
  return out;
}

template <bool kMax>
Tensor argextremum(const std::string& op, const Tensor& x, const std::optional<int64_t>& dim, bool keepdim) {
  if (dim) return extremum_indices<kMax>(op, x, Shape{*dim}, keepdim);
  // Over all elements: the flat index, as an all-ones shape when keepdim.
  return extremum_indices<kMax>(op, x, std::nullopt, keepdim);
}

// max.dim / min.dim: values and indices, both with bool allowed for the values.
template <bool kMax>
std::vector<Value> extremum_dim(const std::string& op, const Args& a) {
  const Tensor& x = a.tensor(0);
  Shape dims{a.to_int(1)};
  bool keepdim = a.to_bool(2);
  Tensor values = extremum_values<kMax>(op, x, dims, keepdim);
  Tensor source = cast_copy(x, x.dtype() == DType::Bool ? DType::UInt8 : x.dtype());
  Tensor indices = extremum_indices<kMax>(op, source, dims, keepdim);
  return {values, indices};
}

// ---- any / all ------------------------------------------------------------------------------

// any/all return bool, except for uint8 inputs, which keep uint8 (as torch 1.13).
template <bool kAll>
Tensor any_all(const std::string& op, const Tensor& x, const std::optional<Shape>& dims, bool keepdim) {
  Rows rows = to_rows(x, reduced_dims(op, x, dims), keepdim);
  DType out_dtype = x.dtype() == DType::UInt8 ? DType::UInt8 : DType::Bool;
  Tensor out;
  dispatch<kAllTypes>(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    auto f = [](const T* p, int64_t n) -> bool {
      for (int64_t i = 0; i < n; ++i) {
        if ((p[i] != T(0)) != kAll) return !kAll;
      }
      return kAll;
    };
    if (out_dtype == DType::UInt8) {
      out = reduce_rows<T, uint8_t>(rows, out_dtype, [f](const T* p, int64_t n) { return uint8_t(f(p, n)); });
    } else {
      out = reduce_rows<T, bool>(rows, out_dtype, f);
    }
  });
  return out;
}

// ---- statistics, norms, logsumexp ---------------------------------------------------------

// Variance with `correction` (1 = unbiased); two passes in double for accuracy.
template <bool kStd>
Tensor variance(const std::string& op, const Tensor& x, const std::optional<Shape>& dims, int64_t correction,
                bool keepdim) {
  TSRT_CHECK(is_floating(x.dtype()), op + ": std and var only support floating point dtypes, got " +
                                    std::string(dtype_name(x.dtype())));
  Rows rows = to_rows(x, reduced_dims(op, x, dims), keepdim);
  Tensor out;
  dispatch<kFloats>(x.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, T>(rows, x.dtype(), [correction](const T* p, int64_t n) -> T {
      double mean = sum_in_double(p, n) / static_cast<double>(n);
      double sq = 0.0;
      for (int64_t i = 0; i < n; ++i) sq += (p[i] - mean) * (p[i] - mean);
      double var = sq / std::max<double>(0.0, static_cast<double>(n - correction));
      return static_cast<T>(kStd ? std::sqrt(var) : var);
    });
  });
  return out;
}

// The arguments of the std/var overloads: (self, unbiased), (self, dim, unbiased, keepdim) or
// (self, dim, *, correction, keepdim).
struct VarianceArgs {
  std::optional<Shape> dims;
  int64_t correction = 1;
  bool keepdim = false;
};

VarianceArgs variance_args(const Args& a, bool has_dims, bool correction_form) {
  VarianceArgs v;
  if (!has_dims) {
    v.correction = a.to_bool(1) ? 1 : 0;
    return v;
  }
  v.dims = optional_dims(a, 1);
  if (correction_form) v.correction = a[2].is_none() ? 1 : a.to_int(2);
  else v.correction = a.to_bool(2) ? 1 : 0;
  v.keepdim = a.to_bool(3);
  return v;
}

template <bool kStd>
Value variance_op(const Args& a, bool has_dims, bool correction_form) {
  VarianceArgs v = variance_args(a, has_dims, correction_form);
  return variance<kStd>(kStd ? "std" : "var", a.tensor(0), v.dims, v.correction, v.keepdim);
}

// std_mean / var_mean: (std or var, mean) over the same dims.
template <bool kStd>
std::vector<Value> variance_mean_op(const Args& a, bool has_dims, bool correction_form) {
  VarianceArgs v = variance_args(a, has_dims, correction_form);
  const Tensor& x = a.tensor(0);
  return {variance<kStd>(kStd ? "std_mean" : "var_mean", x, v.dims, v.correction, v.keepdim),
          mean(x, v.dims, v.keepdim, std::nullopt)};
}

// Vector p-norm: p = 2, 1, 0 (count of nonzeros), +-inf (max/min |x|), or any other real p.
Tensor norm(const Tensor& x, double p, const std::optional<Shape>& dims, bool keepdim) {
  TSRT_CHECK(is_floating(x.dtype()), std::string("norm(): input dtype should be floating point, got ") +
                                    dtype_name(x.dtype()));
  Rows rows = to_rows(x, reduced_dims("norm", x, dims), keepdim);
  Tensor out;
  dispatch<kFloats>(x.dtype(), "norm", [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, T>(rows, x.dtype(), [p](const T* v, int64_t n) -> T {
      if (std::isinf(p)) {
        double best = p > 0 ? 0.0 : std::numeric_limits<double>::infinity();
        for (int64_t i = 0; i < n; ++i) {
          double m = std::fabs(static_cast<double>(v[i]));
          if (std::isnan(m)) return static_cast<T>(m);
          best = p > 0 ? std::max(best, m) : std::min(best, m);
        }
        return static_cast<T>(best);
      }
      double acc = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        double m = std::fabs(static_cast<double>(v[i]));
        if (p == 2) acc += m * m;
        else if (p == 1) acc += m;
        else if (p == 0) acc += m != 0.0 ? 1.0 : 0.0;
        else acc += std::pow(m, p);
      }
      if (p == 2) return static_cast<T>(std::sqrt(acc));
      if (p == 1 || p == 0) return static_cast<T>(acc);
      return static_cast<T>(std::pow(acc, 1.0 / p));
    });
  });
  return out;
}

// log(sum(exp(x))) computed as max + log(sum(exp(x - max))); an infinite max is not subtracted.
Tensor logsumexp(const Tensor& x, const Shape& dims, bool keepdim) {
  DType out_dtype = float_result(x.dtype());
  Tensor input = cast_copy(x, out_dtype);
  Rows rows = to_rows(input, reduced_dims("logsumexp", input, dims), keepdim);
  Tensor out;
  dispatch<kFloats>(out_dtype, "logsumexp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    out = reduce_rows<T, T>(rows, out_dtype, [](const T* p, int64_t n) -> T {
      double m = -std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < n; ++i) m = std::max<double>(m, p[i]);
      if (std::isinf(m)) m = 0.0;
      double acc = 0.0;
      for (int64_t i = 0; i < n; ++i) acc += std::exp(p[i] - m);
      return static_cast<T>(std::log(acc) + m);
    });
  });
  return out;
}

// ---- cumsum -------------------------------------------------------------------------------

Tensor cumsum(const Tensor& x, int64_t dim, const std::optional<DType>& dtype) {
  DType out_dtype = sum_dtype(x.dtype(), dtype);
  Tensor input = cast_copy(x, out_dtype);
  if (input.dim() == 0) {
    wrap_dim(dim, 0);
    return input.clone();
  }
  int64_t d = wrap_dim(dim, input.dim());
  std::vector<bool> mask(static_cast<size_t>(input.dim()), false);
  mask[static_cast<size_t>(d)] = true;
  Rows rows = to_rows(input, mask, true);
  // Scan each row into a buffer laid out like rows.data, then move dim d back into place.
  Tensor scanned = Tensor::empty(rows.data.sizes(), out_dtype);
  dispatch<kFloats | kInts>(out_dtype, "cumsum", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* src = rows.data.data<T>();
    T* dst = scanned.data<T>();
    const int64_t inner = rows.inner;
#pragma omp parallel for if (rows.outer > 1 && rows.outer * inner >= kParallelGrain)
    for (int64_t r = 0; r < rows.outer; ++r) {
      Acc<T> acc = 0;
      for (int64_t i = 0; i < inner; ++i) {
        if constexpr (std::is_floating_point_v<T>) acc += src[r * inner + i];
        else acc = static_cast<T>(static_cast<uint64_t>(acc) + static_cast<uint64_t>(src[r * inner + i]));
        dst[r * inner + i] = static_cast<T>(acc);
      }
    }
  });
  // scanned has dims (others..., d); give each original dim its stride in that layout.
  Shape strides(static_cast<size_t>(input.dim()));
  const Shape& scanned_strides = scanned.strides();
  size_t k = 0;
  for (size_t i = 0; i < strides.size(); ++i) {
    if (static_cast<int64_t>(i) != d) strides[i] = scanned_strides[k++];
  }
  strides[static_cast<size_t>(d)] = scanned_strides.back();
  return contiguous_copy(scanned.as_strided(input.sizes(), strides, 0));
}

}  // namespace

TSRT_REGISTER_KERNELS(reduction) {
  r.add("aten::sum(Tensor self, *, ScalarType? dtype=None) -> Tensor", [](const Args& a) -> Value {
    return sum_or_prod<false>(a.tensor(0), std::nullopt, false, optional_dtype(a, 1));
  });
  r.add("aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor",
        [](const Args& a) -> Value {
          return sum_or_prod<false>(a.tensor(0), optional_dims(a, 1), a.to_bool(2), optional_dtype(a, 3));
        });
  r.add("aten::prod(Tensor self, *, ScalarType? dtype=None) -> Tensor", [](const Args& a) -> Value {
    return sum_or_prod<true>(a.tensor(0), std::nullopt, false, optional_dtype(a, 1));
  });
  r.add("aten::prod.dim_int(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor",
        [](const Args& a) -> Value {
          return sum_or_prod<true>(a.tensor(0), Shape{a.to_int(1)}, a.to_bool(2), optional_dtype(a, 3));
        });
  r.add("aten::mean(Tensor self, *, ScalarType? dtype=None) -> Tensor", [](const Args& a) -> Value {
    return mean(a.tensor(0), std::nullopt, false, optional_dtype(a, 1));
  });
  r.add("aten::mean.dim(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor",
        [](const Args& a) -> Value {
          return mean(a.tensor(0), optional_dims(a, 1), a.to_bool(2), optional_dtype(a, 3));
        });

  r.add("aten::max(Tensor self) -> Tensor", [](const Args& a) -> Value {
    TSRT_CHECK(a.tensor(0).numel() > 0, "max(): expected reduction dim to be specified for input.numel() == 0");
    return extremum_values<true>("max", a.tensor(0), std::nullopt, false);
  });
  r.add("aten::min(Tensor self) -> Tensor", [](const Args& a) -> Value {
    TSRT_CHECK(a.tensor(0).numel() > 0, "min(): expected reduction dim to be specified for input.numel() == 0");
    return extremum_values<false>("min", a.tensor(0), std::nullopt, false);
  });
  r.add_multi("aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)",
              [](const Args& a) { return extremum_dim<true>("max", a); });
  r.add_multi("aten::min.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)",
              [](const Args& a) { return extremum_dim<false>("min", a); });
  r.add("aten::amax(Tensor self, int[1] dim=[], bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return extremum_values<true>("amax", a.tensor(0), a.int_list(1), a.to_bool(2));
  });
  r.add("aten::amin(Tensor self, int[1] dim=[], bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return extremum_values<false>("amin", a.tensor(0), a.int_list(1), a.to_bool(2));
  });
  r.add("aten::argmax(Tensor self, int? dim=None, bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return argextremum<true>("argmax", a.tensor(0), a.optional_int(1), a.to_bool(2));
  });
  r.add("aten::argmin(Tensor self, int? dim=None, bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return argextremum<false>("argmin", a.tensor(0), a.optional_int(1), a.to_bool(2));
  });

  r.add("aten::any(Tensor self) -> Tensor", [](const Args& a) -> Value {
    return any_all<false>("any", a.tensor(0), std::nullopt, false);
  });
  r.add("aten::any.dim(Tensor self, int dim, bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return any_all<false>("any", a.tensor(0), Shape{a.to_int(1)}, a.to_bool(2));
  });
  r.add("aten::all(Tensor self) -> Tensor", [](const Args& a) -> Value {
    return any_all<true>("all", a.tensor(0), std::nullopt, false);
  });
  r.add("aten::all.dim(Tensor self, int dim, bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return any_all<true>("all", a.tensor(0), Shape{a.to_int(1)}, a.to_bool(2));
  });

  r.add("aten::std(Tensor self, bool unbiased=True) -> Tensor",
        [](const Args& a) { return variance_op<true>(a, false, false); });
  r.add("aten::std.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor",
        [](const Args& a) { return variance_op<true>(a, true, false); });
  r.add("aten::std.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> Tensor",
        [](const Args& a) { return variance_op<true>(a, true, true); });
  r.add("aten::var(Tensor self, bool unbiased=True) -> Tensor",
        [](const Args& a) { return variance_op<false>(a, false, false); });
  r.add("aten::var.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor",
        [](const Args& a) { return variance_op<false>(a, true, false); });
  r.add("aten::var.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> Tensor",
        [](const Args& a) { return variance_op<false>(a, true, true); });

  r.add_multi("aten::std_mean(Tensor self, bool unbiased=True) -> (Tensor, Tensor)",
              [](const Args& a) { return variance_mean_op<true>(a, false, false); });
  r.add_multi("aten::std_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)",
              [](const Args& a) { return variance_mean_op<true>(a, true, false); });
  r.add_multi("aten::std_mean.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> (Tensor, Tensor)",
              [](const Args& a) { return variance_mean_op<true>(a, true, true); });
  r.add_multi("aten::var_mean(Tensor self, bool unbiased=True) -> (Tensor, Tensor)",
              [](const Args& a) { return variance_mean_op<false>(a, false, false); });
  r.add_multi("aten::var_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)",
              [](const Args& a) { return variance_mean_op<false>(a, true, false); });
  r.add_multi("aten::var_mean.correction(Tensor self, int[1]? dim, *, int? correction, bool keepdim=False) -> (Tensor, Tensor)",
              [](const Args& a) { return variance_mean_op<false>(a, true, true); });

  r.add("aten::norm.Scalar(Tensor self, Scalar p=2) -> Tensor", [](const Args& a) -> Value {
    return norm(a.tensor(0), a.to_double(1), std::nullopt, false);
  });
  r.add("aten::norm.ScalarOpt_dim(Tensor self, Scalar? p, int[1] dim, bool keepdim=False) -> Tensor",
        [](const Args& a) -> Value {
          return norm(a.tensor(0), a[1].is_none() ? 2.0 : a.to_double(1), a.int_list(2), a.to_bool(3));
        });
  r.add("aten::norm.ScalarOpt_dtype(Tensor self, Scalar? p, *, ScalarType dtype) -> Tensor", [](const Args& a) -> Value {
    Tensor x = cast_copy(a.tensor(0), dtype_from_scalar_type(a.to_int(2)));
    return norm(x, a[1].is_none() ? 2.0 : a.to_double(1), std::nullopt, false);
  });
  r.add("aten::norm.ScalarOpt_dim_dtype(Tensor self, Scalar? p, int[1] dim, bool keepdim, *, ScalarType dtype) -> Tensor",
        [](const Args& a) -> Value {
          Tensor x = cast_copy(a.tensor(0), dtype_from_scalar_type(a.to_int(4)));
          return norm(x, a[1].is_none() ? 2.0 : a.to_double(1), a.int_list(2), a.to_bool(3));
        });
  r.add("aten::logsumexp(Tensor self, int[1] dim, bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    return logsumexp(a.tensor(0), a.int_list(1), a.to_bool(2));
  });
  r.add("aten::cumsum(Tensor self, int dim, *, ScalarType? dtype=None) -> Tensor", [](const Args& a) -> Value {
    return cumsum(a.tensor(0), a.to_int(1), optional_dtype(a, 2));
  });
  // In place the sum keeps self's dtype (integers do not widen to int64).
  r.add("aten::cumsum_(Tensor(a!) self, int dim, *, ScalarType? dtype=None) -> Tensor(a!)", [](const Args& a) -> Value {
    Tensor self = a.tensor(0);
    std::optional<DType> dtype = optional_dtype(a, 2);
    Tensor result = cumsum(self, a.to_int(1), dtype ? *dtype : self.dtype());
    TSRT_CHECK(can_cast(result.dtype(), self.dtype()), std::string("cumsum_: result type ") + dtype_name(result.dtype()) +
                                                      " can't be cast to the desired output type " +
                                                      dtype_name(self.dtype()));
    self.copy_from(result);
    return self;
  });
}

}  // namespace tsrt::kernels
