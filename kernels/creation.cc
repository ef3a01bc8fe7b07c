// Tensor factories: zeros/ones/full/empty (and their _like and new_ forms), arange, linspace,
// tensor(), scalar_tensor. dtype arguments are c10::ScalarType codes; layout and pin_memory are
// accepted and ignored; the device must be cpu or cuda (cuda tensors live on the cpu in tsrt).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/device_arg.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

DType dtype_arg(const Args& a, size_t i, DType fallback) {
  std::optional<int64_t> code = a.optional_int(i);
  return code ? dtype_from_scalar_type(*code) : fallback;
}

// The dtype torch gives a tensor built from a Python number: bool, int64, or the default float.
DType scalar_dtype(const Value& v) {
  if (v.is_bool()) return DType::Bool;
  if (v.is_int()) return DType::Int64;
  TSRT_CHECK(v.is_double(), "expected a number, got " + std::string(v.tag_name()) + " (" + v.repr() + ")");
  return DType::Float32;
}

// Writes `value` to element `index` of a contiguous tensor, keeping int64 values exact.
void store(const Tensor& t, int64_t index, const Value& value) {
  TSRT_DISPATCH_ALL_TYPES(t.dtype(), "fill", [&] {
    scalar_t* p = t.data<scalar_t>() + index;
    if (value.is_int()) {
      *p = static_cast<scalar_t>(value.to_int());
    } else if (value.is_bool()) {
      *p = static_cast<scalar_t>(value.to_bool());
    } else {
      *p = static_cast<scalar_t>(value.to_double());
    }
  });
}

Tensor full(const Shape& shape, const Value& value, DType dtype) {
  for (int64_t s : shape) {
    TSRT_CHECK(s >= 0,
          "Trying to create tensor with negative dimension " + std::to_string(s) + ": " + shape_to_string(shape));
  }
  TSRT_CHECK(value.is_number(), "fill value must be a number, got " + std::string(value.tag_name()));
  Tensor t = Tensor::empty(shape, dtype);
  if (t.numel() == 0) return t;
  store(t, 0, value);
  // Replicate the first element's bytes, doubling the filled prefix each step: the same
  // result as a typed loop for every dtype, at memcpy speed.
  size_t total = t.nbytes();
  size_t filled = element_size(dtype);
  char* base = static_cast<char*>(t.raw_data());
  while (filled < total) {
    size_t chunk = std::min(filled, total - filled);
    std::memcpy(base + filled, base, chunk);
    filled += chunk;
  }
  return t;
}

Tensor arange(const Value& start, const Value& end, const Value& step, std::optional<int64_t> dtype_code) {
  for (const Value* v : {&start, &end, &step}) {
    TSRT_CHECK(v->is_number(), "arange: bounds and step must be numbers, got " + std::string(v->tag_name()));
  }
  bool all_integral = !start.is_double() && !end.is_double() && !step.is_double();
  DType dtype = dtype_code ? dtype_from_scalar_type(*dtype_code) : all_integral ? DType::Int64 : DType::Float32;
  double lo = start.to_double(), hi = end.to_double(), delta = step.to_double();
  TSRT_CHECK(delta != 0, "arange: step must be nonzero");
  TSRT_CHECK(std::isfinite(lo) && std::isfinite(hi), "arange: unsupported range: " + start.repr() + " -> " + end.repr());
  TSRT_CHECK((delta > 0 && hi >= lo) || (delta < 0 && hi <= lo),
        "arange: upper bound and larger bound inconsistent with step sign");
  TSRT_CHECK((hi - lo) / delta < 9.0e18, "arange: the range " + start.repr() + " -> " + end.repr() + " with step " +
                                        step.repr() + " has too many elements");
  int64_t count = all_integral
                      ? (end.to_int() - start.to_int() + step.to_int() - (step.to_int() > 0 ? 1 : -1)) / step.to_int()
                      : static_cast<int64_t>(std::ceil((hi - lo) / delta));
  Tensor t = Tensor::empty({count}, dtype);
  for (int64_t i = 0; i < count; ++i) {
    if (all_integral) {
      store(t, i, Value(start.to_int() + i * step.to_int()));
    } else {
      store(t, i, Value(lo + static_cast<double>(i) * delta));
    }
  }
  return t;
}

