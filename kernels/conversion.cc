// dtype/device conversion (aten::to and friends) and tensor <-> Python number conversion.
// As in torch, `to` returns the input itself when nothing changes and copy=False.
#include <optional>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/common/device_arg.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

Tensor convert(const Tensor& self, std::optional<int64_t> dtype_code, bool copy) {
  DType dtype = dtype_code ? dtype_from_scalar_type(*dtype_code) : self.dtype();
  if (dtype == self.dtype()) return copy ? self.clone() : self;
  return self.to(dtype);
}

// A Python number from a one-element tensor: bool, int or float by its dtype (torch's Scalar).
Value scalar_of(const Tensor& t, const char* op) {
  TSRT_CHECK(t.numel() == 1,
        std::string(op) + ": a Tensor with " + std::to_string(t.numel()) + " elements cannot be converted to Scalar");
  if (t.dtype() == DType::Bool) return t.item_bool();
  if (is_integral(t.dtype(), false)) return t.item_int();
  return t.item_double();
}

// prim::tolist element type codes, as the TorchScript compiler emits them.
enum class ListElem : int64_t { Int = 0, Float = 1, Bool = 2 };

// Nested lists over dims [dim, rank) of the contiguous tensor `t`, starting at element `offset`.
Value nested_list(const Tensor& t, int64_t dim, int64_t offset, ListElem elem) {
  if (dim == t.dim()) {
    if (elem == ListElem::Int) return Value(t.data<int64_t>()[offset]);
    if (elem == ListElem::Bool) return Value(t.data<bool>()[offset]);
    return Value(t.data<double>()[offset]);
  }
  ir::TypePtr item_type = ir::Type::get(elem == ListElem::Int    ? ir::TypeKind::Int
                                        : elem == ListElem::Bool ? ir::TypeKind::Bool
                                                                 : ir::TypeKind::Float);
  for (int64_t d = dim + 1; d < t.dim(); ++d) item_type = ir::Type::list(item_type);
  std::vector<Value> items;
  for (int64_t i = 0; i < t.sizes()[dim]; ++i) {
    items.push_back(nested_list(t, dim + 1, offset + i * t.strides()[dim], elem));
  }
  return Value(make_list(item_type, std::move(items)));
}

// prim::tolist(Tensor self, int dim, int elem_type) -> (nested) list or number. As for every
// vararg op, the argument count is pushed last.
void tolist(Stack& stack) {
  TSRT_CHECK(!stack.empty() && stack.back().is_int(), "prim::tolist: missing argument count");
  int64_t count = stack.back().to_int();
  TSRT_CHECK(count == 3 && stack.size() >= 4,
        "prim::tolist expects (tensor, dim, elem_type), got " + std::to_string(count) + " arguments");
  const Value* args = stack.data() + stack.size() - 4;
  const Tensor& t = args[0].to_tensor();
  int64_t rank = args[1].to_int();
  int64_t code = args[2].to_int();
  TSRT_CHECK(code >= 0 && code <= 2, "prim::tolist: unknown element type code " + std::to_string(code));
  ListElem elem = static_cast<ListElem>(code);
  TSRT_CHECK(rank == t.dim(),
        "Output annotation list dimension and runtime tensor dimension must match for tolist() "
        "(annotation has " +
            std::to_string(rank) + " dims, tensor " + t.shape_string() + ")");
  bool dtype_matches = elem == ListElem::Int     ? t.dtype() == DType::Int64
                       : elem == ListElem::Float ? is_floating(t.dtype())
                                                 : t.dtype() == DType::Bool;
  TSRT_CHECK(dtype_matches, std::string("Output annotation element type and runtime tensor element type must match for "
                                   "tolist() (tensor is ") +
                           dtype_name(t.dtype()) + ")");
  // Python floats are doubles; ints and bools are read as they are.
  Tensor values = elem == ListElem::Float ? t.to(DType::Float64) : t.contiguous();
  Value result = nested_list(values, 0, 0, elem);
  stack.resize(stack.size() - 4);
  stack.push_back(std::move(result));
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// aten::to / type_as: the dtype asked for (or other's); a memory format makes the layout unknown.
ir::TensorFacts to_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  const ir::Value* dtype = c.arg("dtype");
  const ir::Value* other = c.kind() == "aten::type_as" ? c.input(1) : c.arg("other");
  const ir::Value* format = c.arg("memory_format");
  if (other) {
    in.dtype = c.tensor(other).dtype;
  } else if (!c.is_none(dtype)) {
    in.dtype = c.dtype_value(dtype);
  }
  if (!c.is_none(format)) in.contiguous = false;
  return in;
}

std::optional<int64_t> int_of_input(const ir::ShapeContext& c) {
  return c.num_inputs() == 1 ? c.int_value(c.input(0)) : std::nullopt;
}

}  // namespace

