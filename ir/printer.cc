#include "ir/printer.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <regex>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "runtime/error.h"

namespace tsrt::ir {

namespace {

// The printed name of every value of a graph, unique within it. Passes that fuse or clone
// nodes keep the values' debug names, so two values may share one (two `%input0`s); as in
// torch, a later value whose name is taken gets the first free `name.N`. Names are handed out
// in print order, so a value defined earlier keeps its own name.
class ValueNames {
 public:
  explicit ValueNames(const Graph& graph) {
    for (const Value* v : graph.inputs()) define(v);
    define_block(*graph.block());
  }

  const std::string& operator[](const Value* v) const {
    auto it = names_.find(v);
    if (it != names_.end()) return it->second;
    // Not defined in this graph (an ill-formed one being printed for a diagnosis).
    return fallback_.emplace(v, v->display_name()).first->second;
  }

 private:
  void define_block(const Block& block) {
    for (const Node* node : block.nodes()) {
      for (const Value* out : node->outputs()) define(out);
      for (const Block* inner : node->blocks()) {
        for (const Value* in : inner->inputs()) define(in);
        define_block(*inner);
      }
    }
  }

  void define(const Value* v) {
    std::string name = v->display_name();
    if (taken_.count(name)) {
      const std::string base = name;
      for (int suffix = 1; taken_.count(name); ++suffix) name = base + "." + std::to_string(suffix);
    }
    taken_.insert(name);
    names_.emplace(v, std::move(name));
  }

