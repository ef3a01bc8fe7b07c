// A oneDNN primitive bound, on one thread, to memory objects for its arguments. A call points
// those memory objects at its tensors' data (set_data_handle) and runs the primitive through
// the C API with a stack array of arguments, so after warm-up a oneDNN call makes no memory
// objects, argument maps or scratchpad wrappers on the heap. (oneDNN's own execution context,
// inside dnnl_primitive_execute, is oneDNN's business.)
//
// Memory objects have a mutable data pointer, so they cannot be shared between threads: each
// thread keeps its own bounded table of bindings. The primitives themselves come from the
// process-wide PrimitiveCache, so each is still created once per process.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <string>
#include <utility>

#include "kernels/onednn/primitive_cache.h"

namespace tsrt::kernels::onednn {

class BoundPrimitive {
 public:
  explicit BoundPrimitive(dnnl::primitive primitive);
  ~BoundPrimitive();
  BoundPrimitive(const BoundPrimitive&) = delete;
  BoundPrimitive& operator=(const BoundPrimitive&) = delete;

  // The layout the primitive expects for argument `arg` (DNNL_ARG_SRC, ...); ndims 0 when the
  // primitive takes no such argument.
  const dnnl_memory_desc_t& desc(int arg) const;
  // Points argument `arg` at `data` for the next run().
  void set(int arg, const void* data);
  // Passes `memory` itself as argument `arg` to the next run() (the caller keeps it alive until
  // then): for memory shared between threads, such as a packed weight, whose data handle must
  // not be reset (setting a handle rewrites the padding of blocked layouts).
  void set(int arg, const dnnl::memory& memory);
  // Runs with the arguments set since the last run and this thread's scratchpad, and waits.
  // A oneDNN failure becomes a tsrt::Error naming `what` (the op being run).
  void run(const char* what);

 private:
  static constexpr int kMaxArgs = 8;
  struct Arg {
    int id = 0;
    dnnl_memory_t memory = nullptr;  // owned
    bool pending = false;            // set since the last run
  };
  dnnl::primitive primitive_;
  const_dnnl_primitive_desc_t pd_ = nullptr;
  Arg args_[kMaxArgs];
  int count_ = 0;
  dnnl_exec_arg_t shared_[kMaxArgs];  // set(arg, memory) since the last run
  int shared_count_ = 0;
  dnnl_memory_t scratchpad_ = nullptr;  // owned; null when the primitive needs none
  size_t scratchpad_bytes_ = 0;
};

// This thread's binding of the primitive cached under `key`; `create()` (returning a primitive
// of any kind) makes the primitive when no thread has yet. The reference stays valid until the
// next bind on this thread (the table is bounded and may be emptied then), so bind, set and
// run one primitive before binding the next.
BoundPrimitive* find_bound(const std::string& key);
BoundPrimitive& add_bound(const std::string& key, dnnl::primitive primitive);

template <typename Create>
BoundPrimitive& bind_primitive(const std::string& key, Create&& create) {
  if (BoundPrimitive* found = find_bound(key)) return *found;
  return add_bound(key, PrimitiveCache::global().get<dnnl::primitive>(key, [&] { return dnnl::primitive(create()); }));
}

// Per-thread buffers that keep their capacity, for building keys without allocating: `slot`
// tells apart buffers that are in use at once on one thread (a caller's key, a nested helper's).
enum class KeySlot { Primitive, Reorder, Weight, kCount };
std::string& thread_key(KeySlot slot);

}  // namespace tsrt::kernels::onednn
