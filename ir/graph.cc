#include "ir/graph.h"

#include <algorithm>

#include "runtime/error.h"

namespace tsrt::ir {

std::string Value::display_name() const {
  if (!debug_name_.empty()) return "%" + debug_name_;
  return "%" + std::to_string(id_);
}

void Value::replace_all_uses_with(Value* other) {
  if (other == this) return;
  std::vector<Use> uses = uses_;
  for (const Use& u : uses) u.user->replace_input(u.index, other);
}

const std::vector<Value*>& Block::inputs() const { return param_->outputs(); }
const std::vector<Value*>& Block::outputs() const { return return_->inputs(); }

Value* Block::add_input(TypePtr type, const std::string& name) {
  Value* v = param_->add_output(std::move(type));
  v->set_debug_name(name);
  return v;
}

void Block::register_output(Value* v) { return_->add_input(v); }

Node* Block::append(Node* node) {
  TSRT_CHECK(node->owning_block_ == nullptr, "IR: node " + node->kind() + " is already in a block");
  node->owning_block_ = this;
  node->position_ = nodes_.insert(nodes_.end(), node);
  return node;
}

Node* Block::insert_before(Node* node, Node* before) {
  TSRT_CHECK(node->owning_block_ == nullptr, "IR: node " + node->kind() + " is already in a block");
  TSRT_CHECK(before->owning_block_ == this, "IR: insertion point is not in this block");
  node->owning_block_ = this;
  node->position_ = nodes_.insert(before->position_, node);
  return node;
}

void Node::add_input(Value* v) {
  v->uses_.push_back(Use{this, inputs_.size()});
  inputs_.push_back(v);
}

void Node::replace_input(size_t i, Value* v) {
  Value* old = inputs_.at(i);
  auto& uses = old->uses_;
  uses.erase(std::find_if(uses.begin(), uses.end(),
                          [&](const Use& u) { return u.user == this && u.index == i; }));
  inputs_[i] = v;
  v->uses_.push_back(Use{this, i});
}

void Node::remove_input(size_t i) {
  Value* old = inputs_.at(i);
  auto& uses = old->uses_;
  uses.erase(std::find_if(uses.begin(), uses.end(),
                          [&](const Use& u) { return u.user == this && u.index == i; }));
  // Later inputs shift down by one: renumber their uses.
  for (size_t j = i + 1; j < inputs_.size(); ++j) {
    for (Use& u : inputs_[j]->uses_) {
      if (u.user == this && u.index == j) u.index = j - 1;
    }
  }
  inputs_.erase(inputs_.begin() + static_cast<std::ptrdiff_t>(i));
}

void Node::remove_all_inputs() {
  while (!inputs_.empty()) remove_input(inputs_.size() - 1);
}

Value* Node::add_output(TypePtr type) {
  Value* v = graph_->new_value(this, std::move(type));
  v->offset_ = outputs_.size();
  outputs_.push_back(v);
  return v;
}

void Node::erase_output(size_t i) {
  TSRT_CHECK(!outputs_.at(i)->has_uses(), "IR: erasing output " + outputs_[i]->display_name() + " that is still used");
  outputs_.erase(outputs_.begin() + static_cast<std::ptrdiff_t>(i));
  for (size_t j = i; j < outputs_.size(); ++j) outputs_[j]->offset_ = j;
}

Block* Node::add_block() {
  Block* b = graph_->new_block(this);
  blocks_.push_back(b);
  return b;
}

void Node::destroy() {
  for (Value* out : outputs_) {
    TSRT_CHECK(!out->has_uses(), "IR: destroying " + kind_ + " whose output " + out->display_name() + " is still used");
  }
  for (Block* b : blocks_) {
    // The block's results first, then inner nodes last to first, so that uses disappear
    // before their producers.
    b->return_->remove_all_inputs();
    while (!b->nodes_.empty()) b->nodes_.back()->destroy();
  }
  remove_all_inputs();
  if (owning_block_ != nullptr) {
    owning_block_->nodes_.erase(position_);
    owning_block_ = nullptr;
  }
}

void Node::move_before(Node* other) {
  owning_block_->nodes_.erase(position_);
  owning_block_ = nullptr;
  other->owning_block_->insert_before(this, other);
}

std::string Node::qualified_kind() const { return schema_ ? schema_->qualified() : kind_; }

Graph::Graph() { top_ = new_block(nullptr); }

Value* Graph::new_value(Node* producer, TypePtr type) {
  auto v = std::make_unique<Value>();
  v->node_ = producer;
  v->id_ = next_value_id_++;
  v->type_ = type ? std::move(type) : Type::get(TypeKind::Any);
  values_.push_back(std::move(v));
  return values_.back().get();
}

Block* Graph::new_block(Node* owner) {
  auto b = std::make_unique<Block>();
  b->graph_ = this;
  b->owning_node_ = owner;
  b->param_ = create("prim::Param", {}, 0);
  b->param_->owning_block_ = b.get();
  b->return_ = create("prim::Return", {}, 0);
  b->return_->owning_block_ = b.get();
  blocks_.push_back(std::move(b));
  return blocks_.back().get();
}

Node* Graph::create(const std::string& kind, const std::vector<Value*>& inputs, size_t num_outputs) {
  auto n = std::make_unique<Node>();
  n->kind_ = kind;
  n->graph_ = this;
  Node* node = n.get();
  nodes_.push_back(std::move(n));
  for (Value* v : inputs) node->add_input(v);
  for (size_t i = 0; i < num_outputs; ++i) node->add_output(nullptr);
  return node;
}

Value* Graph::insert_constant(tsrt::Value v, TypePtr type, Block* block, Node* before) {
  Node* n = create("prim::Constant", {}, 1);
  n->set_constant(std::move(v));
  n->output()->set_type(std::move(type));
  Block* b = block ? block : top_;
  if (before) {
    b->insert_before(n, before);
  } else {
    b->append(n);
  }
  return n->output();
}

}  // namespace tsrt::ir
