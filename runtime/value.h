// tsrt::Value: what flows along the edges of a graph at run time (like torch's IValue).
// Lists, dicts and objects have reference semantics (TorchScript mutates them in place);
// tuples are immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ir/type.h"
#include "runtime/error.h"
#include "runtime/tensor.h"

namespace tsrt {

class Value;
struct ListObj;
struct TupleObj;
struct DictObj;
struct Object;
using ListPtr = std::shared_ptr<ListObj>;
using TuplePtr = std::shared_ptr<const TupleObj>;
using DictPtr = std::shared_ptr<DictObj>;
using ObjectPtr = std::shared_ptr<Object>;

struct Device {
  std::string name;  // "cpu"; tensors saved on "cuda:N" are mapped to cpu at load
  bool operator==(const Device& o) const { return name == o.name; }
};

class Value {
 public:
  enum class Tag : uint8_t { None, Tensor, Int, Double, Bool, String, Device, List, Tuple, Dict, Object };

  Value() = default;  // None
  Value(Tensor t) : v_(std::move(t)) {}
  Value(int64_t i) : v_(i) {}
  Value(int i) : v_(static_cast<int64_t>(i)) {}
  Value(double d) : v_(d) {}
  Value(bool b) : v_(b) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(Device d) : v_(std::move(d)) {}
  Value(ListPtr l) : v_(std::move(l)) {}
  Value(TuplePtr t) : v_(std::move(t)) {}
  Value(DictPtr d) : v_(std::move(d)) {}
  Value(ObjectPtr o) : v_(std::move(o)) {}

  Tag tag() const { return static_cast<Tag>(v_.index()); }
  bool is_none() const { return tag() == Tag::None; }
  bool is_tensor() const { return tag() == Tag::Tensor; }
  bool is_int() const { return tag() == Tag::Int; }
  bool is_double() const { return tag() == Tag::Double; }
  bool is_bool() const { return tag() == Tag::Bool; }
  bool is_string() const { return tag() == Tag::String; }
  bool is_device() const { return tag() == Tag::Device; }
  bool is_list() const { return tag() == Tag::List; }
  bool is_tuple() const { return tag() == Tag::Tuple; }
  bool is_dict() const { return tag() == Tag::Dict; }
  bool is_object() const { return tag() == Tag::Object; }
  bool is_number() const { return is_int() || is_double() || is_bool(); }

  // Accessors throw tsrt::Error naming the expected and actual kind on a mismatch.
  const Tensor& to_tensor() const;
  int64_t to_int() const;     // also accepts bool
  double to_double() const;   // accepts int and bool too (Scalar semantics)
  bool to_bool() const;
  const std::string& to_string() const;
  const Device& to_device() const;
  const ListPtr& to_list() const;
  const TuplePtr& to_tuple() const;
  const DictPtr& to_dict() const;
  const ObjectPtr& to_object() const;

  const char* tag_name() const;
  // Short human-readable form for errors and the CLI: "Tensor[2, 3] float32", "3", "[1, 2]".
  std::string repr() const;

 private:
  std::variant<std::monostate, Tensor, int64_t, double, bool, std::string, Device, ListPtr,
               TuplePtr, DictPtr, ObjectPtr>
      v_;
};

struct ListObj {
  ir::TypePtr elem_type;
  std::vector<Value> items;
};

struct TupleObj {
  std::vector<Value> items;
  ir::TypePtr type;  // set for named tuples, else may be null
};

// Insertion-ordered, as TorchScript dicts are. Keys are str, int, float, bool or Tensor (identity).
struct DictObj {
  ir::TypePtr key_type;
  ir::TypePtr value_type;
  std::vector<std::pair<Value, Value>> entries;

  // Index of `key` in entries, or -1.
  int64_t find(const Value& key) const;
  void insert_or_assign(Value key, Value value);
};

struct Object {
  ir::ClassTypePtr type;
  std::vector<Value> slots;  // one per ClassType attribute

  const Value& attr(const std::string& name) const;
  void set_attr(const std::string& name, Value v);
};

// Equality as TorchScript's `==` on non-tensor values (used for dict keys and `in`).
bool values_equal(const Value& a, const Value& b);

ListPtr make_list(ir::TypePtr elem_type, std::vector<Value> items = {});
// A tuple (named when `type` is a NamedTuple class). Its memory is recycled on the thread that
// frees it, so building one per call costs no allocation in the steady state; fill `items`
// from tuple_items_buffer() for that.
TuplePtr make_tuple(std::vector<Value> items, ir::TypePtr type = nullptr);
// An empty vector, with the capacity a freed tuple left behind when there is one.
std::vector<Value> tuple_items_buffer();

}  // namespace tsrt
