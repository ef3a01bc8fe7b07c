#include "passes/subgraph_rewriter.h"

#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "ir/clone.h"
#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/walk.h"
#include "runtime/error.h"

namespace tsrt::passes {

ir::Value* SubgraphMatch::value(const std::string& name) const {
  auto it = values.find(name);
  TSRT_CHECK(it != values.end(), "subgraph rewriter: the pattern has no value %" + name);
  return it->second;
}

const tsrt::Value* SubgraphMatch::constant(const std::string& name) const {
  const ir::Value* v = value(name);
  return v->node()->kind() == "prim::Constant" ? &v->node()->constant() : nullptr;
}

namespace {

bool is_constant(const ir::Node* n) { return n->kind() == "prim::Constant"; }

// Constants match by value. Tensor constants cannot be written in IR text, so never match.
bool same_constant(const tsrt::Value& a, const tsrt::Value& b) {
  if (a.is_tensor() || b.is_tensor()) return false;
  if (a.is_none() || b.is_none()) return a.is_none() && b.is_none();
  if (a.is_int() != b.is_int() || a.is_double() != b.is_double() || a.is_bool() != b.is_bool() ||
      a.is_string() != b.is_string() || a.is_list() != b.is_list()) {
    return false;
  }
  return ir::constant_repr(a) == ir::constant_repr(b);
}

bool same_op(const ir::Node* p, const ir::Node* g) {
  if (p->kind() != g->kind()) return false;
  if (p->schema() && g->schema() && p->schema()->overload != g->schema()->overload) return false;
  return p->inputs().size() == g->inputs().size() && p->outputs().size() == g->outputs().size();
}

// Matches one pattern against graph nodes, backwards from the anchor.
class Matcher {
 public:
  explicit Matcher(const ir::Graph& pattern) : pattern_(pattern) {
    const auto& nodes = pattern.block()->nodes();
    TSRT_CHECK(!nodes.empty(), "subgraph rewriter: the pattern has no nodes");
    anchor_ = nodes.back();
    TSRT_CHECK(!is_constant(anchor_), "subgraph rewriter: the pattern's last node must not be a constant");
    for (const ir::Node* n : nodes) {
      TSRT_CHECK(n->blocks().empty(), "subgraph rewriter: pattern nodes with blocks (" + n->kind() + ") are not supported");
    }
    for (const ir::Value* out : pattern.outputs()) {
      TSRT_CHECK(out->node()->kind() != "prim::Param", "subgraph rewriter: a pattern output must be computed by a node");
    }
    // Every non-constant pattern node must be reached from the anchor, or it could never bind.
    std::unordered_set<const ir::Node*> reached;
    std::vector<const ir::Node*> work = {anchor_};
    while (!work.empty()) {
      const ir::Node* n = work.back();
      work.pop_back();
      if (!reached.insert(n).second) continue;
      for (const ir::Value* in : n->inputs()) {
        if (in->node()->kind() != "prim::Param") work.push_back(in->node());
      }
    }
    for (const ir::Node* n : nodes) {
      TSRT_CHECK(reached.count(n) > 0, "subgraph rewriter: pattern node " + n->kind() + " does not feed the last node " +
                                      anchor_->kind());
    }
    for (const ir::Value* in : pattern.inputs()) {
      TSRT_CHECK(in->has_uses(), "subgraph rewriter: pattern input " + in->display_name() + " is unused");
    }
  }

  const ir::Node* anchor() const { return anchor_; }

  // Tries to match with the pattern's anchor at `g`; fills `match` on success.
  bool match(ir::Node* g, SubgraphMatch& match) {
    values_.clear();
    nodes_.clear();
    matched_nodes_.clear();
    if (!match_node(anchor_, g)) return false;
    if (!check_uses(g)) return false;
    match.values.clear();
    match.anchor = g;
    for (const auto& [p, v] : values_) {
      if (!p->debug_name().empty()) match.values[p->debug_name()] = v;
    }
    for (const auto& [p, n] : nodes_) {
      for (size_t i = 0; i < p->outputs().size(); ++i) {
        if (!p->output(i)->debug_name().empty()) match.values[p->output(i)->debug_name()] = n->output(i);
      }
    }
    return true;
  }

