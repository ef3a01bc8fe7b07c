// Prints the IR in PyTorch's text form:
//   graph(%x : Tensor):
//     %1 : Tensor = aten::relu(%x) # code/__torch__/m.py:7
//     return (%1)
#pragma once

#include <ostream>
#include <string>
#include <unordered_set>

#include "ir/graph.h"

namespace tsrt::ir {

// One region of a large graph, for `tsrt graph --match/--subgraph/--context`.
struct Region {
  std::string match;         // regex searched in each node's kind, output names and code/ location
  std::string from, to;      // value names (with or without %): nodes that use FROM and that TO needs
  int context = 0;           // then add the nodes this many data edges away
  bool empty() const { return match.empty() && from.empty() && to.empty(); }
};
using NodeSet = std::unordered_set<const Node*>;
// The nodes of `region`; throws tsrt::Error for a bad regex, an unknown value or an empty result.
NodeSet select_region(const Graph& graph, const Region& region);

struct PrintOptions {
  bool source_locations = true;
  const NodeSet* only = nullptr;  // print just these nodes (and the nodes whose blocks hold them)
};

void print(std::ostream& os, const Graph& graph, const PrintOptions& options = {});
std::string to_string(const Graph& graph, const PrintOptions& options = {});
// The Graphviz form for `tsrt graph --format dot`. Node ids are positions in the graph walk
// (n0, n1, ..., nested blocks in order; constants are numbered but not drawn), so the same
// graph always prints the same bytes and a region keeps the ids of the full picture.
std::string to_dot(const Graph& graph, const NodeSet* only = nullptr);
// Constant values as printed in `prim::Constant[value=...]`.
std::string constant_repr(const tsrt::Value& v);

}  // namespace tsrt::ir
