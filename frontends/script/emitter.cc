#include "frontends/script/emitter.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace tsrt::script {

namespace {

using ir::Type;
using ir::TypeKind;
using ir::TypePtr;

TypePtr T(TypeKind k) { return Type::get(k); }

// What a name or attribute denotes before it becomes an IR value.
struct Sugar {
  enum class Kind { Value, Namespace, Method, Builtin, Closure };
  Kind kind = Kind::Value;
  ir::Value* value = nullptr;  // Value; the receiver for Method
  std::string name;            // Namespace: dotted path; Method: method name; Builtin: name
  const ast::FunctionDef* closure = nullptr;  // Closure: a nested def (printed for fork)
};

// Names bound in a lexical scope (function body, branch, loop body).
class Scope {
 public:
  explicit Scope(Scope* parent) : parent_(parent) {}
  ir::Value* lookup(const std::string& name) const {
    for (const Scope* s = this; s; s = s->parent_) {
      auto it = s->vars_.find(name);
      if (it != s->vars_.end()) return it->second;
    }
    return nullptr;
  }
  void set(const std::string& name, ir::Value* v) { vars_[name] = v; }
  const std::map<std::string, ir::Value*>& own() const { return vars_; }
  // `_0 = __torch__.m.helper`: a name for a function rather than a value.
  const Sugar* lookup_alias(const std::string& name) const {
    for (const Scope* s = this; s; s = s->parent_) {
      auto it = s->aliases_.find(name);
      if (it != s->aliases_.end()) return &it->second;
    }
    return nullptr;
  }
  void set_alias(const std::string& name, Sugar sugar) { aliases_[name] = std::move(sugar); }

 private:
  Scope* parent_;
  std::map<std::string, ir::Value*> vars_;
  std::map<std::string, Sugar> aliases_;
};

// Binding of schema type variables (t, tVal, ...) to the types seen at a call.
using Bindings = std::map<std::string, TypePtr>;

bool match_type(const TypePtr& actual, const TypePtr& formal, Bindings& bindings, bool convert) {
  switch (formal->kind) {
    case TypeKind::Any:
      if (!formal->class_name.empty()) {
        auto it = bindings.find(formal->class_name);
        if (it == bindings.end()) {
          bindings[formal->class_name] = actual;
          return true;
        }
        return convert || ir::is_subtype(actual, it->second) || it->second->kind == TypeKind::Any ||
               actual->kind == TypeKind::Any;
      }
      return true;
    case TypeKind::Optional:
      if (actual->kind == TypeKind::None) return true;
      if (actual->kind == TypeKind::Optional) return match_type(actual->contained[0], formal->contained[0], bindings, convert);
      return match_type(actual, formal->contained[0], bindings, convert);
    default:
      break;
  }
  if (actual->kind == TypeKind::Any) return convert;
  switch (formal->kind) {
    case TypeKind::Number:
      return actual->kind == TypeKind::Int || actual->kind == TypeKind::Float ||
             actual->kind == TypeKind::Number || (convert && actual->kind == TypeKind::Bool);
    case TypeKind::Float:
      return actual->kind == TypeKind::Float || (convert && actual->kind == TypeKind::Int);
    case TypeKind::Int:
      return actual->kind == TypeKind::Int || actual->kind == TypeKind::ScalarType ||
             actual->kind == TypeKind::Layout || actual->kind == TypeKind::MemoryFormat ||
             (convert && actual->kind == TypeKind::Bool);
    case TypeKind::ScalarType:
    case TypeKind::Layout:
    case TypeKind::MemoryFormat:
      return actual->kind == TypeKind::Int || actual->kind == formal->kind;
    case TypeKind::Device:
      return actual->kind == TypeKind::Device || (convert && actual->kind == TypeKind::Str);
    case TypeKind::List:
      if (actual->kind == TypeKind::List) {
        const TypePtr& elem = actual->contained[0];
        if (elem->kind == TypeKind::Any && elem->class_name.empty()) return true;  // empty literal
        return match_type(elem, formal->contained[0], bindings, convert);
      }
      if (convert && actual->kind == TypeKind::Tuple) {
        for (const auto& e : actual->contained) {
          if (!match_type(e, formal->contained[0], bindings, convert)) return false;
        }
        return true;
      }
      return false;
    case TypeKind::Tuple:
      if (actual->kind != TypeKind::Tuple || actual->contained.size() != formal->contained.size()) return false;
      for (size_t i = 0; i < formal->contained.size(); ++i) {
        if (!match_type(actual->contained[i], formal->contained[i], bindings, convert)) return false;
      }
      return true;
    case TypeKind::Dict:
      return actual->kind == TypeKind::Dict &&
             match_type(actual->contained[0], formal->contained[0], bindings, convert) &&
             match_type(actual->contained[1], formal->contained[1], bindings, convert);
    case TypeKind::Class:
      return actual->kind == TypeKind::Class && actual->class_name == formal->class_name;
    default:
      return actual->kind == formal->kind;
  }
}

TypePtr substitute(const TypePtr& t, const Bindings& bindings) {
  if (t->kind == TypeKind::Any && !t->class_name.empty()) {
    auto it = bindings.find(t->class_name);
    return it == bindings.end() ? T(TypeKind::Any) : it->second;
  }
  if (t->contained.empty()) return t;
  auto copy = std::make_shared<Type>(*t);
  for (auto& c : copy->contained) c = substitute(c, bindings);
  return copy;
}

// The type of a value that may come from either of two branches.
TypePtr unify(const TypePtr& a, const TypePtr& b) {
  if (*a == *b) return a;
  if (a->kind == TypeKind::None) return b->kind == TypeKind::Optional ? b : Type::optional(b);
  if (b->kind == TypeKind::None) return a->kind == TypeKind::Optional ? a : Type::optional(a);
  if (a->kind == TypeKind::Optional && ir::is_subtype(b, a)) return a;
  if (b->kind == TypeKind::Optional && ir::is_subtype(a, b)) return b;
  if (a->kind == TypeKind::Any) return b;
  if (b->kind == TypeKind::Any) return a;
  if (a->kind == TypeKind::List && b->kind == TypeKind::List) return Type::list(unify(a->contained[0], b->contained[0]));
  return T(TypeKind::Any);
}

TypePtr type_of_constant(const tsrt::Value& v) {
  switch (v.tag()) {
    case tsrt::Value::Tag::None: return T(TypeKind::None);
    case tsrt::Value::Tag::Tensor: return T(TypeKind::Tensor);
    case tsrt::Value::Tag::Int: return T(TypeKind::Int);
    case tsrt::Value::Tag::Double: return T(TypeKind::Float);
    case tsrt::Value::Tag::Bool: return T(TypeKind::Bool);
    case tsrt::Value::Tag::String: return T(TypeKind::Str);
    case tsrt::Value::Tag::Device: return T(TypeKind::Device);
    case tsrt::Value::Tag::List: return Type::list(v.to_list()->elem_type ? v.to_list()->elem_type : T(TypeKind::Any));
    case tsrt::Value::Tag::Tuple: {
      std::vector<TypePtr> elems;
      for (const auto& item : v.to_tuple()->items) elems.push_back(type_of_constant(item));
      return Type::tuple(std::move(elems));
    }
    default: return T(TypeKind::Any);
  }
}

// Names assigned anywhere inside `body` (including nested blocks): loop-carried candidates.
void collect_assigned(const ast::Block& body, std::vector<std::string>& out);

void collect_target_names(const ast::Expr& target, std::vector<std::string>& out) {
  if (target.is<ast::Name>()) {
    out.push_back(target.as<ast::Name>().name);
  } else if (target.is<ast::TupleLiteral>()) {
    for (const auto& e : target.as<ast::TupleLiteral>().elements) collect_target_names(*e, out);
  } else if (target.is<ast::ListLiteral>()) {
    for (const auto& e : target.as<ast::ListLiteral>().elements) collect_target_names(*e, out);
  }
}

void collect_assigned(const ast::Block& body, std::vector<std::string>& out) {
  for (const auto& stmt : body) {
    switch (stmt->kind) {
      case ast::StmtKind::Assign:
        for (const auto& t : stmt->as<ast::Assign>().targets) collect_target_names(*t, out);
        break;
      case ast::StmtKind::AugAssign:
        collect_target_names(*stmt->as<ast::AugAssign>().target, out);
        break;
      case ast::StmtKind::If:
        collect_assigned(stmt->as<ast::If>().then_body, out);
        collect_assigned(stmt->as<ast::If>().else_body, out);
        break;
      case ast::StmtKind::For:
        collect_target_names(*stmt->as<ast::For>().target, out);
        collect_assigned(stmt->as<ast::For>().body, out);
        break;
      case ast::StmtKind::While:
        collect_assigned(stmt->as<ast::While>().body, out);
        break;
      case ast::StmtKind::With:
        for (const auto& item : stmt->as<ast::With>().items) {
          if (item.target) collect_target_names(*item.target, out);
        }
        collect_assigned(stmt->as<ast::With>().body, out);
        break;
      default:
        break;
    }
  }
}

const char* binary_op_name(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::Add: return "aten::add";
    case ast::BinaryOp::Sub: return "aten::sub";
    case ast::BinaryOp::Mul: return "aten::mul";
    case ast::BinaryOp::Div: return "aten::div";
    case ast::BinaryOp::FloorDiv: return "aten::floordiv";
    case ast::BinaryOp::Mod: return "aten::remainder";
    case ast::BinaryOp::Pow: return "aten::pow";
    case ast::BinaryOp::MatMul: return "aten::matmul";
    case ast::BinaryOp::BitAnd: return "aten::__and__";
    case ast::BinaryOp::BitOr: return "aten::__or__";
    case ast::BinaryOp::BitXor: return "aten::__xor__";
    case ast::BinaryOp::LShift: return "aten::__lshift__";
    case ast::BinaryOp::RShift: return "aten::__rshift__";
    case ast::BinaryOp::Eq: return "aten::eq";
    case ast::BinaryOp::Ne: return "aten::ne";
    case ast::BinaryOp::Lt: return "aten::lt";
    case ast::BinaryOp::Le: return "aten::le";
    case ast::BinaryOp::Gt: return "aten::gt";
    case ast::BinaryOp::Ge: return "aten::ge";
    case ast::BinaryOp::Is: return "aten::__is__";
    case ast::BinaryOp::IsNot: return "aten::__isnot__";
    default: return nullptr;
  }
}

