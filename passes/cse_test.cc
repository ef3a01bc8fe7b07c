// Common subexpression elimination: IR text in / IR text out, and corpus models keep their
// stock outputs after inline,freeze,fold,cse,dce.
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

TEST(Cse, MergesEqualConstantsAndNodesByValue) {
  std::string in = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %one2 : int = prim::Constant[value=1]()
  %onef : float = prim::Constant[value=1.]()
  %a : Tensor = aten::add[overload="Scalar"](%x, %one, %one)
  %b : Tensor = aten::add[overload="Scalar"](%x, %one2, %one2)
  %c : Tensor = aten::add[overload="Scalar"](%x, %onef, %one)
  %d : Tensor = aten::mul[overload="Tensor"](%a, %b)
  %e : Tensor = aten::mul[overload="Tensor"](%d, %c)
  return (%e)
)IR";
  // 1 and 1. are different constants (int vs float), so %c stays.
  std::string out = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %onef : float = prim::Constant[value=1.]()
  %a : Tensor = aten::add[overload="Scalar"](%x, %one, %one)
  %c : Tensor = aten::add[overload="Scalar"](%x, %onef, %one)
  %d : Tensor = aten::mul[overload="Tensor"](%a, %a)
  %e : Tensor = aten::mul[overload="Tensor"](%d, %c)
  return (%e)
)IR";
  int rewrites = 0;
  EXPECT_EQ(run("cse", in, &rewrites), canonical(out));
  EXPECT_EQ(rewrites, 2);
}

// Two empty lists of different element types are different values.
TEST(Cse, DifferentResultTypesStayApart) {
  std::string in = R"IR(graph(%x : Tensor):
  %e : List[int] = prim::ListConstruct()
  %f : List[Tensor] = prim::ListConstruct()
  %n1 : int = aten::len[overload="t"](%e)
  %n2 : int = aten::len[overload="t"](%f)
  %r : (int, int) = prim::TupleConstruct(%n1, %n2)
  return (%r)
)IR";
  EXPECT_EQ(run("cse", in), canonical(in));
}

TEST(Cse, InnerBlocksReuseOuterNodesNotTheOtherWay) {
  std::string in = R"IR(graph(%x : Tensor, %c : bool):
  %a : Tensor = aten::relu(%x)
  %y : Tensor = prim::If(%c)
    block0():
      %b : Tensor = aten::relu(%x)
      %t : Tensor = aten::tanh(%x)
      %u : Tensor = aten::add[overload="Tensor"](%b, %t, %c)
      -> (%u)
    block1():
      %t2 : Tensor = aten::tanh(%x)
      -> (%t2)
  %t3 : Tensor = aten::tanh(%x)
  %z : Tensor = aten::mul[overload="Tensor"](%y, %t3)
  %w : Tensor = aten::mul[overload="Tensor"](%z, %a)
  return (%w)
)IR";
  // %b reuses the outer %a; %t, %t2 and %t3 each stay: neither branch dominates the other or
  // the code after the If.
  std::string out = R"IR(graph(%x : Tensor, %c : bool):
  %a : Tensor = aten::relu(%x)
  %y : Tensor = prim::If(%c)
    block0():
      %t : Tensor = aten::tanh(%x)
      %u : Tensor = aten::add[overload="Tensor"](%a, %t, %c)
      -> (%u)
    block1():
      %t2 : Tensor = aten::tanh(%x)
      -> (%t2)
  %t3 : Tensor = aten::tanh(%x)
  %z : Tensor = aten::mul[overload="Tensor"](%y, %t3)
  %w : Tensor = aten::mul[overload="Tensor"](%z, %a)
  return (%w)
)IR";
  EXPECT_EQ(run("cse", in), canonical(out));
}

TEST(Cse, NothingAcrossInPlaceWritesRandomOrFreshBuffers) {
  std::string in = R"IR(graph(%x : Tensor):
  %none : NoneType = prim::Constant()
  %one : int = prim::Constant[value=1]()
  %s1 : Tensor = aten::sum(%x, %none)
  %w : Tensor = aten::add_[overload="Scalar"](%x, %one, %one)
  %s2 : Tensor = aten::sum(%x, %none)
  %p : float = prim::Constant[value=0.5]()
  %yes : bool = prim::Constant[value=1]()
  %d1 : Tensor = aten::dropout(%s1, %p, %yes)
  %d2 : Tensor = aten::dropout(%s1, %p, %yes)
  %shape : List[int] = prim::ListConstruct(%one)
  %z1 : Tensor = aten::zeros(%shape, %none, %none, %none, %none)
  %z2 : Tensor = aten::zeros(%shape, %none, %none, %none, %none)
  %z3 : Tensor = aten::add_[overload="Scalar"](%z1, %one, %one)
  %r : (Tensor, Tensor, Tensor, Tensor, Tensor, Tensor) = prim::TupleConstruct(%s1, %s2, %d1, %d2, %z1, %z2)
  return (%r)
)IR";
  EXPECT_EQ(run("cse", in), canonical(in));
}

// x is written through a copied list's element: the two sums of x must stay apart.
TEST(Cse, WritesThroughContainersCount) {
  std::string in = R"IR(graph(%x : Tensor):
  %none : NoneType = prim::Constant()
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %l : List[Tensor] = prim::ListConstruct(%x)
  %l2 : List[Tensor] = aten::list[overload="t"](%l)
  %s1 : Tensor = aten::sum(%x, %none)
  %e : Tensor = aten::__getitem__[overload="t"](%l2, %zero)
  %w : Tensor = aten::add_[overload="Scalar"](%e, %one, %one)
  %s2 : Tensor = aten::sum(%x, %none)
  %r : (Tensor, Tensor) = prim::TupleConstruct(%s1, %s2)
  return (%r)
)IR";
  EXPECT_EQ(run("cse", in), canonical(in));
}

TEST(Cse, TensorConstantsMergeOnlyWhenTheSameTensor) {
  auto graph = ir::parse_graph("graph(%x : Tensor):\n  return (%x)\n", kernels::Registry::global());
  Tensor t = Tensor::zeros({2}, DType::Float32);
  Tensor equal_values = Tensor::zeros({2}, DType::Float32);
  ir::TypePtr tensor = ir::Type::get(ir::TypeKind::Tensor);
  ir::Value* a = graph->insert_constant(t, tensor);
  ir::Value* b = graph->insert_constant(t, tensor);
  ir::Value* c = graph->insert_constant(equal_values, tensor);
  ir::Node* tuple = graph->create("prim::TupleConstruct", {a, b, c}, 1);
  tuple->output()->set_type(ir::Type::tuple({tensor, tensor, tensor}));
  graph->block()->append(tuple);
  graph->block()->return_node()->replace_input(0, tuple->output());
  std::vector<PassReport> reports = run_pipeline(*graph, "cse", {}, ir_text::with_kernels());
  ir::verify(*graph);
  EXPECT_EQ(reports.at(0).changes, 1);
  EXPECT_EQ(tuple->input(0), tuple->input(1));
  EXPECT_NE(tuple->input(0), tuple->input(2));
}

TEST(Cse, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  for (const char* pipeline : {"inline,cse,dce", "inline,freeze,fold,cse,dce"}) {
    for (const testing::ModelCase& c : cases) {
      LoadOptions options;
      options.passes = pipeline;
      options.pipeline.verify_each = true;
      Module m = load(testing::corpus_dir() + "/" + c.file, options);
      EXPECT_EQ(testing::check_outputs(m, c), "") << c.name << " after " << pipeline;
    }
  }
}

}  // namespace
}  // namespace tsrt::passes