Tensor linspace(double start, double end, int64_t steps, DType dtype) {
  TSRT_CHECK(steps >= 0, "linspace: number of steps must be non-negative, got " + std::to_string(steps));
  Tensor t = Tensor::empty({steps}, dtype);
  if (steps == 0) return t;
  if (steps == 1) {
    store(t, 0, Value(start));
    return t;
  }
  double delta = (end - start) / static_cast<double>(steps - 1);
  // The second half counts back from `end` so that both endpoints are exact.
  for (int64_t i = 0; i < steps; ++i) {
    double v =
        i < steps / 2 ? start + delta * static_cast<double>(i) : end - delta * static_cast<double>(steps - 1 - i);
    store(t, i, Value(v));
  }
  return t;
}

// Coordinates (2 x count, row-major order) of the lower (tril) or upper (triu) triangle.
Tensor triangle_indices(int64_t rows, int64_t cols, int64_t offset, bool lower, DType dtype) {
  TSRT_CHECK(rows >= 0 && cols >= 0, std::string(lower ? "tril" : "triu") +
                                    "_indices: row and col must be non-negative, got " + std::to_string(rows) +
                                    " and " + std::to_string(cols));
  std::vector<int64_t> row_ids, col_ids;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      if (lower ? c - r <= offset : c - r >= offset) {
        row_ids.push_back(r);
        col_ids.push_back(c);
      }
    }
  }
  int64_t count = static_cast<int64_t>(row_ids.size());
  Tensor out = Tensor::empty({2, count}, dtype);
  for (int64_t i = 0; i < count; ++i) {
    store(out, i, Value(row_ids[i]));
    store(out, count + i, Value(col_ids[i]));
  }
  return out;
}

// aten::tensor(data): a (nested) list of numbers; shape and dtype inferred as torch.tensor does.
void collect_nested(const Value& v, size_t depth, Shape& shape, std::vector<Value>& leaves) {
  if (!v.is_list() && !v.is_tuple()) {
    TSRT_CHECK(depth == shape.size(), "tensor(): ragged nested sequence: found a number at depth " + std::to_string(depth) +
                                     " in a list of depth " + std::to_string(shape.size()));
    TSRT_CHECK(v.is_number(), "tensor(): list elements must be numbers, got " + std::string(v.tag_name()));
    leaves.push_back(v);
    return;
  }
  const auto& items = v.is_list() ? v.to_list()->items : v.to_tuple()->items;
  int64_t n = static_cast<int64_t>(items.size());
  if (depth == shape.size()) {
    TSRT_CHECK(leaves.empty(), "tensor(): ragged nested sequence: a list where a number was expected");
    shape.push_back(n);
  } else {
    TSRT_CHECK(shape[depth] == n, "tensor(): expected sequence of length " + std::to_string(shape[depth]) + " at dim " +
                                 std::to_string(depth) + " (got " + std::to_string(n) + ")");
  }
  for (const Value& item : items) collect_nested(item, depth + 1, shape, leaves);
}

Tensor tensor_from_list(const Value& data, std::optional<int64_t> dtype_code) {
  Shape shape;
  std::vector<Value> leaves;
  collect_nested(data, 0, shape, leaves);
  DType inferred = DType::Float32;
  if (!leaves.empty()) {
    bool any_float = false, any_int = false;
    for (const Value& v : leaves) {
      any_float |= v.is_double();
      any_int |= v.is_int();
    }
    inferred = any_float ? DType::Float32 : any_int ? DType::Int64 : DType::Bool;
  }
  Tensor t = Tensor::empty(shape, dtype_code ? dtype_from_scalar_type(*dtype_code) : inferred);
  for (size_t i = 0; i < leaves.size(); ++i) store(t, static_cast<int64_t>(i), leaves[i]);
  return t;
}

