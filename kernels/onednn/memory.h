// Bridges between tsrt tensors and oneDNN memory: descriptors that keep a tensor's own sizes
// and strides (so transposed views reach oneDNN without a copy) and memory objects that wrap
// a tensor's data pointer without owning it.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>
#include <string>

#include "runtime/tensor.h"

namespace tsrt::kernels::onednn {

// True when oneDNN has a data type for `dtype` that tsrt sends it (float32 only for now).
bool supported_dtype(DType dtype);
dnnl::memory::data_type data_type_of(DType dtype);

// A descriptor with explicit sizes and strides; a 0-d tensor becomes a 1-d one-element desc.
dnnl::memory::desc strided_desc(const Shape& sizes, const Shape& strides, DType dtype);
dnnl::memory::desc desc_of(const Tensor& t);
// Memory over `data` described by `desc` (the tensor keeps ownership).
dnnl::memory wrap(const dnnl::memory::desc& desc, void* data);

// A float spelled exactly (hex), for primitive-cache keys.
std::string exact_key(float value);

// Appends "[2,3]/[3,1]" for a primitive-cache key.
void append_key(std::string& key, const Shape& sizes, const Shape& strides);

}  // namespace tsrt::kernels::onednn
