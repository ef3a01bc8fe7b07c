// What passes know about one op: its schema, its traits and its shape rule. The kernel registry
// fills one per registration (`r.add(schema, kernel).shape(rule).traits(...)`) and hands them to
// passes through ir::OpCatalog, so passes never see kernels.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ir/schema.h"
#include "runtime/value.h"

namespace tsrt::ir {

class ShapeContext;

// Computes what is known about a node's outputs (dtype, sizes, contiguity; ints for int
// results) from what is known about its inputs. See ir/shape_rule.h.
using ShapeRule = std::function<void(ShapeContext&)>;

// How an elementwise-chainable op runs as one step of tsrt::elementwise_chain
// (passes/fuse_elementwise.cc builds the chain, kernels/fused_elementwise.cc runs it).
struct ChainStep {
  std::string name;         // the step's name in the chain's str[] ("add", "relu")
  bool has_scalar = false;  // input 1 is a constant int or float scalar
  bool has_alpha = false;   // input 2 is alpha, which must be the constant 1
  // Trailing constant arguments the step requires (gelu: approximate="none"); the chain's
  // step-by-step composition passes them on.
  std::vector<tsrt::Value> fixed_args;
  float (*apply)(float x, float scalar) = nullptr;  // one float32 element, as torch computes it
};

struct OpTraits {
  std::optional<ChainStep> chain;  // set: elementwise-chainable
  bool side_effects = false;   // observable beyond its results (printing, raising, reseeding)
  bool mutates_input = false;  // writes into an argument (annotated "(a!)" in its schema)
  bool aliases_input = false;  // its result may be a view of an argument ("-> Tensor(a)")
  // Its tensor result is contiguous whatever its inputs' layout (a fresh row-major buffer):
  // peephole drops a contiguous() of it.
  bool contiguous_result = false;
  // Changes an argument's sizes or strides in place, not only its data (resize_, squeeze_,
  // transpose_, as_strided_): shape facts about that tensor stop holding, so shape-prop gives up.
  // Whoever registers such an op must set it.
  bool changes_metadata = false;

  OpTraits& chainable(ChainStep step) {
    chain = std::move(step);
    return *this;
  }
};

// The traits of an elementwise-chainable op: its step `name`, what one float32 element becomes,
// and which inputs after the tensor it takes (see ChainStep).
inline OpTraits chainable(std::string name, float (*apply)(float x, float scalar), bool has_scalar = false,
                          bool has_alpha = false, std::vector<tsrt::Value> fixed_args = {}) {
  ChainStep step;
  step.name = std::move(name);
  step.apply = apply;
  step.has_scalar = has_scalar;
  step.has_alpha = has_alpha;
  step.fixed_args = std::move(fixed_args);
  return OpTraits().chainable(std::move(step));
}

inline OpTraits always_contiguous() {
  OpTraits traits;
  traits.contiguous_result = true;
  return traits;
}

inline OpTraits changes_metadata() {
  OpTraits traits;
  traits.changes_metadata = true;
  return traits;
}

struct OpInfo {
  FunctionSchema schema;
  OpTraits traits;
  ShapeRule shape;  // empty: the outputs' shapes stay unknown
};

}  // namespace tsrt::ir
