// tsrt info: what is in an archive, without running any method; the last line is the verdict of
// `tsrt check` (which emits every method, unoptimised).
#include <cstdio>
#include <iostream>

#include "frontends/loader/loader.h"
#include "kernels/registry.h"
#include "tools/tsrt/commands.h"

namespace tsrt::cli {

namespace {

struct Totals {
  int64_t tensors = 0;
  int64_t elements = 0;
  int64_t bytes = 0;
};

std::string signature(const std::string& name, const ir::Function& fn) {
  std::string s = name + "(";
  for (size_t i = 0; i < fn.signature.arguments.size(); ++i) {
    const ir::Argument& a = fn.signature.arguments[i];
    s += (i ? ", " : "") + a.name;
    if (i > 0) s += ": " + a.type->str();
  }
  return s + ") -> " + fn.signature.returns.at(0)->str();
}

void print_tree(const ObjectPtr& obj, const std::string& name, int depth, Totals& totals, int64_t& module_count) {
  ++module_count;
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  std::cout << pad << name << ": " << obj->type->name << "\n";
  for (size_t i = 0; i < obj->type->attributes.size() && i < obj->slots.size(); ++i) {
    const auto& attr = obj->type->attributes[i];
    const Value& v = obj->slots[i];
    if (v.is_object() && v.to_object()->type->is_module) {
      print_tree(v.to_object(), attr.name, depth + 1, totals, module_count);
    } else if (v.is_tensor() && v.to_tensor().defined()) {
      const Tensor& t = v.to_tensor();
      ++totals.tensors;
      totals.elements += t.numel();
      totals.bytes += static_cast<int64_t>(t.nbytes());
      const char* role = attr.is_parameter ? "parameter" : attr.is_buffer ? "buffer" : "attribute";
      std::cout << pad << "  " << attr.name << ": " << describe(t) << " (" << role << ")\n";
    }
  }
}

}  // namespace

int cmd_info(const std::string& model) {
  frontends::LoadedArchive loaded = frontends::load_archive(model, kernels::Registry::global());
  std::cout << "file: " << model << "\n";
  std::cout << "format version: " << loaded.file_version << "\n";
  std::cout << "archive root folder: " << loaded.archive->prefix() << "\n";
  std::cout << "root module: " << loaded.root->type->name << "\n\nmodule tree:\n";
  Totals totals;
  int64_t modules = 0;
  print_tree(loaded.root, "(root)", 1, totals, modules);
  std::cout << "\nmethods of " << loaded.root->type->name << ":\n";
  for (const auto& [name, fn] : loaded.root->type->methods) std::cout << "  " << signature(name, *fn) << "\n";
  std::cout << "\nmodules: " << modules << "\n";
  std::cout << "tensors: " << totals.tensors << " (" << totals.elements << " elements, " << totals.bytes << " bytes)\n";
  std::cout << "constants (constants.pkl): " << loaded.importer->constants().size() << "\n";
  // The verdict of `tsrt check`, on the unoptimised IR (no pass pipeline: info stays quick).
  LoadOptions unoptimised;
  unoptimised.passes = "none";
  std::cout << find_unsupported(model, unoptimised).verdict() << "\n";
  return 0;
}

}  // namespace tsrt::cli
