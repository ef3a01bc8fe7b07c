// Distances between vectors: cdist (and its _cdist_forward and _euclidean_dist paths),
// pairwise_distance and cosine_similarity.
//
// cdist takes torch's two paths: for p = 2 on larger inputs (more than 25 rows on either side,
// or compute_mode 1) the matrix-product form sqrt(|x|^2 - 2 x.y + |y|^2) of _euclidean_dist,
// whose rounding differs from the direct sum, so tsrt follows torch's choice exactly; otherwise
// the direct per-pair reduction.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/op_calls.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

Value tensor_list(std::vector<Value> items) {
  return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), std::move(items)));
}

// torch's _euclidean_dist: [-2x, |x|^2, 1] . [y, 1, |y|^2], clamped at 1e-30 before the sqrt.
Tensor euclidean_dist(const Tensor& x1, const Tensor& x2) {
  auto squared_norm = [](const Tensor& x) {
    Tensor squared = run_tensor_op("aten::pow.Tensor_Scalar", {x, int64_t{2}});
    return run_tensor_op("aten::sum.dim_IntList", {squared, int_list_value({-1}), true, Value()});
  };
  Tensor n1 = squared_norm(x1), n2 = squared_norm(x2);
  Tensor ones1 = run_tensor_op("aten::ones_like", {n1, Value(), Value(), Value(), Value(), Value()});
  Tensor ones2 = run_tensor_op("aten::ones_like", {n2, Value(), Value(), Value(), Value(), Value()});
  Tensor left = run_tensor_op(
      "aten::cat", {tensor_list({run_tensor_op("aten::mul.Scalar", {x1, int64_t{-2}}), n1, ones1}), int64_t{-1}});
  Tensor right = run_tensor_op("aten::cat", {tensor_list({x2, ones2, n2}), int64_t{-1}});
  Tensor right_t = run_tensor_op("aten::transpose.int", {right, int64_t{-2}, int64_t{-1}});
  Tensor product = run_tensor_op("aten::matmul", {left, right_t});
  return run_tensor_op("aten::sqrt", {run_tensor_op("aten::clamp_min", {product, 1e-30})});
}

// The direct form: out[b, i, j] = (sum_k |x1[b, i, k] - x2[b, j, k]|^p)^(1/p), with p = 0
// counting differences and p = inf taking the largest.
template <typename T>
void direct_cdist(const Tensor& a, const Tensor& b, const Tensor& out, double p) {
  const int64_t batches = a.size(0), rows = a.size(1), cols = b.size(1), m = a.size(2);
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  T* po = out.data<T>();
  const T tp = static_cast<T>(p);
  for (int64_t n = 0; n < batches; ++n) {
    for (int64_t i = 0; i < rows; ++i) {
      const T* x = pa + (n * rows + i) * m;
      for (int64_t j = 0; j < cols; ++j) {
        const T* y = pb + (n * cols + j) * m;
        T acc = 0;
        for (int64_t k = 0; k < m; ++k) {
          const T d = std::abs(x[k] - y[k]);
          if (p == 0)
            acc += d != 0 ? T(1) : T(0);
          else if (p == 1)
            acc += d;
          else if (p == 2)
            acc += d * d;
          else if (std::isinf(p))
            acc = std::max(acc, d);
          else
            acc += std::pow(d, tp);
        }
        if (p == 2)
          acc = std::sqrt(acc);
        else if (p != 0 && p != 1 && !std::isinf(p))
          acc = std::pow(acc, T(1) / tp);
        po[(n * rows + i) * cols + j] = acc;
      }
    }
  }
}

Tensor cdist(const Tensor& x1, const Tensor& x2, double p, std::optional<int64_t> compute_mode, const char* op) {
  TSRT_CHECK(x1.dim() >= 2,
             std::string(op) + ": cdist only supports at least 2D tensors, X1 got: " + std::to_string(x1.dim()) + "D");
  TSRT_CHECK(x2.dim() >= 2,
             std::string(op) + ": cdist only supports at least 2D tensors, X2 got: " + std::to_string(x2.dim()) + "D");
  TSRT_CHECK(x1.size(-1) == x2.size(-1), std::string(op) + ": X1 and X2 must have the same number of columns. X1: " +
                                             std::to_string(x1.size(-1)) + " X2: " + std::to_string(x2.size(-1)));
  TSRT_CHECK(is_floating(x1.dtype()) && x1.dtype() == x2.dtype(),
             std::string(op) + ": cdist only supports floating-point dtypes, X1 got: " + dtype_name(x1.dtype()) +
                 ", X2 got: " + dtype_name(x2.dtype()));
  TSRT_CHECK(p >= 0, std::string(op) + ": cdist only supports non-negative p values");
  const int64_t mode = compute_mode.value_or(0);
  TSRT_CHECK(mode >= 0 && mode <= 2, std::string(op) + ": possible modes: 0, 1, 2, but was: " + std::to_string(mode));
  const int64_t rows = x1.size(-2), cols = x2.size(-2), m = x1.size(-1);
  Shape batch = broadcast_shapes(Shape(x1.sizes().begin(), x1.sizes().end() - 2),
                                 Shape(x2.sizes().begin(), x2.sizes().end() - 2));
  Shape out_shape = batch;
  out_shape.push_back(rows);
  out_shape.push_back(cols);
  Shape s1 = batch, s2 = batch;
  s1.insert(s1.end(), {rows, m});
  s2.insert(s2.end(), {cols, m});
  Tensor a = expand_to(x1, s1), b = expand_to(x2, s2);
  if (rows == 0 || cols == 0 || product(batch) == 0) return Tensor::empty(out_shape, x1.dtype());
  if (m == 0) return Tensor::zeros(out_shape, x1.dtype());
  if (p == 2 && (mode == 1 || (mode == 0 && (rows > 25 || cols > 25)))) return euclidean_dist(a, b);
  const int64_t batches = product(batch);
  Tensor a3 = contiguous_copy(a).as_strided({batches, rows, m}, {rows * m, m, 1}, 0);
  Tensor b3 = contiguous_copy(b).as_strided({batches, cols, m}, {cols * m, m, 1}, 0);
  Tensor out = Tensor::empty(out_shape, x1.dtype());
  Tensor out3 = out.as_strided({batches, rows, cols}, {rows * cols, cols, 1}, 0);
  dispatch<kFloats>(x1.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    direct_cdist<T>(a3, b3, out3, p);
  });
  return out;
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p, double eps, bool keepdim) {
  const int64_t innermost = std::max(x1.dim(), x2.dim()) - 1;
  Tensor difference = run_tensor_op("aten::sub.Tensor", {x1, x2, int64_t{1}});
  Tensor shifted = run_tensor_op("aten::add.Scalar", {difference, eps, int64_t{1}});
  return run_tensor_op("aten::norm.ScalarOpt_dim", {shifted, p, int_list_value({innermost}), keepdim});
}

