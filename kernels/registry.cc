#include "kernels/registry.h"

#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace tsrt::kernels {

const Value& Args::operator[](size_t i) const {
  TSRT_CHECK(i < count_, "kernel " + schema_->qualified() + " read argument " + std::to_string(i) +
                        " of " + std::to_string(count_));
  return first_[i];
}

namespace {
std::string arg_name(const ir::FunctionSchema* schema, size_t i) {
  if (schema && i < schema->arguments.size()) return schema->arguments[i].name;
  return "#" + std::to_string(i);
}
}  // namespace

#define TSRT_ARG_ACCESSOR(ret, method, expr)                                                  \
  ret Args::method(size_t i) const {                                                          \
    const Value& v = (*this)[i];                                                              \
    try {                                                                                     \
      return expr;                                                                            \
    } catch (const Error& e) {                                                                \
      throw Error(schema_->qualified() + ": argument '" + arg_name(schema_, i) + "': " + e.what()); \
    }                                                                                         \
  }

TSRT_ARG_ACCESSOR(const Tensor&, tensor, v.to_tensor())
TSRT_ARG_ACCESSOR(int64_t, to_int, v.to_int())
TSRT_ARG_ACCESSOR(double, to_double, v.to_double())
TSRT_ARG_ACCESSOR(bool, to_bool, v.is_int() ? v.to_int() != 0 : v.to_bool())
TSRT_ARG_ACCESSOR(const std::string&, to_string, v.to_string())
#undef TSRT_ARG_ACCESSOR

std::optional<Tensor> Args::optional_tensor(size_t i) const {
  const Value& v = (*this)[i];
  if (v.is_none()) return std::nullopt;
  const Tensor& t = tensor(i);
  if (!t.defined()) return std::nullopt;
  return t;
}

std::optional<int64_t> Args::optional_int(size_t i) const {
  if ((*this)[i].is_none()) return std::nullopt;
  return to_int(i);
}

std::optional<double> Args::optional_double(size_t i) const {
  if ((*this)[i].is_none()) return std::nullopt;
  return to_double(i);
}

Shape Args::int_list(size_t i) const {
  const Value& v = (*this)[i];
  if (v.is_int()) return {v.to_int()};
  TSRT_CHECK(v.is_list() || v.is_tuple(), schema_->qualified() + ": argument '" + arg_name(schema_, i) +
                                         "' must be a list of ints, got " + v.tag_name());
  const auto& items = v.is_list() ? v.to_list()->items : v.to_tuple()->items;
  Shape out;
  out.reserve(items.size());
  for (const Value& item : items) out.push_back(item.to_int());
  return out;
}

std::vector<Tensor> Args::tensor_list(size_t i) const {
  const Value& v = (*this)[i];
  TSRT_CHECK(v.is_list() || v.is_tuple(), schema_->qualified() + ": argument '" + arg_name(schema_, i) +
                                         "' must be a list of tensors, got " + v.tag_name());
  const auto& items = v.is_list() ? v.to_list()->items : v.to_tuple()->items;
  std::vector<Tensor> out;
  out.reserve(items.size());
  for (const Value& item : items) out.push_back(item.to_tensor());
  return out;
}

Registry& Registry::global() {
  static Registry* registry = new Registry();
  return *registry;
}

OpBuilder& OpBuilder::shape(ir::ShapeRule rule) {
  for (OpEntry* e : entries_) e->shape = rule;
  return *this;
}

OpBuilder& OpBuilder::traits(const ir::OpTraits& traits) {
  for (OpEntry* e : entries_) {
    if (traits.chain) e->traits.chain = traits.chain;
    e->traits.side_effects |= traits.side_effects;
    e->traits.mutates_input |= traits.mutates_input;
    e->traits.aliases_input |= traits.aliases_input;
    e->traits.contiguous_result |= traits.contiguous_result;
    e->traits.changes_metadata |= traits.changes_metadata;
  }
  return *this;
}

namespace {
// What a schema's alias annotations say: "Tensor(a!) self" is written into, "-> Tensor(a)" is a view.
ir::OpTraits traits_from_annotations(const std::string& text) {
  const size_t arrow = text.rfind("->");
  const std::string arguments = text.substr(0, arrow);
  const std::string returns = arrow == std::string::npos ? "" : text.substr(arrow);
  ir::OpTraits traits;
  traits.mutates_input = arguments.find("!)") != std::string::npos;
  traits.aliases_input = returns.find("(a)") != std::string::npos;
  return traits;
}
}  // namespace

