// Passes as IR text in, IR text out; and the IR text form round-trips for every corpus model.
#include <algorithm>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"
#include "runtime/module.h"
#include "tests/op_golden.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::canonical;
using ir_text::run;

TEST(DeadCodeElimination, RemovesUnusedPureNodesKeepsEffects) {
  std::string in = R"IR(graph(%x : Tensor, %l : List[Tensor]):
  %a : Tensor = aten::relu(%x)
  %b : Tensor = aten::tanh(%x)
  %c : Tensor = aten::sigmoid(%b)
  %n : NoneType = aten::append[overload="t"](%l, %x)
  return (%a)
)IR";
  std::string out = R"IR(graph(%x : Tensor, %l : List[Tensor]):
  %a : Tensor = aten::relu(%x)
  %n : NoneType = aten::append[overload="t"](%l, %x)
  return (%a)
)IR";
  EXPECT_EQ(run("dce", in), canonical(out));
}

// Claims a rewrite every time: a fixpoint step over it must stop at its round cap.
int always_rewrites(ir::Graph&) { return 1; }
TSRT_REGISTER_PASS("test-always-rewrites", "claims one rewrite per run (passes_test only)", always_rewrites);

TEST(Pipeline, FixpointRunsItsPassesUntilARoundRewritesNothing) {
  // dce removes %c in round 1 (which leaves %b unused: also removed in round 1, walking
  // backwards), and nothing in round 2.
  auto graph = ir::parse_graph(R"IR(graph(%x : Tensor):
  %a : Tensor = aten::relu(%x)
  %b : Tensor = aten::tanh(%x)
  %c : Tensor = aten::sigmoid(%b)
  return (%a)
)IR",
                               kernels::Registry::global());
  std::vector<PassReport> reports = run_pipeline(*graph, "fixpoint(cse,dce)");
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].name, "cse");
  EXPECT_EQ(reports[0].round, 1);
  EXPECT_EQ(reports[1].name, "dce");
  EXPECT_EQ(reports[1].changes, 2);
  EXPECT_EQ(reports[3].round, 2);
  EXPECT_EQ(reports[3].changes, 0);
  EXPECT_NE(format_reports(reports).find("dce (fixpoint 2)"), std::string::npos) << format_reports(reports);
}

TEST(Pipeline, FixpointStopsAtItsRoundCap) {
  auto graph = ir::parse_graph("graph(%x : Tensor):\n  return (%x)\n", kernels::Registry::global());
  std::vector<PassReport> reports = run_pipeline(*graph, "dce,fixpoint(test-always-rewrites),dce");
  ASSERT_EQ(reports.size(), size_t(kFixpointRounds + 2));
  EXPECT_EQ(reports[kFixpointRounds].round, kFixpointRounds);
  EXPECT_EQ(reports.back().round, 0);
}

TEST(Pipeline, FixpointStepsExpandAsWrittenAndAreChecked) {
  EXPECT_EQ(expand_pipeline("inline, fixpoint(fold, cse),dce"),
            (std::vector<std::string>{"inline", "fixpoint(fold,cse)", "dce"}));
  std::vector<std::string> defaults = expand_pipeline("default");
  EXPECT_NE(std::find(defaults.begin(), defaults.end(), "fixpoint(fold,simplify-control-flow,peephole,cse)"),
            defaults.end());
  for (const char* bad : {"fixpoint(nosuch)", "fixpoint(fold", "fold)", "fixpoint()", "fixpoint(default)"}) {
    EXPECT_THROW(expand_pipeline(bad), Error) << bad;
  }
}

TEST(OpTraits, ContiguousResultIsSetOnTheRegistrations) {
  const kernels::Registry& ops = kernels::Registry::global();
  for (const char* op : {"aten::linear", "aten::addmm", "aten::layer_norm", "aten::embedding", "aten::arange.start",
                         "aten::empty.memory_format", "prim::NumToTensor.Scalar"}) {
    ASSERT_NE(ops.info(op), nullptr) << op;
    EXPECT_TRUE(ops.info(op)->traits.contiguous_result) << op;
  }
  EXPECT_FALSE(ops.info("aten::matmul")->traits.contiguous_result);  // a view when one operand is 1-d
  EXPECT_FALSE(ops.info("aten::relu")->traits.contiguous_result);
}

TEST(SimplifyControlFlow, IfOnAConstantBecomesItsBranch) {
  std::string in = R"IR(graph(%x : Tensor):
  %c : bool = prim::Constant[value=0]()
  %y : Tensor = prim::If(%c)
    block0():
      %t : Tensor = aten::relu(%x)
      -> (%t)
    block1():
      %e : Tensor = aten::tanh(%x)
      -> (%e)
  return (%y)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %c : bool = prim::Constant[value=0]()
  %e : Tensor = aten::tanh(%x)
  return (%e)
)IR";
  EXPECT_EQ(run("simplify-control-flow", in), canonical(out));
}