  std::unordered_map<const Value*, std::string> names_;
  std::unordered_set<std::string> taken_;
  mutable std::unordered_map<const Value*, std::string> fallback_;
};

void print_value_list(std::ostream& os, const std::vector<Value*>& values, const ValueNames& names) {
  for (size_t i = 0; i < values.size(); ++i) os << (i ? ", " : "") << names[values[i]];
}

void print_typed_list(std::ostream& os, const std::vector<Value*>& values, const ValueNames& names) {
  for (size_t i = 0; i < values.size(); ++i) {
    os << (i ? ", " : "") << names[values[i]] << " : " << values[i]->type()->str();
  }
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void print_block(std::ostream& os, const Block& block, int indent, const PrintOptions& options,
                 const ValueNames& names);

void print_node(std::ostream& os, const Node& node, int indent, const PrintOptions& options,
                const ValueNames& names) {
  if (options.only && !options.only->count(&node)) return;
  std::string pad(static_cast<size_t>(indent), ' ');
  os << pad;
  if (!node.outputs().empty()) {
    print_typed_list(os, node.outputs(), names);
    os << " = ";
  }
  os << node.kind();
  std::vector<std::string> attrs;
  if (node.kind() == "prim::Constant" && !node.constant().is_none()) {
    attrs.push_back("value=" + constant_repr(node.constant()));
  }
  if (!node.name().empty()) attrs.push_back("name=\"" + escape(node.name()) + "\"");
  if (node.type_attr()) attrs.push_back("type=" + node.type_attr()->str());
  // A prim op with a schema always says so (even overload=""), since prims without one are
  // run by the interpreter itself; the IR parser relies on it.
  if (node.schema() && (!node.schema()->overload.empty() || node.kind().rfind("prim::", 0) == 0)) {
    attrs.push_back("overload=\"" + node.schema()->overload + "\"");
  }
  if (!attrs.empty()) {
    os << "[";
    for (size_t i = 0; i < attrs.size(); ++i) os << (i ? ", " : "") << attrs[i];
    os << "]";
  }
  os << "(";
  print_value_list(os, node.inputs(), names);
  os << ")";
  if (options.source_locations && node.location().line > 0) os << " # " << node.location().str();
  os << "\n";
  for (size_t b = 0; b < node.blocks().size(); ++b) {
    const Block& block = *node.blocks()[b];
    os << pad << "  block" << b << "(";
    print_typed_list(os, block.inputs(), names);
    os << "):\n";
    print_block(os, block, indent + 4, options, names);
    os << pad << "    -> (";
    print_value_list(os, block.outputs(), names);
    os << ")\n";
  }
}

void print_block(std::ostream& os, const Block& block, int indent, const PrintOptions& options,
                 const ValueNames& names) {
  for (const Node* n : block.nodes()) print_node(os, *n, indent, options, names);
}

}  // namespace

std::string constant_repr(const tsrt::Value& v) {
  std::ostringstream os;
  if (v.is_double()) {
    double d = v.to_double();
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    if (std::isnan(d)) return "nan";
    os << std::setprecision(std::numeric_limits<double>::max_digits10) << d;
    std::string s = os.str();
    // Keep floats recognisable as floats when read back.
    if (s.find_first_of(".e") == std::string::npos) s += ".";
    return s;
  }
  if (v.is_string()) return "\"" + escape(v.to_string()) + "\"";
  if (v.is_tensor()) {
    const Tensor& t = v.to_tensor();
    os << "<Tensor " << dtype_name(t.dtype()) << t.shape_string() << ">";
    return os.str();
  }
  if (v.is_list() || v.is_tuple()) {
    const auto& items = v.is_list() ? v.to_list()->items : v.to_tuple()->items;
    os << (v.is_list() ? "[" : "(");
    for (size_t i = 0; i < items.size(); ++i) os << (i ? ", " : "") << constant_repr(items[i]);
    if (v.is_tuple() && items.size() == 1) os << ",";
    os << (v.is_list() ? "]" : ")");
    return os.str();
  }
  if (v.is_device()) return "\"" + v.to_device().name + "\"";
  if (v.is_bool()) return v.to_bool() ? "1" : "0";
  return v.repr();
}

void print(std::ostream& os, const Graph& graph, const PrintOptions& given) {
  const ValueNames names(graph);
  // A selected node inside a block keeps the nodes whose blocks hold it, so it prints in place.
  PrintOptions options = given;
  NodeSet kept;
  if (given.only) {
    for (const Node* n : *given.only) {
      for (const Node* at = n; at; at = at->owning_block()->owning_node()) kept.insert(at);
    }
    options.only = &kept;
  }
  os << "graph(";
  const auto& inputs = graph.inputs();
  for (size_t i = 0; i < inputs.size(); ++i) {
    os << (i ? ",\n      " : "") << names[inputs[i]] << " : " << inputs[i]->type()->str();
  }
  os << "):\n";
  print_block(os, *graph.block(), 2, options, names);
  os << "  return (";
  print_value_list(os, graph.outputs(), names);
  os << ")\n";
}

std::string to_string(const Graph& graph, const PrintOptions& options) {
  std::ostringstream os;
  print(os, graph, options);
  return os.str();
}

namespace {

// Every node of the graph in walk order (nested blocks in order): its position is its dot id.
void walk_nodes(const Block& block, std::vector<const Node*>& order) {
  for (const Node* n : block.nodes()) {
    order.push_back(n);
    for (const Block* b : n->blocks()) walk_nodes(*b, order);
  }
}

struct NodeIds {
  explicit NodeIds(const Graph& graph) {
    walk_nodes(*graph.block(), order);
    for (size_t i = 0; i < order.size(); ++i) index.emplace(order[i], i);
  }
  std::string operator[](const Node* n) const { return "n" + std::to_string(index.at(n)); }
  std::vector<const Node*> order;
  std::unordered_map<const Node*, size_t> index;
};

std::string strip_percent(const std::string& name) { return !name.empty() && name[0] == '%' ? name.substr(1) : name; }

const Value* find_value(const Graph& graph, const ValueNames& names, const NodeIds& ids, const std::string& name) {
  const std::string wanted = "%" + strip_percent(name);
  for (const Value* v : graph.inputs()) {
    if (names[v] == wanted) return v;
  }
  for (const Node* n : ids.order) {
    for (const Value* v : n->outputs()) {
      if (names[v] == wanted) return v;
    }
    for (const Block* b : n->blocks()) {
      for (const Value* v : b->inputs()) {
        if (names[v] == wanted) return v;
      }
    }
  }
  throw Error("tsrt graph --subgraph: no value named " + wanted + " in the graph");
}

// The nodes reachable from `start` along data edges, forwards (to users) or backwards (to producers).
NodeSet reach(const std::vector<const Node*>& start, bool forwards) {
  NodeSet seen;
  std::vector<const Node*> todo = start;
  while (!todo.empty()) {
    const Node* n = todo.back();
    todo.pop_back();
    if (!seen.insert(n).second) continue;
    // A value used inside a block flows into the outputs of the node that owns the block.
    if (forwards) {
      for (const Value* out : n->outputs()) {
        for (const Use& use : out->uses()) todo.push_back(use.user);
      }
      const Block* in_block = n->owning_block();
      if (in_block && in_block->owning_node()) todo.push_back(in_block->owning_node());
    } else {
      for (const Value* in : n->inputs()) todo.push_back(in->node());
      for (const Block* b : n->blocks()) todo.push_back(b->return_node());
    }
  }
  return seen;
}

bool drawable(const Node* n) { return n->kind() != "prim::Constant" && n->kind() != "prim::Param" &&
                                      n->kind() != "prim::Return"; }

}  // namespace

NodeSet select_region(const Graph& graph, const Region& region) {
  const ValueNames names(graph);
  const NodeIds ids(graph);
  NodeSet selected(ids.order.begin(), ids.order.end());
  if (!region.from.empty() || !region.to.empty()) {
    if (region.from.empty() || region.to.empty()) throw Error("tsrt graph --subgraph wants FROM:TO (two value names)");
    const Value* from = find_value(graph, names, ids, region.from);
    const Value* to = find_value(graph, names, ids, region.to);
    std::vector<const Node*> users;
    for (const Use& use : from->uses()) users.push_back(use.user);
    NodeSet after = reach(users, true);
    NodeSet before = reach({to->node()}, false);
    NodeSet between;
    for (const Node* n : after) {
      if (before.count(n)) between.insert(n);
    }
    selected = std::move(between);
  }
  if (!region.match.empty()) {
    std::regex pattern;
    try {
      pattern = std::regex(region.match);
    } catch (const std::regex_error& e) {
      throw Error("tsrt graph --match: bad regular expression '" + region.match + "': " + e.what());
    }
    NodeSet matched;
    for (const Node* n : selected) {
      bool hit = std::regex_search(n->qualified_kind(), pattern) ||
                 (n->location().line > 0 && std::regex_search(n->location().str(), pattern));
      for (const Value* out : n->outputs()) hit = hit || std::regex_search(names[out], pattern);
      if (hit) matched.insert(n);
    }
    selected = std::move(matched);
  }
  for (int hop = 0; hop < region.context; ++hop) {
    NodeSet grown = selected;
    for (const Node* n : selected) {
      for (const Value* in : n->inputs()) grown.insert(in->node());
      for (const Value* out : n->outputs()) {
        for (const Use& use : out->uses()) grown.insert(use.user);
      }
    }
    selected = std::move(grown);
  }
  // Block parameters and returns are not nodes of the walk; only real nodes are kept.
  NodeSet nodes;
  for (const Node* n : selected) {
    if (ids.index.count(n) && n->kind() != "prim::Param" && n->kind() != "prim::Return") nodes.insert(n);
  }
  bool any = false;
  for (const Node* n : nodes) any = any || drawable(n);
  if (!any) throw Error("tsrt graph: --match/--subgraph select no node");
  return nodes;
}

namespace {

class DotPrinter {
 public:
  DotPrinter(std::ostream& os, const Graph& graph, const NodeSet* only)
      : os_(os), graph_(graph), names_(graph), ids_(graph), only_(only) {}

