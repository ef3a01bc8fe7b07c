#include "kernels/onednn/primitive_cache.h"

namespace tsrt::kernels::onednn {

PrimitiveCache& PrimitiveCache::global() {
  static PrimitiveCache* cache = new PrimitiveCache();
  return *cache;
}

size_t PrimitiveCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace tsrt::kernels::onednn
