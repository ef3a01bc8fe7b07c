#include "kernels/onednn/weight_cache.h"

#include <cstdint>

#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "runtime/error.h"

namespace tsrt::kernels::onednn {
namespace {

// Built in a per-thread buffer: a lookup (every call with a packed weight) allocates nothing.
const std::string& key_of(const Tensor& w) {
  std::string& key = thread_key(KeySlot::Weight);
  append_int(key, static_cast<int64_t>(reinterpret_cast<uintptr_t>(w.storage().get())));
  key += '+';
  append_int(key, w.storage_offset());
  key += dtype_name(w.dtype());
  append_key(key, w.sizes(), w.strides());
  return key;
}

}  // namespace

PackedWeightCache& PackedWeightCache::global() {
  // Room for a packed copy of every linear weight of a BERT-large sized model.
  static PackedWeightCache* cache = new PackedWeightCache(size_t{2} << 30);
  return *cache;
}

bool PackedWeightCache::used_before(const Tensor& w) {
  // Bounds the memory of keys for models that use each of very many weights once.
  constexpr size_t kMaxUsedOnce = size_t{1} << 16;
  const std::string& key = key_of(w);
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.contains(key)) return true;
  auto seen = used_once_.find(key);
  if (seen != used_once_.end()) {
    // The same address with a dead storage is another weight that took the freed memory.
    const bool same_weight = !seen->second.expired();
    used_once_.erase(seen);
    if (same_weight) return true;
  }
  if (used_once_.size() >= kMaxUsedOnce) used_once_.clear();
  used_once_.emplace(key, w.storage());
  return false;
}

size_t PackedWeightCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

size_t PackedWeightCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.total_cost();
}

dnnl::memory PackedWeightCache::get(const Tensor& w, const dnnl::memory::desc& plain, const dnnl::memory::desc& packed,
                                    const char* op_name) {
  const std::string& key = key_of(w);
  if (dnnl::memory found = lookup(key, packed)) return found;
  // Packing runs outside the lock: two threads may pack the same weight; the first stored wins
  // and both copies hold the same bytes.
  Entry entry;
  entry.storage = w.storage();
  entry.nbytes = packed.get_size();
  try {
    w.storage()->populate_resident_pages();
    dnnl::memory from = wrap(plain, w.raw_data());
    entry.buffer = std::make_shared<Storage>(entry.nbytes, Storage::LongLived{});
    entry.packed = wrap(packed, entry.buffer->data());
    execute(dnnl::reorder(from, entry.packed, primitive_attr()), {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, entry.packed}},
            op_name);
  } catch (const dnnl::error& e) {
    throw Error(std::string(op_name) + ": oneDNN cannot pack weight " + w.shape_string() + ": " + e.what());
  }
  dnnl::memory cached = insert(key, std::move(entry), packed);
  // The packed copy now serves every call; the original's pages of the mapped file need not
  // stay resident too (they are read back from the file if anything touches them again).
  w.storage()->release_resident_pages();
  return cached;
}

dnnl::memory PackedWeightCache::lookup(const std::string& key, const dnnl::memory::desc& packed) {
  std::lock_guard<std::mutex> lock(mutex_);
  const Entry* cached = entries_.peek(key);
  if (cached == nullptr || cached->packed.get_desc() != packed) return dnnl::memory();
  return entries_.find(key)->packed;
}

dnnl::memory PackedWeightCache::insert(const std::string& key, Entry entry, const dnnl::memory::desc& packed) {
  std::lock_guard<std::mutex> lock(mutex_);
  const Entry* cached = entries_.peek(key);
  if (cached != nullptr && cached->packed.get_desc() == packed) return cached->packed;
  // New, or packed for another primitive's layout: (re)placed as the most recently used.
  const size_t nbytes = entry.nbytes;
  return entries_.put(key, std::move(entry), nbytes).packed;
}

}  // namespace tsrt::kernels::onednn
