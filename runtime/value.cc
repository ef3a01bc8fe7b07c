#include "runtime/value.h"

#include <cmath>
#include <new>
#include <sstream>

#include "runtime/recycling_allocator.h"

namespace tsrt {

namespace {
[[noreturn]] void wrong_kind(const char* expected, const Value& got) {
  throw Error(std::string("expected a value of kind ") + expected + " but got " + got.tag_name() +
              " (" + got.repr() + ")");
}
}  // namespace

const char* Value::tag_name() const {
  switch (tag()) {
    case Tag::None: return "None";
    case Tag::Tensor: return "Tensor";
    case Tag::Int: return "int";
    case Tag::Double: return "float";
    case Tag::Bool: return "bool";
    case Tag::String: return "str";
    case Tag::Device: return "Device";
    case Tag::List: return "List";
    case Tag::Tuple: return "Tuple";
    case Tag::Dict: return "Dict";
    case Tag::Object: return "Object";
  }
  return "?";
}

const Tensor& Value::to_tensor() const {
  if (!is_tensor()) wrong_kind("Tensor", *this);
  return std::get<Tensor>(v_);
}

int64_t Value::to_int() const {
  if (is_int()) return std::get<int64_t>(v_);
  if (is_bool()) return std::get<bool>(v_) ? 1 : 0;
  wrong_kind("int", *this);
}

double Value::to_double() const {
  if (is_double()) return std::get<double>(v_);
  if (is_int()) return static_cast<double>(std::get<int64_t>(v_));
  if (is_bool()) return std::get<bool>(v_) ? 1.0 : 0.0;
  wrong_kind("float", *this);
}

bool Value::to_bool() const {
  if (is_bool()) return std::get<bool>(v_);
  wrong_kind("bool", *this);
}

const std::string& Value::to_string() const {
  if (!is_string()) wrong_kind("str", *this);
  return std::get<std::string>(v_);
}

const Device& Value::to_device() const {
  if (!is_device()) wrong_kind("Device", *this);
  return std::get<Device>(v_);
}

const ListPtr& Value::to_list() const {
  if (!is_list()) wrong_kind("List", *this);
  return std::get<ListPtr>(v_);
}

const TuplePtr& Value::to_tuple() const {
  if (!is_tuple()) wrong_kind("Tuple", *this);
  return std::get<TuplePtr>(v_);
}

const DictPtr& Value::to_dict() const {
  if (!is_dict()) wrong_kind("Dict", *this);
  return std::get<DictPtr>(v_);
}

const ObjectPtr& Value::to_object() const {
  if (!is_object()) wrong_kind("Object", *this);
  return std::get<ObjectPtr>(v_);
}

std::string Value::repr() const {
  std::ostringstream os;
  auto seq = [&](const std::vector<Value>& items, const char* open, const char* close) {
    os << open;
    for (size_t i = 0; i < items.size() && i < 8; ++i) os << (i ? ", " : "") << items[i].repr();
    if (items.size() > 8) os << ", ...";
    os << close;
  };
  switch (tag()) {
    case Tag::None: os << "None"; break;
    case Tag::Tensor: {
      const Tensor& t = std::get<Tensor>(v_);
      if (!t.defined()) {
        os << "Tensor(undefined)";
      } else {
        os << "Tensor" << t.shape_string() << " " << dtype_name(t.dtype());
      }
      break;
    }
    case Tag::Int: os << std::get<int64_t>(v_); break;
    case Tag::Double: os << std::get<double>(v_); break;
    case Tag::Bool: os << (std::get<bool>(v_) ? "True" : "False"); break;
    case Tag::String: os << '"' << std::get<std::string>(v_) << '"'; break;
    case Tag::Device: os << "device(" << std::get<Device>(v_).name << ")"; break;
    case Tag::List: seq(std::get<ListPtr>(v_)->items, "[", "]"); break;
    case Tag::Tuple: seq(std::get<TuplePtr>(v_)->items, "(", ")"); break;
    case Tag::Dict: os << "{" << std::get<DictPtr>(v_)->entries.size() << " entries}"; break;
    case Tag::Object: {
      const auto& obj = std::get<ObjectPtr>(v_);
      os << "object(" << (obj->type ? obj->type->name : "?") << ")";
      break;
    }
  }
  return os.str();
}

bool values_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_double() || b.is_double()) return a.to_double() == b.to_double();
    return a.to_int() == b.to_int();
  }
  if (a.tag() != b.tag()) return false;
  switch (a.tag()) {
    case Value::Tag::None: return true;
    case Value::Tag::String: return a.to_string() == b.to_string();
    case Value::Tag::Device: return a.to_device() == b.to_device();
    case Value::Tag::Tensor: return a.to_tensor().storage() == b.to_tensor().storage() &&
                                    a.to_tensor().storage_offset() == b.to_tensor().storage_offset() &&
                                    a.to_tensor().sizes() == b.to_tensor().sizes();
    case Value::Tag::List:
    case Value::Tag::Tuple: {
      const auto& x = a.is_list() ? a.to_list()->items : a.to_tuple()->items;
      const auto& y = b.is_list() ? b.to_list()->items : b.to_tuple()->items;
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!values_equal(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Tag::Dict: return a.to_dict() == b.to_dict();
    case Value::Tag::Object: return a.to_object() == b.to_object();
    default: return false;
  }
}

int64_t DictObj::find(const Value& key) const {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (values_equal(entries[i].first, key)) return static_cast<int64_t>(i);
  }
  return -1;
}

