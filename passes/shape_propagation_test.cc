// Shape propagation: IR text in, typed IR text out; specialisation to example inputs; and on
// every corpus model, the propagated types agree with every tensor the interpreter computes and
// `inline,shape-prop,peephole,dce` keeps the outputs equal to stock PyTorch's.
#include <string>

#include <gtest/gtest.h>

#include "ir/op_info.h"
#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "frontends/npy/value_io.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"
#include "passes/shape_propagation.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::canonical;
using ir_text::run;

ir::TypePtr type(const std::string& text) {
  auto graph = ir::parse_graph("graph(%x : " + text + "):\n  return (%x)\n", kernels::Registry::global());
  return graph->inputs()[0]->type();
}

TEST(TensorTypes, PrintAndParseBack) {
  for (const char* text : {"Tensor", "Float(1, 128, 768)", "Long(2, *, 3)", "Float(2, 3, strided)", "Bool()",
                           "Double(...)", "Tensor(4, 5)", "Optional[Float(2)]", "List[Half(1, 2)]",
                           "Tuple[Float(3), int, Tensor]", "Dict[str, Long(7)]"}) {
    EXPECT_EQ(type(text)->str(), text);
  }
  EXPECT_THROW(type("Float(2, x)"), Error);
}

TEST(TensorTypes, SpecialisedTensorsAreSubtypesOfTheGeneral) {
  EXPECT_TRUE(ir::is_subtype(type("Float(2, 3)"), type("Tensor")));
  EXPECT_TRUE(ir::is_subtype(type("Float(2, 3)"), type("Float(*, 3, strided)")));
  EXPECT_TRUE(ir::is_subtype(type("Float(2, 3)"), type("Optional[Float(...)]")));
  EXPECT_FALSE(ir::is_subtype(type("Float(2, 3)"), type("Long(2, 3)")));
  EXPECT_FALSE(ir::is_subtype(type("Float(2, 3, strided)"), type("Float(2, 3)")));
  EXPECT_FALSE(ir::is_subtype(type("Float(2, 3)"), type("Float(2)")));
  EXPECT_FALSE(ir::is_subtype(type("Tensor"), type("Float(...)")));
  EXPECT_FALSE(*type("Float(2, 3)") == *type("Tensor"));
  EXPECT_TRUE(type("Float(2, *)")->is_specialized_tensor());
  EXPECT_FALSE(type("Float(2, *)")->is_complete_tensor());
  EXPECT_TRUE(type("Float(2, 1)")->is_complete_tensor());
}

TEST(ShapeProp, BertLayerOps) {
  std::string in = R"IR(graph(%x : Float(2, 8, 6), %w : Float(6, 6), %b : Float(6), %mask : Float(2, 8)):
  %y : Tensor = aten::linear(%x, %w, %b)
  %none : str = prim::Constant[value="none"]()
  %g : Tensor = aten::gelu(%y, %none)
  %two : int = prim::Constant[value=2]()
  %three : int = prim::Constant[value=3]()
  %m1 : int = prim::Constant[value=-1]()
  %shape : List[int] = prim::ListConstruct(%two, %m1, %two, %three)
  %v : Tensor = aten::view(%g, %shape)
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %order : List[int] = prim::ListConstruct(%zero, %two, %one, %three)
  %p : Tensor = aten::permute(%v, %order)
  %t : Tensor = aten::transpose[overload="int"](%p, %m1, %two)
  %scores : Tensor = aten::matmul(%p, %t)
  %nodtype : NoneType = prim::Constant()
  %probs : Tensor = aten::softmax[overload="int"](%scores, %m1, %nodtype)
  %c : Tensor = aten::contiguous(%p, %zero)
  %m : Tensor = aten::unsqueeze(%mask, %one)
  %mm : Tensor = aten::unsqueeze(%m, %two)
  %sum : Tensor = aten::add[overload="Tensor"](%probs, %mm, %one)
  %big : int = prim::Constant[value=9223372036854775807]()
  %s : Tensor = aten::slice[overload="Tensor"](%sum, %three, %zero, %big, %one)
  %first : Tensor = aten::select[overload="int"](%x, %one, %zero)
  return (%c, %s, %first)
)IR";
  std::string out = R"IR(graph(%x : Float(2, 8, 6), %w : Float(6, 6), %b : Float(6), %mask : Float(2, 8)):
  %y : Float(2, 8, 6) = aten::linear(%x, %w, %b)
  %none : str = prim::Constant[value="none"]()
  %g : Float(2, 8, 6) = aten::gelu(%y, %none)
  %two : int = prim::Constant[value=2]()
  %three : int = prim::Constant[value=3]()
  %m1 : int = prim::Constant[value=-1]()
  %shape : List[int] = prim::ListConstruct(%two, %m1, %two, %three)
  %v : Float(2, 8, 2, 3) = aten::view(%g, %shape)
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %order : List[int] = prim::ListConstruct(%zero, %two, %one, %three)
  %p : Float(2, 2, 8, 3, strided) = aten::permute(%v, %order)
  %t : Float(2, 2, 3, 8, strided) = aten::transpose[overload="int"](%p, %m1, %two)
  %scores : Float(2, 2, 8, 8) = aten::matmul(%p, %t)
  %nodtype : NoneType = prim::Constant()
  %probs : Float(2, 2, 8, 8) = aten::softmax[overload="int"](%scores, %m1, %nodtype)
  %c : Float(2, 2, 8, 3) = aten::contiguous(%p, %zero)
  %m : Float(2, 1, 8) = aten::unsqueeze(%mask, %one)
  %mm : Float(2, 1, 1, 8) = aten::unsqueeze(%m, %two)
  %sum : Float(2, 2, 8, 8) = aten::add[overload="Tensor"](%probs, %mm, %one)
  %big : int = prim::Constant[value=9223372036854775807]()
  %s : Float(2, 2, 8, 8) = aten::slice[overload="Tensor"](%sum, %three, %zero, %big, %one)
  %first : Float(2, 6, strided) = aten::select[overload="int"](%x, %one, %zero)
  return (%c, %s, %first)
)IR";
  EXPECT_EQ(run("shape-prop", in), canonical(out));
}

