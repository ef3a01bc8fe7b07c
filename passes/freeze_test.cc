// Freezing: IR text in / IR text out against a hand-built module instance, and every corpus
// model frozen keeps stock PyTorch's outputs.
#include <memory>
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

ir::ClassTypePtr make_class(const std::string& name, const std::vector<std::pair<std::string, ir::TypePtr>>& attrs) {
  auto cls = std::make_shared<ir::ClassType>();
  cls->name = name;
  cls->is_module = true;
  for (const auto& [attr, type] : attrs) cls->attributes.push_back({attr, type});
  return cls;
}

ObjectPtr make_object(const ir::ClassTypePtr& cls, std::vector<tsrt::Value> slots) {
  return std::make_shared<Object>(Object{cls, std::move(slots)});
}

ir::TypePtr T(ir::TypeKind k) { return ir::Type::get(k); }

// self: M { sub: Sub { weight: Tensor, bias: Tensor }, scale: float, dims: List[int],
//           training: bool, counter: int, buf: Tensor, tied: Tensor (shares buf's storage) }
struct Fixture {
  Tensor weight = Tensor::zeros({3}, DType::Float32);
  Tensor bias = Tensor::zeros({3}, DType::Float32);
  Tensor buf = Tensor::zeros({2}, DType::Float32);
  ObjectPtr self;
  Fixture() {
    auto sub = make_class("__torch__.Sub", {{"weight", T(ir::TypeKind::Tensor)}, {"bias", T(ir::TypeKind::Tensor)}});
    auto m = make_class("__torch__.M", {{"sub", ir::Type::class_of(sub)},
                                        {"scale", T(ir::TypeKind::Float)},
                                        {"dims", ir::Type::list(T(ir::TypeKind::Int))},
                                        {"training", T(ir::TypeKind::Bool)},
                                        {"counter", T(ir::TypeKind::Int)},
                                        {"buf", T(ir::TypeKind::Tensor)},
                                        {"tied", T(ir::TypeKind::Tensor)}});
    self = make_object(m, {make_object(sub, {weight, bias}), 0.5, make_list(T(ir::TypeKind::Int), {3, 1}), false,
                           int64_t{7}, buf, buf.as_strided({1}, {1}, 1)});
  }
};

std::shared_ptr<ir::Graph> parse(const std::string& ir) {
  auto graph = ir::parse_graph(ir, kernels::Registry::global());
  ir::verify(*graph);
  return graph;
}

std::string freeze_text(ir::Graph& graph, const ObjectPtr& self, int* rewrites = nullptr) {
  PassContext context;
  context.self = self;
  std::vector<PassReport> reports = run_pipeline(graph, "freeze", {}, ir_text::with_kernels(context));
  ir::verify(graph);
  if (rewrites) *rewrites = reports.at(0).changes;
  return ir::to_string(graph, ir::PrintOptions{false});
}

TEST(Freeze, AttributeChainsBecomeConstantsSharingTheTensors) {
  Fixture f;
  auto graph = parse(R"IR(graph(%self : __torch__.M, %x : Tensor):
  %sub : __torch__.Sub = prim::GetAttr[name="sub"](%self)
  %w : Tensor = prim::GetAttr[name="weight"](%sub)
  %s : float = prim::GetAttr[name="scale"](%self)
  %t : bool = prim::GetAttr[name="training"](%self)
  %dims : List[int] = prim::GetAttr[name="dims"](%self)
  %y : Tensor = aten::mul[overload="Tensor"](%x, %w)
  %z : Tensor = aten::mul[overload="Scalar"](%y, %s)
  %v : Tensor = aten::view(%z, %dims)
  %r : (Tensor, bool) = prim::TupleConstruct(%v, %t)
  return (%r)
)IR");
  int rewrites = 0;
  EXPECT_EQ(freeze_text(*graph, f.self, &rewrites), R"IR(graph(%self : __torch__.M,
      %x : Tensor):
  %w : Tensor = prim::Constant[value=<Tensor float32[3]>]()
  %s : float = prim::Constant[value=0.5]()
  %t : bool = prim::Constant[value=0]()
  %dims : List[int] = prim::Constant[value=[3, 1]]()
  %y : Tensor = aten::mul[overload="Tensor"](%x, %w)
  %z : Tensor = aten::mul[overload="Scalar"](%y, %s)
  %v : Tensor = aten::view(%z, %dims)
  %r : Tuple[Tensor, bool] = prim::TupleConstruct(%v, %t)
  return (%r)
)IR");
  EXPECT_EQ(rewrites, 4);
  // The constant is the module's tensor itself, not a copy.
  const ir::Node* w = graph->block()->nodes().front();
  EXPECT_EQ(w->constant().to_tensor().storage(), f.weight.storage());
}

