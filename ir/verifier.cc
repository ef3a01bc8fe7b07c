#include "ir/verifier.h"

#include <algorithm>
#include <unordered_set>

#include "runtime/error.h"

namespace tsrt::ir {

namespace {

class Verifier {
 public:
  void block(const Block& b) {
    std::vector<const Value*> added;
    for (const Value* in : b.inputs()) define(in, added);
    for (const Node* n : b.nodes()) node(*n, added);
    for (size_t i = 0; i < b.outputs().size(); ++i) use(b.outputs()[i], b.return_node(), i);
    for (const Value* v : added) defined_.erase(v);
  }

 private:
  [[noreturn]] void fail(const Node& n, const std::string& what) {
    throw Error("IR verifier: " + n.qualified_kind() + " at " + n.location().str() + ": " + what);
  }

  void define(const Value* v, std::vector<const Value*>& added) {
    defined_.insert(v);
    added.push_back(v);
  }

  void use(const Value* v, const Node* user, size_t index) {
    if (!defined_.count(v)) fail(*user, "input " + std::to_string(index) + " (" + v->display_name() + ") is used before it is defined");
    const auto& uses = v->uses();
    bool listed = std::any_of(uses.begin(), uses.end(), [&](const Use& u) { return u.user == user && u.index == index; });
    if (!listed) fail(*user, "input " + std::to_string(index) + " is missing from the use list of " + v->display_name());
  }

  void node(const Node& n, std::vector<const Value*>& added) {
    for (size_t i = 0; i < n.inputs().size(); ++i) use(n.input(i), &n, i);
    if (n.kind() == "prim::If") {
      if (n.blocks().size() != 2) fail(n, "needs 2 blocks");
      for (const Block* b : n.blocks()) {
        if (b->outputs().size() != n.outputs().size()) fail(n, "a block returns " + std::to_string(b->outputs().size()) + " values for " + std::to_string(n.outputs().size()) + " outputs");
      }
    } else if (n.kind() == "prim::Loop") {
      if (n.blocks().size() != 1 || n.inputs().size() < 2) fail(n, "needs (max_trip_count, condition, carried...) and one block");
      const Block& b = *n.blocks()[0];
      size_t carried = n.inputs().size() - 2;
      if (b.inputs().size() != carried + 1) fail(n, "the body needs (iteration, carried...) parameters");
      if (b.outputs().size() != carried + 1) fail(n, "the body must return (condition, carried...)");
      if (n.outputs().size() != carried) fail(n, "a loop has one output per carried value");
    } else if (const FunctionSchema* s = n.schema()) {
      if (n.inputs().size() < s->arguments.size() || (!s->is_vararg && n.inputs().size() != s->arguments.size())) {
        fail(n, "has " + std::to_string(n.inputs().size()) + " inputs, its schema " + std::to_string(s->arguments.size()));
      }
      if (n.outputs().size() != s->returns.size()) fail(n, "has " + std::to_string(n.outputs().size()) + " outputs, its schema " + std::to_string(s->returns.size()));
    }
    for (const Block* b : n.blocks()) block(*b);
    for (const Value* out : n.outputs()) {
      if (out->node() != &n) fail(n, "an output does not point back to its node");
      define(out, added);
    }
  }

  std::unordered_set<const Value*> defined_;
};

}  // namespace

void verify(const Graph& graph) { Verifier().block(*graph.block()); }

}  // namespace tsrt::ir
