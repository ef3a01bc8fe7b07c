// Batched matrix multiplication on oneDNN's matmul primitive, for float32:
//   out[b] = alpha * (a[b] @ w[b]) + beta * out[b] + bias
// Operands keep their strides: a transposed view (such as linear's [out, in] weight used as
// [in, out]) is described to oneDNN as column-major instead of being copied.
//
// A constant 2-d weight (`constant_weights`) is instead handed to oneDNN in the layout its
// primitive prefers (`format_tag::any`) on every call, the first included: the same primitive
// on the same packed layout, so a module's results are the same bits on every call
// (docs/design.md, "Weight packing and determinism"). The first use packs the weight into a
// buffer of that call; from the second on the packed copy is cached (weight_cache.h). Under `--precision bf16` (runtime/precision.h) such products run on bfloat16
// copies of the weight and of `a`, accumulating in float32.
#pragma once

#include "runtime/tensor.h"

namespace tsrt::kernels::onednn {

// An activation applied to each result element inside the matmul (a oneDNN eltwise post-op),
// after the bias and the sum, so that linear + activation is one pass over the output.
enum class PostOp { None, Relu, GeluErf, GeluTanh, Tanh };

struct MatmulParams {
  float alpha = 1.0f;
  float beta = 0.0f;             // nonzero: `out` already holds the addend
  const Tensor* bias = nullptr;  // 1-d [N], contiguous; only with alpha == 1
  // `w` is a 2-d weight that is never modified in place (a module parameter): run in oneDNN's
  // preferred layout on every call, packed once into the cache on its second use.
  bool constant_weights = false;
  PostOp post_op = PostOp::None;
};

// a: [..., M, K], w: [..., K, N] with batch dims that broadcast (size 1 or equal) to out's;
// out: contiguous [batch..., M, N] of the same rank as the padded operands. All float32.
// Copies an operand only when neither of its two inner dims has unit stride.
void matmul(const Tensor& a, const Tensor& w, Tensor& out, const MatmulParams& params, const char* op_name);

}  // namespace tsrt::kernels::onednn
