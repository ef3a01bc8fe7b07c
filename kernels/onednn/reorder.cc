#include "kernels/onednn/reorder.h"

#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"

namespace tsrt::kernels::onednn {

void reorder(const std::string& key, const dnnl::memory::desc& from_md, const void* from,
             const dnnl::memory::desc& to_md, void* to, const char* op_name) {
  BoundPrimitive& primitive = bind_primitive(key, [&] {
    return dnnl::reorder(dnnl::reorder::primitive_desc(cpu_engine(), from_md, cpu_engine(), to_md, primitive_attr()));
  });
  primitive.set(DNNL_ARG_FROM, from);
  primitive.set(DNNL_ARG_TO, to);
  primitive.run(op_name);
}

}  // namespace tsrt::kernels::onednn
