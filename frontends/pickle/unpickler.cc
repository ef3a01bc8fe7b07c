#include "frontends/pickle/unpickler.h"

#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "ir/custom_class.h"
#include "ir/schema.h"
#include "ir/type.h"
#include "runtime/error.h"

namespace tsrt::pickle {

namespace {

// Limits that keep hostile input from exhausting the stack or memory.
constexpr int kMaxDepth = 1000;               // container nesting and open MARKs
constexpr size_t kMaxStackItems = 1 << 20;    // values on the stack at once
constexpr size_t kMaxMemoEntries = 1 << 21;
constexpr size_t kMaxTensorDims = 64;
constexpr int kMaxProtocol = 5;

// What a GLOBAL may name: the whitelist.
enum class Builtin {
  RebuildTensorV2,   // torch._utils._rebuild_tensor_v2
  RebuildTensor,     // torch._utils._rebuild_tensor
  RebuildParameter,  // torch._utils._rebuild_parameter
  OrderedDict,       // collections.OrderedDict
  RestoreTypeTag,    // torch.jit._pickle.restore_type_tag
  BuildIntList,
  BuildTensorList,
  BuildDoubleList,
  BuildBoolList,
  Device,       // torch.device
  StorageType,  // torch.<X>Storage, only meaningful inside a persistent id
  Class,        // __torch__.* : a TorchScript class defined by code/
};

struct GlobalRef {
  Builtin kind;
  std::string name;  // qualified name, for messages and class stubs
  DType dtype = DType::Float32;  // StorageType only
};

struct StorageRef {
  std::shared_ptr<Storage> storage;
  DType dtype;
  int64_t numel;  // elements visible through this reference (a view's size for a view)
  std::string key;
  int64_t base = 0;  // first element inside `storage`: non-zero only for a legacy storage view
};

// Tuples that hold non-values (globals, storages) exist only transiently as call arguments.
struct ItemTuple;
using ItemTuplePtr = std::shared_ptr<const ItemTuple>;
using Item = std::variant<Value, GlobalRef, StorageRef, ItemTuplePtr>;
struct ItemTuple {
  std::vector<Item> items;
  int depth;
};

const char* opcode_name(uint8_t op) {
  switch (op) {
    case 0x80: return "PROTO";
    case 0x95: return "FRAME";
    case 'J': return "BININT";
    case 'K': return "BININT1";
    case 'M': return "BININT2";
    case 0x8a: return "LONG1";
    case 0x8b: return "LONG4";
    case 'G': return "BINFLOAT";
    case 'X': return "BINUNICODE";
    case 0x8c: return "SHORT_BINUNICODE";
    case 'B': return "BINBYTES";
    case 'C': return "SHORT_BINBYTES";
    case 'q': return "BINPUT";
    case 'r': return "LONG_BINPUT";
    case 0x94: return "MEMOIZE";
    case 'h': return "BINGET";
    case 'j': return "LONG_BINGET";
    case 0x88: return "NEWTRUE";
    case 0x89: return "NEWFALSE";
    case 'N': return "NONE";
    case ')': return "EMPTY_TUPLE";
    case 0x85: return "TUPLE1";
    case 0x86: return "TUPLE2";
    case 0x87: return "TUPLE3";
    case '(': return "MARK";
    case 't': return "TUPLE";
    case ']': return "EMPTY_LIST";
    case 'a': return "APPEND";
    case 'e': return "APPENDS";
    case '}': return "EMPTY_DICT";
    case 's': return "SETITEM";
    case 'u': return "SETITEMS";
    case 'c': return "GLOBAL";
    case 0x81: return "NEWOBJ";
    case 'b': return "BUILD";
    case 'R': return "REDUCE";
    case 'Q': return "BINPERSID";
    case '.': return "STOP";
    default: return nullptr;
  }
}

// Text from the file made safe for a one-line message.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 200)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (text.size() > 200) out += "...";
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

class Unpickler {
 public:
  Unpickler(const std::string& in, const std::string& origin, const Hooks& hooks)
      : in_(in), origin_(origin), hooks_(hooks),
        copy_budget_((size_t{1} << 26) + 32 * in.size()) {}

