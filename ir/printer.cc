#include "ir/printer.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

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

void print(std::ostream& os, const Graph& graph, const PrintOptions& options) {
  const ValueNames names(graph);
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
void dot_block(std::ostream& os, const Block& block, int& cluster) {
  for (const Node* n : block.nodes()) {
    if (n->kind() == "prim::Constant") continue;
    os << "  n" << n << " [label=\"" << escape(n->qualified_kind()) << "\"];\n";
    for (const Value* in : n->inputs()) {
      const Node* producer = in->node();
      if (producer->kind() == "prim::Constant") continue;
      if (producer->kind() == "prim::Param") {
        os << "  v" << in->id() << " [shape=ellipse,label=\"" << escape(in->display_name()) << "\"];\n";
        os << "  v" << in->id() << " -> n" << n << ";\n";
      } else {
        os << "  n" << producer << " -> n" << n << " [label=\"" << escape(in->type()->str()) << "\"];\n";
      }
    }
    for (const Block* b : n->blocks()) {
      os << "  subgraph cluster_" << cluster++ << " {\n  style=dashed;\n";
      dot_block(os, *b, cluster);
      os << "  }\n";
    }
  }
}
}  // namespace

std::string to_dot(const Graph& graph) {
  std::ostringstream os;
  os << "digraph G {\n  node [shape=box,fontname=\"monospace\"];\n";
  int cluster = 0;
  dot_block(os, *graph.block(), cluster);
  for (const Value* out : graph.outputs()) {
    os << "  out" << out->id() << " [shape=ellipse,label=\"return " << escape(out->display_name()) << "\"];\n";
    if (out->node()->kind() != "prim::Param") os << "  n" << out->node() << " -> out" << out->id() << ";\n";
  }
  os << "}\n";
  return os.str();
}

}  // namespace tsrt::ir