// Ops that reach outside the model (files, processes, raw memory): a model file naming one is
// refused at load, whatever else it does (see docs/security.md).
const char* forbidden_reason(const std::string& op) {
  static const std::map<std::string, const char*> forbidden = {
      {"aten::from_file", "reads a file named by the model"},
      {"aten::save", "writes a file"},
      {"aten::load", "reads a file"},
      {"inductor::_reinterpret_tensor", "reinterprets raw memory without bounds checks"},
      {"aten::set_", "rebinds tensor storage (out-of-bounds views)"},
      {"aten::as_strided", "builds views without bounds checks"},
      {"aten::as_strided_", "builds views without bounds checks"},
      {"aten::_unsafe_view", "builds views without checks"},
      {"prim::rpc_async", "talks to the network"},
      {"aten::_load_for_mobile", "reads a file"},
  };
  auto it = forbidden.find(op);
  return it == forbidden.end() ? nullptr : it->second;
}

// Prim ops that `ops.prim.X(...)` names and the interpreter runs itself (no schema).
bool is_interpreter_prim(const std::string& kind) {
  static const std::set<std::string> prims = {
      "prim::RaiseException", "prim::Uninitialized", "prim::unchecked_cast", "prim::Print",
      "prim::device", "prim::dtype", "prim::TupleIndex", "prim::unchecked_unwrap_optional"};
  return prims.count(kind) > 0;
}

class FunctionEmitter {
 public:
  FunctionEmitter(Importer& importer, ir::Function& fn, const ast::FunctionDef& def)
      : importer_(importer), fn_(fn), def_(def), file_(fn.location.file) {}

  void emit() {
    // The body is built aside and published only when complete.
    auto graph = std::make_shared<ir::Graph>();
    graph_ = graph.get();
    block_ = graph_->block();
    Scope top(nullptr);
    scope_ = &top;
    for (const ir::Argument& arg : fn_.signature.arguments) {
      ir::Value* v = graph_->add_input(arg.type, unique_name(arg.name));
      scope_->set(arg.name, v);
    }
    ir::Value* result = nullptr;
    for (size_t i = 0; i < def_.body.size(); ++i) {
      const ast::Stmt& stmt = *def_.body[i];
      if (stmt.is<ast::Return>()) {
        const auto& ret = stmt.as<ast::Return>();
        result = ret.value ? emit_expr(*ret.value) : constant(tsrt::Value(), T(TypeKind::None), stmt.range);
        if (i + 1 != def_.body.size()) ast::error_at(def_.body[i + 1]->range, "code after return");
        break;
      }
      emit_stmt(stmt);
    }
    if (result == nullptr) result = constant(tsrt::Value(), T(TypeKind::None), def_.range);
    graph_->register_output(result);
    fn_.graph = std::move(graph);
  }

 private:
  // ------------------------------------------------------------------ helpers

  ir::SourceLocation loc(const ast::SourceRange& r) const { return ir::SourceLocation{file_, r.line}; }

  std::string unique_name(const std::string& name) {
    if (name.empty()) return name;
    int& count = name_counts_[name];
    std::string out = count == 0 ? name : name + "." + std::to_string(count);
    ++count;
    return out;
  }

  ir::Node* add_node(const std::string& kind, const std::vector<ir::Value*>& inputs, size_t outputs,
                     const ast::SourceRange& r) {
    ir::Node* n = graph_->create(kind, inputs, outputs);
    n->set_location(loc(r));
    block_->append(n);
    return n;
  }

  ir::Value* constant(tsrt::Value v, TypePtr type, const ast::SourceRange& r) {
    ir::Node* n = add_node("prim::Constant", {}, 1, r);
    n->set_constant(std::move(v));
    n->output()->set_type(std::move(type));
    return n->output();
  }

  [[noreturn]] void fail(const ast::SourceRange& r, const std::string& message) { ast::error_at(r, message); }

  // ------------------------------------------------------------------ statements

  void emit_block(const ast::Block& body) {
    for (const auto& stmt : body) emit_stmt(*stmt);
  }

  void emit_stmt(const ast::Stmt& stmt) {
    switch (stmt.kind) {
      case ast::StmtKind::Expr:
        emit_sugared(*stmt.as<ast::ExprStmt>().value, /*as_statement=*/true);
        return;
      case ast::StmtKind::Assign:
        emit_assign(stmt.as<ast::Assign>());
        return;
      case ast::StmtKind::AugAssign: {
        const auto& a = stmt.as<ast::AugAssign>();
        const char* op = binary_op_name(a.op);
        if (op == nullptr) fail(stmt.range, "unsupported augmented assignment");
        ir::Value* lhs = emit_expr(*a.target);
        ir::Value* rhs = emit_expr(*a.value);
        assign_to(*a.target, emit_op(op, {lhs, rhs}, {}, stmt.range), stmt.range);
        return;
      }
      case ast::StmtKind::If:
        emit_if(stmt.as<ast::If>());
        return;
      case ast::StmtKind::While:
        emit_while(stmt.as<ast::While>());
        return;
      case ast::StmtKind::For:
        emit_for(stmt.as<ast::For>());
        return;
      case ast::StmtKind::Pass:
        return;
      case ast::StmtKind::Raise: {
        const auto& r = stmt.as<ast::Raise>();
        ir::Value* msg = r.exc ? exception_message(*r.exc) : constant(tsrt::Value("Exception"), T(TypeKind::Str), stmt.range);
        add_node("prim::RaiseException", {msg}, 0, stmt.range);
        return;
      }
      case ast::StmtKind::Assert: {
        const auto& a = stmt.as<ast::Assert>();
        ir::Value* cond = as_bool(emit_expr(*a.cond), a.cond->range);
        ir::Node* n = add_node("prim::If", {cond}, 0, stmt.range);
        n->add_block();
        ir::Block* fail_block = n->add_block();
        ir::Block* saved = block_;
        block_ = fail_block;
        ir::Value* msg = a.msg ? emit_expr(*a.msg) : constant(tsrt::Value("AssertionError"), T(TypeKind::Str), stmt.range);
        add_node("prim::RaiseException", {msg}, 0, stmt.range);
        block_ = saved;
        return;
      }
      case ast::StmtKind::With:
        // Context managers in serialized code (no_grad, profiling scopes) do not change results.
        emit_block(stmt.as<ast::With>().body);
        return;
      case ast::StmtKind::Return:
        fail(stmt.range, "return inside a block is not supported (serialized code returns at the end)");
      case ast::StmtKind::Break:
      case ast::StmtKind::Continue:
        fail(stmt.range, "break/continue are not supported (serialized code has them desugared)");
      case ast::StmtKind::Delete:
        for (const auto& target : stmt.as<ast::Delete>().targets) {
          if (!target->is<ast::Subscript>()) fail(target->range, "del supports only subscripts");
          const auto& sub = target->as<ast::Subscript>();
          if (sub.indices.size() != 1) fail(target->range, "del supports one index");
          emit_op("aten::Delete", {emit_expr(*sub.value), emit_expr(*sub.indices[0])}, {}, stmt.range);
        }
        return;
      case ast::StmtKind::Def: {
        // Printed code defines a closure right before `fork(closure)`; it is emitted where
        // it is forked.
        const ast::FunctionDef& def = *stmt.as<ast::Def>().def;
        if (!def.params.empty()) fail(stmt.range, "nested functions with parameters are not supported");
        Sugar closure{Sugar::Kind::Closure, nullptr, def.name, &def};
        scope_->set_alias(def.name, closure);
        return;
      }
    }
  }

