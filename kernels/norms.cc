// Vector and matrix norms: linalg_vector_norm, linalg_matrix_norm, linalg_norm, frobenius_norm,
// norm_except_dim, and weight normalisation (_weight_norm, _weight_norm_interface), which divides
// by a norm.
//
// Norms are built from the reduction kernels (abs, pow, sum, amax, amin) as torch composes them;
// the spectral norms (ord 2, -2, "nuc") take singular values from Eigen's JacobiSVD, computed in
// double precision (torch's LAPACK gesdd in the input precision agrees to float32 rounding).
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
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

// The input in the computation dtype: `dtype` when given, else its own, which must be floating.
Tensor norm_input(const Tensor& x, std::optional<int64_t> dtype, const char* op) {
  DType target = dtype ? dtype_from_scalar_type(*dtype) : x.dtype();
  TSRT_CHECK(is_floating(target) && (is_floating(x.dtype()) || dtype),
             std::string(op) + ": Expected a floating point or complex tensor as input. Got " + dtype_name(x.dtype()));
  TSRT_CHECK(is_floating(target), std::string(op) + ": dtype should be floating point, got " + dtype_name(target));
  return cast_copy(x, target);
}

Value dims_value(const std::optional<Shape>& dims) { return dims && !dims->empty() ? int_list_value(*dims) : Value(); }

// The p-norm of `x` (already in its computation dtype) over `dims` (None or empty: all dims).
Tensor vector_norm(const Tensor& x, double ord, const std::optional<Shape>& dims, bool keepdim) {
  Tensor magnitude = run_tensor_op("aten::abs", {x});
  if (std::isinf(ord)) {
    if (x.numel() == 0) {
      throw Error("linalg.vector_norm cannot compute the " + std::string(ord > 0 ? "inf" : "-inf") +
                  " norm on an empty tensor because the operation does not have an identity");
    }
    Value list = dims ? int_list_value(*dims) : int_list_value({});
    return run_tensor_op(ord > 0 ? "aten::amax" : "aten::amin", {magnitude, list, keepdim});
  }
  auto sum = [&](const Tensor& t) {
    return run_tensor_op("aten::sum.dim_IntList", {t, dims_value(dims), keepdim, Value()});
  };
  if (ord == 0) {
    Tensor nonzero = cast_copy(run_tensor_op("aten::ne.Scalar", {x, int64_t{0}}), x.dtype());
    return sum(nonzero);
  }
  if (ord == 1) return sum(magnitude);
  if (ord == 2) return run_tensor_op("aten::sqrt", {sum(run_tensor_op("aten::mul.Tensor", {magnitude, magnitude}))});
  Tensor powered = run_tensor_op("aten::pow.Tensor_Scalar", {magnitude, ord});
  return run_tensor_op("aten::pow.Tensor_Scalar", {sum(powered), 1.0 / ord});
}

// Two distinct wrapped matrix dims.
std::pair<int64_t, int64_t> matrix_dims(const Tensor& x, const Shape& dims, const char* op) {
  TSRT_CHECK(x.dim() >= 2, std::string(op) + ": The input tensor A must have at least 2 dimensions.");
  TSRT_CHECK(dims.size() == 2, std::string(op) + ": dim must be a 2-tuple. Got " + shape_to_string(dims));
  int64_t d0 = wrap_dim(dims[0], x.dim()), d1 = wrap_dim(dims[1], x.dim());
  TSRT_CHECK(d0 != d1, std::string(op) + ": dims must be different. Got (" + std::to_string(dims[0]) + ", " +
                           std::to_string(dims[1]) + ")");
  return {d0, d1};
}

// The result shape of reducing dims d0 and d1 of `sizes`.
Shape reduced_shape(const Shape& sizes, int64_t d0, int64_t d1, bool keepdim) {
  Shape out;
  for (int64_t d = 0; d < static_cast<int64_t>(sizes.size()); ++d) {
    if (d == d0 || d == d1) {
      if (keepdim) out.push_back(1);
    } else {
      out.push_back(sizes[static_cast<size_t>(d)]);
    }
  }
  return out;
}

// Singular values of the matrices over dims (d0, d1): [other dims..., min(m, n)], descending.
Tensor singular_values(const Tensor& x, int64_t d0, int64_t d1) {
  std::vector<int64_t> order;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (d != d0 && d != d1) order.push_back(d);
  }
  order.push_back(d0);
  order.push_back(d1);
  Tensor moved = run_tensor_op("aten::permute", {x, int_list_value(Shape(order.begin(), order.end()))});
  Tensor m = cast_copy(moved, DType::Float64).contiguous();
  const int64_t rows = x.size(d0), cols = x.size(d1), k = std::min(rows, cols);
  Shape out_shape(moved.sizes().begin(), moved.sizes().end() - 2);
  const int64_t count = product(out_shape);
  out_shape.push_back(k);
  Tensor out = Tensor::empty(out_shape, DType::Float64);
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  for (int64_t b = 0; b < count && k > 0; ++b) {
    Eigen::Map<const Matrix> matrix(m.data<double>() + b * rows * cols, rows, cols);
    Eigen::JacobiSVD<Matrix> svd(matrix);
    for (int64_t i = 0; i < k; ++i) out.data<double>()[b * k + i] = svd.singularValues()(i);
  }
  return cast_copy(out, x.dtype());
}

