// Reads the IR text form that ir/printer.h writes, so that pass tests are written as IR text in,
// IR text out:
//   graph(%x : Tensor, %n : int):
//     %y : Tensor = aten::relu(%x)
//     %c : bool = prim::Constant[value=1]()
//     %z : Tensor = prim::If(%c)
//       block0():
//         -> (%y)
//       block1():
//         -> (%x)
//     return (%z)
// Op nodes with a schema are resolved through `ops` (the `overload="..."` attribute picks the
// overload; none means the overload with an empty name). Throws tsrt::Error with the line.
#pragma once

#include <memory>
#include <string>

#include "ir/graph.h"
#include "ir/schema.h"

namespace tsrt::ir {

std::shared_ptr<Graph> parse_graph(const std::string& text, const OpCatalog& ops);

}  // namespace tsrt::ir
