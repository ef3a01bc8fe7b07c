// channels-last: runs chains of 2-d convolutions on channels-last (NHWC) activations.
//
// oneDNN's AVX-512 convolutions work on NHWC. Given contiguous (NCHW) activations, every
// convolution reorders its input in and its result out (18 % of ResNet-18's forward). The
// convolution kernel keeps a channels-last input so and returns a channels-last result, as
// torch does, and so do the ops in followers() (relu, add, pooling). This pass converts the
// input of each 2-d convolution with constant float32 weights (tsrt::channels_last, which
// leaves what it cannot convert as is) and hands every other consumer of a value of such a
// chain the contiguous layout it had before (aten::contiguous), so only the convolutions and
// their followers ever see the new layout. Runs after freeze (weights must be constants).
//
// A conversion is a copy, so it must not change what anyone reads: it is placed right after
// the value is made when nothing ever writes the value, or right before a consumer that reads
// the value once and keeps no reference to it (side_effects.h: reads_input_only). If some
// consumer is neither, the graph is left as it is.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "ir/op_info.h"
#include "passes/pass.h"
#include "passes/side_effects.h"

namespace tsrt::passes {

namespace {

// Ops whose kernels give a channels-last result for a channels-last input (by their first
// input; add also by its second) and read any layout.
const std::set<std::string>& followers() {
  static const std::set<std::string> ops = {
      "aten::relu",      "aten::relu_",       "aten::hardtanh",  "aten::hardtanh_",
      "aten::add.Tensor", "aten::add_.Tensor", "aten::max_pool2d", "aten::avg_pool2d",
      "aten::adaptive_avg_pool2d"};
  return ops;
}

// A 2-d convolution (or tsrt::convolution_relu) with a constant float32 [O, I, kH, kW] weight,
// not transposed.
bool is_conv2d(const ir::Node& n) {
  const std::string& k = n.kind();
  if ((k != "aten::_convolution" && k != "aten::conv2d" && k != "tsrt::convolution_relu") || n.inputs().size() < 7) {
    return false;
  }
  const ir::Node* w = n.input(1)->node();
  if (w->kind() != "prim::Constant" || !w->constant().is_tensor()) return false;
  const Tensor& weight = w->constant().to_tensor();
  if (weight.dim() != 4 || weight.dtype() != DType::Float32) return false;
  if (k != "aten::_convolution") return true;
  const ir::Node* transposed = n.input(6)->node();
  return transposed->kind() == "prim::Constant" && transposed->constant().is_bool() &&
         !transposed->constant().to_bool();
}

// What the pass found: which values run channels-last, where conversions go.
struct Plan {
  std::unordered_set<const ir::Value*> channels_last;
  std::vector<ir::Node*> convolutions;
  std::vector<ir::Value*> ordered;  // channels_last in program order
};

// Walks `block` (and the blocks inside it) in program order, marking conv2d results and the
// results of followers with a channels-last input. By hand, not through ir::walk: a node's
// blocks are marked before the node (ir::walk visits the node first).
void mark(const ir::Block& block, Plan& plan) {
  for (ir::Node* n : block.nodes()) {
    for (const ir::Block* b : n->blocks()) mark(*b, plan);
    bool result_channels_last = false;
    if (is_conv2d(*n)) {
      plan.convolutions.push_back(n);
      result_channels_last = true;
    } else if (n->schema() && followers().count(n->schema()->qualified()) && n->outputs().size() == 1) {
      const bool in_place = n->kind().back() == '_';
      result_channels_last = plan.channels_last.count(n->input(0)) ||
                             (!in_place && n->inputs().size() > 1 && plan.channels_last.count(n->input(1)));
    }
    if (result_channels_last) {
      plan.channels_last.insert(n->output());
      plan.ordered.push_back(n->output());
    }
  }
}

// Whether `user` takes a channels-last value at input `index` as it is.
bool takes_channels_last(const ir::Node& user, size_t index) {
  if (is_conv2d(user)) return index == 0;
  return user.schema() && followers().count(user.schema()->qualified());
}

ir::Node* conversion(ir::Graph& graph, const ir::FunctionSchema& schema, const std::vector<ir::Value*>& inputs,
                     ir::Value* like) {
  ir::Node* n = graph.create(schema.name, inputs, 1);
  n->set_schema(&schema);
  n->output()->set_type(like->type());
  return n;
}

}  // namespace

int channels_last(ir::Graph& graph, const PassContext& context) {
  if (context.ops == nullptr) return 0;
  const ir::OpInfo* to_channels_last = context.ops->info("tsrt::channels_last");
  const ir::OpInfo* contiguous = context.ops->info("aten::contiguous");
  if (to_channels_last == nullptr || contiguous == nullptr) return 0;  // no such ops to convert with
  Plan plan;
  mark(*graph.block(), plan);
  if (plan.convolutions.empty()) return 0;

  // Where the other consumers get their contiguous copy: after the value is made when it is
  // never written, else right before each consumer, which must then read it at once.
  const MutationInfo mutation(graph);
  struct Exit {
    ir::Value* value;
    std::vector<ir::Use> uses;
    bool after_definition;
  };
  std::vector<Exit> exits;
  for (ir::Value* v : plan.ordered) {
    Exit exit{v, {}, !mutation.may_be_mutated(v)};
    for (const ir::Use& use : v->uses()) {
      if (takes_channels_last(*use.user, use.index)) continue;
      const bool graph_result = use.user == graph.block()->return_node();
      if (!exit.after_definition && !graph_result && !reads_input_only(*use.user, use.index)) return 0;
      exit.uses.push_back(use);
    }
    if (!exit.uses.empty()) exits.push_back(std::move(exit));
  }

  for (ir::Node* conv : plan.convolutions) {
    ir::Value* x = conv->input(0);
    if (plan.channels_last.count(x)) continue;
    ir::Node* convert = conversion(graph, to_channels_last->schema, {x}, x);
    convert->set_location(conv->location());
    conv->owning_block()->insert_before(convert, conv);
    conv->replace_input(0, convert->output());
  }
  const ir::TypePtr int_type = ir::Type::get(ir::TypeKind::Int);
  for (Exit& exit : exits) {
    // aten::contiguous(value, 0) in `block` before `before` (its return node: at the end),
    // located at the value's definition.
    auto make_contiguous = [&](ir::Block* block, ir::Node* before) {
      if (before == block->return_node()) before = nullptr;
      ir::Value* format = graph.insert_constant(tsrt::Value(int64_t{0}), int_type, block, before);
      ir::Node* convert = conversion(graph, contiguous->schema, {exit.value, format}, exit.value);
      convert->set_location(exit.value->node()->location());
      before ? block->insert_before(convert, before) : block->append(convert);
      return convert->output();
    };
    if (exit.after_definition) {
      // Before the node after the definition: every consumer comes later.
      ir::Node* producer = exit.value->node();
      ir::Block* block = producer->owning_block();
      auto next = std::next(std::find(block->nodes().begin(), block->nodes().end(), producer));
      ir::Value* dense = make_contiguous(block, next == block->nodes().end() ? block->return_node() : *next);
      for (const ir::Use& use : exit.uses) use.user->replace_input(use.index, dense);
    } else {
      for (const ir::Use& use : exit.uses) {
        ir::Block* block = use.user == graph.block()->return_node() ? graph.block() : use.user->owning_block();
        use.user->replace_input(use.index, make_contiguous(block, use.user));
      }
    }
  }
  return static_cast<int>(plan.convolutions.size());
}

TSRT_REGISTER_PASS("channels-last",
                   "runs chains of 2-d convolutions, their activations, adds and pools on channels-last "
                   "(NHWC) tensors: no layout reorder in and out of each convolution",
                   channels_last);

}  // namespace tsrt::passes