  Value run() {
    for (;;) {
      op_pos_ = pos_;
      if (pos_ >= in_.size()) {
        op_ = 0;
        throw Error(origin_ + ": truncated pickle: no STOP opcode before the end (" +
                    std::to_string(in_.size()) + " bytes)");
      }
      op_ = static_cast<uint8_t>(in_[pos_++]);
      if (op_ == '.') {
        Value result = pop_value("the result");
        return result;
      }
      step();
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    const char* name = opcode_name(op_);
    throw Error(origin_ + ": " + (name ? name : "opcode") + " at byte " + std::to_string(op_pos_) +
                ": " + message);
  }

  // ---- reading the byte stream ----
  const char* take(size_t n) {
    if (n > in_.size() - pos_) {
      fail("truncated: needs " + std::to_string(n) + " bytes, " +
           std::to_string(in_.size() - pos_) + " left");
    }
    const char* p = in_.data() + pos_;
    pos_ += n;
    return p;
  }
  uint64_t read_le(size_t n) {
    const auto* p = reinterpret_cast<const unsigned char*>(take(n));
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
  }
  std::string read_line() {
    size_t left = in_.size() - pos_;
    const void* nl = std::memchr(in_.data() + pos_, '\n', left);
    if (nl == nullptr) fail("truncated: unterminated name");
    size_t len = static_cast<const char*>(nl) - (in_.data() + pos_);
    std::string line(in_.data() + pos_, len);
    pos_ += len + 1;
    return line;
  }

  // ---- the stack ----
  void push(Item item) {
    if (stack_.size() >= kMaxStackItems) fail("more than " + std::to_string(kMaxStackItems) + " values on the stack");
    stack_.push_back(std::move(item));
  }
  Item pop() {
    size_t floor = marks_.empty() ? 0 : marks_.back();
    if (stack_.size() <= floor) fail("stack underflow");
    Item item = std::move(stack_.back());
    stack_.pop_back();
    return item;
  }
  Item& top() {
    size_t floor = marks_.empty() ? 0 : marks_.back();
    if (stack_.size() <= floor) fail("stack underflow");
    return stack_.back();
  }
  // Items pushed since the last MARK, which is removed.
  std::vector<Item> pop_mark() {
    if (marks_.empty()) fail("no MARK to pop to");
    size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<Item> items(std::make_move_iterator(stack_.begin() + mark),
                            std::make_move_iterator(stack_.end()));
    stack_.resize(mark);
    return items;
  }
  Value& value_of(Item& item, const char* what) {
    if (auto* v = std::get_if<Value>(&item)) return *v;
    if (auto* g = std::get_if<GlobalRef>(&item)) {
      fail(std::string(what) + " is the global " + g->name + ", not a value");
    }
    if (std::holds_alternative<StorageRef>(item)) fail(std::string(what) + " is a storage, not a value");
    fail(std::string(what) + " is a tuple holding globals or storages, not a value");
  }
  Value pop_value(const char* what) {
    Item item = pop();
    return std::move(value_of(item, what));
  }

  // ---- nesting: depth bookkeeping and sealing ----
  // A container becomes sealed once nested in another; sealed containers are never mutated
  // again, which makes cycles impossible and keeps every recorded depth exact.
  static const void* container_of(const Value& v) {
    switch (v.tag()) {
      case Value::Tag::List: return v.to_list().get();
      case Value::Tag::Dict: return v.to_dict().get();
      case Value::Tag::Object: return v.to_object().get();
      case Value::Tag::Tuple: return v.to_tuple().get();
      default: return nullptr;
    }
  }
  int depth_of(const Item& item) const {
    if (auto* t = std::get_if<ItemTuplePtr>(&item)) return (*t)->depth;
    const Value* v = std::get_if<Value>(&item);
    if (v == nullptr) return 0;
    const void* c = container_of(*v);
    if (c == nullptr) return 0;
    auto it = depth_.find(c);
    return it == depth_.end() ? 1 : it->second;
  }
  void track_new(const void* container, int depth) {
    if (depth > kMaxDepth) fail("values nested deeper than " + std::to_string(kMaxDepth));
    depth_[container] = depth;
    sealed_.erase(container);  // the address may have been used by a freed container
  }
  // Records that `child` is being placed inside the unsealed container `parent`.
  void nest(const void* parent, const Item& child) {
    const Value* v = std::get_if<Value>(&child);
    const void* c = v ? container_of(*v) : nullptr;
    if (c != nullptr) {
      if (c == parent) fail("a container cannot contain itself");
      sealed_.insert(c);
    }
    int depth = depth_of(child) + 1;
    int& parent_depth = depth_[parent];
    if (depth > parent_depth) parent_depth = depth;
    if (parent_depth > kMaxDepth) fail("values nested deeper than " + std::to_string(kMaxDepth));
  }
  void check_mutable(const void* container, const char* what) {
    if (sealed_.count(container)) {
      fail(std::string(what) + " modified after being nested in another value (unsupported)");
    }
  }

  // ---- memo ----
  // Copies of strings and tensor shapes cost memory; bound the total so a few bytes of
  // BINGET cannot multiply a large string without limit.
  void charge_copy(const Item& item) {
    size_t cost = 16;
    if (auto* v = std::get_if<Value>(&item)) {
      if (v->is_string()) cost += v->to_string().size();
      if (v->is_tensor()) cost += 16 * v->to_tensor().sizes().size();
    }
    if (cost > copy_budget_) fail("too much data duplicated through the memo");
    copy_budget_ -= cost;
  }
  void memo_put(uint64_t index) {
    const Item& item = top();
    if (memo_.size() >= kMaxMemoEntries && memo_.count(index) == 0) fail("memo too large");
    charge_copy(item);
    memo_[index] = item;
  }
  void memo_get(uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " was never stored");
    charge_copy(it->second);
    push(it->second);
  }

