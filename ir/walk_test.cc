#include "ir/walk.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/test_catalog.h"

namespace tsrt::ir {
namespace {

const testing::TestCatalog& catalog() {
  static const testing::TestCatalog ops({"aten::relu(Tensor self) -> Tensor", "aten::neg(Tensor self) -> Tensor"});
  return ops;
}

// relu in the graph's block, one in each branch of an If, and a neg inside a Loop in the else branch.
const char* const kNested = R"IR(graph(%x : Tensor, %c : bool, %n : int):
  %a : Tensor = aten::relu(%x)
  %r : Tensor = prim::If(%c)
    block0():
      %b : Tensor = aten::relu(%a)
      -> (%b)
    block1():
      %l : Tensor = prim::Loop(%n, %c, %a)
        block0(%i : int, %acc : Tensor):
          %m : Tensor = aten::neg(%acc)
          -> (%c, %m)
      -> (%l)
  return (%r)
)IR";

TEST(Walk, VisitsNestedBlocksInOrderEachNodeBeforeItsBlocks) {
  auto graph = parse_graph(kNested, catalog());
  std::vector<std::string> kinds;
  walk(*graph->block(), [&](Node& n) { kinds.push_back(n.kind()); });
  EXPECT_EQ(kinds, (std::vector<std::string>{"aten::relu", "prim::If", "aten::relu", "prim::Loop", "aten::neg"}));
  std::vector<std::string> const_kinds;
  const Block& const_block = *graph->block();
  walk(const_block, [&](const Node& n) { const_kinds.push_back(n.kind()); });
  EXPECT_EQ(const_kinds, kinds);
}

TEST(Walk, AnyNodeFindsNestedNodesAndStops) {
  auto graph = parse_graph(kNested, catalog());
  int asked = 0;
  EXPECT_TRUE(any_node(*graph->block(), [&](const Node& n) {
    ++asked;
    return n.kind() == "aten::neg";
  }));
  EXPECT_EQ(asked, 5);
  EXPECT_FALSE(any_node(*graph->block(), [](const Node& n) { return n.kind() == "aten::tanh"; }));
}

TEST(Walk, DestroyingTheVisitedNodeSkipsItsBlocks) {
  auto graph = parse_graph(R"IR(graph(%x : Tensor, %c : bool):
  %a : Tensor = aten::relu(%x)
  %r : Tensor = prim::If(%c)
    block0():
      %b : Tensor = aten::neg(%a)
      -> (%b)
    block1():
      -> (%a)
  return (%a)
)IR",
                           catalog());
  std::vector<std::string> visited;
  walk(*graph->block(), [&](Node& n) {
    visited.push_back(n.kind());
    if (n.kind() == "prim::If") n.destroy();  // its result is unused
  });
  EXPECT_EQ(visited, (std::vector<std::string>{"aten::relu", "prim::If"}));
  EXPECT_EQ(graph->block()->nodes().size(), 1u);
}

}  // namespace
}  // namespace tsrt::ir