// torch's result_type: dims beat 0-d tensors beat numbers, unless of a higher category.
TEST(ShapeProp, TypePromotion) {
  std::string in = R"IR(graph(%f : Float(3), %l : Long(3), %i : Int(3), %d0 : Double(), %l0 : Long(), %b : Bool(3)):
  %one : int = prim::Constant[value=1]()
  %half : float = prim::Constant[value=0.5]()
  %a : Tensor = aten::add[overload="Tensor"](%f, %l, %one)
  %c : Tensor = aten::add[overload="Tensor"](%l, %d0, %one)
  %e : Tensor = aten::add[overload="Tensor"](%f, %d0, %one)
  %g : Tensor = aten::add[overload="Tensor"](%i, %l0, %one)
  %h : Tensor = aten::mul[overload="Scalar"](%i, %half)
  %j : Tensor = aten::mul[overload="Scalar"](%i, %one)
  %k : Tensor = aten::div[overload="Tensor"](%l, %l)
  %m : Tensor = aten::eq[overload="Tensor"](%f, %l)
  %n : Tensor = aten::add[overload="Tensor"](%b, %l0, %one)
  %s : int = aten::size[overload="int"](%f, %one)
  %t : Tensor = prim::NumToTensor[overload="Scalar"](%half)
  %u : Tensor = aten::mul[overload="Tensor"](%l, %t)
  return (%a, %c, %e, %g, %h, %j, %k, %m, %n, %u)
)IR";
  std::string out = R"IR(graph(%f : Float(3), %l : Long(3), %i : Int(3), %d0 : Double(), %l0 : Long(), %b : Bool(3)):
  %one : int = prim::Constant[value=1]()
  %half : float = prim::Constant[value=0.5]()
  %a : Float(3) = aten::add[overload="Tensor"](%f, %l, %one)
  %c : Double(3) = aten::add[overload="Tensor"](%l, %d0, %one)
  %e : Float(3) = aten::add[overload="Tensor"](%f, %d0, %one)
  %g : Int(3) = aten::add[overload="Tensor"](%i, %l0, %one)
  %h : Float(3) = aten::mul[overload="Scalar"](%i, %half)
  %j : Int(3) = aten::mul[overload="Scalar"](%i, %one)
  %k : Float(3) = aten::div[overload="Tensor"](%l, %l)
  %m : Bool(3) = aten::eq[overload="Tensor"](%f, %l)
  %n : Long(3) = aten::add[overload="Tensor"](%b, %l0, %one)
  %s : int = aten::size[overload="int"](%f, %one)
  %t : Double() = prim::NumToTensor[overload="Scalar"](%half)
  %u : Float(3) = aten::mul[overload="Tensor"](%l, %t)
  return (%a, %c, %e, %g, %h, %j, %k, %m, %n, %u)
)IR";
  EXPECT_EQ(run("shape-prop", in), canonical(out));
}

