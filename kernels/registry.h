// The kernel registry: op schema -> kernel. Each kernel file registers its ops with
// TSRT_REGISTER_KERNELS, the schema string beside the function that implements it.
//
// Calling convention (as torch's): the executor pushes one Value per schema argument
// (defaults already filled in by the frontend) onto a Stack; a StackKernel pops them and
// pushes one Value per schema return. Most ops return one value and use the simpler
// ValueKernel, which reads its arguments through `Args`. Vararg schemas (`aten::format(str
// self, ...)`) get every actual input followed by one int holding the number of inputs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/op_info.h"
#include "ir/schema.h"
#include "runtime/value.h"

namespace tsrt::kernels {

using Stack = std::vector<Value>;

// Read-only view of a kernel's arguments, with typed accessors whose errors name the argument.
class Args {
 public:
  Args(const Value* first, size_t count, const ir::FunctionSchema* schema)
      : first_(first), count_(count), schema_(schema) {}
  size_t size() const { return count_; }
  const Value& operator[](size_t i) const;
  const Tensor& tensor(size_t i) const;
  std::optional<Tensor> optional_tensor(size_t i) const;  // None (or undefined) -> nullopt
  int64_t to_int(size_t i) const;
  double to_double(size_t i) const;
  bool to_bool(size_t i) const;
  std::optional<int64_t> optional_int(size_t i) const;
  std::optional<double> optional_double(size_t i) const;
  Shape int_list(size_t i) const;  // List[int]; a single int is accepted too
  std::vector<Tensor> tensor_list(size_t i) const;
  const std::string& to_string(size_t i) const;
  const ir::FunctionSchema& schema() const { return *schema_; }

 private:
  const Value* first_;
  size_t count_;
  const ir::FunctionSchema* schema_;
};

using StackKernel = std::function<void(Stack&)>;
using ValueKernel = std::function<Value(const Args&)>;
using MultiKernel = std::function<std::vector<Value>(const Args&)>;  // one Value per schema return

// An op as passes see it (ir::OpInfo: schema, traits, shape rule) plus its kernel.
struct OpEntry : ir::OpInfo {
  StackKernel kernel;
  std::string family;  // the kernel file that registered it, for docs/ops.md
};

// What a registration still says about its op (or ops) after the kernel:
//   r.add("aten::relu(Tensor self) -> Tensor", relu).shape(same_as_self).traits(...);
class OpBuilder {
 public:
  explicit OpBuilder(std::vector<OpEntry*> entries) : entries_(std::move(entries)) {}
  // How the outputs' dtype, sizes and contiguity follow from the inputs (ir/shape_rule.h).
  OpBuilder& shape(ir::ShapeRule rule);
  // Adds traits: a chain step replaces the op's, flags are added to those the schema's alias
  // annotations already set ("Tensor(a!) self": mutates_input; "-> Tensor(a)": aliases_input).
  OpBuilder& traits(const ir::OpTraits& traits);

 private:
  std::vector<OpEntry*> entries_;
};

class Registry : public ir::OpCatalog {
 public:
  static Registry& global();

  // Registers a kernel for `schema`; a duplicate schema is a programming error (aborts loudly).
  // The returned builder adds the shape rule and traits.
  OpBuilder add_stack(const std::string& schema, StackKernel kernel);
  OpBuilder add(const std::string& schema, ValueKernel kernel);
  OpBuilder add_multi(const std::string& schema, MultiKernel kernel);
  // The ops this family has registered so far under each of `names`: every overload of a name
  // ("aten::add"), or one ("aten::add.Tensor"). For a rule shared by many registrations that a
  // helper made: r.ops({"aten::relu", "aten::relu_"}).shape(same_as_self). A name that matches
  // nothing is a programming error (aborts loudly).
  OpBuilder ops(const std::vector<std::string>& names);
  void set_family(const std::string& family) { current_family_ = family; }
  // Swaps the kernel of a registered op and returns the old one: fault injection in tests
  // (a deliberately wrong kernel that `tsrt compare --per-op` must find).
  StackKernel replace_kernel(const std::string& qualified_name, StackKernel kernel);

  // "aten::add.Tensor" -> entry, or nullptr.
  const OpEntry* find(const std::string& qualified_name) const;
  std::vector<const ir::FunctionSchema*> overloads(const std::string& name) const override;
  const ir::OpInfo* info(const std::string& qualified_name) const override { return find(qualified_name); }
  std::vector<const ir::OpInfo*> infos() const override;
  std::vector<const OpEntry*> all() const;

 private:
  template <typename Kernel>
  OpBuilder add_args_kernel(const std::string& schema, Kernel kernel);

  std::map<std::string, std::unique_ptr<OpEntry>> by_qualified_name_;
  std::map<std::string, std::vector<const OpEntry*>> by_name_;
  std::string current_family_;
};

// Runs a registered op on `args` outside a graph (used by tests, and by constant folding as
// the evaluator the runtime hands to passes).
std::vector<Value> call_op(const std::string& qualified_name, std::vector<Value> args);

}  // namespace tsrt::kernels

// Registers a family of kernels at static-initialisation time:
//   TSRT_REGISTER_KERNELS(activation) { r.add("aten::relu(Tensor self) -> Tensor", relu); }
// Kernel libraries are `alwayslink` so that registration survives linking.
#define TSRT_REGISTER_KERNELS(family)                                                     \
  static void tsrt_register_kernels_##family(::tsrt::kernels::Registry& r);              \
  static const bool tsrt_kernels_registered_##family = [] {                              \
    auto& registry = ::tsrt::kernels::Registry::global();                                \
    registry.set_family(#family);                                                        \
    tsrt_register_kernels_##family(registry);                                            \
    return true;                                                                         \
  }();                                                                                   \
  static void tsrt_register_kernels_##family(::tsrt::kernels::Registry& r)
