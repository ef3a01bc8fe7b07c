// Shape and dtype propagation: what is known about every tensor of a graph (dtype, sizes,
// whether it is contiguous), computed forward from the graph inputs, tensor constants and, when
// given, example inputs (specialisation) and the module's parameters.
//
//   ShapeInfo info(graph);                      // read-only analysis
//   if (auto sizes = info.sizes(v)) ...         // every size of v known
//   propagate_shapes(graph, context);           // the "shape-prop" pass: writes the types
//
// Unknown ops leave their results unknown; ops whose result shape depends on data (nonzero,
// unique, ...) are never guessed. Blocks of If and Loop are analysed with loop-carried values
// unknown; an If's results keep what both branches agree on.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "ir/graph.h"
#include "passes/pass.h"
#include "runtime/dtype.h"

namespace tsrt::passes {

class ShapeInfo {
 public:
  // `context.example_inputs` (after self) specialise the graph inputs to their dtypes and sizes;
  // `context.self` lets tensor parameters and buffers read through prim::GetAttr have theirs.
  explicit ShapeInfo(const ir::Graph& graph, const PassContext& context = {});

  // The tensor type known for `v` (its own type when nothing more is known).
  ir::TypePtr type(const ir::Value* v) const;
  std::optional<std::vector<int64_t>> sizes(const ir::Value* v) const;  // all sizes known
  std::optional<DType> dtype(const ir::Value* v) const;
  bool contiguous(const ir::Value* v) const;
  // The value of an int (or of a 0-d tensor made by prim::NumToTensor) when it is known.
  std::optional<int64_t> int_value(const ir::Value* v) const;

 private:
  struct Impl;
  std::unordered_map<const ir::Value*, ir::TypePtr> types_;
  std::unordered_map<const ir::Value*, int64_t> ints_;
};

// True for nodes whose result is always a fresh contiguous tensor, whatever their inputs' layout:
// ops with the contiguous_result trait in `ops`, and contiguous() to the contiguous format.
bool always_contiguous_result(const ir::Node& node, const ir::OpCatalog* ops);

// The "shape-prop" pass: sets the types ShapeInfo finds on every value and replaces
// aten::size of known sizes by constants. Returns the number of rewrites (types refined plus
// sizes replaced).
int propagate_shapes(ir::Graph& graph, const PassContext& context);

// Replaces aten::size(x, d) / aten::size(x) by constants where `info` knows the sizes.
int replace_known_sizes(ir::Graph& graph, const ShapeInfo& info);

}  // namespace tsrt::passes
