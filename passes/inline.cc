// Inlining: every prim::CallMethod / prim::CallFunction whose callee is known statically is
// replaced by a copy of the callee's body, repeatedly, so that later passes see one graph.
// Calls through interfaces (callee known only at run time) and calls into recursive functions
// stay calls.
#include <set>

#include "ir/clone.h"
#include "ir/walk.h"
#include "passes/pass.h"

namespace tsrt::passes {

namespace {

void callees_of(const ir::Block& block, std::vector<const ir::Function*>& out) {
  ir::walk(block, [&](const ir::Node& n) {
    if (n.callee() && n.callee()->graph) out.push_back(n.callee());
  });
}

// Can `fn` reach itself through calls?
bool is_recursive(const ir::Function* fn) {
  std::vector<const ir::Function*> pending;
  callees_of(*fn->graph->block(), pending);
  std::set<const ir::Function*> seen;
  while (!pending.empty()) {
    const ir::Function* f = pending.back();
    pending.pop_back();
    if (f == fn) return true;
    if (!seen.insert(f).second) continue;
    callees_of(*f->graph->block(), pending);
  }
  return false;
}

// Returns the number of calls inlined.
int inline_block(ir::Block& block, std::set<const ir::Function*>& recursive) {
  int changes = 0;
  // The bodies pasted in are not walked: the next round inlines the calls they hold.
  ir::walk(block, [&](ir::Node& node) {
    ir::Node* n = &node;
    bool is_call = n->kind() == "prim::CallMethod" || n->kind() == "prim::CallFunction";
    const ir::Function* callee = n->callee();
    if (!is_call || callee == nullptr || !callee->graph || recursive.count(callee)) return;
    if (is_recursive(callee)) {
      recursive.insert(callee);
      return;
    }
    ir::ValueMap values;
    const auto& params = callee->graph->inputs();
    for (size_t i = 0; i < params.size(); ++i) values[params[i]] = n->input(i);
    std::vector<ir::Value*> results = ir::clone_block_into(*callee->graph->block(), *n->owning_block(), n, values);
    for (size_t i = 0; i < n->outputs().size(); ++i) n->output(i)->replace_all_uses_with(results[i]);
    n->destroy();
    ++changes;
  });
  return changes;
}

}  // namespace

int inline_calls(ir::Graph& graph) {
  // Each round inlines one level of calls (the pasted bodies may contain more); callees are
  // not recursive, so the rounds end.
  int changes = 0;
  std::set<const ir::Function*> recursive;
  while (int round = inline_block(*graph.block(), recursive)) changes += round;
  return changes;
}

TSRT_REGISTER_PASS("inline", "replaces method and function calls by the callee's body", inline_calls);

}  // namespace tsrt::passes
