#include "ir/clone.h"

#include "runtime/error.h"

namespace tsrt::ir {

namespace {

Value* mapped(const ValueMap& values, const Value* v) {
  auto it = values.find(v);
  TSRT_CHECK(it != values.end(), "IR clone: value " + v->display_name() + " is used before it is defined");
  return it->second;
}

Node* clone_node(const Node& n, Graph& graph, const ValueMap& values) {
  std::vector<Value*> inputs;
  for (const Value* in : n.inputs()) inputs.push_back(mapped(values, in));
  Node* copy = graph.create(n.kind(), inputs, 0);
  for (const Value* out : n.outputs()) {
    Value* o = copy->add_output(out->type());
    o->set_debug_name(out->debug_name());
  }
  copy->set_constant(n.constant());
  copy->set_name(n.name());
  copy->set_callee(n.callee());
  copy->set_schema(n.schema());
  copy->set_type_attr(n.type_attr());
  copy->set_location(n.location());
  return copy;
}

}  // namespace

std::vector<Value*> clone_block_into(const Block& src, Block& dst, Node* before, ValueMap& values) {
  Graph& graph = *dst.graph();
  for (const Node* n : src.nodes()) {
    Node* copy = clone_node(*n, graph, values);
    if (before) {
      dst.insert_before(copy, before);
    } else {
      dst.append(copy);
    }
    for (size_t i = 0; i < n->outputs().size(); ++i) values[n->output(i)] = copy->output(i);
    for (const Block* inner : n->blocks()) {
      Block* inner_copy = copy->add_block();
      for (const Value* in : inner->inputs()) {
        Value* p = inner_copy->add_input(in->type(), in->debug_name());
        values[in] = p;
      }
      for (Value* out : clone_block_into(*inner, *inner_copy, nullptr, values)) inner_copy->register_output(out);
    }
  }
  std::vector<Value*> outputs;
  for (const Value* out : src.outputs()) outputs.push_back(mapped(values, out));
  return outputs;
}

}  // namespace tsrt::ir
