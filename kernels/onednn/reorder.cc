#include "kernels/onednn/reorder.h"

#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_cache.h"

namespace tsrt::kernels::onednn {

void copy_layout(const dnnl::memory& from, const dnnl::memory& to, const std::string& key, const char* op_name) {
  auto reorder =
      PrimitiveCache::global().get<dnnl::reorder>(key, [&] { return dnnl::reorder(from, to, primitive_attr()); });
  execute(reorder, {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}}, op_name);
}

dnnl::memory to_layout(const dnnl::memory& from, const dnnl::memory::desc& want, const std::string& key,
                       const char* op_name) {
  if (from.get_desc() == want) return from;
  dnnl::memory to(want, cpu_engine());
  copy_layout(from, to, key, op_name);
  return to;
}

}  // namespace tsrt::kernels::onednn
