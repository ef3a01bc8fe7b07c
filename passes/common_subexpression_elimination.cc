// Common subexpression elimination: a node computing what an earlier node already computed
// (same kind and schema, same inputs, same attributes) is replaced by that node's outputs.
// Constants are equal when their values are: numbers, strings and devices by value (floats
// bit for bit, so 0.0 and -0.0 stay apart), tensors only when they are the same tensor.
//
// A node may reuse one from its own block or an enclosing block (defined before it), never one
// inside a nested block, which may not have run. Never merged:
//   * nodes with effects, that write into inputs, that are random, or that have blocks;
//   * nodes reading a tensor or list that some op may write into (MutationInfo): between the
//     two nodes the input may have changed, e.g. x.add_(1) between two x.sum();
//   * nodes whose result may be written: two fresh zeros() are two buffers if one is written;
//   * prim::GetAttr of an attribute some prim::SetAttr assigns, or of anything when calls
//     remain; prim::CreateObject (each call makes a distinct object).
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <unordered_set>

#include "ir/walk.h"
#include "passes/pass.h"
#include "passes/side_effects.h"

namespace tsrt::passes {

namespace {

size_t combine(size_t seed, size_t h) { return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)); }

size_t hash_constant(const tsrt::Value& v) {
  size_t h = std::hash<int>()(static_cast<int>(v.tag()));
  switch (v.tag()) {
    case tsrt::Value::Tag::Int: return combine(h, std::hash<int64_t>()(v.to_int()));
    case tsrt::Value::Tag::Double: {
      double d = v.to_double();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return combine(h, std::hash<uint64_t>()(bits));
    }
    case tsrt::Value::Tag::Bool: return combine(h, v.to_bool());
    case tsrt::Value::Tag::String: return combine(h, std::hash<std::string>()(v.to_string()));
    case tsrt::Value::Tag::Device: return combine(h, std::hash<std::string>()(v.to_device().name));
    case tsrt::Value::Tag::Tensor: return combine(h, std::hash<const void*>()(v.to_tensor().storage().get()));
    case tsrt::Value::Tag::List:
      for (const tsrt::Value& item : v.to_list()->items) h = combine(h, hash_constant(item));
      return h;
    case tsrt::Value::Tag::Tuple:
      for (const tsrt::Value& item : v.to_tuple()->items) h = combine(h, hash_constant(item));
      return h;
    default:
      return h;
  }
}

bool same_tensor(const Tensor& a, const Tensor& b) {
  return a.storage() == b.storage() && a.dtype() == b.dtype() && a.sizes() == b.sizes() && a.strides() == b.strides() &&
         a.storage_offset() == b.storage_offset();
}

bool same_items(const std::vector<tsrt::Value>& a, const std::vector<tsrt::Value>& b);

bool same_constant(const tsrt::Value& a, const tsrt::Value& b) {
  if (a.tag() != b.tag()) return false;
  switch (a.tag()) {
    case tsrt::Value::Tag::None: return true;
    case tsrt::Value::Tag::Int: return a.to_int() == b.to_int();
    case tsrt::Value::Tag::Double: {
      double x = a.to_double(), y = b.to_double();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case tsrt::Value::Tag::Bool: return a.to_bool() == b.to_bool();
    case tsrt::Value::Tag::String: return a.to_string() == b.to_string();
    case tsrt::Value::Tag::Device: return a.to_device() == b.to_device();
    case tsrt::Value::Tag::Tensor: return same_tensor(a.to_tensor(), b.to_tensor());
    case tsrt::Value::Tag::List: return same_items(a.to_list()->items, b.to_list()->items);
    case tsrt::Value::Tag::Tuple:
      return a.to_tuple()->type == b.to_tuple()->type && same_items(a.to_tuple()->items, b.to_tuple()->items);
    default:
      return false;  // dicts and objects: only by identity, which two nodes never share
  }
}

bool same_items(const std::vector<tsrt::Value>& a, const std::vector<tsrt::Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!same_constant(a[i], b[i])) return false;
  }
  return true;
}

