// Control-flow simplification: a prim::If on a constant condition is replaced by the branch
// it takes, a prim::Loop whose trip count is a constant 0 (or whose initial condition is a
// constant false) by its initial values, and one with a constant trip count of 1 and a constant
// true initial condition by its body, run once in place (iteration 0).
#include "passes/pass.h"

namespace tsrt::passes {

namespace {

const tsrt::Value* constant_of(const ir::Value* v) {
  return v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
}

// Moves the nodes of `branch` in front of `n` and rewires n's outputs to the branch's results.
// The branch has no parameters and may only use values defined above `n`, so no renaming.
void splice_branch(ir::Node* n, ir::Block* branch) {
  std::vector<ir::Node*> inner(branch->nodes().begin(), branch->nodes().end());
  for (ir::Node* node : inner) node->move_before(n);
  std::vector<ir::Value*> results = branch->outputs();
  for (size_t i = 0; i < n->outputs().size(); ++i) n->output(i)->replace_all_uses_with(results[i]);
}

// Returns the number of Ifs and Loops replaced. Recurses by hand, not through ir::walk: inner
// blocks are simplified before their If/Loop is spliced away (ir::walk would visit the If first
// and never see the nodes it moves out of the branch).
int simplify_block(ir::Block& block) {
  int changes = 0;
  std::vector<ir::Node*> nodes(block.nodes().begin(), block.nodes().end());
  for (ir::Node* n : nodes) {
    for (ir::Block* b : n->blocks()) changes += simplify_block(*b);
    if (n->kind() == "prim::If") {
      const tsrt::Value* cond = constant_of(n->input(0));
      if (cond == nullptr || !cond->is_bool()) continue;
      splice_branch(n, n->blocks()[cond->to_bool() ? 0 : 1]);
      n->destroy();
      ++changes;
    } else if (n->kind() == "prim::Loop") {
      const tsrt::Value* trips = constant_of(n->input(0));
      const tsrt::Value* cond = constant_of(n->input(1));
      bool never = (trips && trips->is_int() && trips->to_int() <= 0) || (cond && cond->is_bool() && !cond->to_bool());
      bool once = trips && trips->is_int() && trips->to_int() == 1 && cond && cond->is_bool() && cond->to_bool();
      if (never) {
        for (size_t i = 0; i < n->outputs().size(); ++i) n->output(i)->replace_all_uses_with(n->input(i + 2));
      } else if (once) {
        // Body params: (iteration, carried...); body results: (condition, carried...). The
        // condition it computes only decides whether a second iteration runs: there is none.
        ir::Block* body = n->blocks()[0];
        ir::Value* zero = block.graph()->insert_constant(tsrt::Value(int64_t{0}), ir::Type::get(ir::TypeKind::Int),
                                                         &block, n);
        zero->set_debug_name(body->inputs()[0]->debug_name());  // reads as "%i = 0"
        body->inputs()[0]->replace_all_uses_with(zero);
        for (size_t i = 1; i < body->inputs().size(); ++i) body->inputs()[i]->replace_all_uses_with(n->input(i + 1));
        std::vector<ir::Value*> results(body->outputs().begin() + 1, body->outputs().end());
        std::vector<ir::Node*> inner(body->nodes().begin(), body->nodes().end());
        for (ir::Node* node : inner) node->move_before(n);
        for (size_t i = 0; i < n->outputs().size(); ++i) n->output(i)->replace_all_uses_with(results[i]);
      } else {
        continue;
      }
      n->destroy();
      ++changes;
    }
  }
  return changes;
}

}  // namespace

int simplify_control_flow(ir::Graph& graph) { return simplify_block(*graph.block()); }

TSRT_REGISTER_PASS("simplify-control-flow",
                   "replaces If on a constant by its branch and drops loops that never run",
                   simplify_control_flow);

}  // namespace tsrt::passes
