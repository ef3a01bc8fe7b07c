// What passes must know before removing, evaluating or merging a node: does it have effects
// beyond its outputs, does it write into its inputs, is it random, and may a value be written
// through some alias while the graph runs. Shared by dce, fold, cse and freeze.
#pragma once

#include <unordered_map>
#include <vector>

#include "ir/graph.h"

namespace tsrt::passes {

// Effects other than producing outputs: writing module attributes, raising, printing, calls
// (the callee may do anything), control flow, and writing into an input (below).
bool has_side_effects(const ir::Node& n);

// Writes into its input `i`: in-place tensor ops (schema `Tensor(a!)`, or a trailing `_`) and
// list/dict mutation (`t[](a!)`). Without a schema every input counts as written.
bool mutates_input(const ir::Node& n, size_t i);
bool mutates_any_input(const ir::Node& n);

// Reads its input `i` when it runs and keeps no reference to it: an op with a schema whose
// argument `i` carries no alias annotation (not written, not viewed, not stored in a result).
bool reads_input_only(const ir::Node& n, size_t i);

// A different result each run for the same inputs: random sampling (by name, or any op taking
// a Generator), uninitialised memory, and dropout unless its `train` argument is a constant false.
bool is_nondeterministic(const ir::Node& n);

// Could a value of this type hold something a node may write into (a tensor, list or dict,
// directly or inside a tuple/optional)? Objects are not counted: they change only through
// prim::SetAttr, which passes look for by name.
bool can_hold_mutable(const ir::TypePtr& type);

// Identities of the mutable things a value holds (tensor storages, lists, dicts): two values
// sharing one share memory.
void mutable_identities(const tsrt::Value& v, std::vector<const void*>& out);

// Which values may be written while the graph runs, found by grouping values that may share
// memory: an op's result with the inputs its schema says it may alias (`Tensor(a)` views,
// `t(*)` list items), a list with the items stored into it, a prim op's (no schema) or a
// call's results with its inputs, and values flowing through If/Loop blocks. A group is
// mutated if any member is written by an op or passed to a call; it escapes if a member is
// returned from the graph. Over-approximate on purpose: merging too much only folds less.
class MutationInfo {
 public:
  // `calls_write`: whether a value passed to a call counts as written (false: only the ops of
  // this graph count, for a quick look at other methods whose callees are checked on their own).
  explicit MutationInfo(const ir::Graph& graph, bool calls_write = true);
  bool may_be_mutated(const ir::Value* v) const;
  bool escapes(const ir::Value* v) const;

 private:
  size_t ensure(const ir::Value* v);     // its index, adding it as a group of its own
  size_t find(const ir::Value* v) const;  // its group, or SIZE_MAX if never seen
  void unite(const ir::Value* a, const ir::Value* b);
  void visit(const ir::Block& block);

  std::unordered_map<const ir::Value*, size_t> index_;
  mutable std::vector<size_t> parent_;
  std::vector<bool> mutated_;  // by group root, valid after construction
  std::vector<bool> escapes_;
};

}  // namespace tsrt::passes
