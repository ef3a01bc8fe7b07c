// The pattern rewriter as IR text in, IR text out.
#include "passes/subgraph_rewriter.h"

#include <string>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::passes {
namespace {

const ir::OpCatalog& ops() { return kernels::Registry::global(); }

std::shared_ptr<ir::Graph> parse(const std::string& ir) { return ir::parse_graph(ir, kernels::Registry::global()); }
std::string print(const ir::Graph& g) { return ir::to_string(g, ir::PrintOptions{false}); }
std::string canonical(const std::string& ir) { return print(*parse(ir)); }

// sigmoid(x) * x is silu(x): the whole fusion is these two strings.
const char* kSiluPattern = R"IR(graph(%x : Tensor):
  %s : Tensor = aten::sigmoid(%x)
  %y : Tensor = aten::mul[overload="Tensor"](%x, %s)
  return (%y))IR";
const char* kSiluReplacement = R"IR(graph(%x : Tensor):
  %y : Tensor = aten::silu(%x)
  return (%y))IR";

struct Rewritten {
  int count;
  std::string ir;
};

Rewritten rewrite(const std::string& in, const std::string& pattern, const std::string& replacement,
                  const MatchFilter& filter = nullptr) {
  auto graph = parse(in);
  int count = rewrite_subgraph(*graph, ops(), pattern, replacement, filter);
  ir::verify(*graph);
  return {count, print(*graph)};
}

TEST(SubgraphRewriter, ANewFusionInAFewLines) {
  std::string in = R"IR(graph(%a : Tensor, %b : Tensor):
  %s : Tensor = aten::sigmoid(%a)
  %m : Tensor = aten::mul[overload="Tensor"](%a, %s)
  %t : Tensor = aten::tanh(%m)
  return (%t)
)IR";
  std::string out = R"IR(graph(%a : Tensor, %b : Tensor):
  %m : Tensor = aten::silu(%a)
  %t : Tensor = aten::tanh(%m)
  return (%t)
)IR";
  Rewritten r = rewrite(in, kSiluPattern, kSiluReplacement);
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.ir, canonical(out));
}

TEST(SubgraphRewriter, EveryMatchIncludingNestedBlocks) {
  std::string in = R"IR(graph(%a : Tensor, %c : bool):
  %s : Tensor = aten::sigmoid(%a)
  %m : Tensor = aten::mul[overload="Tensor"](%a, %s)
  %r : Tensor = prim::If(%c)
    block0():
      %s2 : Tensor = aten::sigmoid(%m)
      %m2 : Tensor = aten::mul[overload="Tensor"](%m, %s2)
      -> (%m2)
    block1():
      -> (%m)
  return (%r)
)IR";
  std::string out = R"IR(graph(%a : Tensor, %c : bool):
  %m : Tensor = aten::silu(%a)
  %r : Tensor = prim::If(%c)
    block0():
      %m2 : Tensor = aten::silu(%m)
      -> (%m2)
    block1():
      -> (%m)
  return (%r)
)IR";
  Rewritten r = rewrite(in, kSiluPattern, kSiluReplacement);
  EXPECT_EQ(r.count, 2);
  EXPECT_EQ(r.ir, canonical(out));
}

TEST(SubgraphRewriter, NoMatchWhenTheStructureDiffers) {
  // mul(s, x) has its operands the other way round; mul(x, sigmoid(y)) reads another value.
  std::string in = R"IR(graph(%a : Tensor, %b : Tensor):
  %s : Tensor = aten::sigmoid(%a)
  %m : Tensor = aten::mul[overload="Tensor"](%s, %a)
  %s2 : Tensor = aten::sigmoid(%b)
  %m2 : Tensor = aten::mul[overload="Tensor"](%a, %s2)
  %t : Tensor = aten::mul[overload="Tensor"](%m, %m2)
  return (%t)
)IR";
  Rewritten r = rewrite(in, kSiluPattern, kSiluReplacement);
  EXPECT_EQ(r.count, 0);
  EXPECT_EQ(r.ir, canonical(in));
}

