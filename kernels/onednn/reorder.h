// Moves data between tsrt's plain layouts and the blocked layouts oneDNN primitives prefer
// (chosen with format_tag::any), with cached reorder primitives.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>
#include <string>

namespace tsrt::kernels::onednn {

// `from` itself when it already has layout `want`, else a new memory holding it reordered.
// `key` names the reorder in the primitive cache (the caller's primitive key plus a role).
dnnl::memory to_layout(const dnnl::memory& from, const dnnl::memory::desc& want, const std::string& key,
                       const char* op_name);

// Copies `from` into `to` (same logical tensor, any layouts).
void copy_layout(const dnnl::memory& from, const dnnl::memory& to, const std::string& key, const char* op_name);

}  // namespace tsrt::kernels::onednn