Tensor matrix_norm(const Tensor& x, double ord, const Shape& dims, bool keepdim, const char* op) {
  auto [d0, d1] = matrix_dims(x, dims, op);
  TSRT_CHECK(std::abs(ord) == 1 || std::abs(ord) == 2 || std::isinf(ord),
             std::string(op) + ": Order " + std::to_string(ord) + " not supported.");
  const Shape out_shape = reduced_shape(x.sizes(), d0, d1, keepdim);
  if (std::abs(ord) == 2) {
    Tensor sv = singular_values(x, d0, d1);
    Tensor picked = run_tensor_op(ord > 0 ? "aten::amax" : "aten::amin", {sv, int_list_value({-1}), false});
    return run_tensor_op("aten::reshape", {picked, int_list_value(out_shape)});
  }
  // ord 1: the largest column sum (sum over rows d0, then max over d1); inf: rows and columns swap.
  const int64_t summed = std::abs(ord) == 1 ? d0 : d1, extreme = std::abs(ord) == 1 ? d1 : d0;
  Tensor sums = vector_norm(x, 1, Shape{summed}, true);
  Tensor picked = run_tensor_op(ord > 0 ? "aten::amax" : "aten::amin", {sums, int_list_value({extreme}), true});
  return run_tensor_op("aten::reshape", {picked, int_list_value(out_shape)});
}

Tensor matrix_norm_str(const Tensor& x, const std::string& ord, const Shape& dims, bool keepdim, const char* op) {
  auto [d0, d1] = matrix_dims(x, dims, op);
  if (ord == "fro") return vector_norm(x, 2, dims, keepdim);
  TSRT_CHECK(ord == "nuc", std::string(op) + ": Order " + ord + " not supported.");
  Tensor sv = singular_values(x, d0, d1);
  Tensor total = run_tensor_op("aten::sum.dim_IntList", {sv, int_list_value({-1}), false, Value()});
  return run_tensor_op("aten::reshape", {total, int_list_value(reduced_shape(x.sizes(), d0, d1, keepdim))});
}

std::optional<Shape> optional_dims(const Args& a, size_t i) {
  if (a[i].is_none()) return std::nullopt;
  return a.int_list(i);
}

Tensor linalg_norm(const Args& a, bool str_ord) {
  const char* op = "linalg.norm";
  Tensor x = norm_input(a.tensor(0), a.optional_int(4), op);
  std::optional<Shape> dims = optional_dims(a, 2);
  const bool keepdim = a.to_bool(3);
  const bool has_ord = !a[1].is_none();
  if (dims) {
    TSRT_CHECK(dims->size() == 1 || dims->size() == 2,
               std::string(op) + ": If dim is specified, it must be of length 1 or 2. Got " + shape_to_string(*dims));
  } else if (has_ord) {
    TSRT_CHECK(x.dim() == 1 || x.dim() == 2,
               std::string(op) + ": If dim is not specified but ord is, the input must be 1D or 2D. Got " +
                   std::to_string(x.dim()) + "D.");
  }
  const bool as_matrix = dims ? dims->size() == 2 : has_ord && x.dim() == 2;
  if (str_ord) {
    TSRT_CHECK(as_matrix, std::string(op) + ": Order " + a.to_string(1) + " not supported for vectors.");
    return matrix_norm_str(x, a.to_string(1), dims ? *dims : Shape{0, 1}, keepdim, op);
  }
  if (as_matrix) {
    Shape matrix = dims ? *dims : Shape{0, 1};
    return has_ord ? matrix_norm(x, a.to_double(1), matrix, keepdim, op)
                   : matrix_norm_str(x, "fro", matrix, keepdim, op);
  }
  return vector_norm(x, has_ord ? a.to_double(1) : 2.0, dims, keepdim);
}

// w = v * (g / ||v||), the norm over every dim but `dim` (all dims for dim -1); also the norm.
std::pair<Tensor, Tensor> weight_norm(const Tensor& v, const Tensor& g, int64_t dim, const char* op) {
  TSRT_CHECK(v.dtype() == g.dtype(), std::string(op) + ": v and g must have the same dtype, got " +
                                         dtype_name(v.dtype()) + " and " + dtype_name(g.dtype()));
  Tensor x = norm_input(v, std::nullopt, op);
  Shape others;
  if (dim != -1) {
    const int64_t kept = wrap_dim(dim, v.dim());
    for (int64_t d = 0; d < v.dim(); ++d) {
      if (d != kept) others.push_back(d);
    }
  }
  Tensor norm = dim == -1 ? vector_norm(x, 2, std::nullopt, false) : vector_norm(x, 2, others, true);
  if (dim != -1 && others.empty()) norm = run_tensor_op("aten::abs", {x});  // a 1-D v: each element alone
  Tensor scale = run_tensor_op("aten::div.Tensor", {g, norm});
  return {run_tensor_op("aten::mul.Tensor", {v, scale}), norm};
}

}  // namespace

