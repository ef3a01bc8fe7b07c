// aten::scaled_dot_product_attention (torch 2.x; libtorch 1.13 lacks it, so files written by
// torch 2.x that call it run here). Its documented semantics:
//   softmax(Q K^T * scale + bias) V,  scale = 1/sqrt(E) unless given,
// where bias comes from attn_mask (bool: True = may attend, False = -inf; float: added) or,
// with is_causal, from a top-left aligned lower-triangular (L, S) mask. Batch dims of Q, K, V and
// the mask broadcast as in matmul. A row with every position masked yields NaN, as in torch's
// reference math path. With enable_gqa (torch 2.5+), key/value may have fewer heads (dim -3)
// than query; each of their heads then serves a consecutive group of query heads.
// Inference only: dropout_p > 0 is refused.
#include <Eigen/Dense>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "kernels/common/shape_util.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Shape batch_dims(const Tensor& t) { return Shape(t.sizes().begin(), t.sizes().end() - 2); }

Shape with_matrix(Shape batch, int64_t rows, int64_t cols) {
  batch.push_back(rows);
  batch.push_back(cols);
  return batch;
}

// `t` broadcast to batch + (rows, cols), converted to `dtype`, contiguous.
Tensor expanded(const Tensor& t, const Shape& batch, int64_t rows, int64_t cols, DType dtype) {
  return expand_to(t, with_matrix(batch, rows, cols)).to(dtype).contiguous();
}

// Repeats every slice of dim -3 `times` times in place (repeat_interleave), for grouped heads.
Tensor repeat_heads(const Tensor& t, int64_t times) {
  Tensor src = t.contiguous();
  Shape sizes = src.sizes();
  int64_t heads = sizes[sizes.size() - 3];
  int64_t slice = sizes[sizes.size() - 2] * sizes[sizes.size() - 1];
  int64_t outer = src.numel() / (heads * slice);
  sizes[sizes.size() - 3] = heads * times;
  Tensor out = Tensor::empty(sizes, src.dtype());
  size_t bytes = static_cast<size_t>(slice) * element_size(src.dtype());
  const char* from = static_cast<const char*>(src.raw_data());
  char* to = static_cast<char*>(out.raw_data());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t h = 0; h < heads; ++h) {
      for (int64_t r = 0; r < times; ++r) {
        std::memcpy(to + ((o * heads + h) * times + r) * bytes, from + (o * heads + h) * bytes, bytes);
      }
    }
  }
  return out;
}

template <typename T>
Tensor attention(const Tensor& q_in, const Tensor& k_in, const Tensor& v_in, const std::optional<Tensor>& mask_in,
                 bool is_causal, std::optional<double> scale_arg) {
  DType dtype = q_in.dtype();
  int64_t L = q_in.size(-2), E = q_in.size(-1), S = k_in.size(-2), Ev = v_in.size(-1);
  Shape batch = broadcast_shapes(broadcast_shapes(batch_dims(q_in), batch_dims(k_in)), batch_dims(v_in));
  if (mask_in) {
    // A 1-D mask is a row over S; a mask's batch dims broadcast like the inputs'.
    Shape mask_batch = mask_in->dim() >= 2 ? batch_dims(*mask_in) : Shape{};
    batch = broadcast_shapes(batch, mask_batch);
  }
  Tensor q = expanded(q_in, batch, L, E, dtype);
  Tensor k = expanded(k_in, batch, S, E, dtype);
  Tensor v = expanded(v_in, batch, S, Ev, dtype);
  Tensor bias;  // (batch..., L, S) additive, of T
  if (mask_in) {
    Tensor m = expanded(*mask_in, batch, L, S, mask_in->dtype());
    bias = Tensor::empty(m.sizes(), dtype);
    T* out = bias.data<T>();
    if (m.dtype() == DType::Bool) {
      const bool* allowed = m.data<bool>();
      for (int64_t i = 0; i < m.numel(); ++i) out[i] = allowed[i] ? T(0) : -std::numeric_limits<T>::infinity();
    } else {
      Tensor mf = m.to(dtype);
      const T* add = mf.data<T>();
      for (int64_t i = 0; i < m.numel(); ++i) out[i] = add[i];
    }
  }
  T scale = static_cast<T>(scale_arg ? *scale_arg : 1.0 / std::sqrt(static_cast<double>(E)));
  int64_t batches = product(batch);
  Tensor result = Tensor::empty(with_matrix(batch, L, Ev), dtype);
  for (int64_t b = 0; b < batches; ++b) {
    Eigen::Map<const Mat<T>> qm(q.data<T>() + b * L * E, L, E);
    Eigen::Map<const Mat<T>> km(k.data<T>() + b * S * E, S, E);
    Eigen::Map<const Mat<T>> vm(v.data<T>() + b * S * Ev, S, Ev);
    Mat<T> scores = (qm * km.transpose()) * scale;
    if (bias.defined()) scores += Eigen::Map<const Mat<T>>(bias.data<T>() + b * L * S, L, S);
    if (is_causal) {
      for (int64_t i = 0; i < L; ++i) {
        for (int64_t j = i + 1; j < S; ++j) scores(i, j) = -std::numeric_limits<T>::infinity();
      }
    }
    // Row softmax; a row of only -inf gives NaN (max is -inf), as in torch.
    for (int64_t i = 0; i < L; ++i) {
      T row_max = scores.row(i).maxCoeff();
      scores.row(i) = (scores.row(i).array() - row_max).exp().matrix();
      scores.row(i) /= scores.row(i).sum();
    }
    Eigen::Map<Mat<T>>(result.data<T>() + b * L * Ev, L, Ev) = scores * vm;
  }
  return result;
}

