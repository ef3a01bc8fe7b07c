// TorchScript list ops. Lists are shared and mutable (ListPtr): append/insert/sort/... change the
// list every alias sees, while slice/add/copy/sorted build a new list. Indexing, slicing and
// error messages follow Python's list semantics, as TorchScript's do.
#include <algorithm>
#include <cmath>
#include <string>

#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// A new list with the same element type as `like`.
ListPtr list_like(const ListPtr& like, std::vector<Value> items = {}) {
  return make_list(like->elem_type, std::move(items));
}

// Python's index normalisation: negative counts from the end; out of range is an error.
size_t checked_index(int64_t index, size_t size, const char* what) {
  int64_t n = static_cast<int64_t>(size);
  int64_t i = index < 0 ? index + n : index;
  TSRT_CHECK(i >= 0 && i < n, std::string(what) + " index out of range (index " + std::to_string(index) +
                             ", size " + std::to_string(size) + ")");
  return static_cast<size_t>(i);
}

// Python's ordering on the element kinds TorchScript sorts: numbers, bools, strings, and
// tuples/lists of them (lexicographically).
bool less_than(const Value& a, const Value& b) {
  if (a.is_string() && b.is_string()) return a.to_string() < b.to_string();
  if ((a.is_tuple() || a.is_list()) && (b.is_tuple() || b.is_list())) {
    const auto& xs = a.is_tuple() ? a.to_tuple()->items : a.to_list()->items;
    const auto& ys = b.is_tuple() ? b.to_tuple()->items : b.to_list()->items;
    for (size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
      if (less_than(xs[i], ys[i])) return true;
      if (less_than(ys[i], xs[i])) return false;
    }
    return xs.size() < ys.size();
  }
  TSRT_CHECK(a.is_number() && b.is_number(),
        std::string("cannot order ") + a.tag_name() + " and " + b.tag_name() + " list elements");
  if (a.is_double() || b.is_double()) return a.to_double() < b.to_double();
  return a.to_int() < b.to_int();
}

Value min_or_max(const std::vector<Value>& items, bool want_max, const char* op) {
  TSRT_CHECK(!items.empty(), std::string(op) + "() arg is an empty sequence");
  const Value* best = &items[0];
  for (const Value& v : items) {
    if (v.is_double() && std::isnan(v.to_double())) return v;
    if (want_max ? less_than(*best, v) : less_than(v, *best)) best = &v;
  }
  return *best;
}

// prim::min/max of two lists: the lexicographically smaller (larger) list itself.
Value pick_list(const ListPtr& l, const ListPtr& r, bool want_max) {
  size_t n = std::min(l->items.size(), r->items.size());
  for (size_t i = 0; i < n; ++i) {
    if (values_equal(l->items[i], r->items[i])) continue;
    bool l_less = less_than(l->items[i], r->items[i]);
    return Value(l_less != want_max ? l : r);
  }
  bool l_shorter = l->items.size() < r->items.size();
  return Value(l_shorter != want_max ? l : r);
}

// Python slice bounds for a sequence of `size` (start/end None -> ends depending on step sign).
std::vector<size_t> slice_positions(const Value& start_v, const Value& end_v, int64_t step, size_t size) {
  TSRT_CHECK(step != 0, "slice step cannot be zero");
  int64_t n = static_cast<int64_t>(size);
  auto clamp = [&](const Value& v, int64_t dflt) {
    if (v.is_none()) return dflt;
    int64_t i = v.to_int();
    if (i < 0) i += n;
    if (step > 0) return std::clamp<int64_t>(i, 0, n);
    return std::clamp<int64_t>(i, -1, n - 1);
  };
  int64_t start = clamp(start_v, step > 0 ? 0 : n - 1);
  int64_t end = clamp(end_v, step > 0 ? n : -1);
  std::vector<size_t> out;
  for (int64_t i = start; step > 0 ? i < end : i > end; i += step) out.push_back(static_cast<size_t>(i));
  return out;
}