  ir::Value* exception_message(const ast::Expr& exc) {
    // `raise ValueError("msg")` -> the message; anything else -> its text form.
    if (exc.is<ast::Call>() && !exc.as<ast::Call>().args.empty()) return emit_expr(*exc.as<ast::Call>().args[0]);
    return constant(tsrt::Value("Exception"), T(TypeKind::Str), exc.range);
  }

  void emit_assign(const ast::Assign& a) {
    if (!a.value) {
      // `x : T` without a value declares nothing at run time.
      return;
    }
    if (a.targets.size() == 1 && a.targets[0]->is<ast::Name>() &&
        (a.value->is<ast::Attribute>() || a.value->is<ast::Name>())) {
      Sugar sugar = sugar_of(*a.value);
      if (sugar.kind == Sugar::Kind::Namespace) {
        scope_->set_alias(a.targets[0]->as<ast::Name>().name, sugar);
        return;
      }
      assign_to(*a.targets[0], sugar.kind == Sugar::Kind::Value ? sugar.value : emit_expr(*a.value), a.range);
      return;
    }
    ir::Value* v = emit_expr(*a.value);
    if (a.annotation) v->set_type(importer_.resolve_type(*a.annotation));
    for (const auto& target : a.targets) assign_to(*target, v, a.range);
  }

  void assign_to(const ast::Expr& target, ir::Value* v, const ast::SourceRange& r) {
    switch (target.kind) {
      case ast::ExprKind::Name: {
        const std::string& name = target.as<ast::Name>().name;
        if (v->debug_name().empty() && v->node()->kind() != "prim::Param") v->set_debug_name(unique_name(name));
        scope_->set(name, v);
        return;
      }
      case ast::ExprKind::Tuple:
      case ast::ExprKind::List: {
        const auto& elements = target.kind == ast::ExprKind::Tuple ? target.as<ast::TupleLiteral>().elements
                                                                   : target.as<ast::ListLiteral>().elements;
        std::vector<ir::Value*> parts = unpack(v, elements.size(), r);
        for (size_t i = 0; i < elements.size(); ++i) assign_to(*elements[i], parts[i], r);
        return;
      }
      case ast::ExprKind::Attribute: {
        const auto& attr = target.as<ast::Attribute>();
        ir::Value* obj = emit_expr(*attr.value);
        ir::Node* n = add_node("prim::SetAttr", {obj, v}, 0, r);
        n->set_name(attr.name);
        return;
      }
      case ast::ExprKind::Subscript: {
        const auto& sub = target.as<ast::Subscript>();
        if (sub.indices.size() != 1) fail(r, "assignment to a multi-index subscript is not supported");
        ir::Value* container = emit_expr(*sub.value);
        ir::Value* index = emit_expr(*sub.indices[0]);
        emit_op("aten::_set_item", {container, index, v}, {}, r);
        return;
      }
      default:
        fail(target.range, "cannot assign to this expression");
    }
  }

  std::vector<ir::Value*> unpack(ir::Value* v, size_t n, const ast::SourceRange& r) {
    ir::Node* producer = v->node();
    if (producer->kind() == "prim::TupleConstruct" && producer->inputs().size() == n) return producer->inputs();
    const TypePtr& t = v->type();
    if (t->kind == TypeKind::Tuple) {
      if (t->contained.size() != n) {
        fail(r, "cannot unpack a tuple of " + std::to_string(t->contained.size()) + " values into " + std::to_string(n));
      }
      ir::Node* u = add_node("prim::TupleUnpack", {v}, n, r);
      for (size_t i = 0; i < n; ++i) u->output(i)->set_type(t->contained[i]);
      return u->outputs();
    }
    if (t->kind == TypeKind::List) {
      ir::Node* u = add_node("prim::ListUnpack", {v}, n, r);
      for (size_t i = 0; i < n; ++i) u->output(i)->set_type(t->contained[0]);
      return u->outputs();
    }
    fail(r, "cannot unpack a value of type " + t->str());
  }

  ir::Value* as_bool(ir::Value* v, const ast::SourceRange& r) {
    switch (v->type()->kind) {
      case TypeKind::Bool: return v;
      case TypeKind::Tensor:
      case TypeKind::Int:
      case TypeKind::Float:
        return emit_op("aten::Bool", {v}, {}, r);
      default:
        return v;
    }
  }

  // Emits `then_body` / `else_body` into the blocks of a prim::If and merges the variables
  // both branches define into the If's outputs.
  void emit_if(const ast::If& s) {
    ir::Value* cond = as_bool(emit_expr(*s.cond), s.cond->range);
    emit_branches(cond, s.range, [&] { emit_block(s.then_body); }, [&] { emit_block(s.else_body); });
  }

  void emit_branches(ir::Value* cond, const ast::SourceRange& r, const std::function<void()>& then_fn,
                     const std::function<void()>& else_fn) {
    ir::Node* n = add_node("prim::If", {cond}, 0, r);
    ir::Block* blocks[2] = {n->add_block(), n->add_block()};
    Scope then_scope(scope_), else_scope(scope_);
    Scope* scopes[2] = {&then_scope, &else_scope};
    const std::function<void()>* bodies[2] = {&then_fn, &else_fn};
    ir::Block* saved_block = block_;
    Scope* saved_scope = scope_;
    for (int i = 0; i < 2; ++i) {
      block_ = blocks[i];
      scope_ = scopes[i];
      (*bodies[i])();
    }
    block_ = saved_block;
    scope_ = saved_scope;
    std::set<std::string> names;
    for (Scope* s : scopes) {
      for (const auto& [name, v] : s->own()) names.insert(name);
    }
    for (const std::string& name : names) {
      ir::Value* values[2];
      bool ok = true;
      for (int i = 0; i < 2; ++i) {
        values[i] = scopes[i]->lookup(name);
        if (values[i] == nullptr) {
          if (!ends_in_raise(*blocks[i])) {
            ok = false;
            break;
          }
          values[i] = nullptr;  // filled with Uninitialized below
        }
      }
      if (!ok || (values[0] == nullptr && values[1] == nullptr)) continue;
      for (int i = 0; i < 2; ++i) {
        if (values[i] == nullptr) {
          ir::Node* u = graph_->create("prim::Uninitialized", {}, 1);
          u->output()->set_type(values[1 - i]->type());
          blocks[i]->append(u);
          values[i] = u->output();
        }
      }
      blocks[0]->register_output(values[0]);
      blocks[1]->register_output(values[1]);
      ir::Value* out = n->add_output(unify(values[0]->type(), values[1]->type()));
      out->set_debug_name(unique_name(name));
      scope_->set(name, out);
    }
  }

  static bool ends_in_raise(const ir::Block& b) {
    return !b.nodes().empty() && b.nodes().back()->kind() == "prim::RaiseException";
  }

