// Matrix products: linear, matmul (every torch rank case), mm, bmm, mv, dot, addmm, addmv,
// addbmm, baddbmm.
// float32 runs on oneDNN's matmul (kernels/onednn/matmul.h); float64 and integer dtypes use
// the plain loop below, which oneDNN cannot replace (it has no f64 or int64 GEMM).
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/matmul.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// out = alpha * (a @ w) + beta * out + bias, for operands laid out as onednn::matmul expects.
template <typename T>
void reference_matmul(const Tensor& a, const Tensor& w, Tensor& out, double alpha, double beta, const Tensor* bias) {
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
  const int64_t M = out.size(-2), N = out.size(-1), K = a.size(-1);
  Shape batch(out.sizes().begin(), out.sizes().end() - 2);
  // Batch strides of each operand with broadcast (size-1) dims reading stride 0.
  auto batch_strides = [&](const Tensor& t) {
    Shape s(batch.size(), 0);
    int64_t shift = static_cast<int64_t>(batch.size()) - (t.dim() - 2);
    for (int64_t d = 0; d < t.dim() - 2; ++d) {
      if (t.size(d) != 1) s[d + shift] = t.stride(d);
    }
    return s;
  };
  Shape as = batch_strides(a), ws = batch_strides(w);
  const T* ap = a.data<T>();
  const T* wp = w.data<T>();
  const T* bp = bias ? bias->data<T>() : nullptr;
  T* op = out.data<T>();
  const int64_t a_r = a.stride(-2), a_c = a.stride(-1), w_r = w.stride(-2), w_c = w.stride(-1);
  const int64_t batches = product(batch);
  Shape index(batch.size(), 0);
  for (int64_t bi = 0; bi < batches; ++bi) {
    int64_t a_off = 0, w_off = 0;
    for (size_t d = 0; d < batch.size(); ++d) {
      a_off += index[d] * as[d];
      w_off += index[d] * ws[d];
    }
    T* o = op + bi * M * N;
    for (int64_t m = 0; m < M; ++m) {
      for (int64_t n = 0; n < N; ++n) {
        Acc acc = 0;
        for (int64_t k = 0; k < K; ++k) {
          acc += static_cast<Acc>(ap[a_off + m * a_r + k * a_c]) * static_cast<Acc>(wp[w_off + k * w_r + n * w_c]);
        }
        Acc value = alpha == 1.0 ? acc : static_cast<Acc>(alpha * acc);
        if (beta != 0.0) value += static_cast<Acc>(beta * static_cast<double>(o[m * N + n]));
        if (bp) value += static_cast<Acc>(bp[n]);
        o[m * N + n] = static_cast<T>(value);
      }
    }
    for (int64_t d = static_cast<int64_t>(batch.size()) - 1; d >= 0; --d) {
      if (++index[d] < batch[d]) break;
      index[d] = 0;
    }
  }
}

void check_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
  TSRT_CHECK(a.dtype() == b.dtype(), std::string(op) + ": expected both operands to have the same dtype, got " +
                                    dtype_name(a.dtype()) + " and " + dtype_name(b.dtype()));
}

