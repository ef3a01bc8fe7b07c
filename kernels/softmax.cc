// softmax and log_softmax (and their _softmax/_log_softmax forms) over any dim. The tensor is
// seen as [outer, dim, inner]: float32 runs on oneDNN's softmax_v2 over axis 1, float64 on the
// plain loop (oneDNN has no f64).
#include <cmath>
#include <limits>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

struct Extents {
  int64_t outer = 1, axis = 1, inner = 1;
};

void onednn_softmax(const Tensor& in, Tensor& out, const Extents& e, bool log, const char* op) {
  Shape dims = {e.outer, e.axis, e.inner};
  onednn::SmallWorkOnOneThread one_thread(e.outer * e.axis * e.inner);
  std::string& key = onednn::thread_key(onednn::KeySlot::Primitive);
  key += log ? "logsoftmax" : "softmax";
  onednn::append_key(key, dims, {});
  onednn::BoundPrimitive& primitive = onednn::bind_primitive(key, [&] {
    dnnl::memory::desc md = onednn::strided_desc(dims, Tensor::contiguous_strides(dims), DType::Float32);
    dnnl::softmax_v2_forward::desc desc(dnnl::prop_kind::forward_inference,
                                        log ? dnnl::algorithm::softmax_log : dnnl::algorithm::softmax_accurate, md, md,
                                        1);
    return dnnl::softmax_v2_forward(
        dnnl::softmax_v2_forward::primitive_desc(desc, onednn::primitive_attr(), onednn::cpu_engine()));
  });
  primitive.set(DNNL_ARG_SRC, in.raw_data());
  primitive.set(DNNL_ARG_DST, out.raw_data());
  primitive.run(op);
}

template <typename T>
void reference_softmax(const T* in, T* out, const Extents& e, bool log) {
  for (int64_t o = 0; o < e.outer; ++o) {
    for (int64_t i = 0; i < e.inner; ++i) {
      const T* x = in + o * e.axis * e.inner + i;
      T* y = out + o * e.axis * e.inner + i;
      T max = -std::numeric_limits<T>::infinity();
      for (int64_t a = 0; a < e.axis; ++a) max = std::fmax(max, x[a * e.inner]);
      // All -inf: torch gives NaN for softmax, so let the arithmetic produce it.
      if (std::isinf(max) && max < 0) max = 0;
      T sum = 0;
      for (int64_t a = 0; a < e.axis; ++a) sum += std::exp(x[a * e.inner] - max);
      if (log) {
        T log_sum = std::log(sum);
        for (int64_t a = 0; a < e.axis; ++a) y[a * e.inner] = x[a * e.inner] - max - log_sum;
      } else {
        for (int64_t a = 0; a < e.axis; ++a) y[a * e.inner] = std::exp(x[a * e.inner] - max) / sum;
      }
    }
  }
}

Tensor softmax(Tensor x, int64_t dim_arg, bool log, const char* op) {
  TSRT_CHECK(x.dtype() == DType::Float32 || x.dtype() == DType::Float64,
        std::string(op) + ": expected a float32 or float64 tensor, got " + dtype_name(x.dtype()));
  // A 0-d tensor behaves as a 1-element vector (dim must be 0 or -1).
  int64_t rank = std::max<int64_t>(x.dim(), 1);
  int64_t dim = wrap_dim(dim_arg, rank);
  Extents e;
  if (x.dim() > 0) {
    for (int64_t d = 0; d < dim; ++d) e.outer *= x.size(d);
    e.axis = x.size(dim);
    for (int64_t d = dim + 1; d < x.dim(); ++d) e.inner *= x.size(d);
  }
  Tensor in = x.contiguous();
  Tensor out = Tensor::empty(x.sizes(), x.dtype());
  if (out.numel() == 0) return out;
  if (x.dtype() == DType::Float32) {
    onednn_softmax(in, out, e, log, op);
  } else {
    reference_softmax(in.data<double>(), out.data<double>(), e, log);
  }
  return out;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// softmax / log_softmax: the input's sizes and layout, in the dtype asked for (floating only).
ir::TensorFacts softmax_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  const ir::Value* dtype = c.arg("dtype");
  if (!c.is_none(dtype)) in.dtype = c.dtype_value(dtype);
  if (in.dtype && ir::dtype_category(*in.dtype) != 2) in.dtype.reset();
  return in;
}

}  // namespace

TSRT_REGISTER_KERNELS(softmax) {
  // The optional dtype converts the input first, as torch does.
  auto converted = [](const Args& a) {
    std::optional<int64_t> dtype_code = a.optional_int(2);
    return dtype_code ? a.tensor(0).to(dtype_from_scalar_type(*dtype_code)) : a.tensor(0);
  };
  r.add("aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor",
        [converted](const Args& a) -> Value {
          return softmax(converted(a), a.to_int(1), /*log=*/false, "aten::softmax.int");
        })
      .shape(ir::one_output(softmax_shape));
  r.add("aten::log_softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor",
        [converted](const Args& a) -> Value {
          return softmax(converted(a), a.to_int(1), /*log=*/true, "aten::log_softmax.int");
        })
      .shape(ir::one_output(softmax_shape));
  // The internal forms; half_to_float only applies to float16 inputs, which tsrt does not take.
  r.add("aten::_softmax(Tensor self, int dim, bool half_to_float) -> Tensor", [](const Args& a) -> Value {
    TSRT_CHECK(!a.to_bool(2), "aten::_softmax: half_to_float=True needs a float16 input, which tsrt does not support");
    return softmax(a.tensor(0), a.to_int(1), /*log=*/false, "aten::_softmax");
  });
  r.add("aten::_log_softmax(Tensor self, int dim, bool half_to_float) -> Tensor", [](const Args& a) -> Value {
    TSRT_CHECK(!a.to_bool(2), "aten::_log_softmax: half_to_float=True needs a float16 input, which tsrt does not support");
    return softmax(a.tensor(0), a.to_int(1), /*log=*/true, "aten::_log_softmax");
  });
}

}  // namespace tsrt::kernels
