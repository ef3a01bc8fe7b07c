// TorchScript dict ops for every key type torch has overloads for (str, int, bool, float,
// Tensor). Dicts are shared, mutable and insertion-ordered (DictPtr); Tensor keys compare by
// identity, as in torch. Missing keys raise "KeyError: <key>" as Python does.
#include <string>

#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

DictPtr empty_like(const DictObj& like) {
  auto d = std::make_shared<DictObj>();
  d->key_type = like.key_type;
  d->value_type = like.value_type;
  return d;
}

DictPtr copy_of(const DictObj& src) {
  DictPtr d = empty_like(src);
  d->entries = src.entries;
  return d;
}

[[noreturn]] void key_error(const Value& key) {
  throw Error("KeyError: " + key.repr());
}

const Value& lookup(const DictObj& dict, const Value& key) {
  int64_t i = dict.find(key);
  if (i < 0) key_error(key);
  return dict.entries[static_cast<size_t>(i)].second;
}

ir::TypePtr entry_type(const DictObj& d) {
  if (!d.key_type || !d.value_type) return nullptr;
  return ir::Type::tuple({d.key_type, d.value_type});
}

Value remove_key(DictObj& dict, const Value& key, const Value* fallback) {
  int64_t i = dict.find(key);
  if (i < 0) {
    if (!fallback) key_error(key);
    return *fallback;
  }
  Value v = dict.entries[static_cast<size_t>(i)].second;
  dict.entries.erase(dict.entries.begin() + i);
  return v;
}