  // ---- containers ----
  void make_tuple_from(std::vector<Item> items) {
    bool all_values = true;
    int depth = 0;
    for (const Item& item : items) {
      all_values = all_values && std::holds_alternative<Value>(item);
      const Value* v = std::get_if<Value>(&item);
      if (const void* c = v ? container_of(*v) : nullptr) sealed_.insert(c);
      depth = std::max(depth, depth_of(item));
    }
    ++depth;
    if (depth > kMaxDepth) fail("values nested deeper than " + std::to_string(kMaxDepth));
    if (all_values) {
      std::vector<Value> values;
      values.reserve(items.size());
      for (Item& item : items) values.push_back(std::move(std::get<Value>(item)));
      TuplePtr tuple = make_tuple(std::move(values));
      track_new(tuple.get(), depth);
      push(Value(tuple));
    } else {
      push(ItemTuplePtr(new ItemTuple{std::move(items), depth}));
    }
  }
  std::vector<Item> tuple_items(Item item, const char* what) {
    if (auto* t = std::get_if<ItemTuplePtr>(&item)) return (*t)->items;
    Value& v = value_of(item, what);
    if (!v.is_tuple()) fail(std::string(what) + " must be a tuple, got " + v.tag_name());
    return std::vector<Item>(v.to_tuple()->items.begin(), v.to_tuple()->items.end());
  }
  void append(const ListPtr& list, Item item) {
    check_mutable(list.get(), "list");
    nest(list.get(), item);
    list->items.push_back(std::move(value_of(item, "a list element")));
  }
  static std::string key_code(const Value& key) {
    switch (key.tag()) {
      case Value::Tag::String: return "s" + key.to_string();
      case Value::Tag::Int: return "i" + std::to_string(key.to_int());
      case Value::Tag::Bool: return key.to_bool() ? "b1" : "b0";
      case Value::Tag::Double: {
        double d = key.to_double();
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        return "d" + std::to_string(bits);
      }
      case Value::Tag::None: return "n";
      default: return std::string();  // tensors and others compare by identity: never merged
    }
  }
  void set_item(const DictPtr& dict, Item key_item, Item value_item) {
    check_mutable(dict.get(), "dict");
    nest(dict.get(), key_item);
    nest(dict.get(), value_item);
    Value key = std::move(value_of(key_item, "a dict key"));
    Value value = std::move(value_of(value_item, "a dict value"));
    std::string code = key_code(key);
    auto& index = dict_index_[dict.get()];
    if (!code.empty()) {
      auto it = index.find(code);
      if (it != index.end()) {
        dict->entries[it->second].second = std::move(value);
        return;
      }
      index.emplace(code, dict->entries.size());
    }
    dict->entries.emplace_back(std::move(key), std::move(value));
  }
  ListPtr new_list() {
    ListPtr list = make_list(ir::Type::get(ir::TypeKind::Any));
    track_new(list.get(), 1);
    return list;
  }
  DictPtr new_dict() {
    auto dict = std::make_shared<DictObj>();
    dict->key_type = ir::Type::get(ir::TypeKind::Any);
    dict->value_type = ir::Type::get(ir::TypeKind::Any);
    track_new(dict.get(), 1);
    dict_index_.erase(dict.get());
    return dict;
  }

