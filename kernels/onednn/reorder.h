// Moves data between tsrt's plain layouts and the blocked layouts oneDNN primitives prefer
// (chosen with format_tag::any), with this thread's bound reorder primitives.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>
#include <string>

namespace tsrt::kernels::onednn {

// Copies the tensor at `from` (layout `from_md`) to `to` (layout `to_md`: same logical tensor).
// `key` names the reorder in the primitive caches (the caller's primitive key plus a role).
// Binds a primitive: see bind_primitive for what that means to the caller's bound references.
void reorder(const std::string& key, const dnnl::memory::desc& from_md, const void* from,
             const dnnl::memory::desc& to_md, void* to, const char* op_name);

}  // namespace tsrt::kernels::onednn
