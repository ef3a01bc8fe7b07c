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
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  recency_.splice(recency_.begin(), recency_, it->second);
  return it->second->second;
}

std::shared_ptr<void> PrimitiveCache::insert(const std::string& key, std::shared_ptr<void> value) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) return it->second->second;
  recency_.emplace_front(key, std::move(value));
  entries_[key] = recency_.begin();
  while (entries_.size() > capacity_) {
    entries_.erase(recency_.back().first);
    recency_.pop_back();
  }
  return recency_.front().second;
}

}  // namespace tsrt::kernels::onednn
