// Constant folding: IR text in / IR text out, and corpus models keep their stock outputs after
// inline,freeze,fold,dce.
#include <string>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::canonical;
using ir_text::run;

TEST(ConstantFolding, ScalarArithmeticAndListsOfConstants) {
  std::string in = R"IR(graph(%x : Tensor, %n : int):
  %a : int = prim::Constant[value=2]()
  %b : int = prim::Constant[value=3]()
  %c : int = aten::add[overload="int"](%a, %b)
  %d : int = aten::mul[overload="int"](%c, %n)
  %e : int = aten::mul[overload="int"](%c, %c)
  %shape : List[int] = prim::ListConstruct(%e, %c)
  %y : Tensor = aten::view(%x, %shape)
  %z : Tensor = aten::mul[overload="Scalar"](%y, %d)
  return (%z)
)IR";
  std::string out = R"IR(graph(%x : Tensor, %n : int):
  %c : int = prim::Constant[value=5]()
  %d : int = aten::mul[overload="int"](%c, %n)
  %shape : List[int] = prim::Constant[value=[25, 5]]()
  %y : Tensor = aten::view(%x, %shape)
  %z : Tensor = aten::mul[overload="Scalar"](%y, %d)
  return (%z)
)IR";
  int rewrites = 0;
  EXPECT_EQ(run("fold,dce", in, &rewrites), canonical(out));
  EXPECT_EQ(rewrites, 3);
}

// Tensors made and transposed from constants become one constant tensor; the kernel computes it.
TEST(ConstantFolding, TensorOpsOnConstantsBecomeConstants) {
  std::string in = R"IR(graph(%x : Tensor):
  %two : int = prim::Constant[value=2]()
  %three : int = prim::Constant[value=3]()
  %none : NoneType = prim::Constant()
  %shape : List[int] = prim::ListConstruct(%two, %three)
  %w : Tensor = aten::ones(%shape, %none, %none, %none, %none)
  %half : float = prim::Constant[value=0.5]()
  %w2 : Tensor = aten::mul[overload="Scalar"](%w, %half)
  %wt : Tensor = aten::t(%w2)
  %y : Tensor = aten::matmul(%x, %wt)
  return (%y)
)IR";
  auto graph = ir::parse_graph(in, kernels::Registry::global());
  run_pipeline(*graph, "fold,dce", {}, ir_text::with_kernels());
  ir::verify(*graph);
  EXPECT_EQ(ir::to_string(*graph, ir::PrintOptions{false}), R"IR(graph(%x : Tensor):
  %wt : Tensor = prim::Constant[value=<Tensor float32[3, 2]>]()
  %y : Tensor = aten::matmul(%x, %wt)
  return (%y)
)IR");
  const Tensor& wt = graph->block()->nodes().front()->constant().to_tensor();
  ASSERT_EQ(wt.sizes(), (Shape{3, 2}));
  Tensor dense = wt.contiguous();
  for (int64_t i = 0; i < 6; ++i) EXPECT_EQ(dense.data<float>()[i], 0.5f);
}

TEST(ConstantFolding, FoldsInsideBlocks) {
  std::string in = R"IR(graph(%x : Tensor, %c : bool):
  %a : int = prim::Constant[value=4]()
  %y : Tensor = prim::If(%c)
    block0():
      %b : int = aten::neg[overload="int"](%a)
      %t : Tensor = aten::mul[overload="Scalar"](%x, %b)
      -> (%t)
    block1():
      -> (%x)
  return (%y)
)IR";
  std::string out = R"IR(graph(%x : Tensor, %c : bool):
  %y : Tensor = prim::If(%c)
    block0():
      %b : int = prim::Constant[value=-4]()
      %t : Tensor = aten::mul[overload="Scalar"](%x, %b)
      -> (%t)
    block1():
      -> (%x)
  return (%y)
)IR";
  EXPECT_EQ(run("fold,dce", in), canonical(out));
}

