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
// Built with the C API straight from the shapes (no dims vectors).
dnnl::memory::desc strided_desc(const Shape& sizes, const Shape& strides, DType dtype);
// Memory over `data` described by `desc` (the tensor keeps ownership).
dnnl::memory wrap(const dnnl::memory::desc& desc, void* data);

// Key builders for the primitive caches; they append without temporaries, so a key built in a
// buffer that kept its capacity (thread_key) costs no allocation.
// Appends `value` spelled exactly (hex).
void append_exact(std::string& key, float value);
// Appends the decimal `value`.
void append_int(std::string& key, int64_t value);
// Appends "[2,3]/[3,1]".
void append_key(std::string& key, const Shape& sizes, const Shape& strides);

}  // namespace tsrt::kernels::onednn
