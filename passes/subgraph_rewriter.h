// A pattern rewriter in the style of PyTorch's SubgraphRewriter: the pattern and its replacement
// are IR text, so a fusion is a few lines:
//
//   rewrite_subgraph(graph, ops, R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor?):
//     %y : Tensor = aten::linear(%x, %w, %b)
//     %r : Tensor = aten::relu(%y)
//     return (%r))IR",
//                    R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor?):
//     %r : Tensor = tsrt::linear_relu(%x, %w, %b)
//     return (%r))IR");
//
// Matching rules:
//   * a pattern graph input matches any value (types are not checked; use the filter);
//   * a pattern prim::Constant matches a prim::Constant of equal value (same kind and printed
//     value; `prim::Constant()` of NoneType matches None); a constant node may be shared with
//     code outside the match, and matched constants left unused afterwards are removed;
//   * other pattern nodes match nodes of the same kind and overload with as many inputs and
//     outputs, all in the block of the anchor (the pattern's last node), before it;
//   * values the match computes must not be used outside it, except the pattern's outputs.
// Replacement graph inputs correspond to the pattern's inputs by position, its outputs to the
// pattern's outputs. Every non-overlapping match is replaced, in nested blocks too; the graph
// walk is in order and replacement nodes are never matched again, so a replacement may contain
// the pattern.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ir/graph.h"

namespace tsrt::passes {

// One match, as the filter sees it: every named pattern value (inputs, node outputs, constants)
// bound to the graph value it matched.
struct SubgraphMatch {
  std::map<std::string, ir::Value*> values;  // by pattern name without '%': "x", "w", ...
  ir::Node* anchor = nullptr;                // the node matched by the pattern's last node

  // The graph value bound to pattern value `name`; throws tsrt::Error if the pattern has none.
  ir::Value* value(const std::string& name) const;
  // The constant bound to `name` when it was produced by a prim::Constant, else nullptr.
  const tsrt::Value* constant(const std::string& name) const;
};

// Decides whether a match is rewritten. It may also rebind pattern inputs in `match.values` to
// new values that dominate `match.anchor` (for example constants it inserted before the anchor,
// such as folded weights); the replacement then reads those. Return false to leave the match.
using MatchFilter = std::function<bool(SubgraphMatch& match)>;

// Replaces every match of `pattern` with `replacement`, both read with the schemas of `ops`;
// returns how many were replaced.
// Throws tsrt::Error for a malformed pattern (bad IR text, nodes with blocks, nodes that do not
// feed the last node, inputs/outputs that do not correspond to the replacement's).
int rewrite_subgraph(ir::Graph& graph, const ir::OpCatalog& ops, const std::string& pattern,
                     const std::string& replacement, const MatchFilter& filter = nullptr);

}  // namespace tsrt::passes
