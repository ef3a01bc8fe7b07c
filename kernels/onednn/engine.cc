#include "kernels/onednn/engine.h"

#include <cstdlib>
#include <memory>

#include <omp.h>

#include "runtime/error.h"

namespace tsrt::kernels::onednn {

void* thread_scratchpad(size_t nbytes) {
  struct Buffer {
    std::unique_ptr<void, decltype(&std::free)> data{nullptr, &std::free};
    size_t capacity = 0;
  };
  thread_local Buffer buffer;
  if (nbytes > buffer.capacity) {
    size_t rounded = (nbytes + 63) / 64 * 64;
    buffer.data.reset(std::aligned_alloc(64, rounded));
    TSRT_CHECK(buffer.data != nullptr, "oneDNN: cannot allocate a scratchpad of " + std::to_string(nbytes) + " bytes");
    buffer.capacity = rounded;
  }
  return buffer.data.get();
}

const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& thread_stream() {
  thread_local dnnl::stream stream(cpu_engine());
  return stream;
}

SmallWorkOnOneThread::SmallWorkOnOneThread(int64_t elements) {
  if (elements >= kParallelElements || omp_get_max_threads() == 1) return;
  saved_threads_ = omp_get_max_threads();
  omp_set_num_threads(1);
}

SmallWorkOnOneThread::~SmallWorkOnOneThread() {
  if (saved_threads_ > 0) omp_set_num_threads(saved_threads_);
}

dnnl::primitive_attr primitive_attr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

void execute(const dnnl::primitive& primitive, std::unordered_map<int, dnnl::memory> args, const std::string& what) {
  try {
    const dnnl_memory_desc_t* scratchpad_md =
        dnnl_primitive_desc_query_md(primitive.get_primitive_desc(), dnnl_query_scratchpad_md, 0);
    if (scratchpad_md != nullptr && scratchpad_md->ndims > 0) {
      dnnl::memory::desc desc(*scratchpad_md);
      args[DNNL_ARG_SCRATCHPAD] = dnnl::memory(desc, cpu_engine(), thread_scratchpad(desc.get_size()));
    }
    dnnl::stream& stream = thread_stream();
    primitive.execute(stream, args);
    stream.wait();
  } catch (const dnnl::error& e) {
    throw Error(what + ": oneDNN execution failed: " + e.what());
  }
}

}  // namespace tsrt::kernels::onednn