std::string type_str(const ir::TypePtr& t) { return t ? t->str() : ""; }

struct NodeHash {
  size_t operator()(const ir::Node* n) const {
    size_t h = std::hash<std::string>()(n->kind());
    h = combine(h, std::hash<const void*>()(n->schema()));
    for (const ir::Value* v : n->inputs()) h = combine(h, std::hash<const void*>()(v));
    h = combine(h, std::hash<std::string>()(n->name()));
    if (n->kind() == "prim::Constant") h = combine(h, hash_constant(n->constant()));
    return h;
  }
};

struct NodeEqual {
  bool operator()(const ir::Node* a, const ir::Node* b) const {
    if (a->kind() != b->kind() || a->schema() != b->schema() || a->inputs() != b->inputs() ||
        a->name() != b->name() || a->callee() != b->callee() || type_str(a->type_attr()) != type_str(b->type_attr()) ||
        a->outputs().size() != b->outputs().size()) {
      return false;
    }
    for (size_t i = 0; i < a->outputs().size(); ++i) {
      if (!(*a->output(i)->type() == *b->output(i)->type())) return false;
    }
    return a->kind() != "prim::Constant" || same_constant(a->constant(), b->constant());
  }
};

using Scope = std::unordered_set<ir::Node*, NodeHash, NodeEqual>;

void collect_assignments(const ir::Block& block, std::set<std::string>& assigned, bool& has_calls) {
  ir::walk(block, [&](const ir::Node& n) {
    if (n.kind() == "prim::SetAttr") assigned.insert(n.name());
    if (n.kind() == "prim::CallMethod" || n.kind() == "prim::CallFunction") has_calls = true;
  });
}

class Eliminator {
 public:
  explicit Eliminator(ir::Graph& graph) : mutation_(graph) {
    collect_assignments(*graph.block(), assigned_, has_calls_);
  }

  // Recurses by hand, not through ir::walk: each block opens a scope (a node may be merged with
  // an equal one in an enclosing block, never with one in a sibling branch) that closes when the
  // block's nodes are done, which a flat visit of every node cannot say.
  int run(ir::Block& block) {
    scopes_.emplace_back();
    int merged = 0;
    std::vector<ir::Node*> nodes(block.nodes().begin(), block.nodes().end());
    for (ir::Node* n : nodes) {
      for (ir::Block* b : n->blocks()) merged += run(*b);
      if (!eligible(*n)) continue;
      if (ir::Node* earlier = find(n)) {
        for (size_t i = 0; i < n->outputs().size(); ++i) n->output(i)->replace_all_uses_with(earlier->output(i));
        n->destroy();
        ++merged;
      } else {
        scopes_.back().insert(n);
      }
    }
    scopes_.pop_back();
    return merged;
  }

 private:
  ir::Node* find(ir::Node* n) const {
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      auto it = scope->find(n);
      if (it != scope->end()) return *it;
    }
    return nullptr;
  }

  bool eligible(const ir::Node& n) const {
    const std::string& k = n.kind();
    if (n.outputs().empty() || !n.blocks().empty() || has_side_effects(n) || is_nondeterministic(n)) return false;
    if (k == "prim::CreateObject" || k == "prim::Uninitialized") return false;
    if (k == "prim::GetAttr" && (has_calls_ || assigned_.count(n.name()))) return false;
    for (const ir::Value* v : n.inputs()) {
      if (mutation_.may_be_mutated(v)) return false;
    }
    for (const ir::Value* v : n.outputs()) {
      if (mutation_.may_be_mutated(v)) return false;
    }
    return true;
  }

  MutationInfo mutation_;
  std::set<std::string> assigned_;
  bool has_calls_ = false;
  std::vector<Scope> scopes_;
};

}  // namespace

int eliminate_common_subexpressions(ir::Graph& graph) { return Eliminator(graph).run(*graph.block()); }

TSRT_REGISTER_PASS("cse", "merges nodes that compute the same thing from the same inputs",
                   eliminate_common_subexpressions);

}  // namespace tsrt::passes