OpBuilder Registry::add_stack(const std::string& schema_text, StackKernel kernel) {
  auto entry = std::make_unique<OpEntry>();
  entry->schema = ir::parse_schema(schema_text);
  entry->traits = traits_from_annotations(schema_text);
  entry->kernel = std::move(kernel);
  entry->family = current_family_;
  std::string key = entry->schema.qualified();
  if (by_qualified_name_.count(key)) {
    std::fprintf(stderr, "tsrt: kernel registered twice: %s\n", key.c_str());
    std::abort();
  }
  OpEntry* added = entry.get();
  by_name_[entry->schema.name].push_back(added);
  by_qualified_name_[key] = std::move(entry);
  return OpBuilder({added});
}

OpBuilder Registry::ops(const std::vector<std::string>& names) {
  std::vector<OpEntry*> entries;
  for (const std::string& name : names) {
    size_t before = entries.size();
    if (auto overloads = by_name_.find(name); overloads != by_name_.end()) {
      for (const OpEntry* e : overloads->second) {
        if (e->family == current_family_) entries.push_back(by_qualified_name_.at(e->schema.qualified()).get());
      }
    } else if (auto it = by_qualified_name_.find(name);
               it != by_qualified_name_.end() && it->second->family == current_family_) {
      entries.push_back(it->second.get());
    }
    if (entries.size() == before) {
      std::fprintf(stderr, "tsrt: %s registers no op named %s\n", current_family_.c_str(), name.c_str());
      std::abort();
    }
  }
  return OpBuilder(std::move(entries));
}

// ValueKernel and MultiKernel read their arguments, the top `n` values of the stack, through
// Args, then replace them with their results. The entry's schema lives in the registry, so the
// wrapper finds it through a pointer set once the entry exists.
template <typename Kernel>
OpBuilder Registry::add_args_kernel(const std::string& schema_text, Kernel kernel) {
  auto schema_ptr = std::make_shared<const ir::FunctionSchema*>(nullptr);
  OpBuilder builder = add_stack(schema_text, [kernel = std::move(kernel), schema_ptr](Stack& stack) {
    const ir::FunctionSchema* schema = *schema_ptr;
    size_t n = schema->arguments.size();
    auto results = kernel(Args(stack.data() + stack.size() - n, n, schema));
    stack.resize(stack.size() - n);
    if constexpr (std::is_same_v<decltype(results), Value>) {
      stack.push_back(std::move(results));  // one result: no vector to allocate on every call
    } else {
      for (Value& v : results) stack.push_back(std::move(v));
    }
  });
  *schema_ptr = &by_qualified_name_[ir::parse_schema(schema_text).qualified()]->schema;
  return builder;
}

OpBuilder Registry::add(const std::string& schema_text, ValueKernel kernel) {
  return add_args_kernel(schema_text, std::move(kernel));
}

OpBuilder Registry::add_multi(const std::string& schema_text, MultiKernel kernel) {
  return add_args_kernel(schema_text, std::move(kernel));
}

StackKernel Registry::replace_kernel(const std::string& qualified_name, StackKernel kernel) {
  auto it = by_qualified_name_.find(qualified_name);
  TSRT_CHECK(it != by_qualified_name_.end(), "no kernel registered for " + qualified_name);
  std::swap(it->second->kernel, kernel);
  return kernel;
}

const OpEntry* Registry::find(const std::string& qualified_name) const {
  auto it = by_qualified_name_.find(qualified_name);
  return it == by_qualified_name_.end() ? nullptr : it->second.get();
}

std::vector<const ir::FunctionSchema*> Registry::overloads(const std::string& name) const {
  std::vector<const ir::FunctionSchema*> out;
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return out;
  for (const OpEntry* e : it->second) out.push_back(&e->schema);
  return out;
}

std::vector<const ir::OpInfo*> Registry::infos() const {
  std::vector<const ir::OpInfo*> out;
  for (const auto& [name, entry] : by_qualified_name_) out.push_back(entry.get());
  return out;
}

std::vector<const OpEntry*> Registry::all() const {
  std::vector<const OpEntry*> out;
  for (const auto& [name, entry] : by_qualified_name_) out.push_back(entry.get());
  return out;
}

std::vector<Value> call_op(const std::string& qualified_name, std::vector<Value> args) {
  const OpEntry* entry = Registry::global().find(qualified_name);
  TSRT_CHECK(entry != nullptr, "no kernel registered for " + qualified_name);
  const size_t formal = entry->schema.arguments.size();
  TSRT_CHECK(args.size() == formal || (entry->schema.is_vararg && args.size() > formal),
        qualified_name + " takes " + std::to_string(formal) + " arguments, got " + std::to_string(args.size()));
  // Vararg kernels find their inputs through a trailing count, as the interpreter pushes it.
  const size_t count = args.size();
  Stack stack = std::move(args);
  if (entry->schema.is_vararg) stack.emplace_back(static_cast<int64_t>(count));
  entry->kernel(stack);
  return stack;
}

}  // namespace tsrt::kernels
