// Prepacked constant weights: a weight tensor reordered once into the (usually blocked) layout a
// oneDNN primitive prefers, and reused on every later call with the same weight.
//
// Entries are keyed by the weight's identity (storage, offset, sizes, strides, dtype), so the
// cache assumes that a tensor it has packed is not modified in place afterwards, which holds
// for module parameters: the callers pass linear's weight, and a convolution's weight when the
// prepared graph holds it as a constant (Storage::is_constant). Each entry keeps its storage
// alive, so the storage address in a key cannot be reused by another tensor while cached.
// Bounded by bytes, least recently used first out; safe to use from several threads.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "kernels/common/lru_cache.h"
#include "runtime/tensor.h"

namespace tsrt::kernels::onednn {

class PackedWeightCache {
 public:
  static PackedWeightCache& global();
  explicit PackedWeightCache(size_t capacity_bytes) : entries_(capacity_bytes) {}

  // `w`'s data (described to oneDNN by `plain`) in layout `packed`, reordered on first use.
  dnnl::memory get(const Tensor& w, const dnnl::memory::desc& plain, const dnnl::memory::desc& packed,
                   const char* op_name);

  // Whether `w` was asked about before (or is packed already); records this use. matmul caches
  // a weight's packed copy from its second use on (its first use packs it into a buffer of that
  // call): a long-lived copy made for one product costs more than it saves.
  bool used_before(const Tensor& w);

  size_t size() const;
  size_t bytes() const;
  size_t capacity_bytes() const { return entries_.capacity(); }

 private:
  struct Entry {
    std::shared_ptr<Storage> storage;  // pins the address used in `key`
    std::shared_ptr<Storage> buffer;   // the packed bytes (Storage::LongLived)
    dnnl::memory packed;
    size_t nbytes = 0;
  };
  // The cached memory for `key` if it has layout `packed`, else a null memory.
  dnnl::memory lookup(const std::string& key, const dnnl::memory::desc& packed);
  // Stores `entry` (replacing one of the same key with another layout); returns what is cached.
  dnnl::memory insert(const std::string& key, Entry entry, const dnnl::memory::desc& packed);

  mutable std::mutex mutex_;
  LruCache<std::string, Entry> entries_;  // costs in bytes; guarded by mutex_
  // Keys of weights used once and not packed, each with its storage unpinned (weak): a key whose
  // storage died and whose address came back for another weight counts as that weight's first use.
  std::unordered_map<std::string, std::weak_ptr<Storage>> used_once_;
};

}  // namespace tsrt::kernels::onednn
