// RecyclingAllocator: an allocator for std::allocate_shared that keeps freed blocks of one
// size in a per-thread free list and hands them out again. Every new tensor makes one
// shared_ptr<Storage> (control block and Storage in one block); recycling those blocks is
// what lets a steady-state forward run without calling malloc at all (the tensor bytes
// themselves come from the BufferPool).
//
// A block freed on another thread than the one that made it simply joins that thread's list.
// Each list holds at most kMaxBlocks blocks; beyond that, and after the thread's list is
// gone (thread exit), blocks go back to operator delete.
#pragma once

#include <cstddef>
#include <new>

#include "runtime/sanitizers.h"

namespace tsrt {

namespace recycling_detail {

struct Node {
  Node* next;
};

// Trivially destructible so that it stays usable while other thread_local objects are
// destroyed at thread exit (they may free blocks then): `closed` sends those to delete.
struct FreeList {
  Node* head;
  size_t count;
  bool closed;
};

constexpr size_t kMaxBlocks = 4096;

template <size_t BlockSize>
struct PerThread {
  static FreeList& list() {
    static thread_local FreeList free_list{nullptr, 0, false};
    return free_list;
  }
  // Empties the list when the thread exits.
  struct Closer {
    ~Closer() {
      FreeList& l = list();
      l.closed = true;
      while (l.head != nullptr) {
        Node* n = l.head;
        l.head = n->next;
        ::operator delete(n);
      }
      l.count = 0;
    }
  };
  static void* pop() {
    FreeList& l = list();
    if (l.head == nullptr) return nullptr;
    Node* n = l.head;
    l.head = n->next;
    --l.count;
    return n;
  }
  static bool push(void* block) {
    FreeList& l = list();
    if (l.closed || l.count >= kMaxBlocks) return false;
    static thread_local Closer closer;  // constructed on the thread's first push
    (void)&closer;
    Node* n = static_cast<Node*>(block);
    n->next = l.head;
    l.head = n;
    ++l.count;
    return true;
  }
};

}  // namespace recycling_detail

template <typename T>
class RecyclingAllocator {
 public:
  using value_type = T;

  RecyclingAllocator() = default;
  template <typename U>
  RecyclingAllocator(const RecyclingAllocator<U>&) {}  // NOLINT: rebinding, as allocators do

  T* allocate(size_t n) {
    if (n == 1 && !TSRT_MEMORY_SANITIZER && alignof(T) <= alignof(std::max_align_t)) {
      if (void* block = Blocks::pop()) return static_cast<T*>(block);
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n == 1 && !TSRT_MEMORY_SANITIZER && alignof(T) <= alignof(std::max_align_t) && Blocks::push(p)) return;
    ::operator delete(p);
  }

  template <typename U>
  bool operator==(const RecyclingAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const RecyclingAllocator<U>&) const {
    return false;
  }

 private:
  static_assert(sizeof(T) >= sizeof(recycling_detail::Node), "blocks must hold a free-list link");
  using Blocks = recycling_detail::PerThread<sizeof(T)>;
};

}  // namespace tsrt