TEST(SimplifyControlFlow, LoopThatNeverRunsYieldsItsInitialValues) {
  std::string in = R"IR(graph(%x : Tensor):
  %zero : int = prim::Constant[value=0]()
  %yes : bool = prim::Constant[value=1]()
  %r : Tensor = prim::Loop(%zero, %yes, %x)
    block0(%i : int, %acc : Tensor):
      %n : Tensor = aten::relu(%acc)
      -> (%yes, %n)
  return (%r)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %zero : int = prim::Constant[value=0]()
  %yes : bool = prim::Constant[value=1]()
  return (%x)
)IR";
  EXPECT_EQ(run("simplify-control-flow", in), canonical(out));
}

TEST(Peephole, IntOfNumToTensorAndEvalDropout) {
  std::string in = R"IR(graph(%x : Tensor):
  %d : int = prim::Constant[value=0]()
  %s : int = aten::size[overload="int"](%x, %d)
  %t : Tensor = prim::NumToTensor[overload="Scalar"](%s)
  %i : int = aten::Int[overload="Tensor"](%t)
  %p : float = prim::Constant[value=0.10000000000000001]()
  %no : bool = prim::Constant[value=0]()
  %y : Tensor = aten::dropout(%x, %p, %no)
  %z : Tensor = aten::mul[overload="Scalar"](%y, %i)
  return (%z)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %d : int = prim::Constant[value=0]()
  %s : int = aten::size[overload="int"](%x, %d)
  %t : Tensor = prim::NumToTensor[overload="Scalar"](%s)
  %p : float = prim::Constant[value=0.10000000000000001]()
  %no : bool = prim::Constant[value=0]()
  %z : Tensor = aten::mul[overload="Scalar"](%x, %s)
  return (%z)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(out));
}

TEST(Peephole, TrainingDropoutStays) {
  std::string in = R"IR(graph(%x : Tensor):
  %p : float = prim::Constant[value=0.5]()
  %yes : bool = prim::Constant[value=1]()
  %y : Tensor = aten::dropout(%x, %p, %yes)
  return (%y)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(in));
}

TEST(Verifier, RejectsUseBeforeDefinitionNamingTheNode) {
  auto graph = ir::parse_graph("graph(%x : Tensor):\n  %a : Tensor = aten::relu(%x)\n  return (%a)\n",
                               kernels::Registry::global());
  ir::Node* relu = graph->block()->nodes().front();
  ir::Node* tanh = graph->create("aten::tanh", {relu->output()}, 1);
  graph->block()->insert_before(tanh, relu);  // uses %a before it exists
  try {
    ir::verify(*graph);
    FAIL() << "verifier accepted a use before definition";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("used before it is defined"), std::string::npos) << e.what();
  }
}

// Values that share a debug name (as fusions leave them) print under distinct names, each use
// under its own value's, and the text reads back into the same graph.
TEST(IrText, SharedDebugNamesPrintUniquely) {
  auto graph = ir::parse_graph(
      "graph(%x : Tensor):\n  %a : Tensor = aten::relu(%x)\n  %b : Tensor = aten::tanh(%a)\n"
      "  %c : Tensor = aten::sigmoid(%b)\n  return (%c, %a)\n",
      kernels::Registry::global());
  for (ir::Node* node : graph->block()->nodes()) node->output()->set_debug_name("y");
  const std::string text = ir::to_string(*graph, ir::PrintOptions{false});
  EXPECT_EQ(text,
            "graph(%x : Tensor):\n"
            "  %y : Tensor = aten::relu(%x)\n"
            "  %y.1 : Tensor = aten::tanh(%y)\n"
            "  %y.2 : Tensor = aten::sigmoid(%y.1)\n"
            "  return (%y.2, %y)\n");
  std::shared_ptr<ir::Graph> parsed = ir::parse_graph(text, kernels::Registry::global());
  ir::verify(*parsed);
  EXPECT_EQ(ir::to_string(*parsed, ir::PrintOptions{false}), text);
}

// Printing the IR of every corpus model and reading it back gives the same text.
TEST(IrText, EveryCorpusGraphRoundTrips) {
  std::string dir = testing::testdata_dir() + "/corpus/";
  std::ifstream in(dir + "manifest.json");
  ASSERT_TRUE(in.good());
  int checked = 0;
  for (const auto& entry : nlohmann::json::parse(in)) {
    if (entry.value("method", "forward") != "forward") continue;
    LoadOptions options;
    options.passes = "default";
    Module m = load(dir + entry["file"].get<std::string>(), options);
    const ir::Graph& graph = *m.method("forward").graph;
    std::string text = ir::to_string(graph, ir::PrintOptions{false});
    bool has_tensor_constant = text.find("<Tensor") != std::string::npos;
    bool has_object = text.find("prim::GetAttr") != std::string::npos || text.find("prim::Call") != std::string::npos;
    if (has_tensor_constant || has_object) continue;  // not expressible as standalone text
    std::shared_ptr<ir::Graph> parsed = ir::parse_graph(text, kernels::Registry::global());
    ir::verify(*parsed);
    EXPECT_EQ(ir::to_string(*parsed, ir::PrintOptions{false}), text) << entry["file"];
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

}  // namespace
}  // namespace tsrt::passes
