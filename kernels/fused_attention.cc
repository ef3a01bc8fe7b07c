// tsrt::attention: the self-attention core of BERT in one kernel, the node the fuse-attention
// pass (passes/fuse_attention.cc) puts in place of
//   matmul(q, transpose(k, -1, -2)) / c  (or * c)  + mask  -> softmax(-1) -> matmul(., v)
// It computes softmax(query @ key^T * scale + mask, dim=-1) @ value. tsrt::attention_heads_last
// computes the same with the last batch dim moved after the query dim ([B, H, L, D] -> [B, L, H, D],
// what BERT permutes to before merging the heads), written there directly by the second GEMM.
//
// query [..., L, E], key [..., S, E], value [..., S, Ev] with batch dims that broadcast as in
// matmul, mask broadcastable to [..., L, S]; any strides (BERT hands in permuted views of its
// linear outputs, which reach the GEMMs without copies). float32 runs the fast path: the batch
// entries ((batch, head) pairs) are spread over OpenMP threads, and each thread runs its two
// GEMMs (oneDNN's sgemm) and the softmax on its own [L, S] score buffer, which stays in cache;
// the softmax's normalisation is applied to the [L, Ev] product instead (exp_rows.h).
// Anything else (other dtypes, a mask that widens the scores, empty tensors) runs the unfused
// composition of aten ops, so the fusion never changes what a graph computes.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/common/exp_rows.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/engine.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

const char* const kOp = "tsrt::attention";
const char* const kHeadsLastOp = "tsrt::attention_heads_last";

// Element offset of batch entry `b` (numbered row-major over `batch`) in a tensor whose batch
// dims have `strides`.
int64_t batch_offset(int64_t b, const Shape& batch, const Shape& strides) {
  int64_t offset = 0;
  for (size_t d = batch.size(); d-- > 0;) {
    offset += (b % batch[d]) * strides[d];
    b /= batch[d];
  }
  return offset;
}

// One matrix of every batch entry as sgemm reads it: row-major with leading dimension `ld`,
// or the transpose of such a matrix (`transposed`: the tensor is column-major).
struct GemmOperand {
  Tensor keep;  // owns `data` when the operand had to be copied
  const float* data = nullptr;
  Shape batch_strides;  // strides of the batch dims (batch_offset)
  bool transposed = false;
  int64_t ld = 1;
};

// True when one of the two inner dims has unit stride and the other does not overlap it.
bool gemm_usable(const Tensor& t) {
  int64_t rows = t.size(-2), cols = t.size(-1), sr = t.stride(-2), sc = t.stride(-1);
  bool row_major = (sc == 1 || cols == 1) && (sr >= cols || rows == 1);
  bool col_major = (sr == 1 || rows == 1) && (sc >= rows || cols == 1);
  return row_major || col_major;
}

// `t` expanded to batch + its own matrix dims; batch entries are numbered row-major over `batch`.
GemmOperand gemm_operand(const Tensor& t_in, const Shape& batch) {
  Tensor usable = gemm_usable(t_in) ? t_in : t_in.contiguous();
  Shape full = batch;
  full.push_back(usable.size(-2));
  full.push_back(usable.size(-1));
  Tensor t = expand_to(usable, full);
  GemmOperand g;
  g.keep = t;
  g.data = t.data<float>();
  int64_t rows = t.size(-2), cols = t.size(-1), sr = t.stride(-2), sc = t.stride(-1);
  bool row_major = (sc == 1 || cols == 1) && (sr >= cols || rows == 1);
  g.transposed = !row_major;
  g.ld = row_major ? std::max<int64_t>(rows == 1 ? cols : sr, std::max<int64_t>(cols, 1))
                   : std::max<int64_t>(cols == 1 ? rows : sc, std::max<int64_t>(rows, 1));
  g.batch_strides.assign(t.strides().begin(), t.strides().end() - 2);
  return g;
}

// c[M, N] (row-major, leading dim ldc) = alpha * a[M, K] @ b[K, N]: oneDNN's sgemm, whose
// threading follows the calling thread's OpenMP settings.
void sgemm(const GemmOperand& a, int64_t a_offset, const GemmOperand& b, int64_t b_offset, int64_t M, int64_t N,
           int64_t K, float alpha, float* c, int64_t ldc) {
  dnnl::status status = dnnl::sgemm(a.transposed ? 'T' : 'N', b.transposed ? 'T' : 'N', M, N, K, alpha,
                                    a.data + a_offset, a.ld, b.data + b_offset, b.ld, 0.0f, c, ldc);
  TSRT_CHECK(status == dnnl::status::success, std::string(kOp) + ": oneDNN sgemm failed for " + std::to_string(M) +
                                             "x" + std::to_string(K) + " @ " + std::to_string(K) + "x" +
                                             std::to_string(N));
}

