// Prints docs/ops.md: every op schema tsrt has a kernel for, grouped by kernel family, plus
// the prim ops the interpreter runs itself. tests/docs checks the committed file is current.
#include <iostream>
#include <map>
#include <vector>

#include "kernels/registry.h"
#include "passes/pass.h"

int main() {
  std::map<std::string, std::vector<const tsrt::kernels::OpEntry*>> by_family;
  size_t total = 0;
  for (const auto* entry : tsrt::kernels::Registry::global().all()) {
    by_family[entry->family].push_back(entry);
    ++total;
  }
  std::cout << "# Supported ops\n\n"
            << "Generated from the kernel registry by `bazel run //tools/docs:gen_ops_doc > docs/ops.md`;\n"
            << "do not edit by hand. " << total << " op schemas in " << by_family.size() << " kernel families.\n\n"
            << "The interpreter itself runs the control-flow and container prims: `prim::Constant`,\n"
            << "`prim::If`, `prim::Loop`, `prim::CallMethod`, `prim::CallFunction`, `prim::GetAttr`,\n"
            << "`prim::SetAttr`, `prim::ListConstruct`, `prim::ListUnpack`, `prim::TupleConstruct`,\n"
            << "`prim::TupleUnpack`, `prim::TupleIndex`, `prim::DictConstruct`, `prim::CreateObject`,\n"
            << "`prim::RaiseException`, `prim::Uninitialized`, `prim::unchecked_cast`, `prim::isinstance`,\n"
            << "`prim::Print`, `prim::device`, `prim::dtype`.\n";
  for (const auto& [family, entries] : by_family) {
    std::cout << "\n## " << (family.empty() ? "(unnamed)" : family) << " (" << entries.size() << ")\n\n";
    for (const auto* e : entries) std::cout << "- `" << e->schema.text << "`\n";
  }
  std::cout << "\n# Passes\n\n";
  for (const auto& pass : tsrt::passes::PassRegistry::global().all()) {
    std::cout << "- `" << pass.name << "`: " << pass.description << "\n";
  }
  return 0;
}
