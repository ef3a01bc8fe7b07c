// Peephole: no-op contiguous / to / full slice removal and constant sizes, as IR text in/out;
// and on BERT tiny, `inline,peephole,dce` leaves none of the rewritten patterns behind.
#include <string>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
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

TEST(Peephole, ContiguousOfAContiguousTensorGoes) {
  std::string in = R"IR(graph(%x : Tensor, %w : Tensor, %f : Float(2, 3), %s : Float(3, 2, strided)):
  %zero : int = prim::Constant[value=0]()
  %none : NoneType = prim::Constant()
  %y : Tensor = aten::linear(%x, %w, %none)
  %a : Tensor = aten::contiguous(%y, %zero)
  %b : Tensor = aten::contiguous(%f, %zero)
  %c : Tensor = aten::contiguous(%s, %zero)
  %d : Tensor = aten::contiguous(%x, %zero)
  %e : Tensor = aten::contiguous(%d, %zero)
  return (%a, %b, %c, %d, %e)
)IR";
  std::string out = R"IR(graph(%x : Tensor, %w : Tensor, %f : Float(2, 3), %s : Float(3, 2, strided)):
  %zero : int = prim::Constant[value=0]()
  %none : NoneType = prim::Constant()
  %y : Tensor = aten::linear(%x, %w, %none)
  %c : Tensor = aten::contiguous(%s, %zero)
  %d : Tensor = aten::contiguous(%x, %zero)
  return (%y, %f, %c, %d, %d)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(out));
}

TEST(Peephole, ContiguousMutatedInPlaceStays) {
  std::string in = R"IR(graph(%f : Float(2, 3)):
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %a : Tensor = aten::contiguous(%f, %zero)
  %b : Tensor = aten::add_[overload="Tensor"](%a, %f, %one)
  return (%b)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(in));
}

TEST(Peephole, ToTheSameDtypeGoes) {
  std::string in = R"IR(graph(%f : Float(2, 3), %x : Tensor, %l : Long(2)):
  %float : int = prim::Constant[value=6]()
  %long : int = prim::Constant[value=4]()
  %no : bool = prim::Constant[value=0]()
  %yes : bool = prim::Constant[value=1]()
  %none : NoneType = prim::Constant()
  %a : Tensor = aten::to[overload="dtype"](%f, %float, %no, %no, %none)
  %b : Tensor = aten::to[overload="dtype"](%f, %float, %no, %yes, %none)
  %c : Tensor = aten::to[overload="dtype"](%f, %long, %no, %no, %none)
  %d : Tensor = aten::to[overload="dtype"](%x, %float, %no, %no, %none)
  %e : Tensor = aten::to[overload="dtype"](%l, %long, %no, %no, %none)
  return (%a, %b, %c, %d, %e)
)IR";
  std::string out = R"IR(graph(%f : Float(2, 3), %x : Tensor, %l : Long(2)):
  %float : int = prim::Constant[value=6]()
  %long : int = prim::Constant[value=4]()
  %no : bool = prim::Constant[value=0]()
  %yes : bool = prim::Constant[value=1]()
  %none : NoneType = prim::Constant()
  %b : Tensor = aten::to[overload="dtype"](%f, %float, %no, %yes, %none)
  %c : Tensor = aten::to[overload="dtype"](%f, %long, %no, %no, %none)
  %d : Tensor = aten::to[overload="dtype"](%x, %float, %no, %no, %none)
  return (%f, %b, %c, %d, %l)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(out));
}

TEST(Peephole, FullSliceGoesOthersStay) {
  std::string in = R"IR(graph(%x : Tensor):
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %two : int = prim::Constant[value=2]()
  %big : int = prim::Constant[value=9223372036854775807]()
  %none : NoneType = prim::Constant()
  %a : Tensor = aten::slice[overload="Tensor"](%x, %one, %zero, %big, %one)
  %b : Tensor = aten::slice[overload="Tensor"](%a, %zero, %none, %none, %one)
  %c : Tensor = aten::slice[overload="Tensor"](%b, %one, %one, %big, %one)
  %d : Tensor = aten::slice[overload="Tensor"](%b, %one, %zero, %big, %two)
  %e : Tensor = aten::slice[overload="Tensor"](%b, %one, %zero, %two, %one)
  return (%c, %d, %e)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %two : int = prim::Constant[value=2]()
  %big : int = prim::Constant[value=9223372036854775807]()
  %none : NoneType = prim::Constant()
  %c : Tensor = aten::slice[overload="Tensor"](%x, %one, %one, %big, %one)
  %d : Tensor = aten::slice[overload="Tensor"](%x, %one, %zero, %big, %two)
  %e : Tensor = aten::slice[overload="Tensor"](%x, %one, %zero, %two, %one)
  return (%c, %d, %e)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(out));
}

TEST(Peephole, KnownSizesBecomeConstants) {
  std::string in = R"IR(graph(%f : Float(2, *), %x : Tensor):
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %a : int = aten::size[overload="int"](%f, %zero)
  %b : int = aten::size[overload="int"](%f, %one)
  %c : int = aten::size[overload="int"](%x, %zero)
  return (%a, %b, %c)
)IR";
  std::string out = R"IR(graph(%f : Float(2, *), %x : Tensor):
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %a : int = prim::Constant[value=2]()
  %b : int = aten::size[overload="int"](%f, %one)
  %c : int = aten::size[overload="int"](%x, %zero)
  return (%a, %b, %c)
)IR";
  EXPECT_EQ(run("peephole", in), canonical(out));
}

int count_nodes(const ir::Block& block, const std::function<bool(const ir::Node&)>& pred) {
  int n = 0;
  for (const ir::Node* node : block.nodes()) {
    n += pred(*node) ? 1 : 0;
    for (const ir::Block* b : node->blocks()) n += count_nodes(*b, pred);
  }
  return n;
}

TEST(Peephole, BertTinyKeepsNoRemovablePattern) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  const testing::ModelCase* bert = nullptr;
  for (const auto& c : cases) {
    if (c.name == "bert_tiny_traced") bert = &c;
  }
  ASSERT_NE(bert, nullptr) << "bert_tiny_traced is not in the corpus";
  LoadOptions options;
  options.passes = "inline,peephole,dce";
  Module m = load(testing::corpus_dir() + "/" + bert->file, options);
  const ir::Graph& graph = *m.method("forward").graph;
  ShapeInfo info(graph, ir_text::with_kernels());
  auto kind_is = [](const char* k) { return [k](const ir::Node& n) { return n.kind() == k; }; };
  EXPECT_EQ(count_nodes(*graph.block(), kind_is("aten::dropout")), 0);
  EXPECT_EQ(count_nodes(*graph.block(), [](const ir::Node& n) {
              return n.kind() == "aten::Int" && n.input(0)->node()->kind() == "prim::NumToTensor";
            }), 0);
  EXPECT_EQ(count_nodes(*graph.block(), kind_is("aten::to")), 0);  // its one `to` is to float32 of a float32 mask
  // The contiguous calls left follow a permute: they do copy.
  int contiguous = count_nodes(*graph.block(), kind_is("aten::contiguous"));
  EXPECT_GT(contiguous, 0);
  EXPECT_EQ(count_nodes(*graph.block(), [](const ir::Node& n) {
              return n.kind() == "aten::contiguous" && n.input(0)->node()->kind() == "aten::permute";
            }), contiguous);
  // The model is unchanged.
  EXPECT_EQ(testing::check_outputs(m, *bert), "");
}

}  // namespace
}  // namespace tsrt::passes