TEST(SubgraphRewriter, InteriorValueUsedOutsideTheMatchIsNotRewritten) {
  // %s is needed by the tanh too: fusing would lose it.
  std::string in = R"IR(graph(%a : Tensor):
  %s : Tensor = aten::sigmoid(%a)
  %m : Tensor = aten::mul[overload="Tensor"](%a, %s)
  %t : Tensor = aten::tanh(%s)
  return (%m, %t)
)IR";
  Rewritten r = rewrite(in, kSiluPattern, kSiluReplacement);
  EXPECT_EQ(r.count, 0);
  EXPECT_EQ(r.ir, canonical(in));
  // Nor when the interior value is a graph output.
  std::string returned = R"IR(graph(%a : Tensor):
  %s : Tensor = aten::sigmoid(%a)
  %m : Tensor = aten::mul[overload="Tensor"](%a, %s)
  return (%m, %s)
)IR";
  EXPECT_EQ(rewrite(returned, kSiluPattern, kSiluReplacement).count, 0);
}

TEST(SubgraphRewriter, ConstantsMatchByValueAndTheFilterSeesBindings) {
  const char* pattern = R"IR(graph(%x : Tensor, %approximate : str):
  %y : Tensor = aten::gelu(%x, %approximate)
  %one : int = prim::Constant[value=1]()
  %z : Tensor = aten::add[overload="Tensor"](%y, %x, %one)
  return (%z))IR";
  const char* replacement = R"IR(graph(%x : Tensor, %approximate : str):
  %z : Tensor = aten::mul[overload="Tensor"](%x, %x)
  return (%z))IR";
  std::string in = R"IR(graph(%a : Tensor):
  %none : str = prim::Constant[value="none"]()
  %tanh : str = prim::Constant[value="tanh"]()
  %one : int = prim::Constant[value=1]()
  %two : int = prim::Constant[value=2]()
  %g1 : Tensor = aten::gelu(%a, %none)
  %r1 : Tensor = aten::add[overload="Tensor"](%g1, %a, %one)
  %g2 : Tensor = aten::gelu(%r1, %tanh)
  %r2 : Tensor = aten::add[overload="Tensor"](%g2, %r1, %one)
  %g3 : Tensor = aten::gelu(%r2, %none)
  %r3 : Tensor = aten::add[overload="Tensor"](%g3, %r2, %two)
  return (%r3)
)IR";
  // alpha=2 never matches the constant 1; the filter refuses approximate="tanh".
  std::string out = R"IR(graph(%a : Tensor):
  %none : str = prim::Constant[value="none"]()
  %tanh : str = prim::Constant[value="tanh"]()
  %one : int = prim::Constant[value=1]()
  %two : int = prim::Constant[value=2]()
  %r1 : Tensor = aten::mul[overload="Tensor"](%a, %a)
  %g2 : Tensor = aten::gelu(%r1, %tanh)
  %r2 : Tensor = aten::add[overload="Tensor"](%g2, %r1, %one)
  %g3 : Tensor = aten::gelu(%r2, %none)
  %r3 : Tensor = aten::add[overload="Tensor"](%g3, %r2, %two)
  return (%r3)
)IR";
  int seen = 0;
  Rewritten r = rewrite(in, pattern, replacement, [&](SubgraphMatch& m) {
    ++seen;
    EXPECT_EQ(m.anchor->kind(), "aten::add");
    EXPECT_NE(m.constant("one"), nullptr);
    EXPECT_EQ(m.constant("x"), nullptr);  // %a and %r1 are not constants
    const tsrt::Value* approximate = m.constant("approximate");
    return approximate != nullptr && approximate->to_string() == "none";
  });
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.ir, canonical(out));
}

TEST(SubgraphRewriter, UnusedMatchedConstantsGo) {
  const char* pattern = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %z : Tensor = aten::add[overload="Tensor"](%x, %x, %one)
  return (%z))IR";
  const char* replacement = R"IR(graph(%x : Tensor):
  %two : int = prim::Constant[value=2]()
  %z : Tensor = aten::mul[overload="Scalar"](%x, %two)
  return (%z))IR";
  std::string in = R"IR(graph(%a : Tensor):
  %one : int = prim::Constant[value=1]()
  %r : Tensor = aten::add[overload="Tensor"](%a, %a, %one)
  return (%r)
)IR";
  auto graph = parse(in);
  EXPECT_EQ(rewrite_subgraph(*graph, ops(), pattern, replacement), 1);
  ir::verify(*graph);
  // The replacement's constant is new and unnamed; the old %one is gone.
  const auto& nodes = graph->block()->nodes();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes.front()->kind(), "prim::Constant");
  EXPECT_EQ(nodes.front()->constant().to_int(), 2);
  EXPECT_EQ(nodes.back()->kind(), "aten::mul");
  EXPECT_EQ(nodes.back()->output()->debug_name(), "r");
}

