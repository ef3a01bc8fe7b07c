// Passes and kernel-less nodes (ops torch has and tsrt lacks): folding leaves them alone, DCE
// removes an unused one only when torch's schema says it mutates nothing (no `!`).
#include <gtest/gtest.h>

#include "frontends/loader/combined_catalog.h"
#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"

namespace tsrt {
namespace {

// Parses `text` against torch's schemas + tsrt's, makes the constant %t (if any; IR text writes it
// as an int) a float tensor, runs `pipeline` as the runtime would and prints the result.
std::string run(const std::string& pipeline, const std::string& text) {
  static const frontends::CombinedCatalog catalog(kernels::Registry::global());
  auto graph = ir::parse_graph(text, catalog);
  for (ir::Node* n : graph->block()->nodes()) {
    if (n->kind() != "prim::Constant" || n->output()->debug_name() != "t") continue;
    Tensor t = Tensor::empty({3}, DType::Float32);
    for (int64_t i = 0; i < 3; ++i) t.data<float>()[i] = static_cast<float>(i);
    n->set_constant(Value(t));
    n->output()->set_type(ir::Type::get(ir::TypeKind::Tensor));
  }
  ir::verify(*graph);
  passes::PassContext context;
  context.ops = &kernels::Registry::global();
  context.evaluate = kernels::call_op;
  passes::run_pipeline(*graph, pipeline, {}, context);
  ir::verify(*graph);
  return ir::to_string(*graph, ir::PrintOptions{false});
}

TEST(KernellessPasses, DceRemovesUnusedPureOpsAndKeepsMutatingOnes) {
  ASSERT_EQ(kernels::Registry::global().find("aten::histc"), nullptr) << "pick another kernel-less op";
  ASSERT_EQ(kernels::Registry::global().find("aten::digamma_"), nullptr) << "pick another kernel-less op";
  std::string out = run("dce", R"IR(graph(%x : Tensor):
  %b : int = prim::Constant[value=4]()
  %lo : int = prim::Constant[value=0]()
  %h : Tensor = aten::histc[overload=""](%x, %b, %lo, %lo)
  %d : Tensor = aten::digamma_[overload=""](%x)
  return (%x)
)IR");
  EXPECT_EQ(out.find("aten::histc"), std::string::npos) << out;
  EXPECT_NE(out.find("aten::digamma_"), std::string::npos) << out;
}

TEST(KernellessPasses, FoldingLeavesThemAlone) {
  std::string out = run("fold", R"IR(graph():
  %t : int = prim::Constant[value=0]()
  %b : int = prim::Constant[value=4]()
  %lo : int = prim::Constant[value=0]()
  %h : Tensor = aten::histc[overload=""](%t, %b, %lo, %lo)
  return (%h)
)IR");
  EXPECT_NE(out.find("aten::histc"), std::string::npos) << out;
}

}  // namespace
}  // namespace tsrt