TEST(ShapeProp, ExampleInputsMakeSizesConstant) {
  std::string in = R"IR(graph(%x : Tensor, %ids : Tensor):
  %one : int = prim::Constant[value=1]()
  %n : int = aten::size[overload="int"](%x, %one)
  %all : List[int] = aten::size(%ids)
  %y : Tensor = aten::relu(%x)
  return (%n, %all, %y)
)IR";
  std::string out = R"IR(graph(%x : Float(2, 5), %ids : Long(1, 7)):
  %one : int = prim::Constant[value=1]()
  %n : int = prim::Constant[value=5]()
  %all : List[int] = prim::Constant[value=[1, 7]]()
  %y : Float(2, 5) = aten::relu(%x)
  return (%n, %all, %y)
)IR";
  PassContext context;
  context.example_inputs = {Tensor::zeros({2, 5}, DType::Float32), Tensor::zeros({1, 7}, DType::Int64)};
  EXPECT_EQ(run("shape-prop", in, context), canonical(out));
  // Without examples nothing is known, and nothing changes.
  EXPECT_EQ(run("shape-prop", in), canonical(in));
}

TEST(ShapeProp, BranchesJoinLoopsAndUnknownOpsStayUnknown) {
  std::string in = R"IR(graph(%x : Float(2, 3), %c : bool):
  %one : int = prim::Constant[value=1]()
  %y : Tensor = prim::If(%c)
    block0():
      %a : Tensor = aten::relu(%x)
      -> (%a)
    block1():
      %b : Tensor = aten::unsqueeze(%x, %one)
      %bs : Tensor = aten::squeeze(%b)
      -> (%bs)
  %z : Tensor = prim::If(%c)
    block0():
      -> (%x)
    block1():
      %t : Tensor = aten::t(%x)
      -> (%t)
  %r : Tensor = prim::Loop(%one, %c, %x)
    block0(%i : int, %acc : Tensor):
      %n : Tensor = aten::relu(%acc)
      %xx : Tensor = aten::relu(%x)
      -> (%c, %n)
  %nz : Tensor = aten::nonzero(%x)
  return (%y, %z, %r, %nz)
)IR";
  std::string out = R"IR(graph(%x : Float(2, 3), %c : bool):
  %one : int = prim::Constant[value=1]()
  %y : Float(2, 3) = prim::If(%c)
    block0():
      %a : Float(2, 3) = aten::relu(%x)
      -> (%a)
    block1():
      %b : Float(2, 1, 3) = aten::unsqueeze(%x, %one)
      %bs : Float(2, 3) = aten::squeeze(%b)
      -> (%bs)
  %z : Float(*, *, strided) = prim::If(%c)
    block0():
      -> (%x)
    block1():
      %t : Float(3, 2, strided) = aten::t(%x)
      -> (%t)
  %r : Tensor = prim::Loop(%one, %c, %x)
    block0(%i : int, %acc : Tensor):
      %n : Tensor = aten::relu(%acc)
      %xx : Float(2, 3) = aten::relu(%x)
      -> (%c, %n)
  %nz : Tensor = aten::nonzero(%x)
  return (%y, %z, %r, %nz)
)IR";
  EXPECT_EQ(run("shape-prop", in), canonical(out));
}

// An in-place op that changes sizes (none has a kernel today) makes the analysis give up.
TEST(ShapeProp, InPlaceResizeGivesUp) {
  std::string in = R"IR(graph(%x : Float(2, 3)):
  %zero : int = prim::Constant[value=0]()
  %y : Tensor = aten::relu(%x)
  %z : Tensor = aten::relu(%y)
  return (%z)
)IR";
  auto graph = ir::parse_graph(in, kernels::Registry::global());
  ShapeInfo before(*graph, ir_text::with_kernels());
  ir::Node* relu = graph->block()->nodes().back();
  EXPECT_EQ(before.type(relu->output())->str(), "Float(2, 3)");
  ir::Value* zero = graph->block()->nodes().front()->output();
  ir::Node* unsqueeze = graph->create("aten::unsqueeze_", {relu->input(0), zero}, 1);
  graph->block()->insert_before(unsqueeze, relu);
  ShapeInfo after(*graph, ir_text::with_kernels());
  EXPECT_EQ(after.type(relu->output())->str(), "Tensor");
}