// Checks the dtypes and runs the kernel in the inputs' precision.
Tensor attention_in_precision(const Tensor& q, const Tensor& k, const Tensor& v, const std::optional<Tensor>& mask,
                              bool is_causal, std::optional<double> scale) {
  const std::string op = "aten::scaled_dot_product_attention";
  TSRT_CHECK(q.dtype() == k.dtype() && q.dtype() == v.dtype(),
        op + ": query, key and value must share a dtype, got " + dtype_name(q.dtype()) + ", " +
            dtype_name(k.dtype()) + ", " + dtype_name(v.dtype()));
  if (q.dtype() == DType::Float64) return attention<double>(q, k, v, mask, is_causal, scale);
  TSRT_CHECK(q.dtype() == DType::Float32, op + ": unsupported dtype " + dtype_name(q.dtype()));
  return attention<float>(q, k, v, mask, is_causal, scale);
}

Tensor scaled_dot_product_attention(const Args& a) {
  const std::string op = "aten::scaled_dot_product_attention";
  const Tensor& q = a.tensor(0);
  const Tensor& k = a.tensor(1);
  const Tensor& v = a.tensor(2);
  std::optional<Tensor> mask = a.optional_tensor(3);
  double dropout_p = a.to_double(4);
  bool is_causal = a.to_bool(5);
  std::optional<double> scale = a.optional_double(6);
  bool enable_gqa = a.to_bool(7);
  TSRT_CHECK(q.dim() >= 2 && k.dim() >= 2 && v.dim() >= 2,
        op + ": query, key and value need at least 2 dims, got " + q.shape_string() + ", " + k.shape_string() +
            ", " + v.shape_string());
  TSRT_CHECK(q.size(-1) == k.size(-1), op + ": query " + q.shape_string() + " and key " + k.shape_string() +
                                      " differ in the embedding size");
  TSRT_CHECK(k.size(-2) == v.size(-2), op + ": key " + k.shape_string() + " and value " + v.shape_string() +
                                      " differ in the source length");
  TSRT_CHECK(dropout_p == 0.0, op + ": dropout_p=" + std::to_string(dropout_p) +
                              " is not supported (tsrt runs inference; pass 0.0)");
  TSRT_CHECK(!(is_causal && mask), op + ": pass either attn_mask or is_causal=True, not both");
  if (enable_gqa && q.dim() >= 3 && k.dim() >= 3 && v.dim() >= 3 && q.size(-3) != k.size(-3)) {
    int64_t q_heads = q.size(-3), kv_heads = k.size(-3);
    TSRT_CHECK(kv_heads > 0 && q_heads % kv_heads == 0 && v.size(-3) == kv_heads,
          op + ": with enable_gqa, query heads (" + std::to_string(q_heads) +
              ") must be a multiple of the key/value heads (" + std::to_string(kv_heads) + ", " +
              std::to_string(v.size(-3)) + ")");
    return attention_in_precision(q, repeat_heads(k, q_heads / kv_heads), repeat_heads(v, q_heads / kv_heads), mask,
                                  is_causal, scale);
  }
  return attention_in_precision(q, k, v, mask, is_causal, scale);
}

}  // namespace

TSRT_REGISTER_KERNELS(attention) {
  // torch 2.5's schema; older writers omit `scale` (2.0) and `enable_gqa` (< 2.5), which the
  // frontend then fills in from the defaults.
  r.add("aten::scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, "
        "float dropout_p=0.0, bool is_causal=False, *, float? scale=None, bool enable_gqa=False) -> Tensor",
        [](const Args& a) { return Value(scaled_dot_product_attention(a)); });
}

}  // namespace tsrt::kernels