  // ---- globals ----
  GlobalRef resolve_global(const std::string& module, const std::string& name) {
    std::string qualified = module + "." + name;
    static const std::map<std::string, Builtin> kBuiltins = {
        {"torch._utils._rebuild_tensor_v2", Builtin::RebuildTensorV2},
        {"torch._utils._rebuild_tensor", Builtin::RebuildTensor},
        {"torch._utils._rebuild_parameter", Builtin::RebuildParameter},
        {"collections.OrderedDict", Builtin::OrderedDict},
        {"torch.jit._pickle.restore_type_tag", Builtin::RestoreTypeTag},
        {"torch.jit._pickle.build_intlist", Builtin::BuildIntList},
        {"torch.jit._pickle.build_tensorlist", Builtin::BuildTensorList},
        {"torch.jit._pickle.build_doublelist", Builtin::BuildDoubleList},
        {"torch.jit._pickle.build_boollist", Builtin::BuildBoolList},
        {"torch.device", Builtin::Device},
    };
    static const std::map<std::string, DType> kStorages = {
        {"FloatStorage", DType::Float32}, {"DoubleStorage", DType::Float64},
        {"HalfStorage", DType::Float16},  {"BFloat16Storage", DType::BFloat16},
        {"LongStorage", DType::Int64},    {"IntStorage", DType::Int32},
        {"ShortStorage", DType::Int16},   {"CharStorage", DType::Int8},
        {"ByteStorage", DType::UInt8},    {"BoolStorage", DType::Bool},
    };
    auto builtin = kBuiltins.find(qualified);
    if (builtin != kBuiltins.end()) return GlobalRef{builtin->second, qualified};
    if (module == "torch") {
      auto storage = kStorages.find(name);
      if (storage != kStorages.end()) return GlobalRef{Builtin::StorageType, qualified, storage->second};
    }
    bool quantized = qualified == "torch._utils._rebuild_qtensor" ||
                     (module == "torch" && (starts_with(name, "QInt") || starts_with(name, "QUInt") ||
                                            starts_with(name, "per_tensor") ||
                                            starts_with(name, "per_channel")));
    if (quantized) fail("unsupported: quantized tensors (global " + printable(qualified) + ")");
    if (starts_with(module, "__torch__.torch.classes")) {
      // Only the whitelisted classes (ir/custom_class.h), rebuilt from a checked state in BUILD.
      if (ir::find_custom_class(qualified) == nullptr) fail("unsupported: custom class " + printable(qualified));
      return GlobalRef{Builtin::Class, qualified};
    }
    if (module == "__torch__" || starts_with(module, "__torch__.")) {
      return GlobalRef{Builtin::Class, qualified};
    }
    fail("global " + printable(qualified) +
         " is not allowed (only tensors, torch containers and __torch__ classes)");
  }

  // ---- tensors ----
  // torch.save's legacy (non-zip) writer adds a 6th field, a storage view's metadata:
  // (view_key, offset, view_size) in elements of the storage, or None for the whole storage.
  // As torch's legacy loader does, a view is the slice [offset, offset + view_size) of the root
  // storage, shared by every later id naming the same view key.
  StorageRef load_storage(Item pid_item) {
    std::vector<Item> pid = tuple_items(std::move(pid_item), "the persistent id");
    if (pid.size() != 5 && pid.size() != 6) {
      fail("persistent id must have 5 or 6 fields, got " + std::to_string(pid.size()));
    }
    StorageRef root = load_root_storage(pid);
    if (pid.size() == 5) return root;
    Value& view = value_of(pid[5], "the storage view metadata");
    if (view.is_none()) return root;
    if (!view.is_tuple() || view.to_tuple()->items.size() != 3) {
      fail("storage view metadata must be None or (view_key, offset, size)");
    }
    const auto& fields = view.to_tuple()->items;
    if (!fields[0].is_string() || !fields[1].is_int() || !fields[2].is_int()) {
      fail("storage view metadata must be (str view_key, int offset, int size)");
    }
    std::string view_key = fields[0].to_string();
    int64_t offset = fields[1].to_int(), size = fields[2].to_int();
    std::string name = "view '" + printable(view_key) + "' (offset " + std::to_string(offset) + ", size " +
                       std::to_string(size) + ") of storage '" + printable(root.key) + "'";
    if (offset < 0 || size < 0) fail(name + ": negative offset or size");
    if (offset > root.numel || size > root.numel - offset) {
      fail(name + ": lies outside the storage of " + std::to_string(root.numel) + " elements");
    }
    StorageRef ref{root.storage, root.dtype, size, root.key, offset};
    auto cached = views_.find(view_key);
    if (cached != views_.end()) {
      const StorageRef& seen = cached->second;
      if (seen.storage != ref.storage || seen.dtype != ref.dtype || seen.numel != ref.numel ||
          seen.base != ref.base) {
        fail("storage view '" + printable(view_key) + "' is described twice differently");
      }
      return seen;
    }
    views_.emplace(view_key, ref);
    return ref;
  }