  void print() {
    os_ << "digraph G {\n  node [shape=box,fontname=\"monospace\"];\n";
    for (size_t i = 0; i < graph_.inputs().size(); ++i) {
      const Value* in = graph_.inputs()[i];
      if (!only_ || used_by_selected(in)) {
        os_ << "  " << value_id(in) << " [shape=ellipse,label=\"" << escape(names_[in]) << "\"];\n";
      }
    }
    block(*graph_.block(), "  ");
    for (size_t i = 0; i < graph_.outputs().size(); ++i) {
      const Value* out = graph_.outputs()[i];
      if (only_ && !shown(out->node())) continue;
      os_ << "  out" << i << " [shape=ellipse,label=\"return " << escape(names_[out]) << "\"];\n";
      os_ << "  " << source_id(out) << " -> out" << i << " [label=\"" << escape(names_[out]) << "\"];\n";
    }
    os_ << "}\n";
  }

 private:
  bool selected(const Node* n) const { return !only_ || only_->count(n); }
  bool shown(const Node* n) const {
    return n->kind() == "prim::Param" ? (n == graph_.block()->param_node() || shown(n->owning_block()->owning_node()))
                                      : selected(n) && drawable(n);
  }
  bool used_by_selected(const Value* v) const {
    for (const Use& use : v->uses()) {
      if (selected(use.user)) return true;
    }
    return false;
  }
  bool holds_selected(const Block& b) const {
    for (const Node* n : b.nodes()) {
      if (selected(n)) return true;
      for (const Block* inner : n->blocks()) {
        if (holds_selected(*inner)) return true;
      }
    }
    return false;
  }
  size_t output_index(const Value* v) const {
    const auto& outs = v->node()->outputs();
    return static_cast<size_t>(std::find(outs.begin(), outs.end(), v) - outs.begin());
  }
  // Graph inputs are in0, in1, ...; a block's inputs n5b0i0, ...; node outputs come from the node.
  std::string value_id(const Value* v) const {
    const Node* p = v->node();
    if (p == graph_.block()->param_node()) return "in" + std::to_string(output_index(v));
    const Node* owner = p->owning_block()->owning_node();
    const auto& blocks = owner->blocks();
    size_t b = 0;
    while (b < blocks.size() && blocks[b]->param_node() != p) ++b;
    return ids_[owner] + "b" + std::to_string(b) + "i" + std::to_string(output_index(v));
  }
  // Where an edge for `v` starts: its node, its parameter ellipse, or (outside the region) a stub.
  std::string source_id(const Value* v) {
    const Node* p = v->node();
    if (p->kind() == "prim::Param") return value_id(v);
    std::string id = ids_[p];
    if (shown(p)) return id;
    id += "o" + std::to_string(output_index(v));
    if (stubs_.insert(id).second) {
      os_ << "  " << id << " [shape=ellipse,style=dashed,label=\"" << escape(names_[v]) << "\"];\n";
    }
    return id;
  }

