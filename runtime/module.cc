#include "runtime/module.h"

#include <mutex>

#include <omp.h>

#include "frontends/loader/loader.h"
#include "kernels/onednn/cpu_isa.h"
#include "kernels/registry.h"
#include "runtime/graph_constants.h"

namespace tsrt {

struct Module::Impl {
  std::string path;
  frontends::LoadedArchive loaded;
  LoadOptions options;
  runtime::Interpreter interpreter;
  std::mutex prepare_mutex;  // guards on-demand emission of methods
  std::map<std::string, const ir::Function*> prepared;
  std::vector<runtime::MissingKernel> missing_kernels;  // of the prepared methods, each node once

  Impl(std::string p, frontends::LoadedArchive l, LoadOptions o)
      : path(std::move(p)), loaded(std::move(l)), options(std::move(o)), interpreter(options.limits) {}
};

namespace {

// Checks the inputs against the method's signature before any kernel runs.
void check_inputs(const ir::Function& fn, const std::vector<Value>& inputs) {
  const auto& formals = fn.signature.arguments;
  size_t expected = formals.size() - 1;  // self
  size_t required = 0;
  for (size_t i = 1; i < formals.size(); ++i) {
    if (!formals[i].default_value) required = i;
  }
  TSRT_CHECK(inputs.size() <= expected && inputs.size() >= required,
        fn.name + "() expects " + std::to_string(expected) + " inputs (" + std::to_string(required) +
            " required), got " + std::to_string(inputs.size()));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Argument& formal = formals[i + 1];
    const Value& v = inputs[i];
    ir::TypeKind k = formal.type->kind;
    if (k == ir::TypeKind::Optional) {
      if (v.is_none()) continue;
      k = formal.type->contained[0]->kind;
    }
    bool ok = true;
    switch (k) {
      case ir::TypeKind::Tensor: ok = v.is_tensor(); break;
      case ir::TypeKind::Int: ok = v.is_int(); break;
      case ir::TypeKind::Float: ok = v.is_double() || v.is_int(); break;
      case ir::TypeKind::Bool: ok = v.is_bool(); break;
      case ir::TypeKind::Str: ok = v.is_string(); break;
      case ir::TypeKind::List: ok = v.is_list(); break;
      case ir::TypeKind::Tuple: ok = v.is_tuple(); break;
      case ir::TypeKind::Dict: ok = v.is_dict(); break;
      default: break;
    }
    TSRT_CHECK(ok, fn.name + "() input " + std::to_string(i) + " '" + formal.name + "' expects " +
                  formal.type->str() + ", got " + v.tag_name() + " (" + v.repr() + ")");
    // A graph specialised to example inputs (shape-prop) is valid for their dtypes and sizes only.
    const ir::TypePtr& specialised = fn.graph->inputs().at(i + 1)->type();
    if (v.is_tensor() && specialised->is_specialized_tensor()) {
      const Tensor& t = v.to_tensor();
      std::vector<std::optional<int64_t>> sizes(t.sizes().begin(), t.sizes().end());
      ir::TypePtr actual = ir::Type::tensor(static_cast<int>(t.dtype()), sizes, t.is_contiguous());
      TSRT_CHECK(ir::is_subtype(actual, specialised), fn.name + "() input " + std::to_string(i) + " '" + formal.name +
                                                      "': the method was specialised to " + specialised->str() +
                                                      ", got " + actual->str());
    }
  }
}

}  // namespace

const ir::Function& Module::method(const std::string& name) const {
  std::lock_guard<std::mutex> lock(impl_->prepare_mutex);
  auto it = impl_->prepared.find(name);
  if (it != impl_->prepared.end()) return *it->second;
  const ObjectPtr& root = impl_->loaded.root;
  ir::Function* fn = root->type->find_method(name);
  TSRT_CHECK(fn != nullptr, impl_->path + ": the module (" + root->type->name + ") has no method '" + name + "'");
  try {
    impl_->loaded.importer->ensure_emitted(*fn);
    passes::PassContext context;
    context.self = root;
    context.ops = &kernels::Registry::global();  // passes see the ops through the catalog only
    context.evaluate = kernels::call_op;
    if (name == impl_->options.example_method) context.example_inputs = impl_->options.example_inputs;
    passes::run_pipeline(*fn, impl_->options.passes, impl_->options.pipeline, context);
    add_missing_kernels(impl_->interpreter.prepare(*fn));
    runtime::mark_graph_constants(*fn->graph);
  } catch (const Error& e) {
    throw Error(impl_->path + ": " + e.what());
  }
  impl_->prepared[name] = fn;
  return *fn;
}

void Module::add_missing_kernels(const std::vector<runtime::MissingKernel>& found) const {
  for (const runtime::MissingKernel& m : found) {
    bool known = false;
    for (const runtime::MissingKernel& k : impl_->missing_kernels) known |= k.op == m.op && k.location == m.location;
    if (!known) impl_->missing_kernels.push_back(m);
  }
}

std::vector<runtime::MissingKernel> Module::missing_kernels() const {
  std::lock_guard<std::mutex> lock(impl_->prepare_mutex);
  return impl_->missing_kernels;
}

std::vector<std::string> Module::method_names() const {
  std::vector<std::string> names;
  for (const auto& [name, fn] : impl_->loaded.root->type->methods) names.push_back(name);
  return names;
}

const ObjectPtr& Module::root() const { return impl_->loaded.root; }
int64_t Module::file_version() const { return impl_->loaded.file_version; }
const std::string& Module::path() const { return impl_->path; }

Value Module::call(const std::string& method_name, std::vector<Value> inputs, runtime::OpObserver* observer) const {
  const ir::Function& fn = method(method_name);
  check_inputs(fn, inputs);
  // Trailing arguments left out take their defaults.
  for (size_t i = inputs.size() + 1; i < fn.signature.arguments.size(); ++i) {
    inputs.push_back(*fn.signature.arguments[i].default_value);
  }
  ScopedPrecision precision(impl_->options.precision);
  return impl_->interpreter.run(fn, Value(impl_->loaded.root), inputs, observer);
}

std::vector<Value> Module::run_method(const std::string& method_name, std::vector<Value> inputs,
                                      runtime::OpObserver* observer) const {
  Value result = call(method_name, std::move(inputs), observer);
  if (result.is_tuple()) return result.to_tuple()->items;
  return {result};
}

std::vector<Value> Module::forward(std::vector<Value> inputs) const { return run_method("forward", std::move(inputs)); }

Module load(const std::string& path, const LoadOptions& options) {
  // A precision the CPU cannot run fails here, by name, not inside the first product.
  try {
    kernels::onednn::check_precision_supported(options.precision);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  if (options.threads > 0) omp_set_num_threads(options.threads);
  frontends::LoadedArchive loaded = frontends::load_archive(path, kernels::Registry::global());
  auto impl = std::make_shared<Module::Impl>(path, std::move(loaded), options);
  Module m(impl);
  // Emit and plan forward now: errors surface at load, and ops without a kernel are listed.
  if (impl->loaded.root->type->find_method("forward")) m.method("forward");
  return m;
}

}  // namespace tsrt