  StorageRef load_root_storage(std::vector<Item>& pid) {
    Value& tag = value_of(pid[0], "the persistent id tag");
    if (!tag.is_string() || tag.to_string() != "storage") fail("persistent id is not a storage");
    auto* type = std::get_if<GlobalRef>(&pid[1]);
    if (type == nullptr || type->kind != Builtin::StorageType) {
      fail("persistent id does not name a torch.<X>Storage type");
    }
    Value& key = value_of(pid[2], "the storage key");
    Value& location = value_of(pid[3], "the storage location");
    Value& numel = value_of(pid[4], "the storage size");
    if (!key.is_string() || !location.is_string() || !numel.is_int() || numel.to_int() < 0) {
      fail("malformed storage persistent id");
    }
    StorageRequest request{key.to_string(), type->dtype, numel.to_int(), location.to_string()};
    auto cached = storages_.find(request.key);
    if (cached != storages_.end()) {
      if (cached->second.dtype != request.dtype || cached->second.numel != request.numel) {
        fail("storage '" + printable(request.key) + "' is described twice differently");
      }
      return cached->second;
    }
    if (!hooks_.load_storage) fail("no storage loader for storage '" + printable(request.key) + "'");
    std::shared_ptr<Storage> storage = hooks_.load_storage(request);
    size_t bytes = static_cast<size_t>(request.numel) * element_size(request.dtype);
    if (!storage || storage->nbytes() / element_size(request.dtype) < static_cast<uint64_t>(request.numel)) {
      fail("storage '" + printable(request.key) + "' holds fewer than the " +
           std::to_string(bytes) + " bytes its id promises");
    }
    StorageRef ref{std::move(storage), request.dtype, request.numel, request.key};
    storages_.emplace(request.key, ref);
    return ref;
  }

  Shape int_tuple(Item& item, const char* what) {
    Value& v = value_of(item, what);
    if (!v.is_tuple()) fail(std::string(what) + " must be a tuple of ints");
    Shape out;
    for (const Value& e : v.to_tuple()->items) {
      if (!e.is_int()) fail(std::string(what) + " must be a tuple of ints");
      out.push_back(e.to_int());
    }
    return out;
  }

  Tensor rebuild_tensor(std::vector<Item>& args, size_t min_args, size_t max_args) {
    if (args.size() < min_args || args.size() > max_args) {
      fail("tensor rebuild takes " + std::to_string(min_args) + " to " + std::to_string(max_args) +
           " arguments, got " + std::to_string(args.size()));
    }
    auto* storage = std::get_if<StorageRef>(&args[0]);
    if (storage == nullptr) fail("tensor rebuild needs a storage as first argument");
    Value& offset_value = value_of(args[1], "the storage offset");
    if (!offset_value.is_int()) fail("the storage offset must be an int");
    int64_t offset = offset_value.to_int();
    Shape sizes = int_tuple(args[2], "the tensor size");
    Shape strides = int_tuple(args[3], "the tensor stride");
    std::string name = "tensor on storage '" + printable(storage->key) + "' (size " +
                       shape_to_string(sizes) + ", stride " + shape_to_string(strides) +
                       ", offset " + std::to_string(offset) + ")";
    if (sizes.size() != strides.size()) fail(name + ": size and stride differ in length");
    if (sizes.size() > kMaxTensorDims) fail(name + ": too many dimensions");
    if (offset < 0) fail(name + ": negative storage offset");
    bool empty = false;
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (sizes[d] < 0 || strides[d] < 0) fail(name + ": negative size or stride");
      empty = empty || sizes[d] == 0;
    }
    if (!empty) {
      // The furthest element reachable must lie inside the storage.
      int64_t last = offset;
      for (size_t d = 0; d < sizes.size(); ++d) {
        int64_t step;
        if (__builtin_mul_overflow(sizes[d] - 1, strides[d], &step) ||
            __builtin_add_overflow(last, step, &last)) {
          fail(name + ": element index overflows");
        }
      }
      if (last >= storage->numel) {
        fail(name + ": reaches element " + std::to_string(last) + " but the storage holds " +
             std::to_string(storage->numel));
      }
      int64_t numel = 1;
      for (int64_t s : sizes) {
        if (__builtin_mul_overflow(numel, s, &numel)) fail(name + ": element count overflows");
      }
    } else if (offset > storage->numel) {
      fail(name + ": offset beyond the storage of " + std::to_string(storage->numel) + " elements");
    }
    // Offsets count from the start of a view; the tensor itself indexes the root storage.
    return Tensor(storage->storage, storage->dtype, std::move(sizes), std::move(strides), storage->base + offset);
  }