TEST(Freeze, AssignedAttributesAndWrittenTensorsStay) {
  Fixture f;
  // counter is assigned; buf is written in place, and tied shares buf's memory; the submodule
  // stays a GetAttr while its bias is frozen, since it is still used as an object.
  std::string in = R"IR(graph(%self : __torch__.M, %x : Tensor):
  %c : int = prim::GetAttr[name="counter"](%self)
  %one : int = prim::Constant[value=1]()
  %c2 : int = aten::add[overload="int"](%c, %one)
  %none : NoneType = prim::SetAttr[name="counter"](%self, %c2)
  %buf : Tensor = prim::GetAttr[name="buf"](%self)
  %b2 : Tensor = aten::add_[overload="Scalar"](%buf, %one, %one)
  %tied : Tensor = prim::GetAttr[name="tied"](%self)
  %sub : __torch__.Sub = prim::GetAttr[name="sub"](%self)
  %bias : Tensor = prim::GetAttr[name="bias"](%sub)
  %none2 : NoneType = prim::SetAttr[name="weight"](%sub, %x)
  %y : Tensor = aten::add[overload="Tensor"](%tied, %bias, %one)
  return (%y)
)IR";
  auto graph = parse(in);
  int rewrites = 0;
  EXPECT_EQ(freeze_text(*graph, f.self, &rewrites), R"IR(graph(%self : __torch__.M,
      %x : Tensor):
  %c : int = prim::GetAttr[name="counter"](%self)
  %one : int = prim::Constant[value=1]()
  %c2 : int = aten::add[overload="int"](%c, %one)
  %none : NoneType = prim::SetAttr[name="counter"](%self, %c2)
  %buf : Tensor = prim::GetAttr[name="buf"](%self)
  %b2 : Tensor = aten::add_[overload="Scalar"](%buf, %one, %one)
  %tied : Tensor = prim::GetAttr[name="tied"](%self)
  %sub : __torch__.Sub = prim::GetAttr[name="sub"](%self)
  %bias : Tensor = prim::Constant[value=<Tensor float32[3]>]()
  %none2 : NoneType = prim::SetAttr[name="weight"](%sub, %x)
  %y : Tensor = aten::add[overload="Tensor"](%tied, %bias, %one)
  return (%y)
)IR");
  EXPECT_EQ(rewrites, 1);
}

// A method not emitted yet (say an exported eval() assigning self.training) may rebind any
// attribute: then only parameters and buffers are frozen.
TEST(Freeze, UnseenMethodsLimitFreezingToParametersAndBuffers) {
  auto cls = make_class("__torch__.Lin", {{"weight", T(ir::TypeKind::Tensor)}, {"training", T(ir::TypeKind::Bool)}});
  cls->attributes[0].is_parameter = true;
  cls->methods["eval"] = std::make_shared<ir::Function>();  // declared, body not emitted
  ObjectPtr self = make_object(cls, {Tensor::zeros({2}, DType::Float32), true});
  auto graph = parse(R"IR(graph(%self : __torch__.Lin, %x : Tensor):
  %t : bool = prim::GetAttr[name="training"](%self)
  %w : Tensor = prim::GetAttr[name="weight"](%self)
  %y : Tensor = aten::mul[overload="Tensor"](%x, %w)
  %r : (Tensor, bool) = prim::TupleConstruct(%y, %t)
  return (%r)
)IR");
  EXPECT_EQ(freeze_text(*graph, self), R"IR(graph(%self : __torch__.Lin,
      %x : Tensor):
  %t : bool = prim::GetAttr[name="training"](%self)
  %w : Tensor = prim::Constant[value=<Tensor float32[2]>]()
  %y : Tensor = aten::mul[overload="Tensor"](%x, %w)
  %r : Tuple[Tensor, bool] = prim::TupleConstruct(%y, %t)
  return (%r)
)IR");
}

