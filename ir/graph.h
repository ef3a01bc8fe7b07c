// The IR: SSA values, nodes with an op kind, blocks for control flow, a graph per method.
// It follows PyTorch's JIT IR closely so that users can read it:
//   * every block starts with a prim::Param node (its outputs are the block's inputs) and
//     ends with a prim::Return node (its inputs are the block's outputs);
//   * prim::If  : inputs (cond), blocks (then, else), outputs = the blocks' returns;
//   * prim::Loop: inputs (max_trip_count, initial_condition, carried...), one block with
//     params (iteration, carried...) returning (condition, carried...), outputs (carried...).
#pragma once

#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/schema.h"
#include "ir/type.h"
#include "runtime/value.h"

namespace tsrt::ir {

class Graph;
class Block;
class Node;
class Function;

struct SourceLocation {
  std::string file;  // archive entry, e.g. "code/__torch__/transformers.py"
  int line = 0;
  std::string str() const { return file.empty() ? "<unknown>" : file + ":" + std::to_string(line); }
};

struct Use {
  Node* user;
  size_t index;  // which input of `user`
};

class Value {
 public:
  Node* node() const { return node_; }  // producer (prim::Param for block inputs)
  size_t offset() const { return offset_; }
  size_t id() const { return id_; }     // unique within the graph; the executor's slot index
  const TypePtr& type() const { return type_; }
  void set_type(TypePtr t) { type_ = std::move(t); }
  const std::string& debug_name() const { return debug_name_; }
  void set_debug_name(const std::string& name) { debug_name_ = name; }
  std::string display_name() const;  // "%x.1" or "%12"
  const std::vector<Use>& uses() const { return uses_; }
  bool has_uses() const { return !uses_.empty(); }
  // Makes every user of this value use `other` instead.
  void replace_all_uses_with(Value* other);

 private:
  friend class Node;
  friend class Graph;
  Node* node_ = nullptr;
  size_t offset_ = 0;
  size_t id_ = 0;
  TypePtr type_;
  std::string debug_name_;
  std::vector<Use> uses_;
};

class Block {
 public:
  Node* param_node() const { return param_; }
  Node* return_node() const { return return_; }
  const std::vector<Value*>& inputs() const;
  const std::vector<Value*>& outputs() const;
  Value* add_input(TypePtr type, const std::string& name = "");
  void register_output(Value* v);
  const std::list<Node*>& nodes() const { return nodes_; }
  Node* owning_node() const { return owning_node_; }
  Graph* graph() const { return graph_; }

  // Inserts `node` (created by Graph::create) at the end, or before `before`.
  Node* append(Node* node);
  Node* insert_before(Node* node, Node* before);

 private:
  friend class Graph;
  friend class Node;
  Graph* graph_ = nullptr;
  Node* owning_node_ = nullptr;
  Node* param_ = nullptr;
  Node* return_ = nullptr;
  std::list<Node*> nodes_;
};

class Node {
 public:
  const std::string& kind() const { return kind_; }  // "aten::linear", "prim::If", ...
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  Value* input(size_t i) const { return inputs_.at(i); }
  Value* output(size_t i = 0) const { return outputs_.at(i); }
  const std::vector<Block*>& blocks() const { return blocks_; }
  Block* owning_block() const { return owning_block_; }
  Graph* graph() const { return graph_; }

  void add_input(Value* v);
  void replace_input(size_t i, Value* v);
  void remove_input(size_t i);
  void remove_all_inputs();
  Value* add_output(TypePtr type);
  void erase_output(size_t i);  // the output must have no uses
  Block* add_block();

  // Removes the node from its block; its outputs must be unused. Memory stays with the graph.
  void destroy();
  bool is_alive() const { return owning_block_ != nullptr; }
  void move_before(Node* other);

  // Attributes. `constant` for prim::Constant; `name` for prim::GetAttr/SetAttr/CallMethod
  // and field names; `callee` for prim::CallMethod/CallFunction; `schema` for resolved ops.
  const tsrt::Value& constant() const { return constant_; }
  void set_constant(tsrt::Value v) { constant_ = std::move(v); }
  const std::string& name() const { return name_; }
  void set_name(const std::string& n) { name_ = n; }
  Function* callee() const { return callee_; }
  void set_callee(Function* f) { callee_ = f; }
  const FunctionSchema* schema() const { return schema_; }
  void set_schema(const FunctionSchema* s) { schema_ = s; }
  const TypePtr& type_attr() const { return type_attr_; }  // for prim::unchecked_cast, isinstance, ...
  void set_type_attr(TypePtr t) { type_attr_ = std::move(t); }
  const SourceLocation& location() const { return location_; }
  void set_location(SourceLocation loc) { location_ = std::move(loc); }

  // "aten::add.Tensor" for resolved ops, else the kind.
  std::string qualified_kind() const;

 private:
  friend class Graph;
  friend class Block;
  std::string kind_;
  std::vector<Value*> inputs_;
  std::vector<Value*> outputs_;
  std::vector<Block*> blocks_;
  Block* owning_block_ = nullptr;
  Graph* graph_ = nullptr;
  std::list<Node*>::iterator position_;
  tsrt::Value constant_;
  std::string name_;
  Function* callee_ = nullptr;
  const FunctionSchema* schema_ = nullptr;
  TypePtr type_attr_;
  SourceLocation location_;
};

class Graph {
 public:
  Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  Block* block() const { return top_; }
  const std::vector<Value*>& inputs() const { return top_->inputs(); }
  const std::vector<Value*>& outputs() const { return top_->outputs(); }
  Value* add_input(TypePtr type, const std::string& name = "") { return top_->add_input(std::move(type), name); }
  void register_output(Value* v) { top_->register_output(v); }

  // A detached node with `num_outputs` outputs of type Any; insert it with Block::append.
  Node* create(const std::string& kind, const std::vector<Value*>& inputs = {}, size_t num_outputs = 1);
  // A prim::Constant appended to `block` (top block by default).
  Value* insert_constant(tsrt::Value v, TypePtr type, Block* block = nullptr, Node* before = nullptr);

  size_t num_value_ids() const { return next_value_id_; }

 private:
  friend class Node;
  friend class Block;
  Value* new_value(Node* producer, TypePtr type);
  Block* new_block(Node* owner);

  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<std::unique_ptr<Block>> blocks_;
  size_t next_value_id_ = 0;
  Block* top_ = nullptr;
};

// A method or free function: its graph plus the signature used to bind call arguments.
class Function {
 public:
  std::string name;            // "forward" or qualified "__torch__.m.helper"
  std::shared_ptr<Graph> graph;
  FunctionSchema signature;    // argument names, types, defaults; first argument is self for methods
  SourceLocation location;
};

}  // namespace tsrt::ir
