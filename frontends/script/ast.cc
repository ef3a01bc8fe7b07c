// Operator spellings, the S-expression dump, and type-expression printing for the script AST.
#include "frontends/script/ast.h"

#include <cstdio>

namespace tsrt::script::ast {

const char* op_text(UnaryOp op) {
  switch (op) {
    case UnaryOp::Neg: return "-";
    case UnaryOp::Pos: return "+";
    case UnaryOp::Invert: return "~";
    case UnaryOp::Not: return "not";
  }
  return "?";
}

const char* op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::FloorDiv: return "//";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Pow: return "**";
    case BinaryOp::MatMul: return "@";
    case BinaryOp::BitAnd: return "&";
    case BinaryOp::BitOr: return "|";
    case BinaryOp::BitXor: return "^";
    case BinaryOp::LShift: return "<<";
    case BinaryOp::RShift: return ">>";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::Is: return "is";
    case BinaryOp::IsNot: return "is not";
    case BinaryOp::In: return "in";
    case BinaryOp::NotIn: return "not in";
  }
  return "?";
}

namespace {

// A string literal in dump output: double-quoted, with \" \\ \n and \xNN for control bytes.
std::string quote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string dump_or_dash(const ExprPtr& expr) { return expr ? dump(*expr) : "_"; }

std::string dump_list(const char* head, const std::vector<ExprPtr>& items) {
  std::string out = std::string("(") + head;
  for (const auto& item : items) out += " " + dump(*item);
  return out + ")";
}

std::string dump_block(const Block& block) {
  std::string out = "(block";
  for (const auto& stmt : block) out += " " + dump(*stmt);
  return out + ")";
}

std::string format_double(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  std::string text = buf;
  if (text.find_first_of(".eEni") == std::string::npos) text += ".";
  return text;
}

std::string dump_function(const FunctionDef& def) {
  std::string out = "(def " + def.name;
  for (const auto& decorator : def.decorators) out += " (@ " + dump(*decorator) + ")";
  out += " (params";
  for (const auto& param : def.params) {
    out += " (" + param.name + " " + dump_or_dash(param.annotation) + " " +
           dump_or_dash(param.default_value) + ")";
  }
  out += ") " + dump_or_dash(def.return_type) + " " + dump_block(def.body) + ")";
  return out;
}

}  // namespace

std::string dump(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::Name: return expr.as<Name>().name;
    case ExprKind::Int: return std::to_string(expr.as<IntLiteral>().value);
    case ExprKind::Float: return format_double(expr.as<FloatLiteral>().value);
    case ExprKind::String: return quote(expr.as<StringLiteral>().value);
    case ExprKind::Bool: return expr.as<BoolLiteral>().value ? "True" : "False";
    case ExprKind::None: return "None";
    case ExprKind::Ellipsis: return "...";
    case ExprKind::Attribute: {
      const auto& node = expr.as<Attribute>();
      return "(. " + dump(*node.value) + " " + node.name + ")";
    }
    case ExprKind::Subscript: {
      const auto& node = expr.as<Subscript>();
      std::string out = "([] " + dump(*node.value);
      for (const auto& index : node.indices) out += " " + dump(*index);
      return out + ")";
    }
    case ExprKind::Slice: {
      const auto& node = expr.as<Slice>();
      return "(: " + dump_or_dash(node.lower) + " " + dump_or_dash(node.upper) + " " +
             dump_or_dash(node.step) + ")";
    }
    case ExprKind::Call: {
      const auto& node = expr.as<Call>();
      std::string out = "(call " + dump(*node.func);
      for (const auto& arg : node.args) out += " " + dump(*arg);
      for (const auto& kw : node.kwargs) out += " (kw " + kw.name + " " + dump(*kw.value) + ")";
      return out + ")";
    }
    case ExprKind::Unary: {
      const auto& node = expr.as<Unary>();
      return std::string("(") + op_text(node.op) + " " + dump(*node.operand) + ")";
    }
    case ExprKind::Binary: {
      const auto& node = expr.as<Binary>();
      return std::string("(") + op_text(node.op) + " " + dump(*node.lhs) + " " + dump(*node.rhs) +
             ")";
    }
    case ExprKind::Ternary: {
      const auto& node = expr.as<Ternary>();
      return "(if " + dump(*node.cond) + " " + dump(*node.then_value) + " " +
             dump(*node.else_value) + ")";
    }
    case ExprKind::List: return dump_list("list", expr.as<ListLiteral>().elements);
    case ExprKind::Tuple: return dump_list("tuple", expr.as<TupleLiteral>().elements);
    case ExprKind::Dict: {
      const auto& node = expr.as<DictLiteral>();
      std::string out = "(dict";
      for (size_t i = 0; i < node.keys.size(); ++i) {
        out += " (" + dump(*node.keys[i]) + " " + dump(*node.values[i]) + ")";
      }
      return out + ")";
    }
    case ExprKind::ListComp: {
      const auto& node = expr.as<ListComp>();
      return "(listcomp " + dump(*node.element) + " " + dump(*node.target) + " " +
             dump(*node.iter) + " " + dump_or_dash(node.cond) + ")";
    }
    case ExprKind::DictComp: {
      const auto& node = expr.as<DictComp>();
      return "(dictcomp " + dump(*node.key) + " " + dump(*node.value) + " " + dump(*node.target) +
             " " + dump(*node.iter) + " " + dump_or_dash(node.cond) + ")";
    }
  }
  return "?";
}