// `x == el` as count/index/remove/`in` test it: for tensors TorchScript takes the truth of the
// elementwise ==, which needs one element each.
bool element_equals(const Value& x, const Value& el) {
  if (!(x.is_tensor() && el.is_tensor())) return values_equal(x, el);
  const Tensor& a = x.to_tensor();
  const Tensor& b = el.to_tensor();
  TSRT_CHECK(a.numel() == 1 && b.numel() == 1, "Boolean value of Tensor with more than one value is ambiguous");
  return a.item_double() == b.item_double();
}

int64_t count_of(const std::vector<Value>& items, const Value& el) {
  return std::count_if(items.begin(), items.end(), [&](const Value& v) { return element_equals(v, el); });
}

bool lists_equal(const Args& a) { return values_equal(a[0], a[1]); }

}  // namespace

// Shared with string_ops.cc (str slicing follows the same Python rules).
std::vector<size_t> python_slice_positions(const Value& start, const Value& end, int64_t step, size_t size);
std::vector<size_t> python_slice_positions(const Value& start, const Value& end, int64_t step, size_t size) {
  return slice_positions(start, end, step, size);
}

TSRT_REGISTER_KERNELS(list_ops) {
  auto length = [](const Args& a) { return Value(static_cast<int64_t>(a[0].to_list()->items.size())); };
  r.add("aten::len.t(t[] a) -> int", length);
  r.add("aten::len.any(Any[] a) -> int", length);
  r.add("aten::len.Tensor(Tensor t) -> int", [](const Args& a) {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.dim() > 0, "len() of a 0-d tensor");
    return Value(t.size(0));
  });

  r.add("aten::__getitem__.t(t[](a) list, int idx) -> t(*)", [](const Args& a) {
    const auto& items = a[0].to_list()->items;
    return items[checked_index(a.to_int(1), items.size(), "list")];
  });
  r.add("aten::select.t(t[](a) list, int idx) -> t(*)", [](const Args& a) {
    const auto& items = a[0].to_list()->items;
    return items[checked_index(a.to_int(1), items.size(), "list")];
  });
  r.add_stack("aten::Delete.t(t[](a!) self, int idx) -> ()", [](Stack& s) {
    auto& items = s[s.size() - 2].to_list()->items;
    size_t i = checked_index(s.back().to_int(), items.size(), "list assignment");
    items.erase(items.begin() + static_cast<int64_t>(i));
    s.resize(s.size() - 2);
  });
  r.add("aten::_set_item.t(t[](a!) l, int idx, t(b -> *) el) -> t[](a!)", [](const Args& a) {
    const ListPtr& list = a[0].to_list();
    list->items[checked_index(a.to_int(1), list->items.size(), "list assignment")] = a[2];
    return Value(list);
  });
  r.add("aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)", [](const Args& a) {
    const ListPtr& list = a[0].to_list();
    list->items.push_back(a[1]);
    return Value(list);
  });
  r.add_stack("aten::extend.t(t[](a!) self, t[] other) -> ()", [](Stack& s) {
    // Copy first: `l.extend(l)` must append the list's original items once.
    std::vector<Value> other = s.back().to_list()->items;
    const ListPtr& list = s[s.size() - 2].to_list();
    list->items.insert(list->items.end(), other.begin(), other.end());
    s.resize(s.size() - 2);
  });
  r.add_stack("aten::insert.t(t[](a!) self, int idx, t(b -> *) el) -> ()", [](Stack& s) {
    const ListPtr& list = s[s.size() - 3].to_list();
    int64_t n = static_cast<int64_t>(list->items.size());
    int64_t idx = s[s.size() - 2].to_int();
    idx = std::clamp<int64_t>(idx < 0 ? idx + n : idx, 0, n);
    list->items.insert(list->items.begin() + idx, s.back());
    s.resize(s.size() - 3);
  });
  r.add("aten::pop.t(t[](a!) self, int idx=-1) -> t(*)", [](const Args& a) {
    const ListPtr& list = a[0].to_list();
    TSRT_CHECK(!list->items.empty(), "pop from empty list");
    size_t i = checked_index(a.to_int(1), list->items.size(), "pop");
    Value v = list->items[i];
    list->items.erase(list->items.begin() + static_cast<int64_t>(i));
    return v;
  });
  r.add_stack("aten::clear.t(t[](a!) self) -> ()", [](Stack& s) {
    s.back().to_list()->items.clear();
    s.pop_back();
  });
  r.add_stack("aten::reverse.t(t[](a!) self) -> ()", [](Stack& s) {
    auto& items = s.back().to_list()->items;
    std::reverse(items.begin(), items.end());
    s.pop_back();
  });
  for (const char* elem : {"int", "float", "bool", "str", "Tensor"}) {
    std::string t = elem;
    r.add_stack("aten::remove." + t + "(" + t + "[](a!) self, " + t + " el) -> ()", [](Stack& s) {
      auto& items = s[s.size() - 2].to_list()->items;
      const Value& el = s.back();
      auto it = std::find_if(items.begin(), items.end(), [&](const Value& v) { return element_equals(v, el); });
      TSRT_CHECK(it != items.end(), "list.remove(x): x not in list");
      items.erase(it);
      s.resize(s.size() - 2);
    });
    r.add("aten::count." + t + "(" + t + "[] self, " + t + " el) -> int",
          [](const Args& a) { return Value(count_of(a[0].to_list()->items, a[1])); });
    r.add("aten::index.list_" + t + "(" + t + "[] self, " + t + " el) -> int", [](const Args& a) {
      const auto& items = a[0].to_list()->items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (element_equals(items[i], a[1])) return Value(static_cast<int64_t>(i));
      }
      throw Error(a[1].repr() + " is not in list");
    });
  }
  for (const char* elem : {"int", "float", "bool", "str"}) {
    std::string t = elem;
    r.add("aten::eq." + t + "_list(" + t + "[] a, " + t + "[] b) -> bool",
          [](const Args& a) { return Value(lists_equal(a)); });
    r.add("aten::ne." + t + "_list(" + t + "[] a, " + t + "[] b) -> bool",
          [](const Args& a) { return Value(!lists_equal(a)); });
  }
  // sort.any/sorted.any: lists of tuples (or lists) compared lexicographically.
  for (const char* elem : {"int", "float", "bool", "str", "any"}) {
    std::string t = elem, list_type = t == "any" ? "t[]" : t + "[]", ret = t == "any" ? "t[]" : t + "[]";
    r.add_stack("aten::sort." + t + "(" + list_type + "(a!) self, bool reverse=False) -> ()", [](Stack& s) {
      bool reverse = s.back().to_bool();
      auto& items = s[s.size() - 2].to_list()->items;
      // Python's sort is stable, and reverse=True keeps equal elements in their order too.
      std::stable_sort(items.begin(), items.end(), [reverse](const Value& x, const Value& y) {
        return reverse ? less_than(y, x) : less_than(x, y);
      });
      s.resize(s.size() - 2);
    });
    std::string arg = t == "any" ? "self" : "input";
    r.add("aten::sorted." + t + "(" + list_type + "(a) " + arg + ") -> " + ret, [](const Args& a) {
      ListPtr out = list_like(a[0].to_list(), a[0].to_list()->items);
      std::stable_sort(out->items.begin(), out->items.end(), less_than);
      return Value(out);
    });
  }
  for (const char* elem : {"int", "float", "str"}) {
    std::string t = elem;
    r.add("aten::__contains__." + t + "_list(" + t + "[] l, " + t + " item) -> bool",
          [](const Args& a) { return Value(count_of(a[0].to_list()->items, a[1]) > 0); });
  }

  r.add("aten::slice.t(t[] l, int? start=None, int? end=None, int step=1) -> t[]", [](const Args& a) {
    const ListPtr& list = a[0].to_list();
    std::vector<Value> out;
    for (size_t i : slice_positions(a[1], a[2], a.to_int(3), list->items.size())) out.push_back(list->items[i]);
    return Value(list_like(list, std::move(out)));
  });
  r.add("aten::add.t(t[] a, t[] b) -> t[]", [](const Args& a) {
    std::vector<Value> out = a[0].to_list()->items;
    const auto& tail = a[1].to_list()->items;
    out.insert(out.end(), tail.begin(), tail.end());
    return Value(list_like(a[0].to_list(), std::move(out)));
  });
  auto repeat = [](const ListPtr& list, int64_t times) {
    std::vector<Value> out;
    for (int64_t i = 0; i < times; ++i) out.insert(out.end(), list->items.begin(), list->items.end());
    return Value(list_like(list, std::move(out)));
  };
  r.add("aten::mul.left_t(t[] l, int n) -> t[]",
        [repeat](const Args& a) { return repeat(a[0].to_list(), a.to_int(1)); });
  r.add("aten::mul.right_(int n, t[] l) -> t[]",
        [repeat](const Args& a) { return repeat(a[1].to_list(), a.to_int(0)); });
  r.add("aten::add_.t(t[](a!) self, t[] b) -> t[]", [](const Args& a) {
    const ListPtr& list = a[0].to_list();
    std::vector<Value> tail = a[1].to_list()->items;  // a copy: `l += l` is allowed
    list->items.insert(list->items.end(), tail.begin(), tail.end());
    return Value(list);
  });
  r.add("aten::mul_.t(t[](a!) l, int n) -> t[](a!)", [](const Args& a) {
    const ListPtr& list = a[0].to_list();
    std::vector<Value> once = list->items;
    list->items.clear();
    for (int64_t i = 0; i < a.to_int(1); ++i) list->items.insert(list->items.end(), once.begin(), once.end());
    return Value(list);
  });
  r.add("prim::rangelist(int n) -> int[]", [](const Args& a) {
    std::vector<Value> items;
    for (int64_t i = 0; i < a.to_int(0); ++i) items.emplace_back(i);
    return Value(make_list(ir::Type::get(ir::TypeKind::Int), std::move(items)));
  });
  auto copy = [](const Args& a) { return Value(list_like(a[0].to_list(), a[0].to_list()->items)); };
  r.add("aten::list.t(t[] l) -> t[]", copy);
  r.add("aten::copy.t(t[](a) self) -> t[]", copy);

  r.add("aten::sum.int(int[] self) -> int", [](const Args& a) {
    int64_t total = 0;
    for (const Value& v : a[0].to_list()->items) total += v.to_int();
    return Value(total);
  });
  r.add("aten::sum.bool(bool[] self) -> int", [](const Args& a) {
    int64_t total = 0;
    for (const Value& v : a[0].to_list()->items) total += v.to_int();
    return Value(total);
  });
  r.add("aten::sum.float(float[] self) -> float", [](const Args& a) {
    double total = 0;
    for (const Value& v : a[0].to_list()->items) total += v.to_double();
    return Value(total);
  });
  auto truthy = [](const Value& v) {
    if (v.is_string()) return !v.to_string().empty();
    return v.is_double() ? v.to_double() != 0.0 : v.to_int() != 0;
  };
  for (const char* elem : {"int", "float", "bool", "str"}) {
    std::string t = elem;
    r.add("aten::any." + t + "(" + t + "[] self) -> bool", [truthy](const Args& a) {
      const auto& items = a[0].to_list()->items;
      return Value(std::any_of(items.begin(), items.end(), truthy));
    });
    if (t == "str") continue;  // torch has no all.str
    r.add("aten::all." + t + "(" + t + "[] self) -> bool", [truthy](const Args& a) {
      const auto& items = a[0].to_list()->items;
      return Value(std::all_of(items.begin(), items.end(), truthy));
    });
  }

  for (bool want_max : {false, true}) {
    std::string name = want_max ? "prim::max" : "prim::min";
    for (const char* elem : {"int", "float", "bool"}) {
      std::string t = elem;
      r.add(name + "." + t + "_list(" + t + "[] l, " + t + "[] r) -> " + t + "[]", [want_max](const Args& a) {
        return pick_list(a[0].to_list(), a[1].to_list(), want_max);
      });
      r.add(name + ".self_" + t + "(" + t + "[] self) -> " + t, [want_max](const Args& a) {
        return min_or_max(a[0].to_list()->items, want_max, want_max ? "max" : "min");
      });
    }
  }
}

}  // namespace tsrt::kernels
