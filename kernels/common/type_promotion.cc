#include "kernels/common/type_promotion.h"

namespace tsrt::kernels {

namespace {

// One priority class of torch's result-type state; `seen` is false until an operand arrives.
struct Slot {
  bool seen = false;
  DType dtype = DType::Bool;
  void add(DType d) {
    dtype = seen ? promote_types(dtype, d) : d;
    seen = true;
  }
};

// Merges a higher-priority class with a lower one: the lower class counts only if it is of a
// higher category (a float scalar lifts an integer tensor, an int scalar lifts a bool tensor).
Slot combine(const Slot& higher, const Slot& lower) {
  if (!higher.seen) return lower;
  if (!lower.seen || is_floating(higher.dtype)) return higher;
  if (higher.dtype == DType::Bool || is_floating(lower.dtype)) {
    Slot s = higher;
    s.add(lower.dtype);
    return s;
  }
  return higher;
}

}  // namespace

DType scalar_dtype(const Value& scalar) {
  if (scalar.is_bool()) return DType::Bool;
  if (scalar.is_int()) return DType::Int64;
  if (scalar.is_double()) return DType::Float64;
  throw Error(std::string("expected a number, got ") + scalar.tag_name());
}

DType value_dtype(const Value& v) { return v.is_tensor() ? v.to_tensor().dtype() : scalar_dtype(v); }

namespace {

DType result_type_of(const Value* const* operands, size_t count) {
  Slot dim_result, zero_dim_result, wrapped_result;
  for (size_t i = 0; i < count; ++i) {
    const Value* v = operands[i];
    if (v == nullptr || v->is_none()) continue;
    if (v->is_tensor()) {
      const Tensor& t = v->to_tensor();
      if (t.is_wrapped_number()) {
        wrapped_result.add(is_floating(t.dtype()) ? kDefaultFloat : t.dtype() == DType::Bool ? DType::Bool : DType::Int64);
      } else {
        (t.dim() > 0 ? dim_result : zero_dim_result).add(t.dtype());
      }
    } else {
      DType d = scalar_dtype(*v);
      // A Python float takes the default dtype, not float64. A bool given where torch expects
      // a Scalar reaches aten as an int (TorchScript refuses bools there), so it counts as int64.
      wrapped_result.add(is_floating(d) ? kDefaultFloat : DType::Int64);
    }
  }
  Slot s = combine(dim_result, combine(zero_dim_result, wrapped_result));
  TSRT_CHECK(s.seen, "result_type: no tensor or scalar operands");
  return s.dtype;
}

}  // namespace

DType result_type(const std::vector<const Value*>& operands) { return result_type_of(operands.data(), operands.size()); }

DType result_type(const Value& a, const Value& b) {
  const Value* operands[] = {&a, &b};  // no vector: binary ops ask on every call
  return result_type_of(operands, 2);
}

bool can_cast(DType from, DType to) {
  if (is_floating(from) && is_integral(to, true)) return false;
  if (from != DType::Bool && to == DType::Bool) return false;
  return true;
}

DType float_result(DType dtype) { return is_floating(dtype) ? dtype : kDefaultFloat; }

}  // namespace tsrt::kernels