void DictObj::insert_or_assign(Value key, Value value) {
  int64_t i = find(key);
  if (i >= 0) {
    entries[i].second = std::move(value);
  } else {
    entries.emplace_back(std::move(key), std::move(value));
  }
}

const Value& Object::attr(const std::string& name) const {
  int i = type->attribute_index(name);
  TSRT_CHECK(i >= 0, "object of class " + type->name + " has no attribute '" + name + "'");
  return slots[i];
}

void Object::set_attr(const std::string& name, Value v) {
  int i = type->attribute_index(name);
  TSRT_CHECK(i >= 0, "object of class " + type->name + " has no attribute '" + name + "'");
  slots[i] = std::move(v);
}

ListPtr make_list(ir::TypePtr elem_type, std::vector<Value> items) {
  return std::make_shared<ListObj>(ListObj{std::move(elem_type), std::move(items)});
}

namespace {

// Item vectors of dead tuples, emptied but with their capacity, per thread: a forward returns
// a fresh tuple on every call, and its memory comes back here once the caller lets go.
constexpr size_t kSpareItemVectors = 64;

// Trivially destructible, so still readable while the thread's other thread_locals are
// destroyed (a tuple freed then must not touch the spares below, already gone).
bool& spares_closed() {
  static thread_local bool closed = false;
  return closed;
}

struct SpareItemVectors {
  std::vector<std::vector<Value>> vectors;
  ~SpareItemVectors() { spares_closed() = true; }
};

// This thread's spares, or null once the thread is exiting.
std::vector<std::vector<Value>>* spare_item_vectors() {
  if (spares_closed()) return nullptr;
  static thread_local SpareItemVectors spares;
  return &spares.vectors;
}

// Destroys a tuple made by make_tuple: its items vector is kept for the next tuple, the
// object and control block go back to the RecyclingAllocator.
struct TupleDeleter {
  void operator()(const TupleObj* tuple) const {
    auto* t = const_cast<TupleObj*>(tuple);
    std::vector<Value> items = std::move(t->items);
    t->~TupleObj();
    RecyclingAllocator<TupleObj>().deallocate(t, 1);
    items.clear();
    std::vector<std::vector<Value>>* spares = spare_item_vectors();
    if (spares != nullptr && items.capacity() > 0 && spares->size() < kSpareItemVectors) {
      spares->push_back(std::move(items));
    }
  }
};

}  // namespace

std::vector<Value> tuple_items_buffer() {
  std::vector<std::vector<Value>>* spares = spare_item_vectors();
  if (spares == nullptr || spares->empty()) return {};
  std::vector<Value> items = std::move(spares->back());
  spares->pop_back();
  return items;
}

TuplePtr make_tuple(std::vector<Value> items, ir::TypePtr type) {
  TupleObj* t = RecyclingAllocator<TupleObj>().allocate(1);
  new (t) TupleObj{std::move(items), std::move(type)};
  return TuplePtr(t, TupleDeleter(), RecyclingAllocator<TupleObj>());
}

}  // namespace tsrt
