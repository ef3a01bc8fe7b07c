// The process-wide oneDNN CPU engine and one stream per calling thread. CPU streams with the
// OpenMP runtime execute synchronously, so a per-thread stream lets any number of executor
// threads run primitives at once without sharing stream state.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

namespace tsrt::kernels::onednn {

const dnnl::engine& cpu_engine();
dnnl::stream& thread_stream();

}  // namespace tsrt::kernels::onednn

#include <string>
#include <unordered_map>

namespace tsrt::kernels::onednn {

// Executes `primitive` on this thread's stream and waits; a oneDNN failure becomes a
// tsrt::Error naming `what` (the op being run).
void execute(const dnnl::primitive& primitive, const std::unordered_map<int, dnnl::memory>& args,
             const std::string& what);

}  // namespace tsrt::kernels::onednn
