// A thread-safe cache of created oneDNN primitives, keyed by a string that spells out
// everything the primitive depends on (kind, shapes, strides, dtype, attributes). Creating a
// primitive descriptor costs far more than running a small primitive, and a primitive may be
// executed from several threads at once with separate execution arguments.
//
// The cache is bounded (least recently used entries go first) so that models run with many
// different input shapes do not grow it without limit.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "kernels/common/lru_cache.h"

namespace tsrt::kernels::onednn {

class PrimitiveCache {
 public:
  static PrimitiveCache& global();
  explicit PrimitiveCache(size_t capacity) : entries_(capacity) {}

  // The cached object for `key`, or the one `create` makes (stored for next time).
  // `create` runs outside the lock, so two threads may race to build the same primitive;
  // the first one stored wins and both results are equivalent.
  // `create` is any callable (a template, not std::function: a capturing lambda would be
  // copied to the heap on every call, hit or miss).
  template <typename P, typename Create>
  P get(const std::string& key, Create&& create) {
    if (std::shared_ptr<void> found = lookup(key)) return *std::static_pointer_cast<P>(found);
    return *std::static_pointer_cast<P>(insert(key, std::make_shared<P>(create())));
  }

  size_t size() const;
  size_t capacity() const { return entries_.capacity(); }

 private:
  std::shared_ptr<void> lookup(const std::string& key);
  // Stores `value` unless `key` arrived meanwhile; returns what the cache now holds.
  std::shared_ptr<void> insert(const std::string& key, std::shared_ptr<void> value);

  mutable std::mutex mutex_;
  LruCache<std::string, std::shared_ptr<void>> entries_;  // guarded by mutex_
};

}  // namespace tsrt::kernels::onednn