// Core of every op here: a [..., M, K] times w [..., K, N] with broadcast batch dims into a
// fresh contiguous tensor; `addend` (broadcastable to the result) is scaled by beta and added.
// `constant_weights`: w is a module parameter, packed once for oneDNN (onednn::MatmulParams).
Tensor batched_matmul(const Tensor& a, const Tensor& w, const char* op, double alpha = 1.0, double beta = 0.0,
                      const Tensor* addend = nullptr, const Tensor* bias = nullptr, bool constant_weights = false) {
  check_same_dtype(a, w, op);
  TSRT_CHECK(a.dtype() != DType::Bool && (is_floating(a.dtype()) || is_integral(a.dtype(), false)),
        std::string(op) + ": unsupported dtype " + dtype_name(a.dtype()));
  const int64_t M = a.size(-2), K = a.size(-1), N = w.size(-1);
  TSRT_CHECK(w.size(-2) == K, std::string(op) + ": shapes cannot be multiplied (" + std::to_string(M) + "x" +
                             std::to_string(K) + " and " + std::to_string(w.size(-2)) + "x" + std::to_string(N) + ")");
  Shape batch =
      broadcast_shapes(Shape(a.sizes().begin(), a.sizes().end() - 2), Shape(w.sizes().begin(), w.sizes().end() - 2));
  Shape out_shape = batch;
  out_shape.push_back(M);
  out_shape.push_back(N);
  if (addend) {
    check_same_dtype(*addend, a, op);
    TSRT_CHECK(broadcast_shapes(addend->sizes(), out_shape) == out_shape,
          std::string(op) + ": addend of shape " + addend->shape_string() + " does not broadcast to " +
              shape_to_string(out_shape));
  }
  if (bias) {
    check_same_dtype(*bias, a, op);
    TSRT_CHECK(bias->dim() == 1 && bias->size(0) == N, std::string(op) + ": bias of shape " + bias->shape_string() +
                                                      " does not match " + std::to_string(N) + " outputs");
  }
  bool use_addend = addend != nullptr && beta != 0.0;
  // Every path below writes each output element, so no zero fill is needed.
  Tensor out = Tensor::empty(out_shape, a.dtype());
  if (use_addend) out.copy_from(expand_to(*addend, out_shape));
  if (out.numel() == 0) return out;
  if (K == 0) {  // an empty sum: only the scaled addend and the bias remain
    Tensor empty_a = Tensor::zeros({M, 1}, a.dtype()), empty_w = Tensor::zeros({1, N}, a.dtype());
    Tensor flat = out.as_strided({product(batch), M, N}, Tensor::contiguous_strides({product(batch), M, N}), 0);
    Tensor b = bias ? bias->contiguous() : Tensor();
    TSRT_DISPATCH_ALL_TYPES(a.dtype(), op, [&] {
      reference_matmul<scalar_t>(empty_a, empty_w, flat, alpha, use_addend ? beta : 0.0, bias ? &b : nullptr);
    });
    return out;
  }
  // Pad both operands to the result's rank: oneDNN and the loop both want equal ranks.
  auto padded = [&](const Tensor& t) {
    Shape sizes = t.sizes(), strides = t.strides();
    while (sizes.size() < out_shape.size()) {
      sizes.insert(sizes.begin(), 1);
      strides.insert(strides.begin(), 0);
    }
    return t.as_strided(sizes, strides, t.storage_offset());
  };
  Tensor ap = padded(a), wp = padded(w);
  Tensor b = bias ? bias->contiguous() : Tensor();
  if (a.dtype() == DType::Float32) {
    onednn::MatmulParams params;
    params.alpha = static_cast<float>(alpha);
    params.beta = use_addend ? static_cast<float>(beta) : 0.0f;
    params.bias = bias ? &b : nullptr;
    params.constant_weights = constant_weights;
    onednn::matmul(ap, wp, out, params, op);
  } else {
    TSRT_DISPATCH_ALL_TYPES(a.dtype(), op, [&] {
      reference_matmul<scalar_t>(ap, wp, out, alpha, use_addend ? beta : 0.0, bias ? &b : nullptr);
    });
  }
  return out;
}

// Merges all leading dims of `t` ([..., K] -> [R, K]) when its strides allow a view.
std::optional<Tensor> fold_leading_dims(const Tensor& t) {
  Shape dims;  // the non-unit leading dims, outermost first
  for (int64_t d = 0; d + 1 < t.dim(); ++d) {
    if (t.size(d) != 1) dims.push_back(d);
  }
  for (size_t i = 0; i + 1 < dims.size(); ++i) {
    if (t.stride(dims[i]) != t.stride(dims[i + 1]) * t.size(dims[i + 1])) return std::nullopt;
  }
  int64_t rows = 1;
  for (int64_t d : dims) rows *= t.size(d);
  int64_t row_stride = dims.empty() ? t.size(-1) : t.stride(dims.back());
  return t.as_strided({rows, t.size(-1)}, {row_stride, t.stride(-1)}, t.storage_offset());
}