// Per-thread scratch that only grows, so steady-state calls allocate nothing: the [L, S] scores
// and the L reciprocal row sums.
struct ThreadScratch {
  std::vector<float> scores, inv_sums;
};
ThreadScratch& thread_scratch(int64_t rows, int64_t cols) {
  thread_local ThreadScratch scratch;
  if (scratch.scores.size() < static_cast<size_t>(rows * cols)) scratch.scores.resize(static_cast<size_t>(rows * cols));
  if (scratch.inv_sums.size() < static_cast<size_t>(rows)) scratch.inv_sums.resize(static_cast<size_t>(rows));
  return scratch;
}

Shape batch_of(const Tensor& t) { return Shape(t.sizes().begin(), t.sizes().end() - 2); }

Tensor attention_float32(const Tensor& q, const Tensor& k, const Tensor& v, const std::optional<Tensor>& mask,
                         float scale, const Shape& batch, bool heads_last) {
  const int64_t L = q.size(-2), E = q.size(-1), S = k.size(-2), Ev = v.size(-1);
  const int64_t batches = product(batch);
  GemmOperand gq = gemm_operand(q, batch), gk = gemm_operand(k, batch), gv = gemm_operand(v, batch);
  // key^T: the key matrix read with the opposite orientation.
  gk.transposed = !gk.transposed;

  Shape scores_shape = batch;
  scores_shape.push_back(L);
  scores_shape.push_back(S);
  Tensor m;  // the mask as a stride-0 broadcast view over [batch..., L, S]
  if (mask) m = expand_to(*mask, scores_shape);
  const float* mask_data = mask ? m.data<float>() : nullptr;
  const int64_t mask_row_stride = mask ? m.stride(-2) : 0, mask_col_stride = mask ? m.stride(-1) : 0;
  Shape mask_batch_strides;
  if (mask) mask_batch_strides.assign(m.strides().begin(), m.strides().end() - 2);

  // Entry b's [L, Ev] result: rows of `out_ld` floats from `out_data + entry_offset(b)`. Heads
  // last, the last batch dim (`heads`) sits between L and Ev, so heads interleave row by row.
  const int64_t heads = heads_last ? batch.back() : 1;
  Shape out_shape(batch.begin(), batch.end() - (heads_last ? 1 : 0));
  out_shape.push_back(L);
  if (heads_last) out_shape.push_back(heads);
  out_shape.push_back(Ev);
  Tensor out = Tensor::empty(out_shape, DType::Float32);
  float* out_data = out.data<float>();
  const int64_t out_ld = heads * Ev;
  auto entry_offset = [&](int64_t b) { return (b / heads) * L * heads * Ev + (b % heads) * Ev; };

  // Below the grain an OpenMP region costs more than it saves (see elementwise_loops.h).
  const bool parallel = batches > 1 && batches * L * S * (E + Ev) >= kParallelGrain;
  std::exception_ptr failure;
#pragma omp parallel for schedule(static) if (parallel)
  for (int64_t b = 0; b < batches; ++b) {
    try {
      // oneDNN calls here run on this thread alone: the batch loop is the parallelism.
      onednn::SmallWorkOnOneThread one_thread(0);
      ThreadScratch& scratch = thread_scratch(L, S);
      float* scores = scratch.scores.data();
      float* inv_sums = scratch.inv_sums.data();
      sgemm(gq, batch_offset(b, batch, gq.batch_strides), gk, batch_offset(b, batch, gk.batch_strides), L, S, E,
            scale, scores, S);
      // Unnormalised softmax (exp_rows.h); the division by the row sums waits for the product.
      const float* mask_rows = mask_data ? mask_data + batch_offset(b, batch, mask_batch_strides) : nullptr;
      for (int64_t r = 0; r < L; ++r) {
        float* row = scores + r * S;
        const float* mask_row = mask_rows ? mask_rows + r * mask_row_stride : nullptr;
        if (mask_row && mask_col_stride != 1) {  // a mask broadcast along the row: add it first
          for (int64_t c = 0; c < S; ++c) row[c] += mask_row[c * mask_col_stride];
          mask_row = nullptr;
        }
        inv_sums[r] = exp_row_minus_max(row, mask_row, S);
      }
      GemmOperand probs;
      probs.data = scores;
      probs.ld = S;
      float* out_rows = out_data + entry_offset(b);
      sgemm(probs, 0, gv, batch_offset(b, batch, gv.batch_strides), L, Ev, S, 1.0f, out_rows, out_ld);
      for (int64_t r = 0; r < L; ++r) {
        float* row = out_rows + r * out_ld;
#pragma omp simd
        for (int64_t c = 0; c < Ev; ++c) row[c] *= inv_sums[r];
      }
    } catch (...) {
#pragma omp critical(tsrt_attention_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  return out;
}

// The unfused composition, for what the fast path does not take: the very ops the pass replaced
// (with the scale as a multiplication), so dtype promotion, broadcasting and errors are torch's.
Tensor attention_composed(const Tensor& q, const Tensor& k, const Tensor& v, const std::optional<Tensor>& mask,
                          double scale) {
  Value key_t = call_op("aten::transpose.int", {k, Value(-1), Value(-2)})[0];
  Value scores = call_op("aten::matmul", {q, key_t})[0];
  scores = call_op("aten::mul.Scalar", {scores, Value(scale)})[0];
  if (mask) scores = call_op("aten::add.Tensor", {scores, *mask, Value(1)})[0];
  Value probs = call_op("aten::softmax.int", {scores, Value(-1), Value()})[0];
  return call_op("aten::matmul", {probs, v})[0].to_tensor();
}

// The result with its last batch dim moved after the query dim, as a contiguous tensor.
Tensor move_heads_last(const Tensor& t) {
  Value moved = call_op("aten::transpose.int", {t, Value(-3), Value(-2)})[0];
  return call_op("aten::contiguous", {moved, Value(int64_t{0})})[0].to_tensor();
}

Tensor attention(const Args& a, bool heads_last) {
  const Tensor& q = a.tensor(0);
  const Tensor& k = a.tensor(1);
  const Tensor& v = a.tensor(2);
  std::optional<Tensor> mask = a.optional_tensor(3);
  double scale = a.to_double(4);
  // A std::string of the longer name would allocate on every call: built for errors only.
  const std::string_view op_name = heads_last ? kHeadsLastOp : kOp;
  auto op = [&] { return std::string(op_name); };
  TSRT_CHECK(q.dim() >= 2 && k.dim() >= 2 && v.dim() >= 2, op() + ": query, key and value need at least 2 dims, got " +
                                                            q.shape_string() + ", " + k.shape_string() + ", " +
                                                            v.shape_string());
  TSRT_CHECK(q.size(-1) == k.size(-1),
        op() + ": query " + q.shape_string() + " and key " + k.shape_string() + " differ in the last dim");
  TSRT_CHECK(k.size(-2) == v.size(-2),
        op() + ": key " + k.shape_string() + " and value " + v.shape_string() + " differ in the sequence dim");

  const int64_t batch_rank = std::max({q.dim(), k.dim(), v.dim()}) - 2;
  TSRT_CHECK(!heads_last || batch_rank >= 1, op() + ": needs a batch dim to move (query, key and value have 2 dims)");

  bool fast = q.dtype() == DType::Float32 && k.dtype() == DType::Float32 && v.dtype() == DType::Float32 &&
              q.numel() > 0 && k.numel() > 0 && v.numel() > 0 && (!mask || mask->dtype() == DType::Float32);
  auto composed = [&] {
    Tensor out = attention_composed(q, k, v, mask, scale);
    return heads_last ? move_heads_last(out) : out;
  };
  if (!fast) return composed();
  Shape batch = broadcast_shapes(broadcast_shapes(batch_of(q), batch_of(k)), batch_of(v));
  if (mask) {
    // The mask may broadcast over the scores but not widen them (then the composition decides).
    Shape scores_shape = batch;
    scores_shape.push_back(q.size(-2));
    scores_shape.push_back(k.size(-2));
    if (mask->dim() > static_cast<int64_t>(scores_shape.size()) ||
        broadcast_shapes(mask->sizes(), scores_shape) != scores_shape) {
      return composed();
    }
  }
  return attention_float32(q, k, v, mask, static_cast<float>(scale), batch, heads_last);
}

}  // namespace

TSRT_REGISTER_KERNELS(fused_attention) {
  r.add("tsrt::attention(Tensor query, Tensor key, Tensor value, Tensor? mask, float scale) -> Tensor",
        [](const Args& a) { return Value(attention(a, false)); });
  // attention(...).transpose(-3, -2), contiguous: BERT's [B, L, H, D] before merging the heads,
  // written in place by the second GEMM instead of copied by aten::contiguous.
  r.add("tsrt::attention_heads_last(Tensor query, Tensor key, Tensor value, Tensor? mask, float scale) -> Tensor",
        [](const Args& a) { return Value(attention(a, true)); });
}

}  // namespace tsrt::kernels