std::string dump(const Stmt& stmt) {
  switch (stmt.kind) {
    case StmtKind::Expr: return "(expr " + dump(*stmt.as<ExprStmt>().value) + ")";
    case StmtKind::Assign: {
      const auto& node = stmt.as<Assign>();
      std::string out = "(=";
      for (const auto& target : node.targets) out += " " + dump(*target);
      out += " " + dump_or_dash(node.value);
      if (node.annotation) out += " (type " + dump(*node.annotation) + ")";
      return out + ")";
    }
    case StmtKind::AugAssign: {
      const auto& node = stmt.as<AugAssign>();
      return std::string("(") + op_text(node.op) + "= " + dump(*node.target) + " " +
             dump(*node.value) + ")";
    }
    case StmtKind::If: {
      const auto& node = stmt.as<If>();
      return "(if " + dump(*node.cond) + " " + dump_block(node.then_body) + " " +
             dump_block(node.else_body) + ")";
    }
    case StmtKind::For: {
      const auto& node = stmt.as<For>();
      return "(for " + dump(*node.target) + " " + dump(*node.iter) + " " + dump_block(node.body) +
             ")";
    }
    case StmtKind::While: {
      const auto& node = stmt.as<While>();
      return "(while " + dump(*node.cond) + " " + dump_block(node.body) + ")";
    }
    case StmtKind::Return: return "(return " + dump_or_dash(stmt.as<Return>().value) + ")";
    case StmtKind::Pass: return "(pass)";
    case StmtKind::Break: return "(break)";
    case StmtKind::Continue: return "(continue)";
    case StmtKind::Raise: return "(raise " + dump_or_dash(stmt.as<Raise>().exc) + ")";
    case StmtKind::Assert: {
      const auto& node = stmt.as<Assert>();
      return "(assert " + dump(*node.cond) + " " + dump_or_dash(node.msg) + ")";
    }
    case StmtKind::With: {
      const auto& node = stmt.as<With>();
      std::string out = "(with";
      for (const auto& item : node.items) {
        out += " (" + dump(*item.context) + " " + dump_or_dash(item.target) + ")";
      }
      return out + " " + dump_block(node.body) + ")";
    }
    case StmtKind::Delete: return dump_list("del", stmt.as<Delete>().targets);
    case StmtKind::Def: return dump_function(*stmt.as<Def>().def);
  }
  return "?";
}

std::string dump(const FunctionDef& def) { return dump_function(def); }

std::string dump(const ClassDef& cls) {
  std::string out = "(class " + cls.name + " (bases";
  for (const auto& base : cls.bases) out += " " + dump(*base);
  out += ") (parameters";
  for (const auto& name : cls.parameters) out += " " + name;
  out += ") (buffers";
  for (const auto& name : cls.buffers) out += " " + name;
  out += ")";
  if (!cls.forward_pre_hooks.empty()) {
    out += " (forward_pre_hooks";
    for (const auto& name : cls.forward_pre_hooks) out += " " + name;
    out += ")";
  }
  if (!cls.forward_hooks.empty()) {
    out += " (forward_hooks";
    for (const auto& name : cls.forward_hooks) out += " " + name;
    out += ")";
  }
  for (const auto& attr : cls.attributes) {
    out += " (attr " + quote(attr.name) + " " + dump_or_dash(attr.type) + " " +
           dump_or_dash(attr.value) + ")";
  }
  for (const auto& method : cls.methods) out += " " + dump_function(*method);
  return out + ")";
}

std::string dump(const Module& module) {
  std::string out;
  if (module.op_version_set >= 0) {
    out += "op_version_set " + std::to_string(module.op_version_set) + "\n";
  }
  for (const auto& cls : module.classes) out += dump(*cls) + "\n";
  for (const auto& def : module.functions) out += dump_function(*def) + "\n";
  for (const auto& stmt : module.statements) out += dump(*stmt) + "\n";
  return out;
}

std::string expr_to_dotted_name(const Expr& expr) {
  if (expr.kind == ExprKind::Name) return expr.as<Name>().name;
  if (expr.kind == ExprKind::Attribute) {
    const auto& node = expr.as<Attribute>();
    return expr_to_dotted_name(*node.value) + "." + node.name;
  }
  error_at(expr.range, "expected a dotted name like a.b.c");
}

std::string type_expr_to_string(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::Name:
    case ExprKind::Attribute: return expr_to_dotted_name(expr);
    case ExprKind::None: return "None";
    case ExprKind::Subscript: {
      const auto& node = expr.as<Subscript>();
      std::string out = expr_to_dotted_name(*node.value) + "[";
      // `Tuple[()]` is the empty tuple type; `Tuple[(A, B)]` is the same as `Tuple[A, B]`.
      const std::vector<ExprPtr>* args = &node.indices;
      if (args->size() == 1 && (*args)[0]->kind == ExprKind::Tuple) {
        args = &(*args)[0]->as<TupleLiteral>().elements;
        if (args->empty()) return out + "()]";
      }
      for (size_t i = 0; i < args->size(); ++i) {
        if (i) out += ", ";
        out += type_expr_to_string(*(*args)[i]);
      }
      return out + "]";
    }
    case ExprKind::List: {
      // Callable[[int, str], T] style argument lists.
      const auto& node = expr.as<ListLiteral>();
      std::string out = "[";
      for (size_t i = 0; i < node.elements.size(); ++i) {
        if (i) out += ", ";
        out += type_expr_to_string(*node.elements[i]);
      }
      return out + "]";
    }
    default: error_at(expr.range, "expected a type, got " + dump(expr));
  }
}

}  // namespace tsrt::script::ast
