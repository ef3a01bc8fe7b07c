#include "kernels/onednn/memory.h"

#include <charconv>
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
  TSRT_CHECK(sizes.size() == strides.size() && sizes.size() <= DNNL_MAX_NDIMS,
             "oneDNN: cannot describe a tensor of " + std::to_string(sizes.size()) + " dims");
  const int64_t one = 1;
  const bool scalar = sizes.empty();
  dnnl_memory_desc_t md;
  dnnl_status_t status = dnnl_memory_desc_init_by_strides(
      &md, scalar ? 1 : static_cast<int>(sizes.size()), scalar ? &one : sizes.data(),
      static_cast<dnnl_data_type_t>(data_type_of(dtype)), scalar ? &one : strides.data());
  // As the C++ constructor would: callers turn dnnl::error into their op's message.
  if (status != dnnl_success) throw dnnl::error(status, "could not describe a strided tensor");
  return dnnl::memory::desc(md);
}

dnnl::memory wrap(const dnnl::memory::desc& desc, void* data) { return dnnl::memory(desc, cpu_engine(), data); }

void append_exact(std::string& key, float value) {
  char buffer[32];
  int n = std::snprintf(buffer, sizeof buffer, "%a", static_cast<double>(value));
  key.append(buffer, static_cast<size_t>(n));
}

void append_int(std::string& key, int64_t value) {
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  key.append(buffer, end);
}

void append_key(std::string& key, const Shape& sizes, const Shape& strides) {
  key += '[';
  for (int64_t s : sizes) {
    append_int(key, s);
    key += ',';
  }
  key += "]/[";
  for (int64_t s : strides) {
    append_int(key, s);
    key += ',';
  }
  key += ']';
}

}  // namespace tsrt::kernels::onednn