  // prim::Loop with the variables the body assigns (and that exist before it) carried along.
  void emit_loop(ir::Value* max_trips, ir::Value* initial_cond, const ast::Block& body,
                 const std::function<void(ir::Value* iteration)>& bind_target, const ast::Expr* while_cond,
                 const ast::SourceRange& r) {
    std::vector<std::string> assigned;
    collect_assigned(body, assigned);
    std::vector<std::string> carried;
    for (const std::string& name : assigned) {
      if (scope_->lookup(name) && std::find(carried.begin(), carried.end(), name) == carried.end()) {
        carried.push_back(name);
      }
    }
    std::vector<ir::Value*> inputs{max_trips, initial_cond};
    for (const std::string& name : carried) inputs.push_back(scope_->lookup(name));
    ir::Node* loop = add_node("prim::Loop", inputs, 0, r);
    ir::Block* b = loop->add_block();
    ir::Value* iteration = b->add_input(T(TypeKind::Int), unique_name("i"));
    Scope body_scope(scope_);
    std::vector<ir::Value*> params;
    for (const std::string& name : carried) {
      ir::Value* p = b->add_input(scope_->lookup(name)->type(), unique_name(name));
      body_scope.set(name, p);
      params.push_back(p);
    }
    ir::Block* saved_block = block_;
    Scope* saved_scope = scope_;
    block_ = b;
    scope_ = &body_scope;
    bind_target(iteration);
    emit_block(body);
    ir::Value* next_cond = while_cond ? as_bool(emit_expr(*while_cond), while_cond->range)
                                      : constant(tsrt::Value(true), T(TypeKind::Bool), r);
    b->register_output(next_cond);
    for (size_t i = 0; i < carried.size(); ++i) {
      ir::Value* v = body_scope.lookup(carried[i]);
      b->register_output(v);
      params[i]->set_type(unify(params[i]->type(), v->type()));
    }
    block_ = saved_block;
    scope_ = saved_scope;
    for (size_t i = 0; i < carried.size(); ++i) {
      ir::Value* out = loop->add_output(params[i]->type());
      out->set_debug_name(unique_name(carried[i]));
      scope_->set(carried[i], out);
    }
  }

  ir::Value* max_int(const ast::SourceRange& r) {
    return constant(tsrt::Value(std::numeric_limits<int64_t>::max()), T(TypeKind::Int), r);
  }

  void emit_while(const ast::While& s) {
    ir::Value* cond = as_bool(emit_expr(*s.cond), s.cond->range);
    emit_loop(max_int(s.range), cond, s.body, [](ir::Value*) {}, s.cond.get(), s.range);
  }

  void emit_for(const ast::For& s) {
    ir::Value* yes = constant(tsrt::Value(true), T(TypeKind::Bool), s.range);
    const ast::Expr& iter = *s.iter;
    if (iter.is<ast::Call>() && iter.as<ast::Call>().func->is<ast::Name>() &&
        iter.as<ast::Call>().func->as<ast::Name>().name == "range") {
      const auto& call = iter.as<ast::Call>();
      if (call.args.size() != 1) fail(iter.range, "only range(n) is supported in for loops");
      ir::Value* n = emit_expr(*call.args[0]);
      emit_loop(n, yes, s.body, [&](ir::Value* i) { assign_to(*s.target, i, s.range); }, nullptr, s.range);
      return;
    }
    ir::Value* seq = emit_expr(iter);
    if (seq->type()->kind != TypeKind::List && seq->type()->kind != TypeKind::Str) {
      fail(iter.range, "cannot iterate over a value of type " + seq->type()->str());
    }
    ir::Value* n = emit_op("aten::len", {seq}, {}, s.range);
    emit_loop(n, yes, s.body, [&](ir::Value* i) {
      assign_to(*s.target, emit_op("aten::__getitem__", {seq, i}, {}, s.range), s.range);
    }, nullptr, s.range);
  }

  // ------------------------------------------------------------------ expressions

  ir::Value* emit_expr(const ast::Expr& e) { return emit_sugared(e, false); }

  ir::Value* emit_sugared(const ast::Expr& e, bool as_statement) {
    if (e.is<ast::Call>()) return emit_call(e.as<ast::Call>(), as_statement);
    Sugar s = sugar_of(e);
    if (s.kind != Sugar::Kind::Value) {
      if (s.kind == Sugar::Kind::Namespace && s.name == "inf") {
        return constant(tsrt::Value(std::numeric_limits<double>::infinity()), T(TypeKind::Float), e.range);
      }
      fail(e.range, "'" + s.name + "' is not a value");
    }
    return s.value;
  }

  Sugar value_sugar(ir::Value* v) { return Sugar{Sugar::Kind::Value, v, ""}; }

  Sugar sugar_of(const ast::Expr& e) {
    switch (e.kind) {
      case ast::ExprKind::Name: return sugar_of_name(e.as<ast::Name>());
      case ast::ExprKind::Attribute: return sugar_of_attribute(e.as<ast::Attribute>());
      case ast::ExprKind::Int: return value_sugar(constant(tsrt::Value(e.as<ast::IntLiteral>().value), T(TypeKind::Int), e.range));
      case ast::ExprKind::Float: return value_sugar(constant(tsrt::Value(e.as<ast::FloatLiteral>().value), T(TypeKind::Float), e.range));
      case ast::ExprKind::String: return value_sugar(constant(tsrt::Value(e.as<ast::StringLiteral>().value), T(TypeKind::Str), e.range));
      case ast::ExprKind::Bool: return value_sugar(constant(tsrt::Value(e.as<ast::BoolLiteral>().value), T(TypeKind::Bool), e.range));
      case ast::ExprKind::None: return value_sugar(constant(tsrt::Value(), T(TypeKind::None), e.range));
      case ast::ExprKind::Unary: return value_sugar(emit_unary(e.as<ast::Unary>()));
      case ast::ExprKind::Binary: return value_sugar(emit_binary(e.as<ast::Binary>()));
      case ast::ExprKind::Ternary: {
        const auto& t = e.as<ast::Ternary>();
        ir::Value* cond = as_bool(emit_expr(*t.cond), t.cond->range);
        return value_sugar(emit_conditional_value(cond, *t.then_value, *t.else_value, e.range));
      }
      case ast::ExprKind::List: return value_sugar(emit_list(e.as<ast::ListLiteral>()));
      case ast::ExprKind::Tuple: {
        std::vector<ir::Value*> items;
        std::vector<TypePtr> types;
        for (const auto& el : e.as<ast::TupleLiteral>().elements) {
          items.push_back(emit_expr(*el));
          types.push_back(items.back()->type());
        }
        ir::Node* n = add_node("prim::TupleConstruct", items, 1, e.range);
        n->output()->set_type(Type::tuple(types));
        return value_sugar(n->output());
      }
      case ast::ExprKind::Dict: {
        const auto& d = e.as<ast::DictLiteral>();
        std::vector<ir::Value*> items;
        TypePtr key_type = T(TypeKind::Any), value_type = T(TypeKind::Any);
        for (size_t i = 0; i < d.keys.size(); ++i) {
          items.push_back(emit_expr(*d.keys[i]));
          items.push_back(emit_expr(*d.values[i]));
          key_type = i == 0 ? items[items.size() - 2]->type() : unify(key_type, items[items.size() - 2]->type());
          value_type = i == 0 ? items.back()->type() : unify(value_type, items.back()->type());
        }
        ir::Node* n = add_node("prim::DictConstruct", items, 1, e.range);
        n->output()->set_type(Type::dict(key_type, value_type));
        return value_sugar(n->output());
      }
      case ast::ExprKind::Subscript: return value_sugar(emit_subscript(e.as<ast::Subscript>()));
      case ast::ExprKind::Call: return value_sugar(emit_call(e.as<ast::Call>(), false));
      default:
        fail(e.range, "unsupported expression");
    }
  }

  Sugar sugar_of_name(const ast::Name& n) {
    if (ir::Value* v = scope_->lookup(n.name)) return value_sugar(v);
    if (const Sugar* alias = scope_->lookup_alias(n.name)) return *alias;
    static const std::set<std::string> builtins = {
        "range", "len", "int", "float", "bool", "str", "annotate", "uninitialized", "unchecked_cast",
        "isinstance", "getattr", "print", "min", "max", "abs", "list", "round", "divmod", "hash", "ord", "chr",
        "Exception", "ValueError", "RuntimeError", "AssertionError", "TypeError", "KeyError", "IndexError",
        "NotImplementedError", "StopIteration", "tuple", "sum", "any", "all", "sorted", "enumerate", "zip", "fork"};
    if (builtins.count(n.name)) return Sugar{Sugar::Kind::Builtin, nullptr, n.name};
    if (n.name == "inf") return value_sugar(constant(tsrt::Value(std::numeric_limits<double>::infinity()), T(TypeKind::Float), n.range));
    if (n.name == "nan") return value_sugar(constant(tsrt::Value(std::numeric_limits<double>::quiet_NaN()), T(TypeKind::Float), n.range));
    static const std::set<std::string> namespaces = {"torch", "ops", "CONSTANTS", "__torch__", "math", "annotations", "builtins", "typing", "warnings"};
    if (namespaces.count(n.name)) return Sugar{Sugar::Kind::Namespace, nullptr, n.name};
    fail(n.range, "undefined name '" + n.name + "'");
  }

