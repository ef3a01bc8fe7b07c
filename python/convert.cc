#include "python/convert.h"

#include <pybind11/numpy.h>

#include <cstdint>
#include <memory>
#include <string>

namespace py = pybind11;

namespace tsrt::python {

namespace {

// The numpy dtype character for a tsrt dtype (bfloat16 has none: it is widened first).
const char* numpy_format(DType dtype) {
  switch (dtype) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Float16: return "float16";
    case DType::Int64: return "int64";
    case DType::Int32: return "int32";
    case DType::Int16: return "int16";
    case DType::Int8: return "int8";
    case DType::UInt8: return "uint8";
    case DType::Bool: return "bool";
    default: throw Error(std::string("cannot return a ") + dtype_name(dtype) + " tensor as a numpy array");
  }
}

DType dtype_of(const py::dtype& dt) {
  char kind = dt.kind();
  size_t size = static_cast<size_t>(dt.itemsize());
  if (kind == 'b') return DType::Bool;
  if (kind == 'f' && size == 4) return DType::Float32;
  if (kind == 'f' && size == 8) return DType::Float64;
  if (kind == 'f' && size == 2) return DType::Float16;
  if (kind == 'i' && size == 8) return DType::Int64;
  if (kind == 'i' && size == 4) return DType::Int32;
  if (kind == 'i' && size == 2) return DType::Int16;
  if (kind == 'i' && size == 1) return DType::Int8;
  if (kind == 'u' && size == 1) return DType::UInt8;
  throw Error("numpy arrays of dtype " + dt.attr("name").cast<std::string>() + " are not supported (float16/32/64, "
              "int8/16/32/64, uint8 and bool are)");
}

// Owns a Python reference from C++; dropping it takes the GIL (tsrt may free a tensor's storage
// on a thread that does not hold it, e.g. at the end of a forward run without the GIL).
std::shared_ptr<const void> python_keepalive(py::object obj) {
  return std::shared_ptr<const void>(new py::object(std::move(obj)), [](const void* p) {
    auto* held = static_cast<py::object*>(const_cast<void*>(p));
    if (!Py_IsInitialized()) return;  // interpreter gone: leak rather than touch it
    py::gil_scoped_acquire gil;
    delete held;
  });
}

Tensor array_to_tensor(py::array arr) {
  const int flags = py::array::c_style;
  DType dtype = dtype_of(arr.dtype());
  // Zero-copy needs a layout tsrt may read and write in place: C-contiguous, aligned to the
  // element size, writable (an in-place op on an input writes to it). Anything else: one copy.
  bool aligned = reinterpret_cast<uintptr_t>(arr.data()) % element_size(dtype) == 0;
  if (!(arr.flags() & flags) || !aligned || !arr.writeable() || !arr.dtype().attr("isnative").cast<bool>()) {
    py::module_ np = py::module_::import("numpy");
    arr = np.attr("array")(arr, py::arg("copy") = true, py::arg("order") = "C");
  }
  Shape sizes;
  for (py::ssize_t d = 0; d < arr.ndim(); ++d) sizes.push_back(static_cast<int64_t>(arr.shape(d)));
  size_t nbytes = static_cast<size_t>(arr.nbytes());
  void* data = arr.mutable_data();
  auto storage = std::make_shared<Storage>(data, nbytes, python_keepalive(arr));
  return Tensor(std::move(storage), dtype, sizes, Tensor::contiguous_strides(sizes), 0);
}

bool is_torch_tensor(const py::handle& obj) {
  py::object type = py::type::of(obj);
  if (!py::hasattr(type, "__module__") || !py::hasattr(obj, "numpy")) return false;
  return py::str(type.attr("__module__")).cast<std::string>().rfind("torch", 0) == 0;
}

ir::TypePtr strip_optional(ir::TypePtr t) {
  if (t && t->kind == ir::TypeKind::Optional && !t->contained.empty()) return t->contained[0];
  return t;
}

ir::TypePtr contained(const ir::TypePtr& t, ir::TypeKind kind, size_t i) {
  if (t && t->kind == kind && t->contained.size() > i) return t->contained[i];
  return nullptr;
}

// The TorchScript type of a converted value, for list elements and dict keys/values.
ir::TypePtr type_of(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::Int: return ir::Type::get(ir::TypeKind::Int);
    case Value::Tag::Double: return ir::Type::get(ir::TypeKind::Float);
    case Value::Tag::Bool: return ir::Type::get(ir::TypeKind::Bool);
    case Value::Tag::String: return ir::Type::get(ir::TypeKind::Str);
    case Value::Tag::Tensor: return ir::Type::get(ir::TypeKind::Tensor);
    default: return ir::Type::get(ir::TypeKind::Any);
  }
}