TEST(ShapeProp, ResNetOps) {
  std::string in = R"IR(graph(%x : Float(1, 3, 32, 32), %w : Float(8, 3, 7, 7), %w2 : Float(10, 8)):
  %none : NoneType = prim::Constant()
  %s2 : List[int] = prim::Constant[value=[2, 2]]()
  %p3 : List[int] = prim::Constant[value=[3, 3]]()
  %d1 : List[int] = prim::Constant[value=[1, 1]]()
  %p1 : List[int] = prim::Constant[value=[1, 1]]()
  %k3 : List[int] = prim::Constant[value=[3, 3]]()
  %one : int = prim::Constant[value=1]()
  %m1 : int = prim::Constant[value=-1]()
  %no : bool = prim::Constant[value=0]()
  %y : Tensor = aten::conv2d(%x, %w, %none, %s2, %p3, %d1, %one)
  %r : Tensor = aten::relu(%y)
  %p : Tensor = aten::max_pool2d(%r, %k3, %s2, %p1, %d1, %no)
  %a : Tensor = aten::adaptive_avg_pool2d(%p, %d1)
  %f : Tensor = aten::flatten[overload="using_ints"](%a, %one, %m1)
  %o : Tensor = aten::linear(%f, %w2, %none)
  %l : Tensor[] = prim::ListConstruct(%o, %o)
  %cat : Tensor = aten::cat(%l, %one)
  return (%cat)
)IR";
  std::string out = R"IR(graph(%x : Float(1, 3, 32, 32), %w : Float(8, 3, 7, 7), %w2 : Float(10, 8)):
  %none : NoneType = prim::Constant()
  %s2 : List[int] = prim::Constant[value=[2, 2]]()
  %p3 : List[int] = prim::Constant[value=[3, 3]]()
  %d1 : List[int] = prim::Constant[value=[1, 1]]()
  %p1 : List[int] = prim::Constant[value=[1, 1]]()
  %k3 : List[int] = prim::Constant[value=[3, 3]]()
  %one : int = prim::Constant[value=1]()
  %m1 : int = prim::Constant[value=-1]()
  %no : bool = prim::Constant[value=0]()
  %y : Float(1, 8, 16, 16) = aten::conv2d(%x, %w, %none, %s2, %p3, %d1, %one)
  %r : Float(1, 8, 16, 16) = aten::relu(%y)
  %p : Float(1, 8, 8, 8) = aten::max_pool2d(%r, %k3, %s2, %p1, %d1, %no)
  %a : Float(1, 8, 1, 1) = aten::adaptive_avg_pool2d(%p, %d1)
  %f : Float(1, 8) = aten::flatten[overload="using_ints"](%a, %one, %m1)
  %o : Float(1, 10) = aten::linear(%f, %w2, %none)
  %l : List[Tensor] = prim::ListConstruct(%o, %o)
  %cat : Float(1, 20) = aten::cat(%l, %one)
  return (%cat)
)IR";
  EXPECT_EQ(run("shape-prop", in), canonical(out));
}

// Checks each tensor the interpreter computes against the type shape-prop gave its value.
struct TypeChecker : runtime::OpObserver {
  std::string failures;
  int checked = 0;
  void on_op(const ir::Node&, double, double) override {}
  void on_outputs(const ir::Node& node, const std::vector<Value>& outputs) override {
    for (size_t i = 0; i < outputs.size() && i < node.outputs().size(); ++i) {
      const ir::TypePtr& t = node.output(i)->type();
      if (!outputs[i].is_tensor() || !t->is_specialized_tensor()) continue;
      const Tensor& x = outputs[i].to_tensor();
      std::vector<std::optional<int64_t>> sizes(x.sizes().begin(), x.sizes().end());
      ir::TypePtr actual = ir::Type::tensor(static_cast<int>(x.dtype()), sizes, x.is_contiguous());
      ++checked;
      if (!ir::is_subtype(actual, t) && failures.size() < 2000) {
        failures += node.qualified_kind() + " at " + node.location().str() + ": typed " + t->str() + ", computed " +
                    actual->str() + "\n";
      }
    }
  }
};

