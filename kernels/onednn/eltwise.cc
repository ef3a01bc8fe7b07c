#include "kernels/onednn/eltwise.h"

#include <string>

#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "kernels/onednn/primitive_cache.h"
#include "runtime/error.h"

namespace tsrt::kernels::onednn {

void eltwise(dnnl::algorithm alg, float alpha, float beta, const Tensor& src, const Tensor& dst, const char* op_name) {
  TSRT_CHECK(src.is_contiguous() && dst.is_contiguous() && src.dtype() == DType::Float32 && dst.dtype() == DType::Float32 &&
            src.numel() == dst.numel(),
        std::string(op_name) + ": oneDNN eltwise takes contiguous float32 tensors of equal size");
  if (src.numel() == 0) return;
  SmallWorkOnOneThread one_thread(src.numel());
  // Elementwise work ignores the shape, so every tensor is described as 1-d: one primitive
  // per element count instead of one per shape.
  dnnl::memory::desc md = strided_desc({src.numel()}, {1}, DType::Float32);
  std::string key = "eltwise" + std::to_string(static_cast<int>(alg)) + "/" + exact_key(alpha) + "/" + exact_key(beta) +
                    "/" + std::to_string(src.numel());
  dnnl::eltwise_forward primitive;
  try {
    primitive = PrimitiveCache::global().get<dnnl::eltwise_forward>(key, [&] {
      dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, alg, md, alpha, beta);
      return dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(desc, primitive_attr(), cpu_engine()));
    });
  } catch (const dnnl::error& e) {
    throw Error(std::string(op_name) + ": oneDNN has no eltwise kernel: " + e.what());
  }
  execute(primitive, {{DNNL_ARG_SRC, wrap(md, src.raw_data())}, {DNNL_ARG_DST, wrap(md, dst.raw_data())}}, op_name);
}

}  // namespace tsrt::kernels::onednn
