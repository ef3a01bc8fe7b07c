#include "ir/shape_rule.h"

#include <algorithm>

#include "runtime/dtype.h"

namespace tsrt::ir {

bool is_floating_code(int dtype) { return is_floating(static_cast<DType>(dtype)); }

int dtype_category(int dtype) {
  if (static_cast<DType>(dtype) == DType::Bool) return 0;
  return is_floating_code(dtype) ? 2 : 1;
}

namespace {
int promote(int a, int b) { return static_cast<int>(promote_types(static_cast<DType>(a), static_cast<DType>(b))); }
}  // namespace

std::optional<int> result_type(const std::vector<Operand>& operands) {
  bool all_equal = true;
  for (const Operand& o : operands) {
    if (!o.dtype) return std::nullopt;
    all_equal &= *o.dtype == *operands[0].dtype;
  }
  if (all_equal) return operands.empty() ? std::nullopt : operands[0].dtype;
  std::optional<int> level[4];
  for (const Operand& o : operands) {
    if (o.level == Operand::Unknown) return std::nullopt;
    level[o.level] = level[o.level] ? promote(*level[o.level], *o.dtype) : *o.dtype;
  }
  std::optional<int> result = level[Operand::Dim];
  if (level[Operand::ZeroDim] && (!result || dtype_category(*level[Operand::ZeroDim]) > dtype_category(*result))) {
    result = level[Operand::ZeroDim];
  }
  if (std::optional<int> w = level[Operand::Wrapped]) {
    if (!result) return w;
    if (dtype_category(*w) > dtype_category(*result)) return dtype_category(*w) == 2 ? kFloatCode : kLongCode;
  }
  return result;
}

std::optional<Sizes> broadcast(const std::vector<const Sizes*>& shapes) {
  size_t rank = 0;
  for (const Sizes* s : shapes) {
    if (s == nullptr) return std::nullopt;
    rank = std::max(rank, s->size());
  }
  Sizes out(rank, int64_t{1});
  for (size_t i = 0; i < rank; ++i) {
    std::optional<int64_t> dim = int64_t{1};
    bool unknown = false;
    for (const Sizes* s : shapes) {
      if (i >= s->size()) continue;
      const auto& d = (*s)[s->size() - 1 - i];
      if (!d) {
        unknown = true;
      } else if (*d != 1) {
        dim = d;
      }
    }
    out[rank - 1 - i] = (unknown && dim == int64_t{1}) ? std::nullopt : dim;
  }
  return out;
}

std::optional<int64_t> norm_dim(std::optional<int64_t> d, size_t rank) {
  if (!d) return std::nullopt;
  int64_t r = static_cast<int64_t>(rank);
  int64_t v = *d < 0 ? *d + r : *d;
  if (v < 0 || v >= std::max<int64_t>(r, 1)) return std::nullopt;
  return v;
}

std::optional<int64_t> numel(const Sizes& s) {
  int64_t n = 1;
  for (const auto& d : s) {
    if (!d) return std::nullopt;
    n *= *d;
  }
  return n;
}

const std::string& ShapeContext::kind() const { return node_.kind(); }
size_t ShapeContext::num_inputs() const { return node_.inputs().size(); }
const Value* ShapeContext::input(size_t i) const { return i < node_.inputs().size() ? node_.input(i) : nullptr; }

const Value* ShapeContext::arg(const char* name) const {
  if (!node_.schema()) return nullptr;
  const auto& args = node_.schema()->arguments;
  for (size_t i = 0; i < args.size() && i < node_.inputs().size(); ++i) {
    if (args[i].name == name) return node_.input(i);
  }
  return nullptr;
}

TensorFacts ShapeContext::self() const {
  const Value* x = input(0);
  return x && x->type()->kind == TypeKind::Tensor ? tensor(x) : TensorFacts{};
}

const tsrt::Value* ShapeContext::constant(const Value* v) const {
  return v && v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
}

bool ShapeContext::is_none(const Value* v) const {
  const tsrt::Value* c = constant(v);
  return v == nullptr || (c && c->is_none());
}

std::optional<int> ShapeContext::dtype_value(const Value* v) const {
  std::optional<int64_t> code = v ? int_value(v) : std::nullopt;
  if (!code) return std::nullopt;
  return static_cast<int>(*code);
}

std::optional<bool> ShapeContext::bool_value(const Value* v) const {
  const tsrt::Value* c = constant(v);
  if (c && c->is_bool()) return c->to_bool();
  return std::nullopt;
}

std::optional<Sizes> ShapeContext::int_list(const Value* v) const {
  if (v == nullptr) return std::nullopt;
  if (const tsrt::Value* c = constant(v)) {
    if (c->is_int()) return Sizes{c->to_int()};
    if (!c->is_list()) return std::nullopt;
    Sizes out;
    for (const tsrt::Value& item : c->to_list()->items) {
      if (!item.is_int()) return std::nullopt;
      out.push_back(item.to_int());
    }
    return out;
  }
  if (v->node()->kind() == "prim::ListConstruct") {
    Sizes out;
    for (const Value* item : v->node()->inputs()) out.push_back(int_value(item));
    return out;
  }
  return std::nullopt;
}

Operand ShapeContext::operand(const Value* v) const {
  const TypePtr& t = v->type();
  switch (t->kind) {
    case TypeKind::Int: return {kLongCode, Operand::Wrapped};
    case TypeKind::Float: return {kDoubleCode, Operand::Wrapped};
    case TypeKind::Bool: return {kBoolCode, Operand::Wrapped};
    case TypeKind::Tensor: break;
    default: return {std::nullopt, Operand::Unknown};
  }
  TensorFacts i = tensor(v);
  if (v->node()->kind() == "prim::NumToTensor") return {i.dtype, Operand::Wrapped};
  if (!i.sizes) return {i.dtype, Operand::Unknown};
  return {i.dtype, i.sizes->empty() ? Operand::ZeroDim : Operand::Dim};
}

void ShapeContext::set(const TensorFacts& facts) {
  if (node_.outputs().size() == 1) set(0, facts);
}

void ShapeContext::set_int(std::optional<int64_t> value) {
  if (value && node_.outputs().size() == 1) set_int(0, *value);
}

ShapeRule one_output(TensorFacts (*facts)(const ShapeContext& c)) {
  return [facts](ShapeContext& c) { c.set(facts(c)); };
}

ShapeRule int_output(std::optional<int64_t> (*value)(const ShapeContext& c)) {
  return [value](ShapeContext& c) { c.set_int(value(c)); };
}

TensorFacts same_as_self(const ShapeContext& c) { return c.self(); }

TensorFacts floating_as_self(const ShapeContext& c) {
  TensorFacts in = c.self();
  if (in.dtype && dtype_category(*in.dtype) != 2) in.dtype.reset();
  return in;
}

std::optional<int64_t> window_size(std::optional<int64_t> in, std::optional<int64_t> kernel,
                                   std::optional<int64_t> stride, std::optional<int64_t> pad,
                                   std::optional<int64_t> dilation, bool ceil_mode) {
  if (!in || !kernel || !stride || !pad || !dilation || *stride <= 0) return std::nullopt;
  int64_t span = *in + 2 * *pad - *dilation * (*kernel - 1) - 1;
  int64_t out = (ceil_mode ? span + *stride - 1 : span);
  out = (out >= 0 ? out / *stride : -((-out + *stride - 1) / *stride)) + 1;
  if (ceil_mode && (out - 1) * *stride >= *in + *pad) --out;
  return out;
}

std::optional<int64_t> per_dim(const std::optional<Sizes>& values, size_t i, std::optional<int64_t> fallback) {
  if (!values || values->empty()) return fallback;
  return values->size() == 1 ? (*values)[0] : i < values->size() ? (*values)[i] : std::nullopt;
}

}  // namespace tsrt::ir
