#include "kernels/onednn/bound_primitive.h"

#include <memory>
#include <unordered_map>

#include "kernels/onednn/engine.h"
#include "runtime/error.h"

namespace tsrt::kernels::onednn {
namespace {

// Bindings per thread. Enough for every primitive of a large model at a few input shapes; past
// it the table starts over (a binding is cheap to remake: the primitive stays cached).
constexpr size_t kMaxBindings = 512;

using Table = std::unordered_map<std::string, std::unique_ptr<BoundPrimitive>>;

Table& thread_table() {
  thread_local Table table;
  return table;
}

void check(dnnl_status_t status, const char* what, const char* doing) {
  TSRT_CHECK(status == dnnl_success,
             std::string(what) + ": oneDNN failed to " + doing + " (status " + std::to_string(status) + ")");
}

}  // namespace

BoundPrimitive::BoundPrimitive(dnnl::primitive primitive) : primitive_(std::move(primitive)) {
  pd_ = primitive_.get_primitive_desc();
  const dnnl_memory_desc_t* md = dnnl_primitive_desc_query_md(pd_, dnnl_query_scratchpad_md, 0);
  if (md != nullptr && md->ndims > 0) {
    scratchpad_bytes_ = dnnl_memory_desc_get_size(md);
    check(dnnl_memory_create(&scratchpad_, md, cpu_engine().get(), DNNL_MEMORY_NONE), "oneDNN", "bind a scratchpad");
  }
}

BoundPrimitive::~BoundPrimitive() {
  for (int i = 0; i < count_; ++i) dnnl_memory_destroy(args_[i].memory);
  if (scratchpad_ != nullptr) dnnl_memory_destroy(scratchpad_);
}

const dnnl_memory_desc_t& BoundPrimitive::desc(int arg) const {
  static const dnnl_memory_desc_t kNone{};
  const dnnl_memory_desc_t* md = dnnl_primitive_desc_query_md(pd_, dnnl_query_exec_arg_md, arg);
  return md != nullptr ? *md : kNone;
}

void BoundPrimitive::set(int arg, const void* data) {
  void* handle = const_cast<void*>(data);  // oneDNN takes inputs through non-const handles
  for (int i = 0; i < count_; ++i) {
    if (args_[i].id == arg) {
      check(dnnl_memory_set_data_handle(args_[i].memory, handle), "oneDNN", "set a data pointer");
      args_[i].pending = true;
      return;
    }
  }
  const dnnl_memory_desc_t& md = desc(arg);
  TSRT_CHECK(md.ndims > 0 && count_ < kMaxArgs,
             "oneDNN: primitive takes no argument " + std::to_string(arg) + " (internal error)");
  Arg& a = args_[count_];
  check(dnnl_memory_create(&a.memory, &md, cpu_engine().get(), handle), "oneDNN", "wrap an argument");
  a.id = arg;
  a.pending = true;
  ++count_;
}

void BoundPrimitive::set(int arg, const dnnl::memory& memory) {
  TSRT_CHECK(shared_count_ < kMaxArgs, "oneDNN: too many arguments (internal error)");
  shared_[shared_count_++] = {arg, memory.get()};
}

void BoundPrimitive::run(const char* what) {
  dnnl_exec_arg_t exec[2 * kMaxArgs + 1];
  int n = 0;
  for (int i = 0; i < shared_count_; ++i) exec[n++] = shared_[i];
  shared_count_ = 0;
  for (int i = 0; i < count_; ++i) {
    if (!args_[i].pending) continue;
    exec[n++] = {args_[i].id, args_[i].memory};
    args_[i].pending = false;
  }
  if (scratchpad_ != nullptr) {
    check(dnnl_memory_set_data_handle(scratchpad_, thread_scratchpad(scratchpad_bytes_)), what, "set the scratchpad");
    exec[n++] = {DNNL_ARG_SCRATCHPAD, scratchpad_};
  }
  dnnl_stream_t stream = thread_stream().get();
  check(dnnl_primitive_execute(primitive_.get(), stream, n, exec), what, "execute a primitive");
  check(dnnl_stream_wait(stream), what, "wait for a primitive");
}

BoundPrimitive* find_bound(const std::string& key) {
  Table& table = thread_table();
  auto it = table.find(key);
  return it == table.end() ? nullptr : it->second.get();
}

BoundPrimitive& add_bound(const std::string& key, dnnl::primitive primitive) {
  Table& table = thread_table();
  if (table.size() >= kMaxBindings) table.clear();
  auto bound = std::make_unique<BoundPrimitive>(std::move(primitive));
  return *table.emplace(key, std::move(bound)).first->second;
}

std::string& thread_key(KeySlot slot) {
  thread_local std::string keys[static_cast<int>(KeySlot::kCount)];
  std::string& key = keys[static_cast<int>(slot)];
  key.clear();
  return key;
}

}  // namespace tsrt::kernels::onednn