  void block(const Block& b, const std::string& pad) {
    for (const Node* n : b.nodes()) {
      if (shown(n)) node(*n, pad);
      for (size_t i = 0; i < n->blocks().size(); ++i) {
        const Block& inner = *n->blocks()[i];
        if (only_ && !selected(n) && !holds_selected(inner)) continue;
        os_ << pad << "subgraph cluster_" << ids_[n] << "b" << i << " {\n" << pad << "  style=dashed;\n";
        os_ << pad << "  label=\"" << ids_[n] << " block" << i << "\";\n";
        for (const Value* in : inner.inputs()) {
          os_ << pad << "  " << value_id(in) << " [shape=ellipse,label=\"" << escape(names_[in]) << "\"];\n";
        }
        block(inner, pad + "  ");
        os_ << pad << "}\n";
      }
    }
  }

  void node(const Node& n, const std::string& pad) {
    std::string label = n.qualified_kind();
    if (!n.outputs().empty()) {
      label += "\n";
      for (size_t i = 0; i < n.outputs().size(); ++i) label += (i ? ", " : "") + names_[n.outputs()[i]];
    }
    if (n.location().line > 0) label += "\n" + n.location().str();
    os_ << pad << ids_[&n] << " [label=\"" << escape(label) << "\"];\n";
    for (const Value* in : n.inputs()) {
      if (in->node()->kind() == "prim::Constant") continue;
      const std::string from = source_id(in);
      os_ << pad << from << " -> " << ids_[&n] << " [label=\"" << escape(names_[in]) << "\"];\n";
    }
  }

  std::ostream& os_;
  const Graph& graph_;
  const ValueNames names_;
  const NodeIds ids_;
  const NodeSet* only_;
  std::unordered_set<std::string> stubs_;
};

}  // namespace

std::string to_dot(const Graph& graph, const NodeSet* only) {
  std::ostringstream os;
  DotPrinter(os, graph, only).print();
  return os.str();
}

}  // namespace tsrt::ir
