// The syntax tree of the TorchScript source stored in a `.pt` archive's code/ entries.
//
// Plain data: every node has a `kind` and a `range`; children are owned by unique_ptr.
// Walk it with a switch on `kind` and `node.as<ast::Call>()` (checked downcast), e.g.
//   switch (expr.kind) { case ExprKind::Call: { const auto& call = expr.as<Call>(); ... } }
// Type annotations are ordinary expressions (`List[int]` is a Subscript of a Name,
// `__torch__.m.X` an Attribute chain); type_expr_to_string() turns them back into text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/error.h"

namespace tsrt::script::ast {

// Where a node starts: "code/__torch__/m.py", 1-based line and column (in bytes). Binary
// nodes point at their operator, calls/attributes/subscripts at the start of the callee/value.
struct SourceRange {
  std::string file;
  int line = 0;
  int col = 0;
  std::string str() const { return file + ":" + std::to_string(line) + ":" + std::to_string(col); }
};

// Throws tsrt::Error("file:line:col: message").
[[noreturn]] inline void error_at(const SourceRange& range, const std::string& message) {
  throw Error(range.str() + ": " + message);
}

// ---------------------------------------------------------------- expressions

enum class ExprKind {
  Name,       // x, self, torch, inf, nan, __torch__ (`-inf` is Unary Neg of Name inf)
  Int,        // 3, 0x1f, -3 (a minus before a number literal is folded into it)
  Float,      // 1., 1e-12
  String,     // "abc" (adjacent literals already joined)
  Bool,       // True / False
  None,       // None
  Ellipsis,   // ...
  Attribute,  // value.name
  Subscript,  // value[i], value[i, j] (two indices), value[(i, j)] (one Tuple index), value[1:2]
  Slice,      // lower:upper:step, only as an index of a Subscript
  Call,       // func(args, kw=value)
  Unary,      // -x, +x, ~x, not x
  Binary,     // x + y, x and y, x is None, x in y, ...
  Ternary,    // then_value if cond else else_value
  List,       // [a, b]
  Tuple,      // (a, b), (a,), a, b (in assignment targets / returns)
  Dict,       // {k: v}
  ListComp,   // [elt for target in iter if cond]
  DictComp,   // {key: value for target in iter if cond}
};

enum class UnaryOp { Neg, Pos, Invert, Not };

enum class BinaryOp {
  Add, Sub, Mul, Div, FloorDiv, Mod, Pow, MatMul,
  BitAnd, BitOr, BitXor, LShift, RShift,
  And, Or,
  Eq, Ne, Lt, Le, Gt, Ge, Is, IsNot, In, NotIn,
};

// Python spelling of an operator: "+", "//", "and", "is not", "not in", "not", "-".
const char* op_text(UnaryOp op);
const char* op_text(BinaryOp op);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind;
  SourceRange range;
  int height = 1;  // levels in this subtree; the parser keeps it small so walks can recurse