TEST(SubgraphRewriter, TheFilterMayRebindAnInputToANewValue) {
  const char* pattern = R"IR(graph(%x : Tensor, %y : Tensor):
  %z : Tensor = aten::mul[overload="Tensor"](%x, %y)
  return (%z))IR";
  const char* replacement = R"IR(graph(%x : Tensor, %y : Tensor):
  %z : Tensor = aten::mul[overload="Scalar"](%x, %y)
  return (%z))IR";
  std::string in = R"IR(graph(%a : Tensor, %b : Tensor):
  %r : Tensor = aten::mul[overload="Tensor"](%a, %b)
  return (%r)
)IR";
  std::string out = R"IR(graph(%a : Tensor, %b : Tensor):
  %three : float = prim::Constant[value=3.]()
  %r : Tensor = aten::mul[overload="Scalar"](%a, %three)
  return (%r)
)IR";
  Rewritten r = rewrite(in, pattern, replacement, [](SubgraphMatch& m) {
    ir::Graph& g = *m.anchor->graph();
    ir::Value* three = g.insert_constant(tsrt::Value(3.0), ir::Type::get(ir::TypeKind::Float), m.anchor->owning_block(), m.anchor);
    three->set_debug_name("three");
    m.values["y"] = three;
    return true;
  });
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.ir, canonical(out));
}

TEST(SubgraphRewriter, MultipleOutputsAndUsesAfterTheAnchor) {
  const char* pattern = R"IR(graph(%x : Tensor):
  %s : Tensor = aten::sigmoid(%x)
  %m : Tensor = aten::mul[overload="Tensor"](%x, %s)
  return (%s, %m))IR";
  const char* replacement = R"IR(graph(%x : Tensor):
  %s : Tensor = aten::sigmoid(%x)
  %m : Tensor = aten::silu(%x)
  return (%s, %m))IR";
  std::string ok = R"IR(graph(%a : Tensor):
  %s : Tensor = aten::sigmoid(%a)
  %m : Tensor = aten::mul[overload="Tensor"](%a, %s)
  %t : Tensor = aten::mul[overload="Tensor"](%m, %s)
  return (%t)
)IR";
  EXPECT_EQ(rewrite(ok, pattern, replacement).count, 1);
  // %s is used before the anchor: the replacement could not define it in time.
  std::string early = R"IR(graph(%a : Tensor):
  %s : Tensor = aten::sigmoid(%a)
  %u : Tensor = aten::tanh(%s)
  %m : Tensor = aten::mul[overload="Tensor"](%a, %s)
  return (%m, %u)
)IR";
  EXPECT_EQ(rewrite(early, pattern, replacement).count, 0);
}

TEST(SubgraphRewriter, MalformedPatternsAreClearErrors) {
  auto graph = parse("graph(%a : Tensor):\n  %r : Tensor = aten::relu(%a)\n  return (%r)\n");
  const char* relu = "graph(%x : Tensor):\n  %y : Tensor = aten::relu(%x)\n  return (%y)";
  // Input counts differ.
  EXPECT_THROW(rewrite_subgraph(*graph, ops(), relu, "graph(%x : Tensor, %z : Tensor):\n  return (%x)"), Error);
  // A pattern node that does not feed the last node.
  EXPECT_THROW(rewrite_subgraph(*graph, ops(),
                                "graph(%x : Tensor):\n  %t : Tensor = aten::tanh(%x)\n  %y : Tensor = aten::relu(%x)\n"
                                "  return (%y)",
                                relu),
               Error);
  // Bad IR text.
  EXPECT_THROW(rewrite_subgraph(*graph, ops(), "graph(%x : Tensor):\n  %y : Tensor = aten::relu(%q)\n  return (%y)",
                                relu),
               Error);
}

}  // namespace
}  // namespace tsrt::passes
