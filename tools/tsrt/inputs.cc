#include "tools/tsrt/inputs.h"

#include "frontends/npy/value_io.h"

namespace tsrt::cli {

namespace {

std::string input_name(size_t i, const ir::Argument& formal) {
  return "input " + std::to_string(i) + " '" + formal.name + "'";
}

std::string got(const Value& v) {
  if (v.is_tensor()) {
    return std::string("Tensor (") + dtype_name(v.to_tensor().dtype()) + v.to_tensor().shape_string() + ")";
  }
  if (v.is_list()) return "List (" + v.repr() + ")";
  return std::string(v.tag_name()) + " (" + v.repr() + ")";
}

// Whether `v` can be passed for `type` (what the signature says; containers checked one level).
bool fits(const Value& v, const ir::TypePtr& type) {
  switch (type->kind) {
    case ir::TypeKind::Optional: return v.is_none() || fits(v, type->contained.at(0));
    case ir::TypeKind::Tensor: return v.is_tensor();
    case ir::TypeKind::Int: return v.is_int();
    case ir::TypeKind::Float: return v.is_double() || v.is_int();
    case ir::TypeKind::Bool: return v.is_bool();
    case ir::TypeKind::Str: return v.is_string();
    case ir::TypeKind::Tuple: return v.is_tuple();
    case ir::TypeKind::Dict: return v.is_dict();
    case ir::TypeKind::List: {
      if (!v.is_list()) return false;
      for (const Value& item : v.to_list()->items) {
        if (!type->contained.empty() && !fits(item, type->contained[0])) return false;
      }
      return true;
    }
    default: return true;  // Any, classes, devices: left to the interpreter
  }
}

// A 0-d tensor given for a number argument is that number, as torch's Python binding takes it.
Value as_number_if_expected(Value v, const ir::TypePtr& type) {
  ir::TypeKind k = type->kind == ir::TypeKind::Optional ? type->contained.at(0)->kind : type->kind;
  if (!v.is_tensor() || v.to_tensor().dim() != 0) return v;
  const Tensor& t = v.to_tensor();
  if (k == ir::TypeKind::Int && is_integral(t.dtype(), false)) return Value(t.item_int());
  if (k == ir::TypeKind::Float) return Value(t.item_double());
  if (k == ir::TypeKind::Bool && t.dtype() == DType::Bool) return Value(t.item_bool());
  return v;
}

// What the graph needs of a tensor input's dtype, from the ops that read it directly.
struct DTypeNeed {
  const char* op;
  size_t argument;
  bool integral;  // true: indices (int64/int32); false: a floating tensor
};
constexpr DTypeNeed kNeeds[] = {
    {"aten::embedding", 1, true},  {"aten::linear", 0, false}, {"aten::conv1d", 0, false},
    {"aten::conv2d", 0, false},    {"aten::conv3d", 0, false}, {"aten::layer_norm", 0, false},
};

void check_dtype(const ir::Function& fn, size_t i, const ir::Argument& formal, const Tensor& t) {
  const ir::Value* input = fn.graph->inputs().at(i + 1);
  for (const ir::Use& use : input->uses()) {
    for (const DTypeNeed& need : kNeeds) {
      if (use.user->kind() != need.op || use.index != need.argument) continue;
      bool ok = need.integral ? (t.dtype() == DType::Int64 || t.dtype() == DType::Int32) : is_floating(t.dtype());
      TSRT_CHECK(ok, input_name(i, formal) + ": expected " + (need.integral ? "int64" : "a floating-point tensor") +
                         " (it is " + need.op + "'s " + (need.integral ? "indices" : "input") + "), got " +
                         dtype_name(t.dtype()));
    }
  }
}

}  // namespace

std::string method_signature(const ir::Function& fn) {
  const auto& args = fn.signature.arguments;
  std::string s = fn.name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    s += (i ? ", " : "") + args[i].name;
    if (i == 0) continue;  // self
    s += ": " + args[i].type->str();
    if (args[i].default_value) s += "=" + args[i].default_value->repr();
  }
  return s + ") -> " + (fn.signature.returns.empty() ? std::string("None") : fn.signature.returns[0]->str());
}

std::vector<Value> method_inputs(const Module& m, const std::string& method, const std::vector<std::string>& specs) {
  const ir::Function& fn = m.method(method);
  const auto& formals = fn.signature.arguments;
  size_t expected = formals.empty() ? 0 : formals.size() - 1;  // after self
  size_t required = 0;
  for (size_t i = 1; i < formals.size(); ++i) {
    if (!formals[i].default_value) required = i;
  }
  if (specs.size() < required || specs.size() > expected) {
    std::string count = required == expected ? std::to_string(expected)
                                             : std::to_string(required) + " to " + std::to_string(expected);
    throw Error(method + "() takes " + count + " input" + (expected == 1 ? "" : "s") + " after self, " +
                std::to_string(specs.size()) + " given (--input): " + method_signature(fn));
  }
  std::vector<Value> inputs;
  for (size_t i = 0; i < specs.size(); ++i) {
    const ir::Argument& formal = formals[i + 1];
    Value v;
    try {
      v = as_number_if_expected(npy::parse_input_spec(specs[i], formal.type), formal.type);
    } catch (const Error& e) {
      throw Error(input_name(i, formal) + ": " + e.what());
    }
    TSRT_CHECK(fits(v, formal.type), input_name(i, formal) + ": expected " + formal.type->str() + ", got " + got(v) +
                                         " from --input " + specs[i] + "; " + method_signature(fn));
    if (v.is_tensor()) check_dtype(fn, i, formal, v.to_tensor());
    inputs.push_back(std::move(v));
  }
  return inputs;
}

}  // namespace tsrt::cli
