#include "ir/parser.h"

#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "runtime/error.h"

namespace tsrt::ir {

namespace {

class IrParser {
 public:
  IrParser(const std::string& text, const OpCatalog& ops) : ops_(ops) {
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line)) {
      size_t hash = find_comment(line);
      if (hash != std::string::npos) line = line.substr(0, hash);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      lines_.push_back(line);
    }
  }

  std::shared_ptr<Graph> parse() {
    auto graph = std::make_shared<Graph>();
    graph_ = graph.get();
    skip_blank();
    // The header may span lines: join until the closing "):".
    std::string header;
    while (line_ < lines_.size()) {
      header += trim(lines_[line_++]);
      if (header.size() >= 2 && header.compare(header.size() - 2, 2, "):") == 0) break;
      header += " ";
    }
    if (header.rfind("graph(", 0) != 0) fail("expected 'graph(' at the start");
    for (const auto& [name, type] : typed_list(header.substr(6, header.size() - 8))) {
      define(name, graph_->add_input(type, debug_name(name)));
    }
    parse_block_body(*graph_->block(), /*is_top=*/true);
    return graph;
  }

 private:
  static size_t find_comment(const std::string& line) {
    bool in_string = false;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) in_string = !in_string;
      if (line[i] == '#' && !in_string) return i;
    }
    return std::string::npos;
  }
  static std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(' ');
    return a == std::string::npos ? "" : s.substr(a);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error("IR text line " + std::to_string(line_) + ": " + what);
  }
  void skip_blank() {
    while (line_ < lines_.size() && trim(lines_[line_]).empty()) ++line_;
  }
  // Every parsed value keeps its textual name (numbers too), so that printing gives back the
  // same text; parsed graphs have no unnamed values for a number to collide with.
  static std::string debug_name(const std::string& name) { return name; }
  void define(const std::string& name, Value* v) { values_[name] = v; }
  Value* lookup(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) fail("undefined value %" + name);
    return it->second;
  }

  // Splits at commas not nested in brackets, parentheses or strings.
  static std::vector<std::string> split_top(const std::string& s) {
    std::vector<std::string> parts;
    int depth = 0;
    bool in_string = false;
    std::string cur;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"' && (i == 0 || s[i - 1] != '\\')) in_string = !in_string;
      if (!in_string) {
        if (c == '[' || c == '(') ++depth;
        if (c == ']' || c == ')') --depth;
        if (c == ',' && depth == 0) {
          parts.push_back(trim(cur));
          cur.clear();
          continue;
        }
      }
      cur += c;
    }
    if (!trim(cur).empty()) parts.push_back(trim(cur));
    return parts;
  }

  // "%a : Tensor, %b : List[int]" -> (name, type) pairs.
  std::vector<std::pair<std::string, TypePtr>> typed_list(const std::string& s) const {
    std::vector<std::pair<std::string, TypePtr>> out;
    for (const std::string& part : split_top(s)) {
      size_t colon = part.find(" : ");
      if (part.empty() || part[0] != '%' || colon == std::string::npos) fail("expected '%name : Type', got '" + part + "'");
      out.emplace_back(part.substr(1, colon - 1), ir_type(trim(part.substr(colon + 3))));
    }
    return out;
  }

  // A type as the printer writes it: schema types plus shaped tensors (`Float(2, *, 3)`,
  // `Tensor(4, strided)`, `Long(...)`), which may also sit inside containers.
  TypePtr ir_type(const std::string& s) const {
    size_t open = s.find_first_of("[(");
    if (open == std::string::npos || s.back() != (s[open] == '[' ? ']' : ')')) return parse_type(s);
    std::string head = s.substr(0, open);
    std::vector<std::string> parts = split_top(s.substr(open + 1, s.size() - open - 2));
    if (s[open] == '(') {
      std::optional<int> dtype = scalar_type_from_ir_name(head);
      if (!dtype && head != "Tensor") return parse_type(s);
      return tensor_type(dtype, parts, s);
    }
    std::vector<TypePtr> elems;
    for (const std::string& p : parts) elems.push_back(ir_type(p));
    if (head == "List" && elems.size() == 1) return Type::list(elems[0]);
    if (head == "Optional" && elems.size() == 1) return Type::optional(elems[0]);
    if (head == "Dict" && elems.size() == 2) return Type::dict(elems[0], elems[1]);
    if (head == "Tuple") return Type::tuple(std::move(elems));
    return parse_type(s);
  }

  TypePtr tensor_type(std::optional<int> dtype, std::vector<std::string> parts, const std::string& text) const {
    if (parts.size() == 1 && parts[0] == "...") return Type::tensor(dtype, std::nullopt, false);
    bool contiguous = parts.empty() || parts.back() != "strided";
    if (!contiguous) parts.pop_back();
    std::vector<std::optional<int64_t>> sizes;
    for (const std::string& p : parts) {
      if (p == "*") {
        sizes.push_back(std::nullopt);
      } else if (!p.empty() && p.find_first_not_of("0123456789") == std::string::npos) {
        sizes.push_back(std::stoll(p));
      } else {
        fail("bad size '" + p + "' in the tensor type " + text);
      }
    }
    return Type::tensor(dtype, std::move(sizes), contiguous);
  }

  std::vector<Value*> value_list(const std::string& s) const {
    std::vector<Value*> out;
    for (const std::string& part : split_top(s)) {
      if (part.empty() || part[0] != '%') fail("expected a %value, got '" + part + "'");
      out.push_back(lookup(part.substr(1)));
    }
    return out;
  }

  void parse_block_body(Block& block, bool is_top) {
    while (true) {
      skip_blank();
      if (line_ >= lines_.size()) fail(is_top ? "missing 'return (...)'" : "missing '-> (...)'");
      std::string line = trim(lines_[line_]);
      if (is_top && line.rfind("return (", 0) == 0) {
        ++line_;
        for (Value* v : value_list(line.substr(8, line.size() - 9))) block.register_output(v);
        return;
      }
      if (!is_top && line.rfind("-> (", 0) == 0) {
        ++line_;
        for (Value* v : value_list(line.substr(4, line.size() - 5))) block.register_output(v);
        return;
      }
      ++line_;
      parse_node(line, block);
    }
  }

  void parse_node(const std::string& line, Block& block) {
    std::string rest = line;
    std::vector<std::pair<std::string, TypePtr>> outputs;
    size_t eq = find_assignment(rest);
    if (eq != std::string::npos) {
      outputs = typed_list(rest.substr(0, eq));
      rest = trim(rest.substr(eq + 3));
    }
    size_t open = rest.find_first_of("[(");
    if (open == std::string::npos) fail("expected 'kind(...)' in '" + line + "'");
    std::string kind = rest.substr(0, open);
    std::map<std::string, std::string> attrs;
    if (rest[open] == '[') {
      size_t close = matching(rest, open);
      for (const std::string& a : split_top(rest.substr(open + 1, close - open - 1))) {
        size_t e = a.find('=');
        if (e == std::string::npos) fail("bad attribute '" + a + "'");
        attrs[a.substr(0, e)] = a.substr(e + 1);
      }
      open = close + 1;
    }
    if (open >= rest.size() || rest[open] != '(') fail("expected '(' after " + kind);
    size_t close = matching(rest, open);
    std::vector<Value*> inputs = value_list(rest.substr(open + 1, close - open - 1));

    Node* n = graph_->create(kind, inputs, 0);
    for (const auto& [name, type] : outputs) define(name, n->add_output(type));
    for (size_t i = 0; i < outputs.size(); ++i) n->output(i)->set_debug_name(debug_name(outputs[i].first));
    block.append(n);
    apply_attributes(*n, attrs);
    // Nested blocks follow, one "blockN(params):" header each.
    while (true) {
      skip_blank();
      if (line_ >= lines_.size()) break;
      std::string next = trim(lines_[line_]);
      if (next.rfind("block", 0) != 0 || next.find("(") == std::string::npos) break;
      ++line_;
      Block* b = n->add_block();
      size_t p = next.find('(');
      for (const auto& [name, type] : typed_list(next.substr(p + 1, next.size() - p - 3))) {
        define(name, b->add_input(type, debug_name(name)));
      }
      parse_block_body(*b, false);
    }
  }

  static size_t find_assignment(const std::string& s) {
    int depth = 0;
    for (size_t i = 0; i + 2 < s.size(); ++i) {
      if (s[i] == '[' || s[i] == '(') ++depth;
      if (s[i] == ']' || s[i] == ')') --depth;
      if (depth == 0 && s.compare(i, 3, " = ") == 0) return i;
    }
    return std::string::npos;
  }

  size_t matching(const std::string& s, size_t open) const {
    int depth = 0;
    bool in_string = false;
    for (size_t i = open; i < s.size(); ++i) {
      if (s[i] == '"' && s[i - 1] != '\\') in_string = !in_string;
      if (in_string) continue;
      if (s[i] == '[' || s[i] == '(') ++depth;
      if (s[i] == ']' || s[i] == ')') {
        if (--depth == 0) return i;
      }
    }
    fail("unbalanced brackets in '" + s + "'");
  }

  void apply_attributes(Node& n, const std::map<std::string, std::string>& attrs) {
    for (const auto& [key, text] : attrs) {
      if (key == "value") {
        TypePtr t = n.outputs().empty() ? Type::get(TypeKind::Any) : n.output()->type();
        n.set_constant(literal(text, t));
      } else if (key == "name") {
        n.set_name(unquote(text));
      } else if (key == "type") {
        n.set_type_attr(ir_type(text));
      } else if (key != "overload") {
        fail("unknown attribute '" + key + "'");
      }
    }
    // prim ops without an overload attribute are run by the interpreter itself: no schema.
    auto it = attrs.find("overload");
    if (it == attrs.end() && n.kind().rfind("prim::", 0) == 0) return;
    std::vector<const FunctionSchema*> overloads = ops_.overloads(n.kind());
    std::string overload = it == attrs.end() ? "" : unquote(it->second);
    for (const FunctionSchema* s : overloads) {
      if (s->overload == overload) {
        n.set_schema(s);
        return;
      }
    }
    fail("no schema for " + n.kind() + (overload.empty() ? "" : "." + overload));
  }

  std::string unquote(const std::string& s) const {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') fail("expected a quoted string, got " + s);
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) {
        ++i;
        out += s[i] == 'n' ? '\n' : s[i];
      } else {
        out += s[i];
      }
    }
    return out;
  }

  // A constant's text, read with its type (booleans print as 0/1, devices as strings).
  tsrt::Value literal(const std::string& text, const TypePtr& type) const {
    switch (type->kind) {
      case TypeKind::Bool: return tsrt::Value(text == "1" || text == "True");
      case TypeKind::Int: return tsrt::Value(static_cast<int64_t>(std::stoll(text)));
      case TypeKind::Float:
        if (text == "inf") return tsrt::Value(std::numeric_limits<double>::infinity());
        if (text == "-inf") return tsrt::Value(-std::numeric_limits<double>::infinity());
        if (text == "nan") return tsrt::Value(std::numeric_limits<double>::quiet_NaN());
        return tsrt::Value(std::stod(text));
      case TypeKind::Str: return tsrt::Value(unquote(text));
      case TypeKind::Device: return tsrt::Value(tsrt::Device{unquote(text)});
      case TypeKind::List: {
        std::vector<tsrt::Value> items;
        for (const std::string& part : split_top(text.substr(1, text.size() - 2))) items.push_back(literal(part, type->contained[0]));
        return tsrt::Value(make_list(type->contained[0], std::move(items)));
      }
      case TypeKind::Tuple: {
        std::vector<tsrt::Value> items;
        std::vector<std::string> parts = split_top(text.substr(1, text.size() - 2));
        for (size_t i = 0; i < parts.size() && i < type->contained.size(); ++i) items.push_back(literal(parts[i], type->contained[i]));
        return tsrt::Value(make_tuple(std::move(items)));
      }
      default:
        fail("cannot read a constant of type " + type->str() + " from text");
    }
  }

  const OpCatalog& ops_;
  std::vector<std::string> lines_;
  size_t line_ = 0;
  Graph* graph_ = nullptr;
  std::map<std::string, Value*> values_;
};

}  // namespace

std::shared_ptr<Graph> parse_graph(const std::string& text, const OpCatalog& ops) {
  return IrParser(text, ops).parse();
}

}  // namespace tsrt::ir
