// `tsrt graph --format dot` and its regions: ids by walk position, never by address.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/test_catalog.h"
#include "runtime/error.h"

namespace tsrt::ir {
namespace {

const testing::TestCatalog& catalog() {
  static const testing::TestCatalog ops({"aten::relu(Tensor self) -> Tensor", "aten::neg(Tensor self) -> Tensor"});
  return ops;
}

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
  %s : Tensor = aten::neg(%r)
  return (%s)
)IR";

TEST(Dot, IdsAreWalkPositionsNotAddresses) {
  auto first = parse_graph(kNested, catalog());
  // Different allocations for the second copy: anything address-based would differ.
  std::vector<std::unique_ptr<char[]>> padding;
  for (int i = 0; i < 100; ++i) padding.emplace_back(new char[64 * (i + 1)]);
  auto second = parse_graph(kNested, catalog());
  const std::string dot = to_dot(*first);
  EXPECT_EQ(dot, to_dot(*second));
  EXPECT_NE(dot.find("n0 [label=\"aten::relu\\n%a\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("n1 [label=\"prim::If\\n%r\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("n4 [label=\"aten::neg\\n%m\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("n3b0i1 -> n4 [label=\"%acc\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("in0 -> n0 [label=\"%x\"]"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("0x"), std::string::npos) << dot;
}

TEST(Dot, MatchKeepsIdsAndDrawsOutsideInputsAsStubs) {
  auto graph = parse_graph(kNested, catalog());
  Region region;
  region.match = "^%s$";
  const NodeSet only = select_region(*graph, region);
  ASSERT_EQ(only.size(), 1u);
  const std::string dot = to_dot(*graph, &only);
  EXPECT_NE(dot.find("n5 [label=\"aten::neg\\n%s\"]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("n1o0 -> n5"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("n0 ["), std::string::npos) << dot;
  region.context = 1;
  EXPECT_EQ(select_region(*graph, region).size(), 2u);  // and the If that makes %r
}

TEST(Dot, SubgraphKeepsTheNodesBetweenTwoValues) {
  auto graph = parse_graph(kNested, catalog());
  Region region;
  region.from = "a";
  region.to = "%s";
  const NodeSet only = select_region(*graph, region);
  std::multiset<std::string> kinds;
  for (const Node* n : only) kinds.insert(n->kind());
  // The relu and the Loop using %a inside the If, the If, the neg making %s; not the relu making %a.
  EXPECT_EQ(kinds, (std::multiset<std::string>{"aten::relu", "prim::Loop", "prim::If", "aten::neg"}));
  region.from = "nosuch";
  EXPECT_THROW(select_region(*graph, region), Error);
  Region bad;
  bad.match = "(";
  EXPECT_THROW(select_region(*graph, bad), Error);
}

TEST(Text, RegionPrintsSelectedNodesInsideTheirBlocks) {
  auto graph = parse_graph(kNested, catalog());
  Region region;
  region.match = "aten::neg";
  const NodeSet only = select_region(*graph, region);
  PrintOptions options;
  options.only = &only;
  const std::string text = to_string(*graph, options);
  EXPECT_NE(text.find("aten::neg(%acc)"), std::string::npos) << text;
  EXPECT_NE(text.find("prim::Loop"), std::string::npos) << text;
  EXPECT_EQ(text.find("aten::relu"), std::string::npos) << text;
}

}  // namespace
}  // namespace tsrt::ir
