// The shape-rule API: what an op's shape rule may ask about the node it describes and what it
// may set. Rules live beside the kernel registration of their op
// (`r.add(schema, kernel).shape(rule)`); passes/shape_propagation.cc walks the graph and calls
// them. Every rule follows what stock torch returns: result sizes, the dtype after torch's type
// promotion, and whether the result is contiguous. A rule that cannot be sure leaves that part
// unknown (an unset output stays unknown).
//
//   ir::TensorFacts layer_norm_shape(const ir::ShapeContext& c) {   // kernels/normalization.cc
//     ir::TensorFacts in = c.self();
//     return ir::TensorFacts{in.dtype, in.sizes, true};
//   }
//   r.add("aten::layer_norm(...) -> Tensor", layer_norm).shape(ir::one_output(layer_norm_shape));
// A helper that registers several schemas can give them one rule afterwards:
//   r.ops({"aten::relu", "aten::relu_"}).shape(ir::one_output(ir::same_as_self));
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ir/graph.h"
#include "ir/op_info.h"

namespace tsrt::ir {

// Sizes with unknown dims.
using Sizes = std::vector<std::optional<int64_t>>;

// What is known about one tensor: dtype (a c10::ScalarType code), sizes, contiguity.
struct TensorFacts {
  std::optional<int> dtype;
  std::optional<Sizes> sizes;
  bool contiguous = false;
};

constexpr int kFloatCode = 6;   // torch's default dtype (c10::ScalarType::Float)
constexpr int kDoubleCode = 7;  // c10::ScalarType::Double
constexpr int kLongCode = 4;    // c10::ScalarType::Long
constexpr int kBoolCode = 11;   // c10::ScalarType::Bool

// 0 bool, 1 integer, 2 floating: torch's promotion categories.
int dtype_category(int dtype);
bool is_floating_code(int dtype);

// One operand of torch's result_type: a tensor with dims, a 0-d tensor, or a wrapped number
// (a Python scalar, or a tensor made by prim::NumToTensor).
struct Operand {
  std::optional<int> dtype;
  enum Level { Unknown, Wrapped, ZeroDim, Dim } level;
};

// torch.result_type over `operands`; nullopt when any is unknown.
std::optional<int> result_type(const std::vector<Operand>& operands);
// Broadcast sizes; nullopt when any shape is unknown. An unknown dim broadcasts to the known one
// unless that is 1.
std::optional<Sizes> broadcast(const std::vector<const Sizes*>& shapes);
// Normalises a possibly negative dim against `rank`; nullopt if out of range.
std::optional<int64_t> norm_dim(std::optional<int64_t> d, size_t rank);
std::optional<int64_t> numel(const Sizes& s);

// The node a rule describes, with what is known about its inputs.
class ShapeContext {
 public:
  explicit ShapeContext(const Node& node) : node_(node) {}
  virtual ~ShapeContext() = default;

  const Node& node() const { return node_; }
  const std::string& kind() const;  // "aten::add"
  size_t num_inputs() const;
  const Value* input(size_t i) const;  // null beyond the last input
  // The input bound to the schema argument `name`, or null.
  const Value* arg(const char* name) const;

  // What is known about tensor `v` (nothing for non-tensors).
  virtual TensorFacts tensor(const Value* v) const = 0;
  // Input 0's facts when it is a tensor, else nothing.
  TensorFacts self() const;
  // The value of an int (or of a 0-d tensor made by prim::NumToTensor) when it is known.
  virtual std::optional<int64_t> int_value(const Value* v) const = 0;
  std::optional<int> dtype_value(const Value* v) const;  // a ScalarType argument
  std::optional<bool> bool_value(const Value* v) const;  // a constant bool
  std::optional<Sizes> int_list(const Value* v) const;   // a constant or prim::ListConstruct of ints
  bool is_none(const Value* v) const;                    // absent or the constant None
  const tsrt::Value* constant(const Value* v) const;      // the constant v holds, or null
  Operand operand(const Value* v) const;                 // `v` as an operand of result_type

  // Sets what is known about output `i` (ignored for non-tensor outputs).
  virtual void set(size_t output, const TensorFacts& facts) = 0;
  // Sets the value of int output `i`.
  virtual void set_int(size_t output, int64_t value) = 0;
  // The single output of a one-output node (nothing for nodes with several outputs).
  void set(const TensorFacts& facts);
  void set_int(std::optional<int64_t> value);

 private:
  const Node& node_;
};

// Rules for one-output ops, written as what the output is.
ShapeRule one_output(TensorFacts (*facts)(const ShapeContext& c));
// Rules for ops with one int output, written as its value when it is known.
ShapeRule int_output(std::optional<int64_t> (*value)(const ShapeContext& c));

// Rules many families share.
TensorFacts same_as_self(const ShapeContext& c);      // sizes, dtype and layout of input 0
TensorFacts floating_as_self(const ShapeContext& c);  // same sizes; the dtype kept for floating inputs only

// The output size of a convolution or pooling window along one dim.
std::optional<int64_t> window_size(std::optional<int64_t> in, std::optional<int64_t> kernel,
                                   std::optional<int64_t> stride, std::optional<int64_t> pad,
                                   std::optional<int64_t> dilation, bool ceil_mode);
// Element `i` of a per-dim argument (one value applies to every dim; absent or empty: `fallback`).
std::optional<int64_t> per_dim(const std::optional<Sizes>& values, size_t i, std::optional<int64_t> fallback);

}  // namespace tsrt::ir