  void set_list_type(const ListPtr& list, ir::TypeKind elem_kind, Value::Tag want, const char* what) {
    for (const Value& v : list->items) {
      if (v.tag() != want) fail(std::string(what) + " holds a " + v.tag_name());
    }
    list->elem_type = ir::Type::get(elem_kind);
  }

  Value call(const GlobalRef& fn, std::vector<Item> args) {
    auto single_list = [&](const char* what) -> ListPtr {
      if (args.size() != 1) fail(std::string(what) + " takes one argument");
      Value& v = value_of(args[0], what);
      if (!v.is_list()) fail(std::string(what) + " needs a list");
      return v.to_list();
    };
    switch (fn.kind) {
      case Builtin::RebuildTensorV2: return Value(rebuild_tensor(args, 6, 7));
      case Builtin::RebuildTensor: return Value(rebuild_tensor(args, 4, 4));
      case Builtin::RebuildParameter: {
        if (args.size() < 1 || args.size() > 3) fail("_rebuild_parameter takes 1 to 3 arguments");
        Value& data = value_of(args[0], "the parameter data");
        if (!data.is_tensor()) fail("_rebuild_parameter needs a tensor");
        return data;
      }
      case Builtin::OrderedDict:
        if (!args.empty()) fail("OrderedDict with arguments is unsupported");
        return Value(new_dict());
      case Builtin::RestoreTypeTag: {
        if (args.size() != 2) fail("restore_type_tag takes 2 arguments");
        Value container = value_of(args[0], "the tagged container");
        Value& type_text = value_of(args[1], "the type tag");
        if (!type_text.is_string()) fail("restore_type_tag needs a type string");
        if (!container.is_list() && !container.is_dict()) fail("restore_type_tag needs a list or dict");
        ir::TypePtr type;
        try {
          type = ir::parse_type(type_text.to_string());
        } catch (const Error&) {
          return container;  // e.g. class element types: the loader types them later
        }
        if (container.is_list() && type->kind == ir::TypeKind::List) {
          container.to_list()->elem_type = type->contained.at(0);
        } else if (container.is_dict() && type->kind == ir::TypeKind::Dict) {
          container.to_dict()->key_type = type->contained.at(0);
          container.to_dict()->value_type = type->contained.at(1);
        } else {
          fail("type tag '" + printable(type_text.to_string()) + "' does not fit a " +
               container.tag_name());
        }
        return container;
      }
      case Builtin::BuildIntList: {
        ListPtr list = single_list("build_intlist");
        set_list_type(list, ir::TypeKind::Int, Value::Tag::Int, "build_intlist");
        return Value(list);
      }
      case Builtin::BuildTensorList: {
        ListPtr list = single_list("build_tensorlist");
        set_list_type(list, ir::TypeKind::Tensor, Value::Tag::Tensor, "build_tensorlist");
        return Value(list);
      }
      case Builtin::BuildDoubleList: {
        ListPtr list = single_list("build_doublelist");
        set_list_type(list, ir::TypeKind::Float, Value::Tag::Double, "build_doublelist");
        return Value(list);
      }
      case Builtin::BuildBoolList: {
        ListPtr list = single_list("build_boollist");
        set_list_type(list, ir::TypeKind::Bool, Value::Tag::Bool, "build_boollist");
        return Value(list);
      }
      case Builtin::Device: {
        if (args.size() != 1) fail("torch.device takes one argument");
        Value& name = value_of(args[0], "the device name");
        if (!name.is_string()) fail("torch.device needs a string");
        return Value(Device{name.to_string()});
      }
      case Builtin::StorageType: fail("storage type " + fn.name + " cannot be called");
      case Builtin::Class: fail("class " + printable(fn.name) + " cannot be called with REDUCE");
    }
    fail("unreachable");
  }