  Sugar sugar_of_attribute(const ast::Attribute& a) {
    Sugar base = sugar_of(*a.value);
    if (base.kind == Sugar::Kind::Namespace) {
      if (base.name == "CONSTANTS") return value_sugar(constant_table_entry(a.name, a.range));
      return Sugar{Sugar::Kind::Namespace, nullptr, base.name + "." + a.name};
    }
    if (base.kind != Sugar::Kind::Value) fail(a.range, "attribute of a non-value");
    ir::Value* obj = base.value;
    const TypePtr& t = obj->type();
    if (t->kind == TypeKind::Class && t->cls) {
      const ir::ClassType& cls = *t->cls;
      if (const std::vector<std::string>* fields = importer_.named_tuple_fields(cls.name)) {
        auto it = std::find(fields->begin(), fields->end(), a.name);
        if (it != fields->end()) {
          size_t index = static_cast<size_t>(it - fields->begin());
          ir::Value* idx = constant(tsrt::Value(static_cast<int64_t>(index)), T(TypeKind::Int), a.range);
          ir::Node* n = add_node("prim::TupleIndex", {obj, idx}, 1, a.range);
          n->output()->set_type(cls.attributes[index].type);
          return value_sugar(n->output());
        }
      }
      if (const tsrt::Value* c = importer_.class_constant(cls, a.name)) {
        return value_sugar(constant(*c, type_of_constant(*c), a.range));
      }
      int index = cls.attribute_index(a.name);
      if (index >= 0) {
        ir::Node* n = add_node("prim::GetAttr", {obj}, 1, a.range);
        n->set_name(a.name);
        n->output()->set_type(cls.attributes[index].type);
        return value_sugar(n->output());
      }
      if (cls.find_method(a.name)) return Sugar{Sugar::Kind::Method, obj, a.name};
      fail(a.range, "class " + cls.name + " has no attribute or method '" + a.name + "'");
    }
    if (t->kind == TypeKind::Tensor) {
      if (a.name == "shape") return value_sugar(emit_op("aten::size", {obj}, {}, a.range));
      if (a.name == "dtype") {
        ir::Node* n = add_node("prim::dtype", {obj}, 1, a.range);
        n->output()->set_type(T(TypeKind::Int));
        return value_sugar(n->output());
      }
      if (a.name == "device") {
        ir::Node* n = add_node("prim::device", {obj}, 1, a.range);
        n->output()->set_type(T(TypeKind::Device));
        return value_sugar(n->output());
      }
      if (a.name == "is_cuda" || a.name == "requires_grad" || a.name == "is_quantized" || a.name == "is_meta") {
        return value_sugar(constant(tsrt::Value(false), T(TypeKind::Bool), a.range));
      }
    }
    return Sugar{Sugar::Kind::Method, obj, a.name};
  }

  ir::Value* constant_table_entry(const std::string& name, const ast::SourceRange& r) {
    // CONSTANTS.c0, c1, ...: entries of constants.pkl.
    const auto& table = importer_.constants();
    size_t index = 0;
    bool ok = name.size() > 1 && name[0] == 'c';
    for (size_t i = 1; ok && i < name.size(); ++i) {
      ok = std::isdigit(static_cast<unsigned char>(name[i])) != 0;
      index = index * 10 + static_cast<size_t>(name[i] - '0');
      if (index > table.size()) break;
    }
    if (!ok || index >= table.size()) {
      fail(r, "CONSTANTS." + name + " is not in constants.pkl (" + std::to_string(table.size()) + " entries)");
    }
    return constant(table[index], type_of_constant(table[index]), r);
  }

  ir::Value* emit_unary(const ast::Unary& u) {
    if (u.op == ast::UnaryOp::Neg && (u.operand->is<ast::IntLiteral>() || u.operand->is<ast::FloatLiteral>())) {
      if (u.operand->is<ast::IntLiteral>()) {
        return constant(tsrt::Value(-u.operand->as<ast::IntLiteral>().value), T(TypeKind::Int), u.range);
      }
      return constant(tsrt::Value(-u.operand->as<ast::FloatLiteral>().value), T(TypeKind::Float), u.range);
    }
    ir::Value* v = emit_expr(*u.operand);
    switch (u.op) {
      case ast::UnaryOp::Neg: return emit_op("aten::neg", {v}, {}, u.range);
      case ast::UnaryOp::Pos: return v;
      case ast::UnaryOp::Not: return emit_op("aten::__not__", {as_bool(v, u.range)}, {}, u.range);
      case ast::UnaryOp::Invert: return emit_op("aten::bitwise_not", {v}, {}, u.range);
    }
    fail(u.range, "unsupported unary operator");
  }

  ir::Value* emit_binary(const ast::Binary& b) {
    if (b.op == ast::BinaryOp::And || b.op == ast::BinaryOp::Or) {
      // Short-circuit: the right side runs only when needed.
      ir::Value* lhs = as_bool(emit_expr(*b.lhs), b.lhs->range);
      ir::Node* n = add_node("prim::If", {lhs}, 1, b.range);
      n->output()->set_type(T(TypeKind::Bool));
      ir::Block* then_block = n->add_block();
      ir::Block* else_block = n->add_block();
      ir::Block* saved = block_;
      block_ = b.op == ast::BinaryOp::And ? then_block : else_block;
      block_->register_output(as_bool(emit_expr(*b.rhs), b.rhs->range));
      block_ = b.op == ast::BinaryOp::And ? else_block : then_block;
      block_->register_output(constant(tsrt::Value(b.op == ast::BinaryOp::Or), T(TypeKind::Bool), b.range));
      block_ = saved;
      return n->output();
    }
    ir::Value* lhs = emit_expr(*b.lhs);
    ir::Value* rhs = emit_expr(*b.rhs);
    if (b.op == ast::BinaryOp::In) return emit_op("aten::__contains__", {rhs, lhs}, {}, b.range);
    if (b.op == ast::BinaryOp::NotIn) {
      return emit_op("aten::__not__", {emit_op("aten::__contains__", {rhs, lhs}, {}, b.range)}, {}, b.range);
    }
    const char* op = binary_op_name(b.op);
    if (op == nullptr) fail(b.range, std::string("unsupported operator ") + ast::op_text(b.op));
    return emit_op(op, {lhs, rhs}, {}, b.range);
  }

  ir::Value* emit_conditional_value(ir::Value* cond, const ast::Expr& then_e, const ast::Expr& else_e,
                                    const ast::SourceRange& r) {
    ir::Node* n = add_node("prim::If", {cond}, 0, r);
    ir::Block* blocks[2] = {n->add_block(), n->add_block()};
    const ast::Expr* exprs[2] = {&then_e, &else_e};
    ir::Value* values[2];
    ir::Block* saved = block_;
    for (int i = 0; i < 2; ++i) {
      block_ = blocks[i];
      values[i] = emit_expr(*exprs[i]);
      blocks[i]->register_output(values[i]);
    }
    block_ = saved;
    return n->add_output(unify(values[0]->type(), values[1]->type()));
  }

  ir::Value* emit_list(const ast::ListLiteral& l) {
    std::vector<ir::Value*> items;
    TypePtr elem;
    for (const auto& el : l.elements) {
      items.push_back(emit_expr(*el));
      elem = elem ? unify(elem, items.back()->type()) : items.back()->type();
    }
    ir::Node* n = add_node("prim::ListConstruct", items, 1, l.range);
    n->output()->set_type(Type::list(elem ? elem : T(TypeKind::Any)));
    return n->output();
  }