// torch 1.13 normalises each side first (x / max(|x|, eps)), then sums the products.
Tensor cosine_similarity(const Tensor& x1_in, const Tensor& x2_in, int64_t dim, double eps) {
  const DType common = promote_types(x1_in.dtype(), x2_in.dtype());
  TSRT_CHECK(is_floating(common),
             "aten::cosine_similarity: expected common dtype to be floating point, yet common "
             "dtype is " +
                 std::string(dtype_name(common)));
  Tensor x1 = cast_copy(x1_in, common), x2 = cast_copy(x2_in, common);
  const Shape shape = broadcast_shapes(x1.sizes(), x2.sizes());
  x1 = expand_to(x1, shape);
  x2 = expand_to(x2, shape);
  auto normalised = [&](const Tensor& x) {
    Tensor norm = run_tensor_op("aten::linalg_vector_norm", {x, int64_t{2}, int_list_value({dim}), true, Value()});
    return run_tensor_op("aten::div.Tensor", {x, run_tensor_op("aten::clamp_min", {norm, eps})});
  };
  Tensor product = run_tensor_op("aten::mul.Tensor", {normalised(x1), normalised(x2)});
  return run_tensor_op("aten::sum.dim_IntList", {product, int_list_value({dim}), false, Value()});
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// cdist: the broadcast batch dims, then one row per x1 row and one column per x2 row.
ir::TensorFacts cdist_shape(const ir::ShapeContext& c) {
  ir::TensorFacts x1 = c.self(), x2 = c.tensor(c.input(1));
  ir::TensorFacts out{x1.dtype, std::nullopt, true};
  if (!x1.sizes || !x2.sizes || x1.sizes->size() < 2 || x2.sizes->size() < 2) return out;
  ir::Sizes b1(x1.sizes->begin(), x1.sizes->end() - 2), b2(x2.sizes->begin(), x2.sizes->end() - 2);
  std::optional<ir::Sizes> batch = ir::broadcast({&b1, &b2});
  if (!batch) return out;
  batch->push_back((*x1.sizes)[x1.sizes->size() - 2]);
  batch->push_back((*x2.sizes)[x2.sizes->size() - 2]);
  out.sizes = batch;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(distance) {
  r.add("aten::cdist(Tensor x1, Tensor x2, float p=2., int? compute_mode=None) -> Tensor", [](const Args& a) -> Value {
    return cdist(a.tensor(0), a.tensor(1), a.to_double(2), a.optional_int(3), "aten::cdist");
  });
  r.add("aten::_cdist_forward(Tensor x1, Tensor x2, float p, int? compute_mode) -> Tensor", [](const Args& a) -> Value {
    return cdist(a.tensor(0), a.tensor(1), a.to_double(2), a.optional_int(3), "aten::_cdist_forward");
  });
  r.add("aten::_euclidean_dist(Tensor x1, Tensor x2) -> Tensor",
        [](const Args& a) -> Value { return euclidean_dist(a.tensor(0), a.tensor(1)); });
  r.add(
      "aten::pairwise_distance(Tensor x1, Tensor x2, float p=2., float eps=9.9999999999999995e-07, bool keepdim=False)"
      " -> Tensor",
      [](const Args& a) -> Value {
        return pairwise_distance(a.tensor(0), a.tensor(1), a.to_double(2), a.to_double(3), a.to_bool(4));
      });
  r.add(
      "aten::cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08) -> Tensor",
      [](const Args& a) -> Value { return cosine_similarity(a.tensor(0), a.tensor(1), a.to_int(2), a.to_double(3)); });
  r.ops({"aten::cdist", "aten::_cdist_forward"}).shape(ir::one_output(cdist_shape));
}

}  // namespace tsrt::kernels