  void build(Item state_item) {
    Item& target_item = top();
    Value& target = value_of(target_item, "the BUILD target");
    Value state = std::move(value_of(state_item, "the BUILD state"));
    if (!target.is_object()) fail(std::string("BUILD on a ") + target.tag_name() + " is unsupported");
    const ObjectPtr& object = target.to_object();
    if (const ir::CustomClass* custom = ir::find_custom_class(object->type->name)) {
      build_custom_class(*custom, object, std::move(state));
      return;
    }
    if (!state.is_dict()) {
      fail("object of class " + printable(object->type->name) +
           ": __setstate__ objects are unsupported (state is a " + state.tag_name() + ")");
    }
    check_mutable(object.get(), "object");
    if (!object->type->attributes.empty()) fail("object of class " + printable(object->type->name) + " built twice");
    // Keys are distinct: set_item merged duplicates while the state dict was built.
    for (auto& [key, value] : state.to_dict()->entries) {
      if (!key.is_string()) fail("object attribute names must be strings");
      Item child(value);
      nest(object.get(), child);
      object->type->attributes.push_back({key.to_string(), ir::Type::get(ir::TypeKind::Any)});
      object->slots.push_back(value);
    }
  }

  // A custom-class object's state is a tuple, not an attribute dict: checked against the
  // class's layout, then kept whole as its one attribute.
  void build_custom_class(const ir::CustomClass& custom, const ObjectPtr& object, Value state) {
    check_mutable(object.get(), "object");
    if (!object->type->attributes.empty()) fail("object of class " + printable(object->type->name) + " built twice");
    try {
      custom.validate(state);
    } catch (const Error& e) {
      fail(e.what());
    }
    Item child(state);
    nest(object.get(), child);
    object->type->attributes.push_back({ir::kCustomClassState, ir::Type::get(ir::TypeKind::Any)});
    object->slots.push_back(std::move(state));
  }