Tensor as_row(const Tensor& v) {
  return v.as_strided({1, v.size(0)}, {v.size(0) * v.stride(0), v.stride(0)}, v.storage_offset());
}
Tensor as_column(const Tensor& v) { return v.as_strided({v.size(0), 1}, {v.stride(0), 1}, v.storage_offset()); }
Tensor transposed(const Tensor& m) {
  return m.as_strided({m.size(1), m.size(0)}, {m.stride(1), m.stride(0)}, m.storage_offset());
}
Tensor reshaped(const Tensor& contiguous, const Shape& sizes) {
  return contiguous.as_strided(sizes, Tensor::contiguous_strides(sizes), contiguous.storage_offset());
}

Tensor linear(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias) {
  const char* op = "aten::linear";
  TSRT_CHECK(input.dim() >= 1, std::string(op) + ": input must have at least one dim, got a 0-d tensor");
  TSRT_CHECK(weight.dim() == 2, std::string(op) + ": weight must be 2-d [out, in], got " + weight.shape_string());
  TSRT_CHECK(input.size(-1) == weight.size(1), std::string(op) + ": input " + input.shape_string() + " has " +
                                              std::to_string(input.size(-1)) + " features but weight " +
                                              weight.shape_string() + " expects " + std::to_string(weight.size(1)));
  Tensor rows;
  if (input.dim() == 1) {
    rows = as_row(input);
  } else {
    std::optional<Tensor> folded = fold_leading_dims(input);
    rows = folded ? *folded : *fold_leading_dims(input.contiguous());
  }
  std::optional<Tensor> bias_1d;
  if (bias) {
    TSRT_CHECK(bias->numel() == weight.size(0),
          std::string(op) + ": bias " + bias->shape_string() + " does not match weight " + weight.shape_string());
    bias_1d = reshaped(bias->contiguous(), {weight.size(0)});
  }
  // linear's weight is in practice always a parameter, so it is worth packing once.
  Tensor out =
      batched_matmul(rows, transposed(weight), op, 1.0, 0.0, nullptr, bias_1d ? &*bias_1d : nullptr, true);
  Shape out_shape(input.sizes().begin(), input.sizes().end() - 1);
  out_shape.push_back(weight.size(0));
  return reshaped(out, out_shape);
}

// torch.matmul's rank rules: 1-d operands gain a unit dim that the result drops again.
Tensor matmul(const Tensor& a, const Tensor& b) {
  const char* op = "aten::matmul";
  TSRT_CHECK(a.dim() >= 1 && b.dim() >= 1,
        std::string(op) + ": both arguments need at least 1 dim, got " + a.shape_string() + " and " + b.shape_string());
  if (a.dim() >= 3 && b.dim() <= 2) {
    // One large GEMM instead of a batch of small ones, as the weight is shared.
    std::optional<Tensor> folded = fold_leading_dims(a);
    Tensor rows = folded ? *folded : *fold_leading_dims(a.contiguous());
    Tensor out = batched_matmul(rows, b.dim() == 1 ? as_column(b) : b, op);
    Shape out_shape(a.sizes().begin(), a.sizes().end() - 1);
    if (b.dim() == 2) out_shape.push_back(b.size(1));
    return reshaped(out, out_shape);
  }
  Tensor a2 = a.dim() == 1 ? as_row(a) : a;
  Tensor b2 = b.dim() == 1 ? as_column(b) : b;
  Tensor out = batched_matmul(a2, b2, op);
  Shape out_shape(out.sizes().begin(), out.sizes().end() - 2);
  if (a.dim() != 1) out_shape.push_back(out.size(-2));
  if (b.dim() != 1) out_shape.push_back(out.size(-1));
  return reshaped(out, out_shape);
}

