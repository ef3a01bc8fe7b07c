// Elementwise activations on oneDNN's eltwise primitive (float32, dense).
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include "runtime/tensor.h"

namespace tsrt::kernels::onednn {

// dst = alg(src; alpha, beta). `src` and `dst` are float32 of equal shape and one dense layout
// (memory_format.h: both contiguous or both channels-last) and may be the same tensor (oneDNN
// eltwise supports in-place execution).
void eltwise(dnnl::algorithm alg, float alpha, float beta, const Tensor& src, const Tensor& dst, const char* op_name);

}  // namespace tsrt::kernels::onednn