  void step() {
    switch (op_) {
      case 0x80: {  // PROTO
        uint64_t version = read_le(1);
        if (version > kMaxProtocol) fail("unsupported pickle protocol " + std::to_string(version));
        return;
      }
      case 0x95: read_le(8); return;  // FRAME: a hint about buffering, no content
      case 'J': push(Value(static_cast<int64_t>(static_cast<int32_t>(read_le(4))))); return;
      case 'K': push(Value(static_cast<int64_t>(read_le(1)))); return;
      case 'M': push(Value(static_cast<int64_t>(read_le(2)))); return;
      case 0x8a:
      case 0x8b: {  // LONG1 / LONG4: little-endian two's complement of n bytes
        uint64_t n = read_le(op_ == 0x8a ? 1 : 4);
        if (n > 8) fail("integer of " + std::to_string(n) + " bytes does not fit in 64 bits");
        uint64_t bits = read_le(static_cast<size_t>(n));
        if (n > 0 && n < 8 && (bits >> (8 * n - 1)) & 1) bits |= ~uint64_t{0} << (8 * n);
        push(Value(static_cast<int64_t>(bits)));
        return;
      }
      case 'G': {  // BINFLOAT: big-endian double
        const auto* p = reinterpret_cast<const unsigned char*>(take(8));
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
        double d;
        std::memcpy(&d, &bits, sizeof d);
        push(Value(d));
        return;
      }
      case 'X':
      case 'B': {
        uint64_t n = read_le(4);
        push(Value(std::string(take(static_cast<size_t>(n)), static_cast<size_t>(n))));
        return;
      }
      case 0x8c:
      case 'C': {
        uint64_t n = read_le(1);
        push(Value(std::string(take(static_cast<size_t>(n)), static_cast<size_t>(n))));
        return;
      }
      case 'q': memo_put(read_le(1)); return;
      case 'r': memo_put(read_le(4)); return;
      case 0x94: memo_put(memo_.size()); return;
      case 'h': memo_get(read_le(1)); return;
      case 'j': memo_get(read_le(4)); return;
      case 0x88: push(Value(true)); return;
      case 0x89: push(Value(false)); return;
      case 'N': push(Value()); return;
      case ')': make_tuple_from({}); return;
      case 0x85:
      case 0x86:
      case 0x87: {
        size_t n = op_ - 0x84;
        std::vector<Item> items(n);
        for (size_t i = n; i-- > 0;) items[i] = pop();
        make_tuple_from(std::move(items));
        return;
      }
      case '(':
        if (marks_.size() >= static_cast<size_t>(kMaxDepth)) {
          fail("more than " + std::to_string(kMaxDepth) + " nested MARKs");
        }
        marks_.push_back(stack_.size());
        return;
      case 't': make_tuple_from(pop_mark()); return;
      case ']': push(Value(new_list())); return;
      case 'a': {
        Item item = pop();
        Value& list = value_of(top(), "the APPEND target");
        if (!list.is_list()) fail(std::string("APPEND to a ") + list.tag_name());
        append(list.to_list(), std::move(item));
        return;
      }
      case 'e': {
        std::vector<Item> items = pop_mark();
        Value& list = value_of(top(), "the APPENDS target");
        if (!list.is_list()) fail(std::string("APPENDS to a ") + list.tag_name());
        ListPtr target = list.to_list();
        for (Item& item : items) append(target, std::move(item));
        return;
      }
      case '}': push(Value(new_dict())); return;
      case 's': {
        Item value = pop();
        Item key = pop();
        Value& dict = value_of(top(), "the SETITEM target");
        if (!dict.is_dict()) fail(std::string("SETITEM on a ") + dict.tag_name());
        set_item(dict.to_dict(), std::move(key), std::move(value));
        return;
      }
      case 'u': {
        std::vector<Item> items = pop_mark();
        if (items.size() % 2 != 0) fail("odd number of items");
        Value& dict = value_of(top(), "the SETITEMS target");
        if (!dict.is_dict()) fail(std::string("SETITEMS on a ") + dict.tag_name());
        DictPtr target = dict.to_dict();
        for (size_t i = 0; i < items.size(); i += 2) {
          set_item(target, std::move(items[i]), std::move(items[i + 1]));
        }
        return;
      }
      case 'c': {
        std::string module = read_line();
        std::string name = read_line();
        push(resolve_global(module, name));
        return;
      }
      case 0x81: {  // NEWOBJ: cls.__new__(cls, *args)
        std::vector<Item> args = tuple_items(pop(), "NEWOBJ arguments");
        Item cls = pop();
        auto* global = std::get_if<GlobalRef>(&cls);
        if (global == nullptr || global->kind != Builtin::Class) {
          fail("NEWOBJ needs a __torch__ class" + (global ? " but got " + global->name : std::string()));
        }
        if (!args.empty()) fail("NEWOBJ of " + printable(global->name) + " with arguments is unsupported");
        auto object = std::make_shared<Object>();
        object->type = std::make_shared<ir::ClassType>();
        object->type->name = global->name;
        track_new(object.get(), 1);
        push(Value(object));
        return;
      }
      case 'b': build(pop()); return;
      case 'R': {
        std::vector<Item> args = tuple_items(pop(), "REDUCE arguments");
        Item callable = pop();
        auto* global = std::get_if<GlobalRef>(&callable);
        if (global == nullptr) fail("REDUCE needs a global to call");
        push(call(*global, std::move(args)));
        return;
      }
      case 'Q': push(load_storage(pop())); return;
      default: {
        static const char kHex[] = "0123456789abcdef";
        std::string byte = std::string("0x") + kHex[op_ >> 4] + kHex[op_ & 15];
        throw Error(origin_ + ": unknown opcode " + byte + " at byte " + std::to_string(op_pos_));
      }
    }
  }

  const std::string& in_;
  const std::string& origin_;
  const Hooks& hooks_;
  size_t pos_ = 0;
  size_t op_pos_ = 0;
  uint8_t op_ = 0;
  std::vector<Item> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, Item> memo_;
  std::map<std::string, StorageRef> storages_;
  std::map<std::string, StorageRef> views_;  // legacy storage views, by view key
  std::unordered_map<const void*, int> depth_;
  std::unordered_set<const void*> sealed_;
  std::unordered_map<const void*, std::unordered_map<std::string, size_t>> dict_index_;
  size_t copy_budget_;
};

}  // namespace

Value unpickle(const std::string& bytes, const std::string& origin, const Hooks& hooks) {
  return Unpickler(bytes, origin, hooks).run();
}

}  // namespace tsrt::pickle
