// A DELIBERATELY WRONG pass, for demonstrating `tsrt compare --bisect` only (README, "Comparing
// with stock libtorch"). It is registered only when TSRT_DEMO_PASSES=1 is set, so no ordinary
// pipeline or pass listing ever sees it:
//   TSRT_DEMO_PASSES=1 tsrt compare model.pt --input ... --passes inline,demo-gelu-relu,dce
#include <cstdlib>
#include <cstring>

#include "kernels/registry.h"
#include "passes/pass.h"

namespace tsrt::cli {
namespace {

// Replaces every top-level aten::gelu by aten::relu: close enough to run, wrong enough to see.
int gelu_to_relu(ir::Graph& graph) {
  const kernels::OpEntry* relu = kernels::Registry::global().find("aten::relu");
  TSRT_CHECK(relu != nullptr, "demo-gelu-relu: aten::relu is not registered");
  std::vector<ir::Node*> gelus;
  for (ir::Node* n : graph.block()->nodes()) {
    if (n->kind() == "aten::gelu") gelus.push_back(n);
  }
  for (ir::Node* gelu : gelus) {
    ir::Node* r = graph.create("aten::relu", {gelu->input(0)}, 1);
    r->set_schema(&relu->schema);
    r->output()->set_type(gelu->output()->type());
    graph.block()->insert_before(r, gelu);
    gelu->output()->replace_all_uses_with(r->output());
    gelu->destroy();
  }
  return static_cast<int>(gelus.size());
}

const bool registered = [] {
  const char* enabled = std::getenv("TSRT_DEMO_PASSES");
  if (enabled == nullptr || std::strcmp(enabled, "1") != 0) return false;
  passes::PassRegistry::global().add(passes::PassInfo{
      "demo-gelu-relu", "DELIBERATELY WRONG demo for compare --bisect: GELU becomes ReLU",
      [](ir::Graph& g, const passes::PassContext&) { return gelu_to_relu(g); }});
  return true;
}();

}  // namespace
}  // namespace tsrt::cli