  Expr(ExprKind kind, SourceRange range) : kind(kind), range(std::move(range)) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  // Checked downcast: `expr.as<Call>()`; throws tsrt::Error if the kind differs.
  template <typename T>
  const T& as() const {
    if (kind != T::kKind) error_at(range, "internal: AST node has the wrong kind");
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& as() {
    if (kind != T::kKind) error_at(range, "internal: AST node has the wrong kind");
    return static_cast<T&>(*this);
  }
  template <typename T>
  bool is() const { return kind == T::kKind; }
};

template <ExprKind K>
struct ExprOf : Expr {
  static constexpr ExprKind kKind = K;
  explicit ExprOf(SourceRange range) : Expr(K, std::move(range)) {}
};

struct Name : ExprOf<ExprKind::Name> {
  using ExprOf::ExprOf;
  std::string name;
};
struct IntLiteral : ExprOf<ExprKind::Int> {
  using ExprOf::ExprOf;
  int64_t value = 0;
};
struct FloatLiteral : ExprOf<ExprKind::Float> {
  using ExprOf::ExprOf;
  double value = 0;
};
struct StringLiteral : ExprOf<ExprKind::String> {
  using ExprOf::ExprOf;
  std::string value;  // escapes decoded; \uNNNN stored as UTF-8
};
struct BoolLiteral : ExprOf<ExprKind::Bool> {
  using ExprOf::ExprOf;
  bool value = false;
};
struct NoneLiteral : ExprOf<ExprKind::None> {
  using ExprOf::ExprOf;
};
struct EllipsisLiteral : ExprOf<ExprKind::Ellipsis> {
  using ExprOf::ExprOf;
};
struct Attribute : ExprOf<ExprKind::Attribute> {
  using ExprOf::ExprOf;
  ExprPtr value;
  std::string name;
};
struct Subscript : ExprOf<ExprKind::Subscript> {
  using ExprOf::ExprOf;
  ExprPtr value;
  std::vector<ExprPtr> indices;  // `a[i, j]` has two; each may be a Slice, None or Ellipsis
};
struct Slice : ExprOf<ExprKind::Slice> {
  using ExprOf::ExprOf;
  ExprPtr lower, upper, step;  // each may be null
};
struct Keyword {
  SourceRange range;
  std::string name;
  ExprPtr value;
};
struct Call : ExprOf<ExprKind::Call> {
  using ExprOf::ExprOf;
  ExprPtr func;
  std::vector<ExprPtr> args;
  std::vector<Keyword> kwargs;  // always after the positional arguments
};
struct Unary : ExprOf<ExprKind::Unary> {
  using ExprOf::ExprOf;
  UnaryOp op = UnaryOp::Neg;
  ExprPtr operand;
};
struct Binary : ExprOf<ExprKind::Binary> {
  using ExprOf::ExprOf;
  BinaryOp op = BinaryOp::Add;
  ExprPtr lhs, rhs;
};
struct Ternary : ExprOf<ExprKind::Ternary> {
  using ExprOf::ExprOf;
  ExprPtr cond, then_value, else_value;
};
struct ListLiteral : ExprOf<ExprKind::List> {
  using ExprOf::ExprOf;
  std::vector<ExprPtr> elements;
};
struct TupleLiteral : ExprOf<ExprKind::Tuple> {
  using ExprOf::ExprOf;
  std::vector<ExprPtr> elements;
};
struct DictLiteral : ExprOf<ExprKind::Dict> {
  using ExprOf::ExprOf;
  std::vector<ExprPtr> keys, values;  // same length
};
struct ListComp : ExprOf<ExprKind::ListComp> {
  using ExprOf::ExprOf;
  ExprPtr element, target, iter;
  ExprPtr cond;  // may be null
};
struct DictComp : ExprOf<ExprKind::DictComp> {
  using ExprOf::ExprOf;
  ExprPtr key, value, target, iter;
  ExprPtr cond;  // may be null
};

// ---------------------------------------------------------------- statements

enum class StmtKind {
  Expr,       // f(x)
  Assign,     // a = b; a, b, = t; a = b = c; x : int = 3; self.x = v; x[i] = v
  AugAssign,  // a += b
  If,         // elif is stored as an else-body holding one If
  For,        // for target in iter:
  While,      // while cond:
  Return,     // return [value]
  Pass,
  Break,
  Continue,
  Raise,      // raise [exc]
  Assert,     // assert cond[, msg]
  With,       // with a as x, b:
  Delete,     // del x[i], y
  Def,        // a nested function definition
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

struct Stmt {
  StmtKind kind;
  SourceRange range;