  // Graph nodes matched by non-constant pattern nodes (the ones the replacement removes).
  const std::vector<ir::Node*>& matched_nodes() const { return matched_nodes_; }
  // Graph constants the match used.
  std::vector<ir::Node*> matched_constants() const {
    std::vector<ir::Node*> out;
    for (const auto& [p, n] : nodes_) {
      if (is_constant(p)) out.push_back(n);
    }
    return out;
  }
  ir::Value* bound(const ir::Value* p) const {
    if (p->node()->kind() == "prim::Param") return values_.at(p);
    return nodes_.at(p->node())->output(p->offset());
  }

 private:
  bool match_node(const ir::Node* p, ir::Node* g) {
    if (!same_op(p, g)) return false;
    if (is_constant(p)) {
      // By value: one pattern constant may stand for several equal graph constants, which
      // may be shared with other code and live in any enclosing block.
      if (!same_constant(p->constant(), g->constant())) return false;
      nodes_.emplace(p, g);
      return true;
    }
    auto seen = nodes_.find(p);
    if (seen != nodes_.end()) return seen->second == g;
    // Interior nodes sit in the anchor's block, and one graph node serves one pattern node.
    if (g->owning_block() != anchor_block_of(g)) return false;
    for (const auto& [q, h] : nodes_) {
      if (h == g) return false;
    }
    nodes_[p] = g;
    matched_nodes_.push_back(g);
    for (size_t i = 0; i < p->inputs().size(); ++i) {
      if (!match_value(p->input(i), g->input(i))) return false;
    }
    return true;
  }

  bool match_value(const ir::Value* p, ir::Value* g) {
    if (p->node()->kind() == "prim::Param") {
      auto it = values_.find(p);
      if (it != values_.end()) return it->second == g;
      values_[p] = g;
      return true;
    }
    if (g->offset() != p->offset()) return false;
    return match_node(p->node(), g->node());
  }

  ir::Block* anchor_block_of(ir::Node* g) {
    if (matched_nodes_.empty()) return g->owning_block();
    return matched_nodes_.front()->owning_block();
  }

  // Values computed inside the match are used only inside it (pattern outputs excepted);
  // pattern inputs are not computed inside it; uses of pattern outputs come after the anchor,
  // where the replacement will define them.
  bool check_uses(ir::Node* anchor) {
    std::unordered_set<const ir::Node*> inside(matched_nodes_.begin(), matched_nodes_.end());
    for (const auto& [p, g] : values_) {
      if (inside.count(g->node())) return false;
    }
    std::unordered_set<const ir::Value*> outputs;
    for (const ir::Value* out : pattern_.outputs()) outputs.insert(bound(out));
    for (const auto& [p, g] : nodes_) {
      if (is_constant(p)) continue;
      for (const ir::Value* v : g->outputs()) {
        bool is_output = outputs.count(v) > 0;
        for (const ir::Use& use : v->uses()) {
          if (inside.count(use.user)) continue;
          if (!is_output) return false;
          if (g != anchor && !after(use.user, anchor)) return false;
        }
      }
    }
    return true;
  }

  // Is `user` (perhaps nested in blocks) after `anchor` in the anchor's block?
  static bool after(const ir::Node* user, const ir::Node* anchor) {
    while (user && user->owning_block() != anchor->owning_block()) user = user->owning_block()->owning_node();
    if (user == nullptr) return false;  // a graph return
    const auto& nodes = anchor->owning_block()->nodes();
    bool past_anchor = false;
    for (const ir::Node* n : nodes) {
      if (n == anchor) past_anchor = true;
      else if (n == user) return past_anchor;
    }
    return user == anchor->owning_block()->return_node();
  }

  const ir::Graph& pattern_;
  const ir::Node* anchor_ = nullptr;
  std::unordered_map<const ir::Value*, ir::Value*> values_;  // pattern inputs -> graph values
  std::unordered_map<const ir::Node*, ir::Node*> nodes_;     // pattern nodes -> graph nodes
  std::vector<ir::Node*> matched_nodes_;
};

class Rewriter {
 public:
  Rewriter(ir::Graph& graph, const ir::Graph& pattern, const ir::Graph& replacement, const MatchFilter& filter)
      : graph_(graph), pattern_(pattern), replacement_(replacement), filter_(filter), matcher_(pattern) {}

