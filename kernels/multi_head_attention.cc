// aten::_native_multi_head_attention: torch 1.13's fused CPU path of nn.MultiheadAttention
// (and of TransformerEncoderLayer's fast path), built from the linear, matmul and softmax
// kernels in torch's order: one input projection, q scaled by 1/sqrt(head dim) after its bias,
// softmax(q k^T) with masked positions at -inf (a fully masked row gives NaN, as torch's does),
// the context through the output projection, and the weights averaged over heads on request.
// Masks torch 1.13 accepts on CPU: none, mask_type 1 (key padding, [B, T]) and mask_type 2
// (the scores' own shape, [B, heads, T, T]); True marks a position left out.
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/common/op_calls.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

bool same_tensor(const Tensor& a, const Tensor& b) {
  return a.storage() == b.storage() && a.storage_offset() == b.storage_offset() && a.sizes() == b.sizes() &&
         a.strides() == b.strides();
}

std::vector<Value> native_mha(const Args& a) {
  const char* op = "aten::_native_multi_head_attention";
  const Tensor& query = a.tensor(0);
  const Tensor& key = a.tensor(1);
  const Tensor& value = a.tensor(2);
  const int64_t embed = a.to_int(3), heads = a.to_int(4);
  const Tensor& qkv_weight = a.tensor(5);
  const Tensor& qkv_bias = a.tensor(6);
  const Tensor& proj_weight = a.tensor(7);
  const Tensor& proj_bias = a.tensor(8);
  std::optional<Tensor> mask = a.optional_tensor(9);
  const bool need_weights = a.to_bool(10), average = a.to_bool(11);
  std::optional<int64_t> mask_type = a.optional_int(12);
  TSRT_CHECK(query.dim() == 3,
             std::string(op) + ": expected 3-D `query`, got " + std::to_string(query.dim()) + "-D tensor");
  TSRT_CHECK(query.size(2) == embed, std::string(op) + ": passed-in embed_dim " + std::to_string(embed) +
                                         " didn't match last dim of query " + std::to_string(query.size(2)));
  TSRT_CHECK(key.dim() == 3 && value.dim() == 3, std::string(op) + ": expected 3-D `key` and `value`");
  TSRT_CHECK(query.sizes() == key.sizes() && key.sizes() == value.sizes(),
             std::string(op) + ": expected `query`/`key`/`value` shapes to match");
  TSRT_CHECK(qkv_weight.dim() == 2 && qkv_weight.size(0) == 3 * embed && qkv_weight.size(1) == embed,
             std::string(op) + ": expected `qkv_weight` of shape [" + std::to_string(3 * embed) + ", " +
                 std::to_string(embed) + "], got " + qkv_weight.shape_string());
  TSRT_CHECK(qkv_bias.dim() == 1 && qkv_bias.size(0) == 3 * embed,
             std::string(op) + ": expected `qkv_bias` of shape [" + std::to_string(3 * embed) + "], got " +
                 qkv_bias.shape_string());
  TSRT_CHECK(heads > 0 && embed % heads == 0, std::string(op) + ": D must divide evenly by num_head");
  const int64_t B = query.size(0), T = query.size(1), head_dim = embed / heads;
  if (query.numel() == 0) {
    Tensor out = Tensor::zeros(query.sizes(), query.dtype());
    return {out, need_weights ? Value(Tensor::zeros({}, query.dtype())) : Value()};
  }
  // The input projection: one product when q, k and v are one tensor (self-attention).
  Tensor q, k, v;
  if (same_tensor(query, key) && same_tensor(key, value)) {
    Tensor qkv = run_tensor_op("aten::linear", {query, qkv_weight, Value()});
    q = run_tensor_op("aten::narrow", {qkv, int64_t{2}, int64_t{0}, embed});
    k = run_tensor_op("aten::narrow", {qkv, int64_t{2}, embed, embed});
    v = run_tensor_op("aten::narrow", {qkv, int64_t{2}, 2 * embed, embed});
  } else {
    auto rows = [&](int64_t part) {
      return run_tensor_op("aten::narrow", {qkv_weight, int64_t{0}, part * embed, embed});
    };
    q = run_tensor_op("aten::linear", {query, rows(0), Value()});
    k = run_tensor_op("aten::linear", {key, rows(1), Value()});
    v = run_tensor_op("aten::linear", {value, rows(2), Value()});
  }
  auto bias = [&](int64_t part) { return run_tensor_op("aten::narrow", {qkv_bias, int64_t{0}, part * embed, embed}); };
  auto to_heads = [&](const Tensor& t) {  // [B, T, D] -> [B, heads, T, head_dim]
    Tensor split = run_tensor_op("aten::reshape", {t, int_list_value({B, T, heads, head_dim})});
    return run_tensor_op("aten::permute", {split, int_list_value({0, 2, 1, 3})});
  };
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
  q = to_heads(run_tensor_op("aten::mul.Scalar", {run_tensor_op("aten::add.Tensor", {q, bias(0), int64_t{1}}), scale}));
  k = to_heads(run_tensor_op("aten::add.Tensor", {k, bias(1), int64_t{1}}));
  v = to_heads(run_tensor_op("aten::add.Tensor", {v, bias(2), int64_t{1}}));
  Tensor scores =
      run_tensor_op("aten::matmul", {q, run_tensor_op("aten::transpose.int", {k, int64_t{-2}, int64_t{-1}})});
  if (mask) {
    TSRT_CHECK(mask_type.has_value(), std::string(op) + ": Mask Type should be defined");
    TSRT_CHECK(*mask_type != 0, std::string(op) + ": src_mask not currently supported on CPU");
    Tensor m = mask->dtype() == DType::Bool ? *mask : cast_copy(*mask, DType::Bool);
    if (*mask_type == 1) {
      TSRT_CHECK(m.dim() == 2 && m.size(0) == B && m.size(1) == T,
                 std::string(op) + ": a key padding mask (mask_type 1) must be [" + std::to_string(B) + ", " +
                     std::to_string(T) + "], got " + m.shape_string());
      m = run_tensor_op("aten::reshape", {m, int_list_value({B, 1, 1, T})});
    } else {
      TSRT_CHECK(*mask_type == 2 && m.sizes() == scores.sizes(),
                 std::string(op) + ": mask_type " + std::to_string(*mask_type) + " needs a mask of the scores' shape " +
                     scores.shape_string() + ", got " + m.shape_string());
    }
    scores = run_tensor_op("aten::masked_fill.Scalar", {scores, m, -std::numeric_limits<double>::infinity()});
  }
  Tensor weights = run_tensor_op("aten::softmax.int", {scores, int64_t{-1}, Value()});
  Tensor context = run_tensor_op("aten::matmul", {weights, v});
  context = run_tensor_op("aten::permute", {context, int_list_value({0, 2, 1, 3})});
  context = run_tensor_op("aten::reshape", {context, int_list_value({B, T, embed})});
  Tensor out = run_tensor_op("aten::linear", {context, proj_weight, proj_bias});
  if (!need_weights) return {out, Value()};
  if (average) {
    Tensor summed = run_tensor_op("aten::sum.dim_IntList", {weights, int_list_value({1}), false, Value()});
    weights = run_tensor_op("aten::div.Scalar", {summed, heads});
  }
  return {out, weights};
}

}  // namespace

TSRT_REGISTER_KERNELS(multi_head_attention) {
  r.add_multi(
      "aten::_native_multi_head_attention(Tensor query, Tensor key, Tensor value, int embed_dim, int num_head, "
      "Tensor qkv_weight, Tensor qkv_bias, Tensor proj_weight, Tensor proj_bias, Tensor? mask=None, "
      "bool need_weights=True, bool average_attn_weights=True, int? mask_type=None) -> (Tensor, Tensor)",
      native_mha);
}

}  // namespace tsrt::kernels
