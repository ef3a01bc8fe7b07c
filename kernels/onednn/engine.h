// The process-wide oneDNN CPU engine and one stream per calling thread. CPU streams with the
// OpenMP runtime execute synchronously, so a per-thread stream lets any number of executor
// threads run primitives at once without sharing stream state.
//
// Primitives are cached and shared between threads, so none may own mutable state: every
// primitive is created with `primitive_attr()` below (user-managed scratchpad) and `execute`
// hands it a scratchpad owned by the calling thread.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace tsrt::kernels::onednn {

const dnnl::engine& cpu_engine();
dnnl::stream& thread_stream();

// This thread's scratchpad of at least `nbytes`: it grows to the largest one this thread has
// needed (executions on one thread are sequential, so one buffer serves them all).
void* thread_scratchpad(size_t nbytes);

// Attributes every tsrt primitive starts from: scratchpad memory supplied at execution.
dnnl::primitive_attr primitive_attr();

// Below this many elements, memory-bound primitives (eltwise, layer norm, softmax) run on the
// calling thread only (same reasoning as kParallelGrain in kernels/common/elementwise_loops.h).
constexpr int64_t kParallelElements = int64_t{1} << 18;

// While alive, oneDNN primitives created or executed on this thread use one OpenMP thread when
// `elements` is below kParallelElements (oneDNN's OpenMP runtime follows the calling thread's
// omp_get_max_threads). Wrap both creation and execution: some primitives fix their thread
// count when created.
class SmallWorkOnOneThread {
 public:
  explicit SmallWorkOnOneThread(int64_t elements);
  ~SmallWorkOnOneThread();
  SmallWorkOnOneThread(const SmallWorkOnOneThread&) = delete;
  SmallWorkOnOneThread& operator=(const SmallWorkOnOneThread&) = delete;

 private:
  int saved_threads_ = 0;  // 0: unchanged
};

// Executes `primitive` on this thread's stream with this thread's scratchpad and waits; a
// oneDNN failure becomes a tsrt::Error naming `what` (the op being run). For one-off work
// (packing a weight); calls made on every forward go through BoundPrimitive instead.
void execute(const dnnl::primitive& primitive, std::unordered_map<int, dnnl::memory> args, const std::string& what);

}  // namespace tsrt::kernels::onednn