void register_key_type(Registry& r, const std::string& k) {
  const std::string dict = "Dict(" + k + ", t)";
  r.add("aten::__getitem__.Dict_" + k + "(" + dict + " self, " + k + " key) -> t(*)",
        [](const Args& a) { return lookup(*a[0].to_dict(), a[1]); });
  r.add_stack("aten::_set_item." + k + "(" + dict + "(a!) l, " + k + "(b -> *) idx, t(c -> *) v) -> ()",
              [](Stack& s) {
                s[s.size() - 3].to_dict()->insert_or_assign(s[s.size() - 2], s.back());
                s.resize(s.size() - 3);
              });
  r.add_stack("aten::Delete.Dict_" + k + "(" + dict + "(a!) self, " + k + " key) -> ()", [](Stack& s) {
    remove_key(*s[s.size() - 2].to_dict(), s.back(), nullptr);
    s.resize(s.size() - 2);
  });
  r.add("aten::get." + k + "(" + dict + " self, " + k + " key) -> t(*)?", [](const Args& a) {
    const DictObj& d = *a[0].to_dict();
    int64_t i = d.find(a[1]);
    return i < 0 ? Value() : d.entries[static_cast<size_t>(i)].second;
  });
  r.add("aten::get.default_" + k + "(" + dict + " self, " + k + " key, t default_value) -> t(*)",
        [](const Args& a) {
          const DictObj& d = *a[0].to_dict();
          int64_t i = d.find(a[1]);
          return i < 0 ? a[2] : d.entries[static_cast<size_t>(i)].second;
        });
  r.add("aten::keys." + k + "(" + dict + " self) -> " + k + "[](*)", [](const Args& a) {
    const DictObj& d = *a[0].to_dict();
    std::vector<Value> keys;
    for (const auto& e : d.entries) keys.push_back(e.first);
    return Value(make_list(d.key_type, std::move(keys)));
  });
  r.add("aten::values." + k + "(" + dict + " self) -> t[](*)", [](const Args& a) {
    const DictObj& d = *a[0].to_dict();
    std::vector<Value> values;
    for (const auto& e : d.entries) values.push_back(e.second);
    return Value(make_list(d.value_type, std::move(values)));
  });
  r.add("aten::items." + k + "(" + dict + " self) -> ((" + k + ", t)[])", [](const Args& a) {
    const DictObj& d = *a[0].to_dict();
    std::vector<Value> items;
    for (const auto& e : d.entries) items.emplace_back(make_tuple({e.first, e.second}));
    return Value(make_list(entry_type(d), std::move(items)));
  });
  r.add("aten::len.Dict_" + k + "(" + dict + " self) -> int",
        [](const Args& a) { return Value(static_cast<int64_t>(a[0].to_dict()->entries.size())); });
  r.add("aten::__contains__." + k + "(" + dict + " dict, " + k + " key) -> bool",
        [](const Args& a) { return Value(a[0].to_dict()->find(a[1]) >= 0); });
  r.add("aten::pop.Dict_" + k + "(" + dict + "(a!) self, " + k + " key) -> t(*)",
        [](const Args& a) { return remove_key(*a[0].to_dict(), a[1], nullptr); });
  r.add("aten::pop.Dict_default_" + k + "(" + dict + "(a!) self, " + k + " key, t default_value) -> t(*)",
        [](const Args& a) { return remove_key(*a[0].to_dict(), a[1], &a[2]); });
  r.add("aten::popitem." + k + "(" + dict + "(a!) self) -> ((" + k + ", t))", [](const Args& a) {
    DictObj& d = *a[0].to_dict();
    TSRT_CHECK(!d.entries.empty(), "KeyError: popitem(): dictionary is empty");
    // torch pops the oldest entry (Python pops the newest).
    auto first = d.entries.front();
    d.entries.erase(d.entries.begin());
    return Value(make_tuple({first.first, first.second}));
  });
  r.add_stack("aten::clear." + k + "(" + dict + "(a!) self) -> ()", [](Stack& s) {
    s.back().to_dict()->entries.clear();
    s.pop_back();
  });
  r.add("aten::setdefault." + k + "(" + dict + "(a!) self, " + k + "(b -> *) key, t(c -> *) default_value) -> t(*)",
        [](const Args& a) {
          DictObj& d = *a[0].to_dict();
          int64_t i = d.find(a[1]);
          if (i >= 0) return d.entries[static_cast<size_t>(i)].second;
          d.entries.emplace_back(a[1], a[2]);
          return a[2];
        });
  r.add_stack("aten::update." + k + "(" + dict + "(a!) self, " + dict + "(a!) to_add) -> ()", [](Stack& s) {
    DictObj& d = *s[s.size() - 2].to_dict();
    auto added = s.back().to_dict()->entries;  // a copy: d.update(d) must not iterate a changing list
    for (auto& [key, value] : added) d.insert_or_assign(key, value);
    s.resize(s.size() - 2);
  });
  auto copy = [](const Args& a) { return Value(copy_of(*a[0].to_dict())); };
  r.add("aten::copy.Dict_" + k + "(" + dict + "(a) self) -> " + dict, copy);
  r.add("aten::dict.Dict_" + k + "(" + dict + "(a) self) -> " + dict, copy);
  r.add("aten::dict." + k + "((" + k + ", tVal)[] inputs) -> Dict(" + k + ", tVal)", [k](const Args& a) {
    auto d = std::make_shared<DictObj>();
    d->key_type = ir::parse_type(k);
    const ListPtr& pairs = a[0].to_list();
    if (pairs->elem_type && pairs->elem_type->kind == ir::TypeKind::Tuple &&
        pairs->elem_type->contained.size() == 2) {
      d->value_type = pairs->elem_type->contained[1];
    }
    for (const Value& pair : pairs->items) {
      const auto& kv = pair.to_tuple()->items;
      TSRT_CHECK(kv.size() == 2, "dict(): each item must be a (key, value) pair, got " + pair.repr());
      d->insert_or_assign(kv[0], kv[1]);
    }
    return Value(d);
  });
}

}  // namespace

TSRT_REGISTER_KERNELS(dict_ops) {
  for (const char* key_type : {"str", "int", "bool", "float", "Tensor"}) register_key_type(r, key_type);
  r.add("aten::dict() -> Dict(str, Tensor)", [](const Args&) {
    auto d = std::make_shared<DictObj>();
    d->key_type = ir::Type::get(ir::TypeKind::Str);
    d->value_type = ir::Type::get(ir::TypeKind::Tensor);
    return Value(d);
  });
}

}  // namespace tsrt::kernels
