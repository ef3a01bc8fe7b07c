// Prints the IR in PyTorch's text form:
//   graph(%x : Tensor):
//     %1 : Tensor = aten::relu(%x) # code/__torch__/m.py:7
//     return (%1)
#pragma once

#include <ostream>
#include <string>

#include "ir/graph.h"

namespace tsrt::ir {

struct PrintOptions {
  bool source_locations = true;
};

void print(std::ostream& os, const Graph& graph, const PrintOptions& options = {});
std::string to_string(const Graph& graph, const PrintOptions& options = {});
// The Graphviz form for `tsrt graph --format dot`.
std::string to_dot(const Graph& graph);
// Constant values as printed in `prim::Constant[value=...]`.
std::string constant_repr(const tsrt::Value& v);

}  // namespace tsrt::ir