  int run() {
    int count = rewrite_block(*graph_.block());
    // Matched constants that nothing uses any more go too (they are pure).
    for (ir::Node* c : constants_) {
      if (c->is_alive() && !c->output()->has_uses()) c->destroy();
    }
    return count;
  }

 private:
  int rewrite_block(ir::Block& block) {
    int count = 0;
    // ir::walk lists each block's nodes first: replacement nodes inserted meanwhile are never
    // matched, and matched nodes destroyed before their turn are skipped.
    ir::walk(block, [&](ir::Node& node) {
      ir::Node* n = &node;
      if (n->kind() != matcher_.anchor()->kind()) return;
      SubgraphMatch match;
      if (!matcher_.match(n, match)) return;
      if (filter_ && !filter_(match)) return;
      replace(match);
      ++count;
    });
    return count;
  }

  void replace(const SubgraphMatch& match) {
    ir::Node* anchor = match.anchor;
    ir::ValueMap map;
    for (size_t i = 0; i < pattern_.inputs().size(); ++i) {
      const ir::Value* p = pattern_.inputs()[i];
      auto it = match.values.find(p->debug_name());
      map[replacement_.inputs()[i]] = it != match.values.end() ? it->second : matcher_.bound(p);
    }
    // Nodes are created before the anchor, so they see every value the match used.
    std::vector<ir::Value*> results = ir::clone_block_into(*replacement_.block(), *anchor->owning_block(), anchor, map);
    std::unordered_set<const ir::Value*> result_set(results.begin(), results.end());
    for (const auto& [r, copy] : map) {
      // Intermediate replacement values are numbered, not named, so names stay unique.
      if (r->node()->kind() != "prim::Param" && !result_set.count(copy)) copy->set_debug_name("");
    }
    for (size_t i = 0; i < results.size(); ++i) {
      ir::Value* old = matcher_.bound(pattern_.outputs()[i]);
      ir::Value* now = results[i];
      if (replacement_.outputs()[i]->node()->kind() != "prim::Param") {
        now->set_debug_name(old->debug_name());
        now->set_type(old->type());
        if (now->node()->location().line == 0) now->node()->set_location(anchor->location());
      }
      old->replace_all_uses_with(now);
    }
    for (ir::Node* c : matcher_.matched_constants()) constants_.push_back(c);
    // Remove the matched nodes, last to first so that users go before their producers.
    std::unordered_set<const ir::Node*> dead(matcher_.matched_nodes().begin(), matcher_.matched_nodes().end());
    const auto& nodes = anchor->owning_block()->nodes();
    std::vector<ir::Node*> in_order;
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
      if (dead.count(*it)) in_order.push_back(*it);
    }
    for (ir::Node* n : in_order) n->destroy();
  }

  ir::Graph& graph_;
  const ir::Graph& pattern_;
  const ir::Graph& replacement_;
  const MatchFilter& filter_;
  Matcher matcher_;
  std::vector<ir::Node*> constants_;
};

}  // namespace

int rewrite_subgraph(ir::Graph& graph, const ir::OpCatalog& ops, const std::string& pattern,
                     const std::string& replacement, const MatchFilter& filter) {
  std::shared_ptr<ir::Graph> p = ir::parse_graph(pattern, ops);
  std::shared_ptr<ir::Graph> r = ir::parse_graph(replacement, ops);
  TSRT_CHECK(p->inputs().size() == r->inputs().size(),
        "subgraph rewriter: the pattern has " + std::to_string(p->inputs().size()) + " inputs, the replacement " +
            std::to_string(r->inputs().size()));
  TSRT_CHECK(p->outputs().size() == r->outputs().size(),
        "subgraph rewriter: the pattern has " + std::to_string(p->outputs().size()) + " outputs, the replacement " +
            std::to_string(r->outputs().size()));
  return Rewriter(graph, *p, *r, filter).run();
}

}  // namespace tsrt::passes