  ir::Value* emit_subscript(const ast::Subscript& s) {
    ir::Value* base = emit_expr(*s.value);
    const TypePtr& t = base->type();
    if (t->kind == TypeKind::Tensor) return emit_tensor_index(base, s);
    if (s.indices.size() != 1) fail(s.range, "multi-dimensional subscript of a " + t->str());
    const ast::Expr& index = *s.indices[0];
    if (index.is<ast::Slice>()) {
      const auto& sl = index.as<ast::Slice>();
      ir::Value* none = constant(tsrt::Value(), T(TypeKind::None), s.range);
      ir::Value* start = sl.lower ? emit_expr(*sl.lower) : none;
      ir::Value* end = sl.upper ? emit_expr(*sl.upper) : none;
      ir::Value* step = sl.step ? emit_expr(*sl.step) : constant(tsrt::Value(int64_t{1}), T(TypeKind::Int), s.range);
      return emit_op("aten::slice", {base, start, end, step}, {}, s.range);
    }
    if (t->kind == TypeKind::Tuple || (t->kind == TypeKind::Class && importer_.named_tuple_fields(t->class_name))) {
      tsrt::Value literal;
      if (index.is<ast::IntLiteral>()) literal = tsrt::Value(index.as<ast::IntLiteral>().value);
      if (index.is<ast::Unary>()) literal = evaluate_literal(index);
      if (!literal.is_int()) fail(index.range, "tuple indices must be integer literals");
      int64_t i = literal.to_int();
      std::vector<TypePtr> elems = t->kind == TypeKind::Tuple ? t->contained : std::vector<TypePtr>{};
      if (t->kind == TypeKind::Class) {
        for (const auto& a : t->cls->attributes) elems.push_back(a.type);
      }
      if (i < 0) i += static_cast<int64_t>(elems.size());
      if (i < 0 || i >= static_cast<int64_t>(elems.size())) fail(index.range, "tuple index out of range");
      ir::Node* producer = base->node();
      if (producer->kind() == "prim::TupleConstruct") return producer->input(static_cast<size_t>(i));
      ir::Value* idx = constant(tsrt::Value(i), T(TypeKind::Int), s.range);
      ir::Node* n = add_node("prim::TupleIndex", {base, idx}, 1, s.range);
      n->output()->set_type(elems[static_cast<size_t>(i)]);
      return n->output();
    }
    return emit_op("aten::__getitem__", {base, emit_expr(index)}, {}, s.range);
  }

  // x[i, 1:3, None, ...] on tensors, as select / slice / unsqueeze along successive dims.
  ir::Value* emit_tensor_index(ir::Value* base, const ast::Subscript& s) {
    ir::Value* v = base;
    int64_t dim = 0;
    for (const auto& index : s.indices) {
      ir::Value* d = constant(tsrt::Value(dim), T(TypeKind::Int), s.range);
      if (index->is<ast::Slice>()) {
        const auto& sl = index->as<ast::Slice>();
        ir::Value* none = constant(tsrt::Value(), T(TypeKind::None), s.range);
        ir::Value* start = sl.lower ? emit_expr(*sl.lower) : none;
        ir::Value* end = sl.upper ? emit_expr(*sl.upper) : none;
        ir::Value* step = sl.step ? emit_expr(*sl.step) : constant(tsrt::Value(int64_t{1}), T(TypeKind::Int), s.range);
        v = emit_op("aten::slice", {v, d, start, end, step}, {}, s.range);
        ++dim;
      } else if (index->is<ast::NoneLiteral>()) {
        v = emit_op("aten::unsqueeze", {v, d}, {}, s.range);
        ++dim;
      } else if (index->is<ast::EllipsisLiteral>()) {
        fail(index->range, "'...' in tensor indexing is not supported");
      } else {
        ir::Value* i = emit_expr(*index);
        if (i->type()->kind == TypeKind::Tensor) {
          fail(index->range, "indexing a tensor with a tensor in source form is not supported");
        }
        v = emit_op("aten::select", {v, d, i}, {}, s.range);
      }
    }
    return v;
  }

  // ------------------------------------------------------------------ calls

  struct Arg {
    ir::Value* value;
    std::string name;  // empty for positional
    ast::SourceRange range;
  };

  std::vector<Arg> emit_args(const ast::Call& call) {
    std::vector<Arg> args;
    for (const auto& a : call.args) args.push_back(Arg{emit_expr(*a), "", a->range});
    for (const auto& kw : call.kwargs) args.push_back(Arg{emit_expr(*kw.value), kw.name, kw.range});
    return args;
  }

  ir::Value* emit_call(const ast::Call& call, bool as_statement) {
    Sugar callee = sugar_of(*call.func);
    switch (callee.kind) {
      case Sugar::Kind::Builtin: return emit_builtin(callee.name, call);
      case Sugar::Kind::Namespace: return emit_namespace_call(callee.name, call, as_statement);
      case Sugar::Kind::Method: return emit_method_call(callee.value, callee.name, call);
      case Sugar::Kind::Value: fail(call.range, "calling a value of type " + callee.value->type()->str());
      case Sugar::Kind::Closure: return emit_closure(*callee.closure);
    }
    fail(call.range, "unsupported call");
  }

  ir::Value* emit_closure(const ast::FunctionDef& def) {
    Scope inner(scope_);
    Scope* saved = scope_;
    scope_ = &inner;
    ir::Value* result = nullptr;
    for (size_t i = 0; i < def.body.size(); ++i) {
      const ast::Stmt& stmt = *def.body[i];
      if (stmt.is<ast::Return>()) {
        const auto& ret = stmt.as<ast::Return>();
        result = ret.value ? emit_expr(*ret.value) : constant(tsrt::Value(), T(TypeKind::None), stmt.range);
        if (i + 1 != def.body.size()) fail(def.body[i + 1]->range, "code after return");
        break;
      }
      emit_stmt(stmt);
    }
    scope_ = saved;
    return result ? result : constant(tsrt::Value(), T(TypeKind::None), def.range);
  }

  ir::Value* emit_namespace_call(const std::string& name, const ast::Call& call, bool as_statement) {
    (void)as_statement;
    if (name == "torch.wait" && call.args.size() == 1) return emit_expr(*call.args[0]);  // futures are values here
    if (name == "torch.device" && call.args.size() == 1 && call.args[0]->is<ast::StringLiteral>()) {
      // Devices baked in at trace time (cuda:0) run on the CPU here.
      return constant(tsrt::Value(tsrt::Device{"cpu"}), T(TypeKind::Device), call.range);
    }
    if (name.rfind("torch.", 0) == 0) return emit_op("aten::" + name.substr(6), emit_args(call), call.range);
    if (name.rfind("math.", 0) == 0) return emit_op("aten::" + name.substr(5), emit_args(call), call.range);
    if (name.rfind("ops.", 0) == 0) {
      std::string rest = name.substr(4);
      size_t dot = rest.find('.');
      if (dot == std::string::npos) fail(call.range, "bad operator name " + name);
      std::string kind = rest.substr(0, dot) + "::" + rest.substr(dot + 1);
      if (is_interpreter_prim(kind)) return emit_prim(kind, call);
      return emit_op(kind, emit_args(call), call.range);
    }
    if (name.rfind("__torch__.", 0) == 0) return emit_torch_call(name, call);
    fail(call.range, "unknown function " + name);
  }

  ir::Value* emit_prim(const std::string& kind, const ast::Call& call) {
    std::vector<ir::Value*> inputs;
    for (const Arg& a : emit_args(call)) inputs.push_back(a.value);
    if (kind == "prim::unchecked_unwrap_optional") {
      ir::Node* n = add_node("prim::unchecked_cast", inputs, 1, call.range);
      const TypePtr& t = inputs.at(0)->type();
      n->output()->set_type(t->kind == TypeKind::Optional ? t->contained[0] : t);
      return n->output();
    }
    size_t outputs = kind == "prim::RaiseException" || kind == "prim::Print" ? 0 : 1;
    ir::Node* n = add_node(kind, inputs, outputs, call.range);
    if (kind == "prim::device") n->output()->set_type(T(TypeKind::Device));
    if (kind == "prim::dtype") n->output()->set_type(T(TypeKind::Int));
    if (outputs == 0) return constant(tsrt::Value(), T(TypeKind::None), call.range);
    return n->output();
  }

  // __torch__.m.f(...): a free function; __torch__.m.X(...): a NamedTuple;
  // __torch__.m.X.__new__(__torch__.m.X): a new object of class X.
  ir::Value* emit_torch_call(const std::string& name, const ast::Call& call) {
    const std::string kNew = ".__new__";
    if (name.size() > kNew.size() && name.compare(name.size() - kNew.size(), kNew.size(), kNew) == 0) {
      ir::ClassTypePtr cls = importer_.get_class(name.substr(0, name.size() - kNew.size()));
      ir::Node* n = add_node("prim::CreateObject", {}, 1, call.range);
      n->output()->set_type(Type::class_of(cls));
      return n->output();
    }
    ir::ClassTypePtr cls;
    try {
      cls = importer_.get_class(name);
    } catch (const Error&) {
      cls = nullptr;
    }
    if (cls && cls->is_named_tuple) {
      ir::FunctionSchema fields;
      fields.name = name;
      for (const auto& a : cls->attributes) fields.arguments.push_back(ir::Argument{a.name, a.type, std::nullopt, false, 0});
      std::vector<ir::Value*> inputs = bind_signature(fields, emit_args(call), 0, call.range);
      ir::Node* n = add_node("prim::TupleConstruct", inputs, 1, call.range);
      n->output()->set_type(Type::class_of(cls));
      return n->output();
    }
    if (cls) fail(call.range, "constructing class " + name + " directly is not supported");
    ir::Function* fn = importer_.get_function(name);
    std::vector<ir::Value*> inputs = bind_signature(fn->signature, emit_args(call), 0, call.range);
    ir::Node* n = add_node("prim::CallFunction", inputs, 1, call.range);
    n->set_callee(fn);
    n->set_name(name);
    n->output()->set_type(fn->signature.returns.at(0));
    importer_.ensure_emitted(*fn);
    return n->output();
  }