// The one element type of `items`, else Any (int and float together make float, as Python's
// List[float] accepts ints).
ir::TypePtr common_type(const std::vector<Value>& items) {
  ir::TypePtr t;
  for (const Value& v : items) {
    ir::TypePtr u = type_of(v);
    if (!t) {
      t = u;
    } else if (t->kind != u->kind) {
      bool numbers = (t->kind == ir::TypeKind::Int || t->kind == ir::TypeKind::Float) &&
                     (u->kind == ir::TypeKind::Int || u->kind == ir::TypeKind::Float);
      t = ir::Type::get(numbers ? ir::TypeKind::Float : ir::TypeKind::Any);
    }
  }
  return t;
}

std::vector<Value> floats_where_ints(std::vector<Value> items) {
  for (Value& v : items) {
    if (v.is_int()) v = Value(static_cast<double>(v.to_int()));
  }
  return items;
}

py::object tensor_to_numpy(const Tensor& t) {
  if (!t.defined()) return py::none();
  if (t.dtype() == DType::BFloat16) return tensor_to_numpy(t.to(DType::Float32));
  std::vector<py::ssize_t> shape, strides;
  const py::ssize_t item = static_cast<py::ssize_t>(element_size(t.dtype()));
  for (int64_t d = 0; d < t.dim(); ++d) {
    shape.push_back(t.sizes()[d]);
    strides.push_back(t.strides()[d] * item);
  }
  // The capsule owns a reference to the storage: the array stays valid after the Module, the
  // result and tsrt's own tensors are gone.
  auto* owner = new std::shared_ptr<Storage>(t.storage());
  py::capsule base(owner, [](void* p) { delete static_cast<std::shared_ptr<Storage>*>(p); });
  py::array arr(py::dtype(numpy_format(t.dtype())), shape, strides, t.raw_data(), base);
  // A frozen parameter is shared with the module (and may be a read-only file mapping).
  if (t.storage()->is_constant()) arr.attr("setflags")(py::arg("write") = false);
  return std::move(arr);
}

}  // namespace