TSRT_REGISTER_KERNELS(norms) {
  r.add(
      "aten::linalg_vector_norm(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor",
      [](const Args& a) -> Value {
        Tensor x = norm_input(a.tensor(0), a.optional_int(4), "linalg.vector_norm");
        return vector_norm(x, a.to_double(1), optional_dims(a, 2), a.to_bool(3));
      });
  r.add(
      "aten::linalg_matrix_norm(Tensor self, Scalar ord, int[] dim=[-2, -1], bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor",
      [](const Args& a) -> Value {
        Tensor x = norm_input(a.tensor(0), a.optional_int(4), "linalg.matrix_norm");
        return matrix_norm(x, a.to_double(1), a.int_list(2), a.to_bool(3), "linalg.matrix_norm");
      });
  r.add(
      "aten::linalg_matrix_norm.str_ord(Tensor self, str ord=\"fro\", int[] dim=[-2, -1], bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor",
      [](const Args& a) -> Value {
        Tensor x = norm_input(a.tensor(0), a.optional_int(4), "linalg.matrix_norm");
        return matrix_norm_str(x, a.to_string(1), a.int_list(2), a.to_bool(3), "linalg.matrix_norm");
      });
  r.add(
      "aten::linalg_norm(Tensor self, Scalar? ord=None, int[1]? dim=None, bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor",
      [](const Args& a) -> Value { return linalg_norm(a, false); });
  r.add(
      "aten::linalg_norm.ord_str(Tensor self, str ord, int[1]? dim=None, bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor",
      [](const Args& a) -> Value { return linalg_norm(a, true); });
  r.add("aten::frobenius_norm(Tensor self) -> Tensor", [](const Args& a) -> Value {
    return vector_norm(norm_input(a.tensor(0), std::nullopt, "frobenius_norm"), 2, std::nullopt, false);
  });
  r.add("aten::frobenius_norm.dim(Tensor self, int[1] dim, bool keepdim=False) -> Tensor", [](const Args& a) -> Value {
    Shape dims = a.int_list(1);
    TSRT_CHECK(dims.size() <= 2, "frobenius_norm: Expected at most 2 dimensions, but got " +
                                     std::to_string(dims.size()) + " dimensions instead.");
    return vector_norm(norm_input(a.tensor(0), std::nullopt, "frobenius_norm"), 2, dims, a.to_bool(2));
  });
  r.add("aten::norm_except_dim(Tensor v, int pow=2, int dim=0) -> Tensor", [](const Args& a) -> Value {
    // The p-norm over every dim but `dim`, kept as size-1 dims; dim -1: over all, a 0-d result.
    const Tensor& v = a.tensor(0);
    const int64_t dim = a.to_int(2);
    Tensor x = norm_input(v, std::nullopt, "norm_except_dim");
    const double p = static_cast<double>(a.to_int(1));
    if (dim == -1) return vector_norm(x, p, std::nullopt, false);
    const int64_t kept = wrap_dim(dim, v.dim());
    Shape others;
    for (int64_t d = 0; d < v.dim(); ++d) {
      if (d != kept) others.push_back(d);
    }
    if (others.empty()) return run_tensor_op("aten::abs", {x});
    return vector_norm(x, p, others, true);
  });
  r.add("aten::_weight_norm(Tensor v, Tensor g, int dim=0) -> Tensor", [](const Args& a) -> Value {
    return weight_norm(a.tensor(0), a.tensor(1), a.to_int(2), "_weight_norm").first;
  });
  r.add_multi("aten::_weight_norm_interface(Tensor v, Tensor g, int dim=0) -> (Tensor, Tensor)",
              [](const Args& a) -> std::vector<Value> {
                const Tensor& v = a.tensor(0);
                const Tensor& g = a.tensor(1);
                const int64_t dim = a.to_int(2);
                TSRT_CHECK(dim == 0 || dim == -1 || dim == v.dim() - 1,
                           "_weight_norm_interface: dim must be 0 or the last dim, got " + std::to_string(dim));
                auto [w, norm] = weight_norm(v, g, dim == -1 ? v.dim() - 1 : dim, "_weight_norm_interface");
                return {w, run_tensor_op("aten::reshape", {norm, int_list_value(g.sizes())})};
              });
}

}  // namespace tsrt::kernels
