#include "kernels/onednn/primitive_cache.h"

namespace tsrt::kernels::onednn {

PrimitiveCache& PrimitiveCache::global() {
  // Enough for every layer shape of a large model at a few sequence lengths.
  static PrimitiveCache* cache = new PrimitiveCache(4096);
  return *cache;
}

size_t PrimitiveCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

std::shared_ptr<void> PrimitiveCache::lookup(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<void>* found = entries_.find(key);
  return found ? *found : nullptr;
}

std::shared_ptr<void> PrimitiveCache::insert(const std::string& key, std::shared_ptr<void> value) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (const std::shared_ptr<void>* found = entries_.peek(key)) return *found;
  return entries_.put(key, std::move(value));
}

}  // namespace tsrt::kernels::onednn