  Stmt(StmtKind kind, SourceRange range) : kind(kind), range(std::move(range)) {}
  virtual ~Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  template <typename T>
  const T& as() const {
    if (kind != T::kKind) error_at(range, "internal: AST node has the wrong kind");
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& as() {
    if (kind != T::kKind) error_at(range, "internal: AST node has the wrong kind");
    return static_cast<T&>(*this);
  }
  template <typename T>
  bool is() const { return kind == T::kKind; }
};

template <StmtKind K>
struct StmtOf : Stmt {
  static constexpr StmtKind kKind = K;
  explicit StmtOf(SourceRange range) : Stmt(K, std::move(range)) {}
};

struct ExprStmt : StmtOf<StmtKind::Expr> {
  using StmtOf::StmtOf;
  ExprPtr value;
};
struct Assign : StmtOf<StmtKind::Assign> {
  using StmtOf::StmtOf;
  // `a = b = v` has targets [a, b]; `a, b, = t` has one Tuple target.
  std::vector<ExprPtr> targets;
  ExprPtr value;       // null only for a bare declaration `x : T` inside a function
  ExprPtr annotation;  // `x : T = v`; null when absent
};
struct AugAssign : StmtOf<StmtKind::AugAssign> {
  using StmtOf::StmtOf;
  ExprPtr target;
  BinaryOp op = BinaryOp::Add;  // `+=` is Add, `//=` FloorDiv, ...
  ExprPtr value;
};
struct If : StmtOf<StmtKind::If> {
  using StmtOf::StmtOf;
  ExprPtr cond;
  Block then_body, else_body;  // else_body empty when absent
};
struct For : StmtOf<StmtKind::For> {
  using StmtOf::StmtOf;
  ExprPtr target;  // Name or Tuple of names
  ExprPtr iter;
  Block body;
};
struct While : StmtOf<StmtKind::While> {
  using StmtOf::StmtOf;
  ExprPtr cond;
  Block body;
};
struct Return : StmtOf<StmtKind::Return> {
  using StmtOf::StmtOf;
  ExprPtr value;  // null for a bare `return`; a Tuple for `return a, b`
};
struct Pass : StmtOf<StmtKind::Pass> {
  using StmtOf::StmtOf;
};
struct Break : StmtOf<StmtKind::Break> {
  using StmtOf::StmtOf;
};
struct Continue : StmtOf<StmtKind::Continue> {
  using StmtOf::StmtOf;
};
struct Raise : StmtOf<StmtKind::Raise> {
  using StmtOf::StmtOf;
  ExprPtr exc;  // may be null
};
struct Assert : StmtOf<StmtKind::Assert> {
  using StmtOf::StmtOf;
  ExprPtr cond;
  ExprPtr msg;  // may be null
};
struct WithItem {
  SourceRange range;
  ExprPtr context;
  ExprPtr target;  // may be null
};
struct With : StmtOf<StmtKind::With> {
  using StmtOf::StmtOf;
  std::vector<WithItem> items;
  Block body;
};
struct Delete : StmtOf<StmtKind::Delete> {
  using StmtOf::StmtOf;
  std::vector<ExprPtr> targets;
};

// ---------------------------------------------------------------- definitions

struct Param {
  SourceRange range;
  std::string name;
  ExprPtr annotation;     // may be null (e.g. an unannotated `self`)
  ExprPtr default_value;  // may be null
};

struct FunctionDef {
  SourceRange range;
  std::string name;
  std::vector<ExprPtr> decorators;  // `@torch.jit.export` etc., outermost first
  std::vector<Param> params;
  ExprPtr return_type;  // may be null
  Block body;
};

struct Def : StmtOf<StmtKind::Def> {
  using StmtOf::StmtOf;
  std::unique_ptr<FunctionDef> def;
};

// One line of a class body other than a method:
//   `name : T`            -> type set, value null
//   `name : Final[T] = v` -> type and value set
//   `name = v`            -> type null, value set (Enum members, other dunder assignments)
//   `__annotations__["0"] = T` -> name "0", type T, value null (names that are not identifiers)
struct ClassAttr {
  SourceRange range;
  std::string name;
  ExprPtr type;
  ExprPtr value;
};

struct ClassDef {
  SourceRange range;
  std::string name;
  std::vector<ExprPtr> bases;  // Module, NamedTuple, Interface, ModuleInterface, Enum, ...
  std::vector<std::string> parameters;  // from `__parameters__ = [...]`
  std::vector<std::string> buffers;     // from `__buffers__ = [...]`
  std::vector<std::string> forward_pre_hooks;  // from `__forward_pre_hooks__ = ["m", ]`
  std::vector<std::string> forward_hooks;      // from `__forward_hooks__ = [...]`
  std::vector<ClassAttr> attributes;    // in source order
  std::vector<std::unique_ptr<FunctionDef>> methods;
};

// One code/ file.
struct Module {
  std::string file;
  int op_version_set = -1;  // from an old `op_version_set = N` header; -1 when absent
  std::vector<std::unique_ptr<ClassDef>> classes;
  std::vector<std::unique_ptr<FunctionDef>> functions;
  Block statements;  // any other top-level statement (rare), in order
};

// ---------------------------------------------------------------- helpers

// S-expression form for tests and debugging, e.g. "(call (. torch add) x 1 (kw alpha 2))".
std::string dump(const Expr& expr);
std::string dump(const Stmt& stmt);  // one line; blocks as "(block s1 s2)"
std::string dump(const FunctionDef& def);
std::string dump(const ClassDef& cls);
// One line per top-level item: "op_version_set N" (if present), classes, functions, statements.
std::string dump(const Module& module);

// "a.b.c" for a Name/Attribute chain; throws tsrt::Error (with location) otherwise.
std::string expr_to_dotted_name(const Expr& expr);

// Type annotation back to text for ir::parse_type: "List[int]", "Tuple[Tensor, Optional[int]]",
// "Tuple[()]", "__torch__.m.X", "None". Throws tsrt::Error with location for non-types.
std::string type_expr_to_string(const Expr& expr);

}  // namespace tsrt::script::ast