  ir::Value* emit_method_call(ir::Value* obj, const std::string& method, const ast::Call& call) {
    const TypePtr& t = obj->type();
    if (t->kind == TypeKind::Class && t->cls) {
      ir::Function* fn = t->cls->find_method(method);
      if (fn == nullptr) fail(call.range, "class " + t->cls->name + " has no method " + method);
      std::vector<ir::Value*> inputs = bind_signature(fn->signature, emit_args(call), 1, call.range);
      inputs.insert(inputs.begin(), obj);
      ir::Node* n = add_node("prim::CallMethod", inputs, 1, call.range);
      n->set_name(method);
      n->output()->set_type(fn->signature.returns.at(0));
      if (!importer_.is_interface(*t->cls)) {
        n->set_callee(fn);
        importer_.ensure_emitted(*fn);
      }
      return n->output();
    }
    if (t->kind == TypeKind::Tensor && method == "tolist" && call.args.empty()) {
      // The element type comes from the surrounding annotate(List[...], ...).
      ir::Node* n = add_node("prim::tolist", {obj}, 1, call.range);
      return n->output();
    }
    // Methods of builtin values (tensor.dim(), list.append(x), str.format(...)) are aten ops
    // taking the receiver first.
    std::vector<Arg> args = emit_args(call);
    args.insert(args.begin(), Arg{obj, "", call.range});
    return emit_op("aten::" + method, args, call.range);
  }

  // Binds call arguments to a function's signature (skipping `skip` leading parameters,
  // i.e. self), filling defaults. Errors name the missing or unexpected argument.
  std::vector<ir::Value*> bind_signature(const ir::FunctionSchema& sig, const std::vector<Arg>& args, size_t skip,
                                         const ast::SourceRange& r) {
    std::vector<ir::Value*> bound(sig.arguments.size() - skip, nullptr);
    size_t pos = 0;
    for (const Arg& a : args) {
      if (a.name.empty()) {
        if (pos >= bound.size()) fail(a.range, sig.name + "() takes " + std::to_string(bound.size()) + " arguments");
        bound[pos++] = a.value;
        continue;
      }
      bool found = false;
      for (size_t i = skip; i < sig.arguments.size(); ++i) {
        if (sig.arguments[i].name == a.name) {
          bound[i - skip] = a.value;
          found = true;
        }
      }
      if (!found) fail(a.range, sig.name + "() has no argument '" + a.name + "'");
    }
    for (size_t i = 0; i < bound.size(); ++i) {
      if (bound[i]) continue;
      const ir::Argument& formal = sig.arguments[i + skip];
      if (!formal.default_value) fail(r, sig.name + "() is missing argument '" + formal.name + "'");
      bound[i] = constant(*formal.default_value, formal.default_value->is_none() ? formal.type : type_of_constant(*formal.default_value), r);
    }
    return bound;
  }

  ir::Value* emit_op(const std::string& name, const std::vector<ir::Value*>& inputs,
                     const std::vector<std::pair<std::string, ir::Value*>>& kwargs, const ast::SourceRange& r) {
    std::vector<Arg> args;
    for (ir::Value* v : inputs) args.push_back(Arg{v, "", r});
    for (const auto& [k, v] : kwargs) args.push_back(Arg{v, k, r});
    return emit_op(name, args, r);
  }

  // Picks the overload of `name` that the arguments match (exact types first, then with
  // TorchScript's implicit conversions) and emits the op node.
  ir::Value* emit_op(const std::string& requested_name, const std::vector<Arg>& args, const ast::SourceRange& r) {
    std::string name = upgraded_name(requested_name, args);
    if (const char* why = forbidden_reason(name)) fail(r, "refused: the model calls " + name + ", which " + why);
    std::vector<const ir::FunctionSchema*> overloads = importer_.ops().overloads(name);
    // The catalog holds every op torch knows, kernel or not (a kernel-less op fails if it runs).
    if (overloads.empty()) fail(r, "unknown op " + name + ": neither torch 1.13 nor tsrt has an operator of that name");
    for (bool convert : {false, true}) {
      for (const ir::FunctionSchema* schema : overloads) {
        Bindings bindings;
        std::vector<ir::Value*> bound;
        if (!try_bind(*schema, args, convert, bindings, bound, r)) continue;
        return finish_op(*schema, bound, bindings, r);
      }
    }
    std::string actual;
    for (const Arg& a : args) actual += (actual.empty() ? "" : ", ") + (a.name.empty() ? "" : a.name + "=") + a.value->type()->str();
    std::string candidates;
    for (const ir::FunctionSchema* s : overloads) candidates += "\n  " + s->text;
    fail(r, "no overload of " + name + " accepts (" + actual + "); candidates:" + candidates);
  }

  // Operator upgraders: files older than an op's schema change get the old semantics.
  std::string upgraded_name(const std::string& name, const std::vector<Arg>& args) {
    int64_t version = importer_.file_version();
    if (name == "aten::div" && version < 4 && args.size() == 2) {
      // Before version 4, integer tensor division truncated.
      bool tensors = args[0].value->type()->kind == TypeKind::Tensor;
      if (tensors) return "upgraders::div_0_3";
    }
    if (name == "aten::full" && version < 5) return "upgraders::full_0_4";
    return name;
  }

  bool try_bind(const ir::FunctionSchema& schema, const std::vector<Arg>& args, bool convert, Bindings& bindings,
                std::vector<ir::Value*>& bound, const ast::SourceRange& r) {
    const auto& formals = schema.arguments;
    bound.assign(formals.size(), nullptr);
    std::vector<ir::Value*> varargs;
    size_t pos = 0;
    for (const Arg& a : args) {
      if (a.name.empty()) {
        while (pos < formals.size() && formals[pos].kwarg_only) ++pos;
        if (pos >= formals.size()) {
          if (!schema.is_vararg) return false;
          varargs.push_back(a.value);
          continue;
        }
        bound[pos++] = a.value;
      } else {
        size_t i = 0;
        while (i < formals.size() && formals[i].name != a.name) ++i;
        if (i == formals.size() || bound[i] != nullptr) return false;
        bound[i] = a.value;
      }
    }
    for (size_t i = 0; i < formals.size(); ++i) {
      const ir::Argument& f = formals[i];
      if (bound[i] == nullptr) {
        if (!f.default_value) return false;
        continue;
      }
      TypePtr actual = bound[i]->type();
      if (f.fixed_list_size > 0 && actual->kind == TypeKind::Int) continue;
      if (convert && implicit_scalar_op(actual, f.type)) continue;
      if (!match_type(actual, f.type, bindings, convert)) return false;
    }
    // Defaults and int -> int[N] broadcasts become constants only once the overload is chosen.
    for (size_t i = 0; i < formals.size(); ++i) {
      const ir::Argument& f = formals[i];
      if (bound[i] == nullptr) {
        const tsrt::Value& d = *f.default_value;
        bound[i] = constant(d, d.is_none() ? f.type : type_of_constant(d), r);
      } else if (const char* op = convert ? implicit_scalar_op(bound[i]->type(), f.type) : nullptr) {
        bound[i] = emit_implicit_scalar(op, bound[i], r);
      } else if (f.fixed_list_size > 0 && bound[i]->type()->kind == TypeKind::Int) {
        std::vector<ir::Value*> copies(static_cast<size_t>(f.fixed_list_size), bound[i]);
        ir::Node* n = add_node("prim::ListConstruct", copies, 1, r);
        n->output()->set_type(Type::list(T(TypeKind::Int)));
        bound[i] = n->output();
      }
    }
    bound.insert(bound.end(), varargs.begin(), varargs.end());
    return true;
  }

