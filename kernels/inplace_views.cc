// In-place triangle and diagonal writes (triu_, tril_, fill_diagonal_) and broadcast_to.
//
// The size-changing in-place ops (t_, unsqueeze_, squeeze_) are not here: torch changes the
// caller's tensor object itself, but tsrt's interpreter holds tensors by value (runtime/value.h),
// so a kernel cannot change the sizes its caller sees.
#include <algorithm>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/op_calls.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// Writes `result` over `self`'s elements and returns self, as an in-place op does.
Tensor write_into(const Tensor& self, const Tensor& result) {
  Tensor out = self;
  out.copy_from(result);
  return out;
}

// torch's fill_diagonal_: the main diagonal through all dims (one stride, the sum of self's
// strides) and, for a tall matrix with `wrap`, its continuation every width + 1 rows.
Tensor fill_diagonal(const Tensor& self, const Value& fill_value, bool wrap) {
  TSRT_CHECK(self.dim() >= 2, "fill_diagonal_: dimensions must larger than 1, got " + self.shape_string());
  const int64_t height = self.size(0), width = self.size(1);
  if (self.dim() > 2) {
    for (int64_t d = 1; d < self.dim(); ++d) {
      TSRT_CHECK(self.size(d) == height,
                 "fill_diagonal_: all dimensions of input must be of equal length, got " + self.shape_string());
    }
  }
  int64_t stride = 0;
  for (int64_t d = 0; d < self.dim(); ++d) stride += self.stride(d);
  const int64_t size = std::min(height, width);
  Tensor main_diagonal = self.as_strided({size}, {stride}, self.storage_offset());
  call_op("aten::fill_.Scalar", {main_diagonal, fill_value});
  if (wrap && self.dim() == 2 && height > width + 1) {
    const int64_t step = width + 1;
    const int64_t wrap_size = (self.numel() + step - 1) / step - size;
    Tensor rest = self.as_strided({wrap_size}, {stride}, self.storage_offset() + self.stride(0) * (width + 1));
    call_op("aten::fill_.Scalar", {rest, fill_value});
  }
  return self;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// broadcast_to: the requested sizes, -1 keeping self's (aligned from the right); a view.
ir::TensorFacts broadcast_to_shape(const ir::ShapeContext& c) {
  ir::TensorFacts self = c.self();
  ir::TensorFacts out{self.dtype, c.int_list(c.input(1)), false};
  if (!out.sizes || (self.sizes && self.sizes->size() > out.sizes->size())) return out;
  const size_t lead = out.sizes->size() - (self.sizes ? self.sizes->size() : 0);
  for (size_t i = 0; i < out.sizes->size(); ++i) {
    if ((*out.sizes)[i] && *(*out.sizes)[i] == -1) {
      (*out.sizes)[i] = self.sizes && i >= lead ? (*self.sizes)[i - lead] : std::nullopt;
    }
  }
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(inplace_views) {
  r.add("aten::triu_(Tensor(a!) self, int diagonal=0) -> Tensor(a!)", [](const Args& a) -> Value {
    return write_into(a.tensor(0), run_tensor_op("aten::triu", {a.tensor(0), a[1]}));
  });
  r.add("aten::tril_(Tensor(a!) self, int diagonal=0) -> Tensor(a!)", [](const Args& a) -> Value {
    return write_into(a.tensor(0), run_tensor_op("aten::tril", {a.tensor(0), a[1]}));
  });
  r.add("aten::fill_diagonal_(Tensor(a!) self, Scalar fill_value, bool wrap=False) -> Tensor(a!)",
        [](const Args& a) -> Value { return fill_diagonal(a.tensor(0), a[1], a.to_bool(2)); });
  r.add("aten::broadcast_to(Tensor(a) self, int[] size) -> Tensor(a)", [](const Args& a) -> Value {
    return run_tensor_op("aten::expand", {a.tensor(0), a[1], false});
  });
  r.ops({"aten::triu_", "aten::tril_", "aten::fill_diagonal_"}).shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::broadcast_to"}).shape(ir::one_output(broadcast_to_shape));
}

}  // namespace tsrt::kernels