Value to_value(const py::handle& obj, const ir::TypePtr& expected_in) {
  ir::TypePtr expected = strip_optional(expected_in);
  if (obj.is_none()) return Value();
  if (py::isinstance<py::bool_>(obj)) return Value(obj.cast<bool>());
  if (py::isinstance<py::int_>(obj)) {
    if (expected && expected->kind == ir::TypeKind::Float) return Value(obj.cast<double>());
    return Value(obj.cast<int64_t>());
  }
  if (py::isinstance<py::float_>(obj)) return Value(obj.cast<double>());
  if (py::isinstance<py::str>(obj)) return Value(obj.cast<std::string>());
  if (py::isinstance<py::array>(obj)) return Value(array_to_tensor(py::reinterpret_borrow<py::array>(obj)));
  if (is_torch_tensor(obj)) {
    py::object arr = obj.attr("detach")().attr("numpy")();  // shares the tensor's memory
    return Value(array_to_tensor(arr));
  }
  // numpy scalars (np.float32(1), np.int64(3), np.bool_(True)) count as Python numbers.
  py::module_ np = py::module_::import("numpy");
  if (py::isinstance(obj, np.attr("bool_"))) return Value(obj.cast<bool>());
  if (py::isinstance(obj, np.attr("integer"))) {
    return to_value(py::int_(py::reinterpret_borrow<py::object>(obj)), expected);
  }
  if (py::isinstance(obj, np.attr("floating"))) return Value(obj.cast<double>());
  if (py::isinstance<py::tuple>(obj)) {
    std::vector<Value> items;
    size_t i = 0;
    for (py::handle item : obj) items.push_back(to_value(item, contained(expected, ir::TypeKind::Tuple, i++)));
    return Value(make_tuple(std::move(items)));
  }
  if (py::isinstance<py::list>(obj)) {
    ir::TypePtr elem = contained(expected, ir::TypeKind::List, 0);
    std::vector<Value> items;
    for (py::handle item : obj) items.push_back(to_value(item, elem));
    ir::TypePtr found = common_type(items);
    if (!elem || elem->kind == ir::TypeKind::Any) elem = found ? found : ir::Type::get(ir::TypeKind::Tensor);
    if (elem->kind == ir::TypeKind::Float) items = floats_where_ints(std::move(items));
    return Value(make_list(elem, std::move(items)));
  }
  if (py::isinstance<py::dict>(obj)) {
    auto dict = std::make_shared<DictObj>();
    ir::TypePtr key_type = contained(expected, ir::TypeKind::Dict, 0);
    ir::TypePtr value_type = contained(expected, ir::TypeKind::Dict, 1);
    std::vector<Value> keys, values;
    for (auto [k, v] : py::reinterpret_borrow<py::dict>(obj)) {
      keys.push_back(to_value(k, key_type));
      values.push_back(to_value(v, value_type));
    }
    dict->key_type = key_type ? key_type : (keys.empty() ? ir::Type::get(ir::TypeKind::Str) : common_type(keys));
    dict->value_type =
        value_type ? value_type : (values.empty() ? ir::Type::get(ir::TypeKind::Tensor) : common_type(values));
    for (size_t i = 0; i < keys.size(); ++i) dict->insert_or_assign(std::move(keys[i]), std::move(values[i]));
    return Value(dict);
  }
  throw Error("cannot pass a Python " + py::str(py::type::of(obj).attr("__name__")).cast<std::string>() +
              " to a model (numpy arrays, torch tensors, None, bool, int, float, str, list, tuple and dict are "
              "accepted)");
}

py::object to_python(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::None: return py::none();
    case Value::Tag::Tensor: return tensor_to_numpy(v.to_tensor());
    case Value::Tag::Int: return py::int_(v.to_int());
    case Value::Tag::Double: return py::float_(v.to_double());
    case Value::Tag::Bool: return py::bool_(v.to_bool());
    case Value::Tag::String: return py::str(v.to_string());
    case Value::Tag::Device: return py::str(v.to_device().name);
    case Value::Tag::List: {
      py::list out;
      for (const Value& item : v.to_list()->items) out.append(to_python(item));
      return std::move(out);
    }
    case Value::Tag::Tuple: {
      const auto& items = v.to_tuple()->items;
      py::tuple out(items.size());
      for (size_t i = 0; i < items.size(); ++i) out[i] = to_python(items[i]);
      return std::move(out);
    }
    case Value::Tag::Dict: {
      py::dict out;
      for (const auto& [key, value] : v.to_dict()->entries) {
        TSRT_CHECK(!key.is_tensor(), "cannot return a dict with tensor keys to Python (numpy arrays are not hashable)");
        out[to_python(key)] = to_python(value);
      }
      return std::move(out);
    }
    case Value::Tag::Object: break;
  }
  throw Error("cannot return a " + v.repr() + " to Python (objects of TorchScript classes are not converted)");
}

}  // namespace tsrt::python