void check_rank(const Tensor& t, int64_t rank, const char* op, const char* what) {
  TSRT_CHECK(t.dim() == rank,
        std::string(op) + ": " + what + " must be " + std::to_string(rank) + "-d, got " + t.shape_string());
}

// addmv: beta * self + alpha * (mat @ vec), computed as a one-column matrix product.
Tensor addmv(const Args& a) {
  const char* op = "aten::addmv";
  const Tensor &self = a.tensor(0), &mat = a.tensor(1), &vec = a.tensor(2);
  check_rank(mat, 2, op, "mat");
  check_rank(vec, 1, op, "vec");
  TSRT_CHECK(self.dim() <= 1, std::string(op) + ": self must be 0-d or 1-d, got " + self.shape_string());
  Tensor addend = self.dim() == 0 ? self.as_strided({1, 1}, {1, 1}, self.storage_offset()) : as_column(self);
  Tensor out = batched_matmul(mat, as_column(vec), op, a.to_double(4), a.to_double(3), &addend);
  return reshaped(out, {mat.size(0)});
}

// addbmm: beta * self + alpha * sum_b batch1[b] @ batch2[b], i.e. one [M, B*K] x [B*K, N] product.
Tensor addbmm(const Args& a) {
  const char* op = "aten::addbmm";
  const Tensor &x = a.tensor(1), &y = a.tensor(2);
  check_rank(x, 3, op, "batch1");
  check_rank(y, 3, op, "batch2");
  TSRT_CHECK(x.size(0) == y.size(0),
        std::string(op) + ": batch sizes differ: " + x.shape_string() + " and " + y.shape_string());
  const int64_t B = x.size(0), M = x.size(1), K = x.size(2), N = y.size(2);
  TSRT_CHECK(y.size(1) == K,
        std::string(op) + ": shapes cannot be multiplied (" + x.shape_string() + " and " + y.shape_string() + ")");
  Tensor rows = x.as_strided({M, B, K}, {x.stride(1), x.stride(0), x.stride(2)}, x.storage_offset()).contiguous();
  Tensor cols = y.contiguous();
  return batched_matmul(reshaped(rows, {M, B * K}), reshaped(cols, {B * K, N}), op, a.to_double(4), a.to_double(3),
                        &a.tensor(0));
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// linear, matmul, mm, bmm, addmm: results are fresh contiguous tensors, except matmul's
// transposed 2-d @ batched product.
ir::TensorFacts matmul_shape(const ir::ShapeContext& c) {
  const std::string& k = c.kind();
  if (k == "aten::addmm") {
    ir::TensorFacts a = c.tensor(c.input(1)), b = c.tensor(c.input(2));
    ir::TensorFacts out{ir::result_type({c.operand(c.input(0)), c.operand(c.input(1)), c.operand(c.input(2))}),
                        std::nullopt, true};
    if (a.sizes && b.sizes && a.sizes->size() == 2 && b.sizes->size() == 2) {
      out.sizes = ir::Sizes{(*a.sizes)[0], (*b.sizes)[1]};
    }
    return out;
  }
  ir::TensorFacts a = c.tensor(c.input(0)), b = c.tensor(c.input(1));
  ir::TensorFacts out{a.dtype == b.dtype ? a.dtype : std::nullopt, std::nullopt, true};
  if (!a.sizes || !b.sizes) {
    out.contiguous = k != "aten::matmul";
    return out;
  }
  const ir::Sizes& sa = *a.sizes;
  const ir::Sizes& sb = *b.sizes;
  if (k == "aten::linear") {
    if (sb.size() != 2 || sa.empty()) return out;
    out.sizes = ir::Sizes(sa.begin(), sa.end() - 1);
    out.sizes->push_back(sb[0]);
    return out;
  }
  if (sa.empty() || sb.empty()) return out;
  if (sa.size() == 1 && sb.size() == 1) {
    out.sizes = ir::Sizes{};
  } else if (sb.size() == 1) {
    out.sizes = ir::Sizes(sa.begin(), sa.end() - 1);
  } else if (sa.size() == 1) {
    out.sizes = ir::Sizes(sb.begin(), sb.end() - 2);
    out.sizes->push_back(sb.back());
  } else {
    ir::Sizes ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2);
    out.sizes = ir::broadcast({&ba, &bb});
    out.sizes->push_back(sa[sa.size() - 2]);
    out.sizes->push_back(sb.back());
  }
  // torch may compute a 2-d @ batched product as a transposed one: only then is it strided.
  if (k == "aten::matmul" && sa.size() <= 2 && sb.size() >= 3) out.contiguous = false;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(linear) {
  r.add("aten::addmv(Tensor self, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1) -> Tensor", addmv);
  r.add("aten::addbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor", addbmm);
  r.add("aten::linear(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor",
        [](const Args& a) -> Value { return linear(a.tensor(0), a.tensor(1), a.optional_tensor(2)); });
  r.add("aten::matmul(Tensor self, Tensor other) -> Tensor",
        [](const Args& a) -> Value { return matmul(a.tensor(0), a.tensor(1)); });
  r.add("aten::mm(Tensor self, Tensor mat2) -> Tensor", [](const Args& a) -> Value {
    check_rank(a.tensor(0), 2, "aten::mm", "self");
    check_rank(a.tensor(1), 2, "aten::mm", "mat2");
    return batched_matmul(a.tensor(0), a.tensor(1), "aten::mm");
  });
  r.add("aten::bmm(Tensor self, Tensor mat2) -> Tensor", [](const Args& a) -> Value {
    const Tensor &x = a.tensor(0), &y = a.tensor(1);
    check_rank(x, 3, "aten::bmm", "self");
    check_rank(y, 3, "aten::bmm", "mat2");
    TSRT_CHECK(x.size(0) == y.size(0), "aten::bmm: batch sizes differ: " + x.shape_string() + " and " + y.shape_string());
    return batched_matmul(x, y, "aten::bmm");
  });
  r.add("aten::mv(Tensor self, Tensor vec) -> Tensor", [](const Args& a) -> Value {
    check_rank(a.tensor(0), 2, "aten::mv", "self");
    check_rank(a.tensor(1), 1, "aten::mv", "vec");
    return matmul(a.tensor(0), a.tensor(1));
  });
  r.add("aten::dot(Tensor self, Tensor tensor) -> Tensor", [](const Args& a) -> Value {
    const Tensor &x = a.tensor(0), &y = a.tensor(1);
    check_rank(x, 1, "aten::dot", "self");
    check_rank(y, 1, "aten::dot", "tensor");
    TSRT_CHECK(x.size(0) == y.size(0), "aten::dot: sizes differ: " + x.shape_string() + " and " + y.shape_string());
    return matmul(x, y);
  });
  r.add("aten::addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1) -> Tensor",
        [](const Args& a) -> Value {
          check_rank(a.tensor(1), 2, "aten::addmm", "mat1");
          check_rank(a.tensor(2), 2, "aten::addmm", "mat2");
          return batched_matmul(a.tensor(1), a.tensor(2), "aten::addmm", a.to_double(4), a.to_double(3), &a.tensor(0));
        });
  r.add("aten::baddbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor",
        [](const Args& a) -> Value {
          const Tensor &x = a.tensor(1), &y = a.tensor(2);
          check_rank(x, 3, "aten::baddbmm", "batch1");
          check_rank(y, 3, "aten::baddbmm", "batch2");
          TSRT_CHECK(x.size(0) == y.size(0),
                "aten::baddbmm: batch sizes differ: " + x.shape_string() + " and " + y.shape_string());
          return batched_matmul(x, y, "aten::baddbmm", a.to_double(4), a.to_double(3), &a.tensor(0));
        });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::linear", "aten::matmul", "aten::mm", "aten::bmm", "aten::addmm"}).shape(ir::one_output(matmul_shape));
  r.ops({"aten::linear", "aten::mm", "aten::bmm", "aten::addmm"}).traits(ir::always_contiguous());
}

}  // namespace tsrt::kernels
