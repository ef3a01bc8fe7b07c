#include "kernels/onednn/eltwise.h"

#include <string>

#include "kernels/common/memory_format.h"
#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "runtime/error.h"

namespace tsrt::kernels::onednn {

void eltwise(dnnl::algorithm alg, float alpha, float beta, const Tensor& src, const Tensor& dst, const char* op_name) {
  TSRT_CHECK(same_dense_layout(src, dst) && src.dtype() == DType::Float32 && dst.dtype() == DType::Float32,
        std::string(op_name) + ": oneDNN eltwise takes float32 tensors of one shape and one dense layout");
  if (src.numel() == 0) return;
  SmallWorkOnOneThread one_thread(src.numel());
  // Elementwise work ignores the shape, so every tensor is described as 1-d: one primitive
  // per element count instead of one per shape.
  std::string& key = thread_key(KeySlot::Primitive);
  key += "eltwise";
  append_int(key, static_cast<int>(alg));
  key += '/';
  append_exact(key, alpha);
  key += '/';
  append_exact(key, beta);
  key += '/';
  append_int(key, src.numel());
  BoundPrimitive* primitive = nullptr;
  try {
    primitive = &bind_primitive(key, [&] {
      dnnl::memory::desc md = strided_desc({src.numel()}, {1}, DType::Float32);
      dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, alg, md, alpha, beta);
      return dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(desc, primitive_attr(), cpu_engine()));
    });
  } catch (const dnnl::error& e) {
    throw Error(std::string(op_name) + ": oneDNN has no eltwise kernel: " + e.what());
  }
  primitive->set(DNNL_ARG_SRC, src.raw_data());
  primitive->set(DNNL_ARG_DST, dst.raw_data());
  primitive->run(op_name);
}

}  // namespace tsrt::kernels::onednn
