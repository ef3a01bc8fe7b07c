// The process-wide oneDNN CPU engine and one stream per calling thread. CPU streams with the
// OpenMP runtime execute synchronously, so a per-thread stream lets any number of executor
// threads run primitives at once without sharing stream state.
//
// Primitives are cached and shared between threads, so none may own mutable state: every
// primitive is created with `primitive_attr()` below (user-managed scratchpad) and `execute`
// hands it a scratchpad owned by the calling thread.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <unordered_map>

namespace tsrt::kernels::onednn {

const dnnl::engine& cpu_engine();
dnnl::stream& thread_stream();

// Attributes every tsrt primitive starts from: scratchpad memory supplied at execution.
dnnl::primitive_attr primitive_attr();

// Executes `primitive` on this thread's stream with this thread's scratchpad and waits; a
// oneDNN failure becomes a tsrt::Error naming `what` (the op being run).
void execute(const dnnl::primitive& primitive, std::unordered_map<int, dnnl::memory> args, const std::string& what);

}  // namespace tsrt::kernels::onednn