// Kernels for ops shaped `op(size, [fill,] *, dtype, layout, device, pin_memory)`.
ValueKernel factory(double fill_value, const char* op) {
  return [fill_value, op](const Args& a) -> Value {
    check_device(a[3], op);
    return full(a.int_list(0), Value(fill_value), dtype_arg(a, 1, DType::Float32));
  };
}

// `op_like(self, [fill,] *, dtype, layout, device, pin_memory, memory_format)` and
// `new_op(self, size, [fill,] *, dtype, layout, device, pin_memory)`.
ValueKernel like_factory(std::optional<double> fill_value, bool takes_size, const char* op) {
  return [fill_value, takes_size, op](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    size_t next = takes_size ? 2 : 1;
    Value fill = fill_value ? Value(*fill_value) : a[next++];
    check_device(a[next + 2], op);
    Shape shape = takes_size ? a.int_list(1) : self.sizes();
    return full(shape, fill, dtype_arg(a, next, self.dtype()));
  };
}

// In-place fill of any layout: one converted element broadcast over self.
Tensor fill_in_place(const Tensor& self, const Value& value) {
  Tensor element = full({}, value, self.dtype());
  Tensor target = self;
  target.copy_from(element.as_strided(self.sizes(), Shape(self.sizes().size(), 0), 0));
  return self;
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// ones, zeros, empty and their _like forms.
ir::TensorFacts filled_shape(const ir::ShapeContext& c) {
  const std::string& k = c.kind();
  bool like = k.size() > 5 && k.compare(k.size() - 5, 5, "_like") == 0;
  ir::TensorFacts in = c.self();
  ir::TensorFacts out;
  out.sizes = like ? in.sizes : c.int_list(c.arg("size"));
  out.contiguous = like ? in.contiguous && c.is_none(c.arg("memory_format")) : true;
  const ir::Value* dtype = c.arg("dtype");
  out.dtype = !c.is_none(dtype) ? c.dtype_value(dtype) : like ? in.dtype : std::optional<int>(ir::kFloatCode);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(creation) {
  r.add("aten::fill_.Scalar(Tensor(a!) self, Scalar value) -> Tensor(a!)",
        [](const Args& a) -> Value { return fill_in_place(a.tensor(0), a[1]); });
  r.add("aten::fill_.Tensor(Tensor(a!) self, Tensor value) -> Tensor(a!)", [](const Args& a) -> Value {
    const Tensor& value = a.tensor(1);
    TSRT_CHECK(value.dim() == 0, "fill_ only supports 0-dimension value tensor but got tensor with " +
                                std::to_string(value.dim()) + " dimensions.");
    Value number = value.dtype() == DType::Bool        ? Value(value.item_bool())
                   : is_integral(value.dtype(), false) ? Value(value.item_int())
                                                       : Value(value.item_double());
    return fill_in_place(a.tensor(0), number);
  });
  r.add("aten::zero_(Tensor(a!) self) -> Tensor(a!)",
        [](const Args& a) -> Value { return fill_in_place(a.tensor(0), Value(int64_t{0})); });
  r.add(
      "aten::zeros(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None) -> Tensor",
      factory(0.0, "zeros"));
  r.add(
      "aten::ones(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None) -> Tensor",
      factory(1.0, "ones"));
  // Memory from empty() is zeroed so that runs are deterministic.
  r.add(
      "aten::empty.memory_format(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
      "bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
      factory(0.0, "empty"));
  r.add(
      "aten::full(SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[4], "full");
        return full(a.int_list(0), a[1], dtype_arg(a, 2, scalar_dtype(a[1])));
      });

  r.add(
      "aten::zeros_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
      like_factory(0.0, false, "zeros_like"));
  r.add(
      "aten::ones_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
      like_factory(1.0, false, "ones_like"));
  r.add(
      "aten::empty_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
      like_factory(0.0, false, "empty_like"));
  r.add(
      "aten::full_like(Tensor self, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
      like_factory(std::nullopt, false, "full_like"));
  r.add(
      "aten::new_zeros(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      like_factory(0.0, true, "new_zeros"));
  r.add(
      "aten::new_ones(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
      "bool? pin_memory=None) -> Tensor",
      like_factory(1.0, true, "new_ones"));
  r.add(
      "aten::new_empty(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      like_factory(0.0, true, "new_empty"));
  r.add(
      "aten::new_full(Tensor self, SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, "
      "Device? device=None, bool? pin_memory=None) -> Tensor",
      like_factory(std::nullopt, true, "new_full"));

  r.add(
      "aten::arange(Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[3], "arange");
        return arange(Value(int64_t{0}), a[0], Value(int64_t{1}), a.optional_int(1));
      });
  r.add(
      "aten::arange.start(Scalar start, Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[4], "arange");
        return arange(a[0], a[1], Value(int64_t{1}), a.optional_int(2));
      });
  r.add(
      "aten::arange.start_step(Scalar start, Scalar end, Scalar step=1, *, ScalarType? dtype=None, Layout? "
      "layout=None, Device? device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[5], "arange");
        return arange(a[0], a[1], a[2], a.optional_int(3));
      });
  r.add(
      "aten::linspace(Scalar start, Scalar end, int steps, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[5], "linspace");
        return linspace(a.to_double(0), a.to_double(1), a.to_int(2), dtype_arg(a, 3, DType::Float32));
      });

  auto eye = [](int64_t n, int64_t m, const Args& a, size_t dtype_index) -> Value {
    TSRT_CHECK(n >= 0 && m >= 0,
          "eye: n and m must be non-negative, got " + std::to_string(n) + " and " + std::to_string(m));
    check_device(a[dtype_index + 2], "eye");
    Tensor out = full({n, m}, Value(int64_t{0}), dtype_arg(a, dtype_index, DType::Float32));
    for (int64_t i = 0; i < std::min(n, m); ++i) store(out, i * m + i, Value(int64_t{1}));
    return out;
  };
  r.add(
      "aten::eye(int n, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> "
      "Tensor",
      [eye](const Args& a) -> Value { return eye(a.to_int(0), a.to_int(0), a, 1); });
  r.add(
      "aten::eye.m(int n, int m, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None) -> Tensor",
      [eye](const Args& a) -> Value { return eye(a.to_int(0), a.to_int(1), a, 2); });
  // Zero-filled like empty(); the strides are honoured so that later views see torch's layout.
  r.add(
      "aten::empty_strided(SymInt[] size, SymInt[] stride, *, ScalarType? dtype=None, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[4], "empty_strided");
        Shape sizes = a.int_list(0), strides = a.int_list(1);
        TSRT_CHECK(sizes.size() == strides.size(), "empty_strided: mismatch in length of strides " +
                                                  shape_to_string(strides) + " and shape " + shape_to_string(sizes));
        int64_t extent = 1;
        for (size_t d = 0; d < sizes.size(); ++d) {
          TSRT_CHECK(sizes[d] >= 0 && strides[d] >= 0, "empty_strided: negative size or stride in " +
                                                      shape_to_string(sizes) + " / " + shape_to_string(strides));
          if (sizes[d] == 0) extent = 0;
          if (extent > 0) extent += (sizes[d] - 1) * strides[d];
        }
        Tensor buffer = Tensor::zeros({extent}, dtype_arg(a, 2, DType::Float32));
        return buffer.as_strided(sizes, strides, 0);
      });
  r.add(
      "aten::logspace(Scalar start, Scalar end, int steps, float base=10., *, ScalarType? dtype=None, Layout? "
      "layout=None, Device? device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[6], "logspace");
        Tensor exponents = linspace(a.to_double(0), a.to_double(1), a.to_int(2), DType::Float64);
        double base = a.to_double(3);
        for (int64_t i = 0; i < exponents.numel(); ++i) {
          exponents.data<double>()[i] = std::pow(base, exponents.data<double>()[i]);
        }
        DType dtype = dtype_arg(a, 4, DType::Float32);
        return dtype == DType::Float64 ? exponents : exponents.to(dtype);
      });
  r.add(
      "aten::tril_indices(int row, int col, int offset=0, *, ScalarType? dtype=4, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[5], "tril_indices");
        return triangle_indices(a.to_int(0), a.to_int(1), a.to_int(2), true, dtype_arg(a, 3, DType::Int64));
      });
  r.add(
      "aten::triu_indices(int row, int col, int offset=0, *, ScalarType? dtype=4, Layout? layout=None, Device? "
      "device=None, bool? pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[5], "triu_indices");
        return triangle_indices(a.to_int(0), a.to_int(1), a.to_int(2), false, dtype_arg(a, 3, DType::Int64));
      });
  auto tensor_from_number = [](const Args& a) -> Value {
    check_device(a[2], "tensor");
    return full({}, a[0], dtype_arg(a, 1, scalar_dtype(a[0])));
  };
  r.add(
      "aten::tensor.float(float t, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor",
      tensor_from_number);
  r.add("aten::tensor.int(int t, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor",
        tensor_from_number);
  r.add("aten::tensor.bool(bool t, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor",
        tensor_from_number);
  r.add("aten::tensor(t[] data, *, ScalarType? dtype=None, Device? device=None, bool requires_grad=False) -> Tensor",
        [](const Args& a) -> Value {
          check_device(a[2], "tensor");
          return tensor_from_list(a[0], a.optional_int(1));
        });
  // as_tensor: like tensor(), but a tensor argument is returned as is when nothing changes.
  r.add("aten::as_tensor.float(float t, *, ScalarType? dtype=None, Device? device=None) -> Tensor", tensor_from_number);
  r.add("aten::as_tensor.int(int t, *, ScalarType? dtype=None, Device? device=None) -> Tensor", tensor_from_number);
  r.add("aten::as_tensor.bool(bool t, *, ScalarType? dtype=None, Device? device=None) -> Tensor", tensor_from_number);
  r.add("aten::as_tensor.list(t[] data, *, ScalarType? dtype=None, Device? device=None) -> Tensor",
        [](const Args& a) -> Value {
          check_device(a[2], "as_tensor");
          return tensor_from_list(a[0], a.optional_int(1));
        });
  r.add("aten::as_tensor(Tensor(a) data, *, ScalarType? dtype=None, Device? device=None) -> Tensor(b|a)",
        [](const Args& a) -> Value {
          check_device(a[2], "as_tensor");
          const Tensor& data = a.tensor(0);
          DType dtype = dtype_arg(a, 1, data.dtype());
          return dtype == data.dtype() ? data : data.to(dtype);
        });
  r.add(
      "aten::scalar_tensor(Scalar s, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
      "pin_memory=None) -> Tensor",
      [](const Args& a) -> Value {
        check_device(a[3], "scalar_tensor");
        return full({}, a[0], dtype_arg(a, 1, DType::Float32));
      });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::fill_", "aten::zero_"}).shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::ones", "aten::zeros", "aten::empty", "aten::ones_like", "aten::zeros_like", "aten::empty_like"})
      .shape(ir::one_output(filled_shape));
  r.ops({"aten::ones", "aten::zeros", "aten::empty", "aten::arange", "aten::tensor"}).traits(ir::always_contiguous());
}

}  // namespace tsrt::kernels
