// A thread-safe cache of created oneDNN primitives, keyed by a string that spells out
// everything the primitive depends on (kind, shapes, strides, dtype, attributes). Creating a
// primitive descriptor costs far more than running a small primitive, and a primitive may be
// executed from several threads at once with separate execution arguments.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <oneapi/dnnl/dnnl.hpp>

namespace tsrt::kernels::onednn {

class PrimitiveCache {
 public:
  static PrimitiveCache& global();

  // The cached primitive for `key`, or the one `create` makes (stored for next time).
  // `create` runs outside the lock, so two threads may race to build the same primitive;
  // the first one stored wins and both results are equivalent.
  template <typename P>
  P get(const std::string& key, const std::function<P()>& create) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end()) return *std::static_pointer_cast<P>(it->second);
    }
    auto made = std::make_shared<P>(create());
    std::lock_guard<std::mutex> lock(mutex_);
    auto inserted = entries_.emplace(key, made);
    return *std::static_pointer_cast<P>(inserted.first->second);
  }

  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<void>> entries_;
};

}  // namespace tsrt::kernels::onednn
