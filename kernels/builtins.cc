// TorchScript builtins that query or set interpreter state rather than compute on tensors:
// warnings, `%` string formatting, hash(), devices, grad/autocast mode, tracing/scripting flags,
// optional unwrapping, tensor state without autograd, and the dtype helpers can_cast /
// promote_types. tsrt runs inference only, as the reference runner does under
// torch::NoGradGuard: grad mode and autocast are always off.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kernels/common/op_calls.h"
#include "kernels/common/shape_util.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// The device types torch.device accepts (c10/core/DeviceType.cpp, torch 1.13), in its order.
const char* const kDeviceTypes[] = {"cpu",    "cuda", "ipu", "xpu",  "mkldnn", "opengl", "opencl",
                                    "ideep",  "hip",  "ve",  "fpga", "ort",    "xla",    "lazy",
                                    "vulkan", "mps",  "meta", "hpu", "privateuseone"};

// "cuda:1" -> ("cuda", "1"); the index part is empty when there is no colon.
std::pair<std::string, std::string> split_device(const std::string& name) {
  size_t colon = name.find(':');
  if (colon == std::string::npos) return {name, ""};
  return {name.substr(0, colon), name.substr(colon + 1)};
}

// torch.device(str): a known type, optionally ":N" with N a non-negative number without leading zeros.
Device parse_device(const std::string& text) {
  auto [type, index] = split_device(text);
  bool known = false;
  std::string expected;
  for (const char* t : kDeviceTypes) {
    known |= type == t;
    expected += expected.empty() ? t : std::string(", ") + t;
  }
  bool has_colon = text.find(':') != std::string::npos;
  bool index_ok = !has_colon || (!index.empty() && index.size() <= 9 &&
                                 index.find_first_not_of("0123456789") == std::string::npos &&
                                 (index.size() == 1 || index[0] != '0'));
  TSRT_CHECK(type.find_first_of(" \t") == std::string::npos && index_ok,
             "aten::device: Invalid device string: '" + text + "'");
  TSRT_CHECK(known, "aten::device: Expected one of " + expected + " device type at start of device string: " + text);
  return Device{text};
}

// torch warns once per call site; a kernel does not see its call site, so tsrt warns once per
// distinct message for the life of the process (the same thing for one warnings.warn line).
void warn_once(const std::string& message) {
  static std::mutex mutex;
  static std::set<std::string>* seen = new std::set<std::string>();
  std::lock_guard<std::mutex> lock(mutex);
  if (!seen->insert(message).second) return;
  std::fprintf(stderr, "Warning: %s\n", message.c_str());
}

Value flag(bool v) { return Value(v); }

// `fmt % args` in TorchScript (aten::percentFormat): %d/%i truncate numbers to int, %f/%e print
// them as float32 (as torch does), %c takes an int code or a string, %s is aten::str, %% a percent.
std::string percent_format(const std::string& fmt, const std::vector<Value>& args) {
  const std::string op = "aten::percentFormat: ";
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    TSRT_CHECK(i + 1 < fmt.size(), op + "Incomplete format specifier");
    char spec = fmt[++i];
    if (spec == '%') {
      out += '%';
      continue;
    }
    TSRT_CHECK(used < args.size(), op + "Too few arguments for format string");
    const Value& arg = args[used++];
    char buffer[512];
    switch (spec) {
      case 'd':
      case 'i':
        TSRT_CHECK(arg.is_int() || arg.is_double(), op + "%" + spec + " requires a number for formatting, but got " +
                                                        arg.tag_name());
        out += std::to_string(arg.is_int() ? arg.to_int() : static_cast<int64_t>(arg.to_double()));
        break;
      case 'e':
      case 'f':
        TSRT_CHECK(arg.is_int() || arg.is_double(), op + "%" + spec + " requires a number for formatting, but got " +
                                                        arg.tag_name());
        std::snprintf(buffer, sizeof(buffer), spec == 'e' ? "%e" : "%f",
                      static_cast<double>(static_cast<float>(arg.to_double())));
        out += buffer;
        break;
      case 'c':
        TSRT_CHECK(arg.is_int() || arg.is_string(),
                   op + "%c requires an int or char for formatting, but got " + arg.tag_name());
        out += arg.is_int() ? std::string(1, static_cast<char>(arg.to_int())) : arg.to_string();
        break;
      case 's':
        out += call_op("aten::str", {arg})[0].to_string();
        break;
      default:
        throw Error(op + "The specifier %" + spec + " is not supported in TorchScript format strings");
    }
  }
  TSRT_CHECK(used == args.size(), op + "Too many arguments for format string");
  return out;
}

