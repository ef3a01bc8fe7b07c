// A bounded map that drops its least recently used entries first: the one eviction policy of the
// oneDNN primitive cache (bounded by entry count) and the packed-weight cache (bounded by bytes).
// Each entry has a cost (1 by default); the cache holds at most `capacity` in total cost, except
// that the newest entry always stays, even alone over the bound, as its caller is about to use it.
// Not thread-safe: its owners lock around it together with what else they guard.
#pragma once

#include <cstddef>
#include <list>
#include <unordered_map>
#include <utility>

namespace tsrt::kernels {

template <typename Key, typename Value>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}

  // The value of `key`, now the most recently used, or null.
  Value* find(const Key& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    recency_.splice(recency_.begin(), recency_, it->second);
    return &it->second->value;
  }
  // The value of `key` without making it recently used, or null.
  const Value* peek(const Key& key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->value;
  }
  bool contains(const Key& key) const { return index_.count(key) > 0; }

  // Stores `value` under `key` (replacing what `key` held) as the most recently used entry, then
  // drops the least recently used others while over capacity; returns the stored value.
  Value& put(const Key& key, Value value, size_t cost = 1) {
    erase(key);
    recency_.push_front(Entry{key, std::move(value), cost});
    index_[key] = recency_.begin();
    total_cost_ += cost;
    while (total_cost_ > capacity_ && recency_.size() > 1) {
      total_cost_ -= recency_.back().cost;
      index_.erase(recency_.back().key);
      recency_.pop_back();
    }
    return recency_.front().value;
  }

  void erase(const Key& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    total_cost_ -= it->second->cost;
    recency_.erase(it->second);
    index_.erase(it);
  }

  size_t size() const { return index_.size(); }
  size_t total_cost() const { return total_cost_; }
  size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    Key key;
    Value value;
    size_t cost;
  };
  const size_t capacity_;
  size_t total_cost_ = 0;
  std::list<Entry> recency_;  // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator> index_;
};

}  // namespace tsrt::kernels
