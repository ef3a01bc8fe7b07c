#include "passes/side_effects.h"

#include "ir/walk.h"

#include <cctype>
#include <cstdint>
#include <set>
#include <string>

namespace tsrt::passes {

namespace {

bool is_call(const ir::Node& n) { return n.kind() == "prim::CallMethod" || n.kind() == "prim::CallFunction"; }

// The argument texts of a schema string: "Tensor(a!) self", "Tensor other", ... ("*" dropped).
std::vector<std::string> argument_texts(const std::string& schema) {
  std::vector<std::string> args;
  size_t open = schema.find('(');
  if (open == std::string::npos) return args;
  int depth = 0;
  std::string current;
  for (size_t i = open + 1; i < schema.size(); ++i) {
    char c = schema[i];
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') {
      if (depth == 0) break;  // end of the argument list
      --depth;
    }
    if (c == ',' && depth == 0) {
      args.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  args.push_back(current);
  std::vector<std::string> kept;
  for (std::string& a : args) {
    size_t b = a.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    a = a.substr(b);
    if (a == "*" || a == "...") continue;
    kept.push_back(a);
  }
  return kept;
}

// The argument's type carries an alias annotation: "Tensor(a) self", "t(c -> *) el".
bool has_alias_annotation(const std::string& arg) {
  return arg.substr(0, arg.find(' ')).find('(') != std::string::npos;
}

// "-> Tensor(a)", "-> t(*)", "-> (Tensor(a), Tensor(a))": a result aliases some input.
bool returns_alias(const std::string& schema) {
  size_t arrow = schema.rfind("->");
  if (arrow == std::string::npos) return false;
  for (size_t i = arrow + 2; i + 1 < schema.size(); ++i) {
    char c = schema[i];
    bool type_char = std::isalnum(static_cast<unsigned char>(c)) || c == ']' || c == '_';
    if (type_char && schema[i + 1] == '(') return true;
  }
  return false;
}

}  // namespace

bool mutates_input(const ir::Node& n, size_t i) {
  if (n.schema() && !n.schema()->text.empty()) {
    std::vector<std::string> args = argument_texts(n.schema()->text);
    if (i >= args.size()) return false;
    return args[i].substr(0, args[i].find('=')).find('!') != std::string::npos;  // "Tensor(a!) self"
  }
  // In-place and list/dict mutating ops: torch marks them with a trailing underscore or
  // (a!) aliasing; these names cover the ones TorchScript code uses.
  static const std::set<std::string> mutating = {
      "aten::append", "aten::_set_item", "aten::insert", "aten::pop", "aten::clear", "aten::extend",
      "aten::remove", "aten::Delete", "aten::update", "aten::setdefault", "aten::copy_", "aten::index_put_",
      "aten::popitem", "aten::reverse", "aten::sort"};
  const std::string& k = n.kind();
  return mutating.count(k) || (!k.empty() && k.back() == '_');
}

bool mutates_any_input(const ir::Node& n) {
  for (size_t i = 0; i < n.inputs().size(); ++i) {
    if (mutates_input(n, i)) return true;
  }
  return false;
}

bool reads_input_only(const ir::Node& n, size_t i) {
  if (!n.schema() || n.schema()->text.empty() || n.schema()->is_vararg) return false;
  std::vector<std::string> args = argument_texts(n.schema()->text);
  return i < args.size() && !has_alias_annotation(args[i]);
}

bool has_side_effects(const ir::Node& n) {
  static const std::set<std::string> effectful = {
      "prim::SetAttr", "prim::RaiseException", "prim::Print", "prim::CallMethod", "prim::CallFunction",
      "prim::Loop", "prim::If", "prim::Enter", "prim::Exit", "aten::warn",
      "aten::manual_seed"};  // reseeds the generator random ops draw from: never dropped
  return effectful.count(n.kind()) || mutates_any_input(n);
}

bool is_nondeterministic(const ir::Node& n) {
  static const std::set<std::string> random = {
      "aten::rand", "aten::randn", "aten::randint", "aten::randperm", "aten::rand_like", "aten::randn_like",
      "aten::randint_like", "aten::bernoulli", "aten::normal", "aten::multinomial", "aten::poisson",
      "aten::rrelu", "aten::empty", "aten::empty_like", "aten::new_empty", "aten::empty_strided",
      "aten::manual_seed", "aten::seed", "aten::initial_seed", "prim::Uninitialized", "aten::uniform",
      "aten::exponential", "aten::geometric", "aten::cauchy", "aten::log_normal", "aten::_standard_gamma",
      "aten::_sample_dirichlet", "aten::binomial"};
  const std::string& k = n.kind();
  if (random.count(k)) return true;
  // Whatever takes a random generator samples from it.
  if (n.schema()) {
    for (const ir::Argument& a : n.schema()->arguments) {
      const ir::TypePtr& t = a.type->kind == ir::TypeKind::Optional ? a.type->contained.at(0) : a.type;
      if (t->kind == ir::TypeKind::Generator) return true;
    }
  }
  if (k.find("dropout") != std::string::npos) {
    // dropout(x, p, train): random unless train is a constant false.
    if (n.inputs().size() < 3) return true;
    const ir::Node* train = n.inputs().back()->node();
    return train->kind() != "prim::Constant" || !train->constant().is_bool() || train->constant().to_bool();
  }
  return false;
}

bool can_hold_mutable(const ir::TypePtr& type) {
  if (!type) return true;
  switch (type->kind) {
    case ir::TypeKind::Tensor:
    case ir::TypeKind::List:
    case ir::TypeKind::Dict:
    case ir::TypeKind::Any:
      return true;
    case ir::TypeKind::Tuple:
    case ir::TypeKind::Optional:
      for (const ir::TypePtr& t : type->contained) {
        if (can_hold_mutable(t)) return true;
      }
      return false;
    case ir::TypeKind::Class:
      return type->cls && type->cls->is_named_tuple;
    default:
      return false;
  }
}

namespace {
// Could the elements of a container of this type be written (List[Tensor] yes, List[int] no)?
bool elements_can_hold_mutable(const ir::TypePtr& type) {
  if (!type) return true;
  switch (type->kind) {
    case ir::TypeKind::Any:
      return true;
    case ir::TypeKind::List:
    case ir::TypeKind::Dict:
    case ir::TypeKind::Tuple:
      for (const ir::TypePtr& t : type->contained) {
        if (can_hold_mutable(t)) return true;
      }
      return false;
    case ir::TypeKind::Optional:
      return elements_can_hold_mutable(type->contained.at(0));
    default:
      return false;
  }
}
}  // namespace

// ---- MutationInfo: union-find over values that may share memory.

size_t MutationInfo::ensure(const ir::Value* v) {
  auto [it, fresh] = index_.emplace(v, parent_.size());
  if (fresh) parent_.push_back(parent_.size());
  return it->second;
}

size_t MutationInfo::find(const ir::Value* v) const {
  auto it = index_.find(v);
  if (it == index_.end()) return SIZE_MAX;
  size_t i = it->second;
  while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
  return i;
}

void MutationInfo::unite(const ir::Value* a, const ir::Value* b) {
  if (!can_hold_mutable(a->type()) || !can_hold_mutable(b->type())) return;
  ensure(a);
  ensure(b);
  size_t ra = find(a), rb = find(b);
  if (ra != rb) parent_[ra] = rb;
}

void mutable_identities(const tsrt::Value& v, std::vector<const void*>& out) {
  if (v.is_tensor() && v.to_tensor().defined()) out.push_back(v.to_tensor().storage().get());
  if (v.is_list()) {
    out.push_back(v.to_list().get());
    for (const tsrt::Value& item : v.to_list()->items) mutable_identities(item, out);
  }
  if (v.is_dict()) out.push_back(v.to_dict().get());
  if (v.is_tuple()) {
    for (const tsrt::Value& item : v.to_tuple()->items) mutable_identities(item, out);
  }
}

MutationInfo::MutationInfo(const ir::Graph& graph, bool calls_write) {
  visit(*graph.block());
  // Constants holding the same tensor storage or list share memory; so do GetAttrs of one name.
  std::unordered_map<const void*, const ir::Value*> by_identity;
  std::unordered_map<std::string, const ir::Value*> by_attribute;
  std::vector<const ir::Value*> written, returned;
  ir::walk(*graph.block(), [&](const ir::Node& node) {
    const ir::Node* n = &node;
    if (n->kind() == "prim::Constant") {
      std::vector<const void*> ids;
      mutable_identities(n->constant(), ids);
      for (const void* id : ids) {
        auto [it, fresh] = by_identity.emplace(id, n->output());
        if (!fresh) unite(it->second, n->output());
      }
    } else if (n->kind() == "prim::GetAttr") {
      auto [it, fresh] = by_attribute.emplace(n->name(), n->output());
      if (!fresh) unite(it->second, n->output());
    }
    bool call = calls_write && is_call(*n);
    for (size_t i = 0; i < n->inputs().size(); ++i) {
      // A call may write anything it is given; SetAttr makes the value reachable elsewhere.
      if (call || n->kind() == "prim::SetAttr" || mutates_input(*n, i)) written.push_back(n->input(i));
    }
  });
  for (const ir::Value* v : graph.outputs()) returned.push_back(v);
  for (const ir::Value* v : written) ensure(v);
  for (const ir::Value* v : returned) ensure(v);
  mutated_.assign(parent_.size() + 1, false);
  escapes_.assign(parent_.size() + 1, false);
  for (const ir::Value* v : written) {
    size_t r = find(v);
    if (r != SIZE_MAX) mutated_[r] = true;
  }
  for (const ir::Value* v : returned) {
    size_t r = find(v);
    if (r != SIZE_MAX) escapes_[r] = true;
  }
}

void MutationInfo::visit(const ir::Block& block) {
  // Unions only: the order nodes are seen in does not matter.
  ir::walk(block, [this](const ir::Node& node) {
    const ir::Node* n = &node;
    const std::string& k = n->kind();
    if (k == "prim::Constant" || k == "prim::GetAttr" || k == "prim::SetAttr") return;
    if (k == "prim::If") {
      for (const ir::Block* b : n->blocks()) {
        for (size_t i = 0; i < n->outputs().size() && i < b->outputs().size(); ++i) unite(n->output(i), b->outputs()[i]);
      }
      return;
    }
    if (k == "prim::Loop") {
      const ir::Block* body = n->blocks().at(0);
      for (size_t c = 0; c < n->outputs().size(); ++c) {
        if (c + 2 < n->inputs().size()) unite(n->output(c), n->input(c + 2));
        if (c + 1 < body->inputs().size()) unite(n->output(c), body->inputs()[c + 1]);
        if (c + 1 < body->outputs().size()) unite(n->output(c), body->outputs()[c + 1]);
      }
      return;
    }
    // Which inputs the outputs (and each other) may share memory with.
    std::vector<const ir::Value*> linked;
    bool outputs_alias = true;
    if (n->schema() && !n->schema()->text.empty() && !is_call(*n)) {
      std::vector<std::string> args = argument_texts(n->schema()->text);
      for (size_t i = 0; i < n->inputs().size() && i < args.size(); ++i) {
        if (has_alias_annotation(args[i])) linked.push_back(n->input(i));
      }
      outputs_alias = returns_alias(n->schema()->text);
    } else {
      linked.assign(n->inputs().begin(), n->inputs().end());  // prim ops and calls: anything
    }
    if (outputs_alias) linked.insert(linked.end(), n->outputs().begin(), n->outputs().end());
    for (size_t i = 1; i < linked.size(); ++i) unite(linked[0], linked[i]);
    // A container result of an op without annotations (aten::list, aten::unsafe_split) may
    // still hold its inputs' tensors: tie it to them.
    for (const ir::Value* out : n->outputs()) {
      if (!elements_can_hold_mutable(out->type())) continue;
      for (const ir::Value* in : n->inputs()) unite(out, in);
    }
  });
}

bool MutationInfo::may_be_mutated(const ir::Value* v) const {
  if (!can_hold_mutable(v->type())) return false;
  size_t r = find(v);
  return r != SIZE_MAX && mutated_[r];
}

bool MutationInfo::escapes(const ir::Value* v) const {
  if (!can_hold_mutable(v->type())) return false;
  size_t r = find(v);
  return r != SIZE_MAX && escapes_[r];
}

}  // namespace tsrt::passes