// Another (emitted) method writes into self.buf in place: buf stays a GetAttr in forward, so
// that folding never computes with its old contents; scale is still frozen.
TEST(Freeze, BuffersWrittenByOtherMethodsStay) {
  auto cls = make_class("__torch__.Buf", {{"buf", T(ir::TypeKind::Tensor)}, {"scale", T(ir::TypeKind::Float)}});
  cls->attributes[0].is_buffer = true;
  auto reset = std::make_shared<ir::Function>();
  reset->name = "reset";
  reset->graph = parse(R"IR(graph(%self : __torch__.Buf):
  %b : Tensor = prim::GetAttr[name="buf"](%self)
  %zero : Tensor = aten::zero_(%b)
  return (%zero)
)IR");
  cls->methods["reset"] = reset;
  ObjectPtr self = make_object(cls, {Tensor::zeros({2}, DType::Float32), 2.0});
  auto graph = parse(R"IR(graph(%self : __torch__.Buf, %x : Tensor):
  %b : Tensor = prim::GetAttr[name="buf"](%self)
  %s : float = prim::GetAttr[name="scale"](%self)
  %y : Tensor = aten::mul[overload="Scalar"](%b, %s)
  return (%y)
)IR");
  EXPECT_EQ(freeze_text(*graph, self), R"IR(graph(%self : __torch__.Buf,
      %x : Tensor):
  %b : Tensor = prim::GetAttr[name="buf"](%self)
  %s : float = prim::Constant[value=2.]()
  %y : Tensor = aten::mul[overload="Scalar"](%b, %s)
  return (%y)
)IR");
}

TEST(Freeze, WithoutSelfNothingChanges) {
  std::string in = R"IR(graph(%self : __torch__.M, %x : Tensor):
  %s : float = prim::GetAttr[name="scale"](%self)
  %z : Tensor = aten::mul[overload="Scalar"](%x, %s)
  return (%z)
)IR";
  auto graph = parse(in);
  EXPECT_EQ(freeze_text(*graph, nullptr), ir::to_string(*parse(in), ir::PrintOptions{false}));
}

bool has_get_attr(const ir::Block& block) {
  for (const ir::Node* n : block.nodes()) {
    if (n->kind() == "prim::GetAttr") return true;
    for (const ir::Block* b : n->blocks()) {
      if (has_get_attr(*b)) return true;
    }
  }
  return false;
}

// Corpus models whose forward reads only data and submodules: freezing leaves no GetAttr.
TEST(Freeze, CorpusModelsLoseEveryGetAttr) {
  for (const char* file : {"bert_tiny_traced.pt", "resnet18_traced.pt", "small_convnet_traced.pt", "lstm_traced.pt",
                           "gru_traced.pt", "seed_my_cell_traced.pt"}) {
    LoadOptions options;
    options.passes = "inline,freeze";
    Module m = load(testing::corpus_dir() + "/" + file, options);
    EXPECT_FALSE(has_get_attr(*m.method("forward").graph->block()))
        << file << "\n" << ir::to_string(*m.method("forward").graph);
  }
}

// Every corpus model keeps its stock outputs after inline,freeze.
TEST(Freeze, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  for (const testing::ModelCase& c : cases) {
    LoadOptions options;
    options.passes = "inline,freeze";
    options.pipeline.verify_each = true;
    Module m = load(testing::corpus_dir() + "/" + c.file, options);
    EXPECT_EQ(testing::check_outputs(m, c), "") << c.name;
    // A second call sees the same state (frozen constants are not written by the first).
    EXPECT_EQ(testing::check_outputs(m, c), "") << c.name << " (second call)";
  }
}

}  // namespace
}  // namespace tsrt::passes