TEST(ConstantFolding, LeavesRandomMutatedEscapingFailingAndHugeNodes) {
  std::string in = R"IR(graph(%x : Tensor):
  %p : float = prim::Constant[value=0.5]()
  %yes : bool = prim::Constant[value=1]()
  %none : NoneType = prim::Constant()
  %two : int = prim::Constant[value=2]()
  %zero : int = prim::Constant[value=0]()
  %shape : List[int] = prim::ListConstruct(%two, %two)
  %ones : Tensor = aten::ones(%shape, %none, %none, %none, %none)
  %drop : Tensor = aten::dropout(%ones, %p, %yes)
  %big : int = prim::Constant[value=300]()
  %bigshape : List[int] = prim::ListConstruct(%big, %big)
  %huge : Tensor = aten::zeros(%bigshape, %none, %none, %none, %none)
  %hsum : Tensor = aten::sum(%huge, %none)
  %zs : Tensor = aten::zeros(%shape, %none, %none, %none, %none)
  %inplace : Tensor = aten::add_[overload="Scalar"](%zs, %two, %two)
  %q : int = aten::floordiv[overload="int"](%two, %zero)
  %r : Tensor = aten::add[overload="Tensor"](%x, %drop, %q)
  %s : Tensor = aten::add[overload="Tensor"](%r, %inplace, %two)
  %u : Tensor = aten::add[overload="Tensor"](%s, %hsum, %two)
  %escaping : Tensor = aten::ones(%shape, %none, %none, %none, %none)
  return (%u, %escaping)
)IR";
  // Only %ones (read by dropout, which stays) and the shape lists are folded: dropout is
  // random, %huge is too large, %zs is written in place, 2 // 0 raises, %escaping is returned.
  std::string out = R"IR(graph(%x : Tensor):
  %p : float = prim::Constant[value=0.5]()
  %yes : bool = prim::Constant[value=1]()
  %none : NoneType = prim::Constant()
  %two : int = prim::Constant[value=2]()
  %zero : int = prim::Constant[value=0]()
  %shape : List[int] = prim::Constant[value=[2, 2]]()
  %ones : Tensor = prim::Constant[value=<Tensor float32[2, 2]>]()
  %drop : Tensor = aten::dropout(%ones, %p, %yes)
  %bigshape : List[int] = prim::Constant[value=[300, 300]]()
  %huge : Tensor = aten::zeros(%bigshape, %none, %none, %none, %none)
  %hsum : Tensor = aten::sum(%huge, %none)
  %zs : Tensor = aten::zeros(%shape, %none, %none, %none, %none)
  %inplace : Tensor = aten::add_[overload="Scalar"](%zs, %two, %two)
  %q : int = aten::floordiv[overload="int"](%two, %zero)
  %r : Tensor = aten::add[overload="Tensor"](%x, %drop, %q)
  %s : Tensor = aten::add[overload="Tensor"](%r, %inplace, %two)
  %u : Tensor = aten::add[overload="Tensor"](%s, %hsum, %two)
  %escaping : Tensor = aten::ones(%shape, %none, %none, %none, %none)
  return (%u, %escaping)
)IR";
  EXPECT_EQ(run("fold,dce", in), out);
}

TEST(ConstantFolding, ListsThatAreAppendedToStay) {
  std::string in = R"IR(graph(%x : int):
  %one : int = prim::Constant[value=1]()
  %l : List[int] = prim::ListConstruct(%one, %one)
  %n : int = aten::len[overload="t"](%l)
  %none : NoneType = aten::append[overload="t"](%l, %x)
  %m : int = aten::len[overload="t"](%l)
  %s : int = aten::add[overload="int"](%n, %m)
  return (%s)
)IR";
  EXPECT_EQ(run("fold", in), canonical(in));
}

// Every corpus model keeps its stock outputs after freezing and folding (cse_test runs the
// chain with cse too).
TEST(ConstantFolding, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  for (const char* pipeline : {"fold", "inline,freeze,fold,dce"}) {
    for (const testing::ModelCase& c : cases) {
      LoadOptions options;
      options.passes = pipeline;
      options.pipeline.verify_each = true;
      Module m = load(testing::corpus_dir() + "/" + c.file, options);
      EXPECT_EQ(testing::check_outputs(m, c), "") << c.name << " after " << pipeline;
    }
  }
}

// On BERT, freezing then folding leaves nothing computable from constants alone: every node
// left reads at least one non-constant value (or is random, effectful or too large).
TEST(ConstantFolding, BertHasNothingLeftToFold) {
  LoadOptions options;
  options.passes = "inline,freeze,fold,dce";
  std::vector<PassReport> reports;
  options.pipeline.reports = &reports;
  Module m = load(testing::corpus_dir() + "/bert_tiny_traced.pt", options);
  const ir::Graph& g = *m.method("forward").graph;
  int folded = 0;
  for (const PassReport& r : reports) {
    if (r.name == "fold") folded += r.changes;
  }
  EXPECT_GT(folded, 0);
  for (const ir::Node* n : g.block()->nodes()) {
    if (n->kind() == "prim::Constant" || n->inputs().empty()) continue;
    bool all_constant = true;
    for (const ir::Value* v : n->inputs()) all_constant &= v->node()->kind() == "prim::Constant";
    EXPECT_FALSE(all_constant) << "unfolded: " << n->qualified_kind() << " at " << n->location().str();
  }
}

}  // namespace
}  // namespace tsrt::passes
