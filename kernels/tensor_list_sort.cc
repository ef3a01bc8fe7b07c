// Sorting a List[Tensor] (`tensors.sort()`, `sorted(tensors)`): torch's list sort compares two
// tensors with `a < b` made a bool, so each must hold one element ("Boolean value of Tensor with
// more than one value is ambiguous" otherwise). torch 1.13 resolves these to aten::sort.Tensor and
// aten::sorted.Tensor (the list overloads), before sort.any.
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// a < b for one-element tensors, compared exactly for integers.
bool tensor_less(const Value& x, const Value& y) {
  const Tensor& a = x.to_tensor();
  const Tensor& b = y.to_tensor();
  TSRT_CHECK(a.numel() == 1 && b.numel() == 1, "aten::sort.Tensor: Boolean value of Tensor with more than one "
                                               "value is ambiguous (comparing " + a.shape_string() + " and " +
                                               b.shape_string() + ")");
  if (!is_floating(a.dtype()) && !is_floating(b.dtype())) return a.item_int() < b.item_int();
  return a.item_double() < b.item_double();
}

void sort_tensors(std::vector<Value>& items, bool reverse) {
  std::stable_sort(items.begin(), items.end(), [reverse](const Value& x, const Value& y) {
    return reverse ? tensor_less(y, x) : tensor_less(x, y);
  });
}

}  // namespace

TSRT_REGISTER_KERNELS(tensor_list_sort) {
  r.add_stack("aten::sort.Tensor(Tensor[](a!) self, bool reverse=False) -> ()", [](Stack& s) {
    bool reverse = s.back().to_bool();
    sort_tensors(s[s.size() - 2].to_list()->items, reverse);
    s.resize(s.size() - 2);
  });
  r.add("aten::sorted.Tensor(Tensor[](a) input) -> Tensor[]", [](const Args& a) -> Value {
    const ListPtr& in = a[0].to_list();
    ListPtr out = make_list(in->elem_type, in->items);
    sort_tensors(out->items, false);
    return Value(out);
  });
}

}  // namespace tsrt::kernels