TSRT_REGISTER_KERNELS(conversion) {
  r.add_stack("prim::tolist(...) -> ...", tolist);
  r.add(
      "aten::to.dtype(Tensor(a) self, ScalarType dtype, bool non_blocking=False, bool copy=False, MemoryFormat? "
      "memory_format=None) -> Tensor(a)",
      [](const Args& a) -> Value { return convert(a.tensor(0), a.to_int(1), a.to_bool(3)); });
  r.add(
      "aten::to.device(Tensor(a) self, Device device, ScalarType dtype, bool non_blocking=False, bool copy=False, "
      "MemoryFormat? memory_format=None) -> Tensor(a)",
      [](const Args& a) -> Value {
        check_device(a[1], "to");
        return convert(a.tensor(0), a.to_int(2), a.to_bool(4));
      });
  r.add(
      "aten::to.other(Tensor(a) self, Tensor other, bool non_blocking=False, bool copy=False, MemoryFormat? "
      "memory_format=None) -> Tensor(a)",
      [](const Args& a) -> Value {
        return convert(a.tensor(0), static_cast<int64_t>(a.tensor(1).dtype()), a.to_bool(3));
      });
  r.add(
      "aten::to.dtype_layout(Tensor(a) self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
      "bool? pin_memory=None, bool non_blocking=False, bool copy=False, MemoryFormat? memory_format=None) -> Tensor(a)",
      [](const Args& a) -> Value {
        check_device(a[3], "to");
        return convert(a.tensor(0), a.optional_int(1), a.to_bool(6));
      });
  r.add(
      "aten::to.prim_Device(Tensor(a) self, Device? device, int? dtype=None, bool non_blocking=False, bool copy=False) "
      "-> Tensor(b|a)",
      [](const Args& a) -> Value {
        check_device(a[1], "to");
        return convert(a.tensor(0), a.optional_int(2), a.to_bool(4));
      });
  r.add("aten::to.prim_dtype(Tensor(a) self, int? dtype=None, bool non_blocking=False, bool copy=False) -> Tensor(b|a)",
        [](const Args& a) -> Value { return convert(a.tensor(0), a.optional_int(1), a.to_bool(3)); });
  r.add("aten::to.prim_other(Tensor(a) self, bool non_blocking=False, bool copy=False) -> Tensor(b|a)",
        [](const Args& a) -> Value { return convert(a.tensor(0), std::nullopt, a.to_bool(2)); });
  r.add("aten::type_as(Tensor self, Tensor other) -> Tensor",
        [](const Args& a) -> Value { return convert(a.tensor(0), static_cast<int64_t>(a.tensor(1).dtype()), false); });
  r.add("aten::_cast_Float(Tensor self, bool non_blocking=False) -> Tensor",
        [](const Args& a) -> Value { return convert(a.tensor(0), static_cast<int64_t>(DType::Float32), false); });
  r.add("aten::_cast_Long(Tensor self, bool non_blocking=False) -> Tensor",
        [](const Args& a) -> Value { return convert(a.tensor(0), static_cast<int64_t>(DType::Int64), false); });

  r.add("aten::Int.Tensor(Tensor a) -> int", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.numel() == 1, "Int(): a Tensor with " + std::to_string(t.numel()) + " elements cannot be converted to int");
    return t.item_int();
  });
  r.add("aten::Float.Tensor(Tensor a) -> float", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.numel() == 1,
          "Float(): a Tensor with " + std::to_string(t.numel()) + " elements cannot be converted to float");
    return t.item_double();
  });
  r.add("aten::Bool.Tensor(Tensor a) -> bool", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.numel() == 1, "Boolean value of Tensor with " + std::to_string(t.numel()) + " values is ambiguous");
    return t.item_bool();
  });
  r.add("aten::is_nonzero(Tensor self) -> bool", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.numel() != 0, "Boolean value of Tensor with no values is ambiguous");
    TSRT_CHECK(t.numel() == 1, "Boolean value of Tensor with more than one value is ambiguous");
    return t.item_bool();
  });
  r.add("aten::ScalarImplicit(Tensor a) -> Scalar", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.dim() == 0, "ScalarImplicit: expected a 0-dim tensor, got shape " + t.shape_string());
    return scalar_of(t, "ScalarImplicit");
  });
  // The implicit conversions of a tensor passed where TorchScript expects a number.
  r.add("aten::IntImplicit(Tensor a) -> int", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.dim() == 0, "IntImplicit: Cannot input a tensor of dimension other than 0 as a scalar argument (got " +
                            t.shape_string() + ")");
    TSRT_CHECK(is_integral(t.dtype(), true), std::string("IntImplicit: Cannot input a tensor of type ") +
                                            dtype_name(t.dtype()) + " as an integral argument");
    return t.item_int();
  });
  r.add("aten::FloatImplicit(Tensor a) -> float", [](const Args& a) -> Value {
    const Tensor& t = a.tensor(0);
    TSRT_CHECK(t.dim() == 0, "FloatImplicit: Cannot input a tensor of dimension other than 0 as a scalar argument (got " +
                            t.shape_string() + ")");
    return t.item_double();
  });
  r.add("aten::item(Tensor self) -> Scalar", [](const Args& a) -> Value { return scalar_of(a.tensor(0), "item"); });
  // int -> int64, float -> float64 (not the default dtype): TorchScript's number semantics.
  r.add("prim::NumToTensor.Scalar(Scalar a) -> Tensor", [](const Args& a) -> Value {
    const Value& v = a[0];
    Tensor t = v.is_bool()  ? Tensor::scalar_bool(v.to_bool())
               : v.is_int() ? Tensor::scalar_int(v.to_int(), DType::Int64)
                            : Tensor::scalar_double(a.to_double(0), DType::Float64);
    t.set_wrapped_number(true);
    return t;
  });
  r.add("prim::NumToTensor.bool(bool a) -> Tensor",
        [](const Args& a) -> Value { return Tensor::scalar_bool(a.to_bool(0)); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::to", "aten::type_as"}).shape(ir::one_output(to_shape));
  r.ops({"aten::Int", "aten::ScalarImplicit"}).shape(ir::int_output(int_of_input));
  r.ops({"prim::NumToTensor"}).traits(ir::always_contiguous());
}

}  // namespace tsrt::kernels
