#include "kernels/onednn/engine.h"

namespace tsrt::kernels::onednn {

const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& thread_stream() {
  thread_local dnnl::stream stream(cpu_engine());
  return stream;
}

}  // namespace tsrt::kernels::onednn

#include "runtime/error.h"

namespace tsrt::kernels::onednn {

void execute(const dnnl::primitive& primitive, const std::unordered_map<int, dnnl::memory>& args,
             const std::string& what) {
  try {
    dnnl::stream& stream = thread_stream();
    primitive.execute(stream, args);
    stream.wait();
  } catch (const dnnl::error& e) {
    throw Error(what + ": oneDNN execution failed: " + e.what());
  }
}

}  // namespace tsrt::kernels::onednn