  // TorchScript's implicit conversion of a tensor given for an int, float or Scalar (or an
  // Optional of one): aten::IntImplicit / FloatImplicit / ScalarImplicit, which refuse at run
  // time a tensor that is not 0-d. Only the value itself converts, never list elements.
  static const char* implicit_scalar_op(const TypePtr& actual, const TypePtr& formal) {
    if (actual->kind != TypeKind::Tensor) return nullptr;
    TypeKind k = formal->kind == TypeKind::Optional ? formal->contained[0]->kind : formal->kind;
    switch (k) {
      case TypeKind::Int: return "aten::IntImplicit";
      case TypeKind::Float: return "aten::FloatImplicit";
      case TypeKind::Number: return "aten::ScalarImplicit";
      default: return nullptr;
    }
  }

  ir::Value* emit_implicit_scalar(const char* op, ir::Value* tensor, const ast::SourceRange& r) {
    const auto& overloads = importer_.ops().overloads(op);
    if (overloads.empty()) fail(r, std::string("internal: ") + op + " is not in the op catalog");
    return finish_op(*overloads[0], {tensor}, Bindings{}, r);
  }

  ir::Value* finish_op(const ir::FunctionSchema& schema, const std::vector<ir::Value*>& inputs,
                       const Bindings& bindings, const ast::SourceRange& r) {
    ir::Node* n = add_node(schema.name, inputs, schema.returns.size(), r);
    n->set_schema(&schema);
    for (size_t i = 0; i < schema.returns.size(); ++i) n->output(i)->set_type(substitute(schema.returns[i], bindings));
    if (schema.returns.empty()) return constant(tsrt::Value(), T(TypeKind::None), r);
    if (schema.returns.size() == 1) return n->output();
    std::vector<TypePtr> types;
    for (ir::Value* o : n->outputs()) types.push_back(o->type());
    ir::Node* tuple = add_node("prim::TupleConstruct", n->outputs(), 1, r);
    tuple->output()->set_type(Type::tuple(types));
    return tuple->output();
  }

  // ------------------------------------------------------------------ builtins

  // The type an isinstance check names. torch prints the unparameterised `list`, `tuple` and
  // `dict` (its AnyList/AnyTuple/AnyDict types, which any list/tuple/dict matches) in lower case.
  TypePtr isinstance_type(const ast::Expr& e) {
    if (e.is<ast::Name>()) {
      const std::string& n = e.as<ast::Name>().name;
      if (n == "list") return ir::Type::list(T(TypeKind::Any));
      if (n == "tuple") return ir::Type::tuple({});
      if (n == "dict") return ir::Type::dict(T(TypeKind::Any), T(TypeKind::Any));
    }
    return importer_.resolve_type(e);
  }

  ir::Value* emit_builtin(const std::string& name, const ast::Call& call) {
    auto arg_count = [&](size_t n) {
      if (call.args.size() != n) fail(call.range, name + "() takes " + std::to_string(n) + " arguments");
    };
    if (name == "annotate") {
      arg_count(2);
      TypePtr t = importer_.resolve_type(*call.args[0]);
      ir::Value* v = emit_expr(*call.args[1]);
      // `annotate(number, tensor)`: torch's printer writes its implicit tensor -> scalar
      // conversions this way; the value itself stays a tensor for its other uses.
      if (const char* op = implicit_scalar_op(v->type(), t)) return emit_implicit_scalar(op, v, call.range);
      v->set_type(t);
      return v;
    }
    if (name == "uninitialized") {
      arg_count(1);
      ir::Node* n = add_node("prim::Uninitialized", {}, 1, call.range);
      n->output()->set_type(importer_.resolve_type(*call.args[0]));
      return n->output();
    }
    if (name == "unchecked_cast") {
      arg_count(2);
      TypePtr t = importer_.resolve_type(*call.args[0]);
      ir::Node* n = add_node("prim::unchecked_cast", {emit_expr(*call.args[1])}, 1, call.range);
      n->output()->set_type(t);
      return n->output();
    }
    if (name == "isinstance") {
      arg_count(2);
      ir::Value* v = emit_expr(*call.args[0]);
      // torch prints `isinstance(x, (list, tuple))` for a check against several types (any may
      // match): one prim::isinstance per type, or-ed together.
      std::vector<const ast::Expr*> candidates;
      if (call.args[1]->is<ast::TupleLiteral>()) {
        for (const auto& e : call.args[1]->as<ast::TupleLiteral>().elements) candidates.push_back(e.get());
        if (candidates.empty()) fail(call.range, "isinstance needs at least one type");
      } else {
        candidates.push_back(call.args[1].get());
      }
      ir::Value* result = nullptr;
      for (const ast::Expr* candidate : candidates) {
        ir::Node* n = add_node("prim::isinstance", {v}, 1, call.range);
        n->set_type_attr(isinstance_type(*candidate));
        n->output()->set_type(T(TypeKind::Bool));
        result = result ? emit_op("aten::__or__", {result, n->output()}, {}, call.range) : n->output();
      }
      return result;
    }
    if (name == "getattr") {
      arg_count(2);
      if (!call.args[1]->is<ast::StringLiteral>()) fail(call.range, "getattr needs a literal attribute name");
      ir::Value* obj = emit_expr(*call.args[0]);
      const std::string& attr = call.args[1]->as<ast::StringLiteral>().value;
      const TypePtr& t = obj->type();
      if (t->kind != TypeKind::Class || !t->cls || t->cls->attribute_index(attr) < 0) {
        fail(call.range, "getattr: no attribute '" + attr + "' on " + t->str());
      }
      ir::Node* n = add_node("prim::GetAttr", {obj}, 1, call.range);
      n->set_name(attr);
      n->output()->set_type(t->cls->attributes[static_cast<size_t>(t->cls->attribute_index(attr))].type);
      return n->output();
    }
    if (name == "print") {
      std::vector<ir::Value*> inputs;
      for (const Arg& a : emit_args(call)) inputs.push_back(a.value);
      add_node("prim::Print", inputs, 0, call.range);
      return constant(tsrt::Value(), T(TypeKind::None), call.range);
    }
    static const std::map<std::string, std::string> ops = {
        {"len", "aten::len"},     {"int", "aten::Int"},     {"float", "aten::Float"},
        {"bool", "aten::Bool"},   {"str", "aten::str"},     {"list", "aten::list"},
        {"min", "prim::min"},     {"max", "prim::max"},     {"abs", "prim::abs"},
        {"round", "aten::round"}, {"divmod", "aten::divmod"}, {"hash", "aten::hash"},
        {"ord", "aten::ord"},     {"chr", "aten::chr"},     {"sum", "aten::sum"},
        {"any", "aten::any"},     {"all", "aten::all"},     {"sorted", "aten::sorted"}};
    // int(x) of an int (and likewise float/bool/str) is x itself, as in TorchScript.
    static const std::map<std::string, TypeKind> casts = {
        {"int", TypeKind::Int}, {"float", TypeKind::Float}, {"bool", TypeKind::Bool}, {"str", TypeKind::Str}};
    auto cast = casts.find(name);
    if (cast != casts.end() && call.args.size() == 1 && call.kwargs.empty()) {
      ir::Value* v = emit_expr(*call.args[0]);
      if (v->type()->kind == cast->second) return v;
      return emit_op(ops.at(name), {v}, {}, call.range);
    }
    auto it = ops.find(name);
    if (it != ops.end()) return emit_op(it->second, emit_args(call), call.range);
    if (name == "fork") {
      // fork(closure) runs the closure right here: tsrt executes futures synchronously, which
      // gives the same results (TorchScript futures have no observable ordering otherwise).
      if (call.args.size() != 1) fail(call.range, "fork() takes a closure");
      Sugar target = sugar_of(*call.args[0]);
      if (target.kind != Sugar::Kind::Closure) fail(call.range, "fork() of something other than a nested def");
      return emit_closure(*target.closure);
    }
    if (name == "range") fail(call.range, "range() is supported only as a for-loop iterable");
    fail(call.range, "unsupported builtin " + name + "()");
  }

  Importer& importer_;
  ir::Function& fn_;
  const ast::FunctionDef& def_;
  std::string file_;
  ir::Graph* graph_ = nullptr;
  ir::Block* block_ = nullptr;
  Scope* scope_ = nullptr;
  std::map<std::string, int> name_counts_;
};

}  // namespace

void emit_function_body(Importer& importer, ir::Function& fn, const ast::FunctionDef& def) {
  FunctionEmitter(importer, fn, def).emit();
}

}  // namespace tsrt::script
