#include "kernels/onednn/memory.h"

#include <cstdio>

#include "kernels/onednn/engine.h"
#include "runtime/error.h"

namespace tsrt::kernels::onednn {

bool supported_dtype(DType dtype) { return dtype == DType::Float32; }

dnnl::memory::data_type data_type_of(DType dtype) {
  // bfloat16 buffers are tsrt's own (matmul under --precision bf16), never a kernel's inputs.
  if (dtype == DType::BFloat16) return dnnl::memory::data_type::bf16;
  TSRT_CHECK(supported_dtype(dtype), std::string("oneDNN kernels do not take dtype ") + dtype_name(dtype));
  return dnnl::memory::data_type::f32;
}

dnnl::memory::desc strided_desc(const Shape& sizes, const Shape& strides, DType dtype) {
  if (sizes.empty()) return dnnl::memory::desc({1}, data_type_of(dtype), dnnl::memory::dims{1});
  return dnnl::memory::desc(dnnl::memory::dims(sizes.begin(), sizes.end()), data_type_of(dtype),
                            dnnl::memory::dims(strides.begin(), strides.end()));
}

dnnl::memory::desc desc_of(const Tensor& t) { return strided_desc(t.sizes(), t.strides(), t.dtype()); }

dnnl::memory wrap(const dnnl::memory::desc& desc, void* data) { return dnnl::memory(desc, cpu_engine(), data); }

std::string exact_key(float value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%a", static_cast<double>(value));
  return buffer;
}

void append_key(std::string& key, const Shape& sizes, const Shape& strides) {
  key += '[';
  for (int64_t s : sizes) key += std::to_string(s) + ',';
  key += "]/[";
  for (int64_t s : strides) key += std::to_string(s) + ',';
  key += ']';
}

}  // namespace tsrt::kernels::onednn