// Shape rules and traits travel with the registrations (kernels/<family>.cc) and reach passes
// through the catalog: one op of each family's rules, the chain steps, the annotation traits.
TEST(ShapeProp, RegistrationsCarryRulesAndTraits) {
  const ir::OpCatalog& ops = kernels::Registry::global();
  for (const char* op : {"aten::relu", "aten::add.Tensor", "aten::softmax.int", "aten::to.dtype", "aten::zeros",
                         "aten::linear", "aten::layer_norm", "aten::embedding", "aten::cat", "aten::conv2d",
                         "aten::max_pool2d", "aten::add.int", "aten::view", "aten::size.int"}) {
    const ir::OpInfo* info = ops.info(op);
    ASSERT_NE(info, nullptr) << op;
    EXPECT_TRUE(info->shape) << op << " has no shape rule";
  }
  EXPECT_FALSE(ops.info("aten::_softmax")->shape);  // no rule: its result stays unknown
  int chainable = 0;
  for (const ir::OpInfo* info : ops.infos()) chainable += info->traits.chain.has_value();
  EXPECT_EQ(chainable, 11);
  EXPECT_EQ(ops.info("aten::rsub.Scalar")->traits.chain->name, "rsub");
  EXPECT_FALSE(ops.info("aten::relu_")->traits.chain);
  EXPECT_TRUE(ops.info("aten::add_.Tensor")->traits.mutates_input);
  EXPECT_FALSE(ops.info("aten::add.Tensor")->traits.mutates_input);
  EXPECT_TRUE(ops.info("aten::view")->traits.aliases_input);
  EXPECT_FALSE(ops.info("aten::relu")->traits.aliases_input);
}

// Without a catalog the driver knows no rules: only what constants and inputs say.
TEST(ShapeProp, NoCatalogNoRules) {
  auto graph = ir::parse_graph(R"IR(graph(%x : Float(2, 3)):
  %y : Tensor = aten::relu(%x)
  return (%y)
)IR",
                               kernels::Registry::global());
  const ir::Value* y = graph->block()->outputs()[0];
  EXPECT_EQ(ShapeInfo(*graph).sizes(y), std::nullopt);
  EXPECT_EQ(ShapeInfo(*graph, ir_text::with_kernels()).sizes(y), (std::vector<int64_t>{2, 3}));
}

TEST(ShapeProp, EveryCorpusModelSpecialisedMatchesStockAndItsTypes) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_FALSE(cases.empty()) << "no corpus manifest under " << testing::corpus_dir();
  int typed_values = 0;
  for (const testing::ModelCase& c : cases) {
    LoadOptions options;
    options.passes = "inline,shape-prop,peephole,dce";
    options.example_method = c.method;
    for (const std::string& spec : c.inputs) {
      options.example_inputs.push_back(npy::parse_input_spec(testing::resolve_corpus_spec(spec)));
    }
    Module m = load(testing::corpus_dir() + "/" + c.file, options);
    EXPECT_EQ(testing::check_outputs(m, c), "") << c.name;
    TypeChecker checker;
    m.call(c.method, options.example_inputs, &checker);
    EXPECT_EQ(checker.failures, "") << c.name;
    typed_values += checker.checked;
    std::string text = ir::to_string(*m.method(c.method).graph);
    if (c.name == "bert_tiny_traced") {
      EXPECT_EQ(text.find("aten::size"), std::string::npos) << "specialised BERT still asks for sizes";
    }
  }
  EXPECT_GT(typed_values, 300);
}

// A method specialised to example inputs refuses inputs of other sizes with a clear error.
TEST(ShapeProp, SpecialisedMethodRejectsOtherSizes) {
  LoadOptions options;
  options.passes = "inline,shape-prop,peephole,dce";
  Tensor ids = Tensor::zeros({1, 8}, DType::Int64), segments = Tensor::zeros({1, 8}, DType::Int64);
  options.example_inputs = {ids, segments};
  Module m = load(testing::corpus_dir() + "/bert_tiny_traced.pt", options);
  EXPECT_NO_THROW(m.forward({ids, segments}));
  Tensor longer = Tensor::zeros({1, 9}, DType::Int64);
  try {
    m.forward({longer, longer});
    FAIL() << "a BERT specialised to 8 tokens accepted 9";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("specialised to Long(1, 8)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tsrt::passes