// Python's hash() in TorchScript (aten::hash.generic) as c10 computes it: std::hash of the value,
// a tuple folding its items' hashes with c10::hash_combine; a tensor hashes its identity.
uint64_t hash_value(const Value& v) {
  if (v.is_none()) return 0;
  if (v.is_bool()) return std::hash<bool>()(v.to_bool());
  if (v.is_int()) return std::hash<int64_t>()(v.to_int());
  if (v.is_double()) return std::hash<double>()(v.to_double());
  if (v.is_string()) return std::hash<std::string>()(v.to_string());
  if (v.is_tensor()) return std::hash<const void*>()(v.to_tensor().raw_data());
  if (v.is_tuple()) {
    uint64_t seed = 0;
    for (const Value& item : v.to_tuple()->items) {
      seed ^= hash_value(item) + 0x9e3779b9 + (seed << 6) + (seed >> 2);
    }
    return seed;
  }
  throw Error(std::string("aten::hash: unhashable type: ") + v.tag_name());
}

}  // namespace

TSRT_REGISTER_KERNELS(builtins) {
  ir::OpTraits prints;
  prints.side_effects = true;
  r.add_multi("aten::warn(str message, int stacklevel=2) -> ()",
              [](const Args& a) {
                warn_once(a.to_string(0));
                return std::vector<Value>{};
              })
      .traits(prints);

  r.add("aten::device(str a) -> Device", [](const Args& a) -> Value { return parse_device(a.to_string(0)); });
  r.add("prim::type(Device self) -> str", [](const Args& a) -> Value {
    return split_device(a[0].to_device().name).first;
  });
  r.add("prim::index(Device self) -> int?", [](const Args& a) -> Value {
    std::string index = split_device(a[0].to_device().name).second;
    return index.empty() ? Value() : Value(static_cast<int64_t>(std::stoll(index)));
  });
  // Every tsrt tensor lives on the cpu (archives' cuda tensors are mapped there at load).
  r.add("prim::is_cpu(Tensor a) -> bool", [](const Args&) { return flag(true); });
  for (const char* device : {"xpu", "mps", "ipu", "vulkan", "ort"}) {
    r.add(std::string("prim::is_") + device + "(Tensor a) -> bool", [](const Args&) { return flag(false); });
  }
  r.add("prim::is_sparse_csr(Tensor a) -> bool", [](const Args&) { return flag(false); });
  r.add("prim::name(Tensor a) -> str?", [](const Args&) { return Value(); });  // named tensors are not kept

  // Inference only: no autograd, no autocast; setting grad mode is accepted and has no effect.
  r.add("aten::is_grad_enabled() -> bool", [](const Args&) { return flag(false); });
  r.add_multi("aten::set_grad_enabled(bool val) -> ()", [](const Args&) { return std::vector<Value>{}; });
  r.add("aten::is_autocast_enabled() -> bool", [](const Args&) { return flag(false); });
  r.add("aten::is_autocast_cpu_enabled() -> bool", [](const Args&) { return flag(false); });
  r.add("aten::_get_tracing_state() -> bool", [](const Args&) { return flag(false); });
  r.add("aten::is_scripting() -> bool", [](const Args&) { return flag(true); });
  r.add("aten::_nnpack_available() -> bool", [](const Args&) { return flag(false); });
  r.add("aten::_use_cudnn_rnn_flatten_weight() -> bool", [](const Args&) { return flag(false); });
  r.add("aten::is_vulkan_available() -> bool", [](const Args&) { return flag(false); });
  // Vararg: the inputs, then their count, are replaced by the answer (no __torch_function__ in tsrt).
  r.add_stack("aten::has_torch_function(...) -> bool", [](Stack& s) {
    int64_t count = s.back().to_int();
    s.resize(s.size() - 1 - static_cast<size_t>(count));
    s.emplace_back(false);
  });

  // Vararg: the format string and its argument (a tuple, or one value), then their count.
  r.add_stack("aten::percentFormat(str self, ...) -> str", [](Stack& s) {
    int64_t count = s.back().to_int();
    TSRT_CHECK(count >= 1 && static_cast<size_t>(count) + 1 <= s.size(),
               "aten::percentFormat: bad input count " + std::to_string(count));
    s.pop_back();
    size_t first = s.size() - static_cast<size_t>(count);
    std::vector<Value> args;
    for (size_t i = first + 1; i < s.size(); ++i) {
      if (s[i].is_tuple()) {
        for (const Value& item : s[i].to_tuple()->items) args.push_back(item);
      } else {
        args.push_back(s[i]);
      }
    }
    std::string out = percent_format(s[first].to_string(), args);
    s.resize(first);
    s.emplace_back(std::move(out));
  });

  // Tensor state torch keeps for autograd, pinning, conj/neg views and devices: tsrt tensors are
  // cpu tensors without autograd history, so these are identities and constant answers.
  auto self = [](const Args& a) -> Value { return a.tensor(0); };
  r.add("aten::cpu(Tensor(a) self) -> Tensor(b|a)", self);
  r.add("aten::cuda(Tensor(a) self) -> Tensor(b|a)", self);  // archives' cuda is tsrt's cpu
  r.add("aten::pin_memory(Tensor(a) self, Device? device=None) -> Tensor(a)", self);
  r.add("aten::resolve_conj(Tensor(a) self) -> Tensor(a)", self);
  r.add("aten::resolve_neg(Tensor(a) self) -> Tensor(a)", self);
  r.add("aten::lift_fresh(Tensor(a) self) -> Tensor(a)", self);
  r.add("aten::detach_(Tensor(a!) self) -> Tensor(a!)", self);
  r.add("aten::data(Tensor self) -> Tensor", self);  // shares storage, as torch's .data does
  r.add("aten::lift(Tensor self) -> Tensor", [](const Args& a) -> Value { return a.tensor(0).clone(); });
  for (const char* query : {"is_neg", "is_conj", "is_distributed", "retains_grad", "is_inference"}) {
    r.add(std::string("aten::") + query + "(Tensor self) -> bool", [](const Args&) { return flag(false); });
  }
  r.add("aten::is_pinned(Tensor self, Device? device=None) -> bool", [](const Args&) { return flag(false); });
  r.add("aten::output_nr(Tensor self) -> int", [](const Args&) -> Value { return int64_t{0}; });
  r.add("aten::is_set_to(Tensor self, Tensor tensor) -> bool", [](const Args& a) {
    const Tensor& x = a.tensor(0);
    const Tensor& y = a.tensor(1);
    return flag(x.storage() == y.storage() && x.storage_offset() == y.storage_offset() && x.sizes() == y.sizes() &&
                x.strides() == y.strides());
  });
  r.add_multi("aten::retain_grad(Tensor(a!) self) -> ()", [](const Args&) { return std::vector<Value>{}; });
  r.add("prim::grad(Tensor a) -> Tensor(*)", [](const Args&) { return Value(); });  // no gradient: None
  r.add_multi("prim::AddStatValue(str key, int val) -> ()", [](const Args&) { return std::vector<Value>{}; });

  r.add("aten::hash.generic(t value) -> int",
        [](const Args& a) -> Value { return static_cast<int64_t>(hash_value(a[0])); });

  r.add("aten::_unwrap_optional(t(a)? optional) -> t(a)", [](const Args& a) -> Value {
    TSRT_CHECK(!a[0].is_none(), "aten::_unwrap_optional: Unwrapping null optional");
    return a[0];
  });
  r.add("prim::unchecked_unwrap_optional(t(a)? optional) -> t(a)", [](const Args& a) -> Value { return a[0]; });
  r.add("prim::IfThenElse(bool cond, Any(a) x, Any(b) y) -> Any(b|a)",
        [](const Args& a) -> Value { return a.to_bool(0) ? a[1] : a[2]; });

  r.add("aten::Size(int[] sizes) -> int[]", [](const Args& a) -> Value { return a[0]; });
  r.add("aten::_infer_size(int[] a, int[] b) -> int[]",
        [](const Args& a) -> Value { return int_list_value(broadcast_shapes(a.int_list(0), a.int_list(1))); });
  r.add("aten::_size_if_not_equal(int[] self_size, int[] other_size) -> int[]?", [](const Args& a) -> Value {
    return a.int_list(0) == a.int_list(1) ? Value() : a[0];
  });
  r.add("aten::can_cast(ScalarType from, ScalarType to) -> bool", [](const Args& a) -> Value {
    return can_cast(dtype_from_scalar_type(a.to_int(0)), dtype_from_scalar_type(a.to_int(1)));
  });
  r.add("aten::promote_types(ScalarType type1, ScalarType type2) -> ScalarType", [](const Args& a) -> Value {
    DType promoted = promote_types(dtype_from_scalar_type(a.to_int(0)), dtype_from_scalar_type(a.to_int(1)));
    return static_cast<int64_t>(promoted);
  });
}

}  // namespace tsrt::kernels
