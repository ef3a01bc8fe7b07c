// Recursive-descent parser for TorchScript source (see parser.h), with Python's precedence:
//   test      := binary ['if' binary 'else' test]
//   binary    := precedence climbing over, loosest first: or, and, (prefix not), comparisons
//                (== != < <= > >= in, not in, is, is not), |, ^, &, << >>, + -, * / // % @.
//                All are left-associative; comparisons too, as TorchScript's own parser reads
//                them (printed code never relies on Python's chaining).
//   factor    := ('-' | '+' | '~') factor | power;  power := postfix ['**' factor]
//   postfix   := atom ('(' args ')' | '[' subscripts ']' | '.' NAME)*
// Recursion is bounded by a depth counter and every expression node records its height, so
// hostile input yields a tsrt::Error instead of a stack overflow.
#include "frontends/script/parser.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

#include "frontends/script/lexer.h"

namespace tsrt::script {

namespace {

using ast::BinaryOp;
using ast::ExprKind;
using ast::ExprPtr;
using ast::SourceRange;

// Trees deeper than this are refused: the emitter and destructors walk them recursively.
constexpr int kMaxExprHeight = 500;

// Binary operator precedence, loosest first; `not` is a prefix between `and` and comparisons.
enum Level : int { kOr = 1, kAnd, kNot, kCompare, kBitOr, kBitXor, kBitAnd, kShift, kArith, kTerm };

struct BinaryOpSpelling {
  const char* spelling;
  Level level;
  BinaryOp op;
};

const BinaryOpSpelling kBinaryOps[] = {
    {"==", kCompare, BinaryOp::Eq},   {"!=", kCompare, BinaryOp::Ne},
    {"<", kCompare, BinaryOp::Lt},    {"<=", kCompare, BinaryOp::Le},
    {">", kCompare, BinaryOp::Gt},    {">=", kCompare, BinaryOp::Ge},
    {"|", kBitOr, BinaryOp::BitOr},   {"^", kBitXor, BinaryOp::BitXor},
    {"&", kBitAnd, BinaryOp::BitAnd}, {"<<", kShift, BinaryOp::LShift},
    {">>", kShift, BinaryOp::RShift}, {"+", kArith, BinaryOp::Add},
    {"-", kArith, BinaryOp::Sub},     {"*", kTerm, BinaryOp::Mul},
    {"/", kTerm, BinaryOp::Div},      {"//", kTerm, BinaryOp::FloorDiv},
    {"%", kTerm, BinaryOp::Mod},      {"@", kTerm, BinaryOp::MatMul},
};

const std::pair<const char*, BinaryOp> kAugmentedOps[] = {
    {"+=", BinaryOp::Add},     {"-=", BinaryOp::Sub},     {"*=", BinaryOp::Mul},
    {"/=", BinaryOp::Div},     {"//=", BinaryOp::FloorDiv}, {"%=", BinaryOp::Mod},
    {"**=", BinaryOp::Pow},    {"@=", BinaryOp::MatMul},  {"&=", BinaryOp::BitAnd},
    {"|=", BinaryOp::BitOr},   {"^=", BinaryOp::BitXor},  {"<<=", BinaryOp::LShift},
    {">>=", BinaryOp::RShift},
};

const char* describe_kind(ExprKind kind) {
  switch (kind) {
    case ExprKind::Name: return "a name";
    case ExprKind::Int:
    case ExprKind::Float: return "a number";
    case ExprKind::String: return "a string literal";
    case ExprKind::Bool: return "True/False";
    case ExprKind::None: return "None";
    case ExprKind::Ellipsis: return "'...'";
    case ExprKind::Attribute: return "an attribute";
    case ExprKind::Subscript: return "a subscript";
    case ExprKind::Slice: return "a slice";
    case ExprKind::Call: return "a function call";
    case ExprKind::Unary:
    case ExprKind::Binary: return "an operator expression";
    case ExprKind::Ternary: return "a conditional expression";
    case ExprKind::List: return "a list literal";
    case ExprKind::Tuple: return "a tuple";
    case ExprKind::Dict: return "a dict literal";
    case ExprKind::ListComp:
    case ExprKind::DictComp: return "a comprehension";
  }
  return "an expression";
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string filename)
      : tokens_(std::move(tokens)), file_(std::move(filename)) {}

  std::unique_ptr<ast::Module> parse_module() {
    auto module = std::make_unique<ast::Module>();
    module->file = file_;
    while (cur().kind != TokenKind::End) {
      if (cur().kind == TokenKind::Newline) {
        advance();
      } else if (cur().kind == TokenKind::Indent) {
        fail(cur().range, "unexpected indent");
      } else if (cur().is_keyword("import") || cur().is_keyword("from")) {
        skip_import();
      } else if (cur().is_keyword("class")) {
        module->classes.push_back(parse_class());
      } else if (cur().is_keyword("def") || cur().is_op("@")) {
        module->functions.push_back(parse_function());
      } else {
        parse_statement(module->statements);
        take_op_version_set(*module);
      }
    }
    return module;
  }

  ExprPtr parse_whole_expression() {
    ExprPtr expr = parse_testlist();
    while (cur().kind == TokenKind::Newline) advance();
    if (cur().kind != TokenKind::End) {
      fail_here("unexpected " + describe(cur()) + " after expression");
    }
    return expr;
  }

 private:
  // ---------------------------------------------------------------- token helpers

  const Token& cur() const { return tokens_[pos_]; }
  const Token& ahead(size_t n) const {
    return tokens_[std::min(pos_ + n, tokens_.size() - 1)];
  }
  const Token& advance() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;  // never move past End
    return token;
  }
  bool accept_op(const char* op) {
    if (!cur().is_op(op)) return false;
    advance();
    return true;
  }
  bool accept_keyword(const char* word) {
    if (!cur().is_keyword(word)) return false;
    advance();
    return true;
  }
  [[noreturn]] void fail(const SourceRange& at, const std::string& message) const {
    ast::error_at(at, message);
  }
  [[noreturn]] void fail_here(const std::string& message) const { fail(cur().range, message); }
  void expect_op(const char* op, const std::string& context) {
    if (!accept_op(op)) {
      fail_here(std::string("expected '") + op + "' " + context + ", got " + describe(cur()));
    }
  }
  void expect_keyword(const char* word, const std::string& context) {
    if (!accept_keyword(word)) {
      fail_here(std::string("expected '") + word + "' " + context + ", got " + describe(cur()));
    }
  }
  std::string expect_name(const std::string& what) {
    if (cur().kind != TokenKind::Name) fail_here("expected " + what + ", got " + describe(cur()));
    return advance().text;
  }
  void expect_newline(const std::string& context) {
    if (cur().kind == TokenKind::End) return;
    if (cur().kind != TokenKind::Newline) {
      fail_here("expected end of line " + context + ", got " + describe(cur()));
    }
    advance();
  }

  // Counts recursion depth; refuses input nested deeper than kMaxNestingDepth.
  class DepthGuard {
   public:
    DepthGuard(Parser& parser, const SourceRange& at) : parser_(parser) {
      if (++parser_.depth_ > kMaxNestingDepth) {
        --parser_.depth_;
        ast::error_at(at, "nesting too deep (more than " + std::to_string(kMaxNestingDepth) +
                              " levels of expressions or blocks)");
      }
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& parser_;
  };

  // ---------------------------------------------------------------- node helpers

  template <typename T>
  static std::unique_ptr<T> make(const SourceRange& at) {
    return std::make_unique<T>(at);
  }
  static int height(const ExprPtr& expr) { return expr ? expr->height : 0; }
  static int height(const std::vector<ExprPtr>& exprs) {
    int result = 0;
    for (const auto& expr : exprs) result = std::max(result, height(expr));
    return result;
  }
  // Sets a new node's height from its tallest child and returns it as an ExprPtr.
  template <typename T>
  ExprPtr seal(std::unique_ptr<T> node, int tallest_child) {
    node->height = tallest_child + 1;
    if (node->height > kMaxExprHeight) {
      fail(node->range, "expression nested too deeply (more than " +
                            std::to_string(kMaxExprHeight) + " levels)");
    }
    return node;
  }

  static bool starts_expression(const Token& token) {
    switch (token.kind) {
      case TokenKind::Name:
      case TokenKind::Int:
      case TokenKind::Float:
      case TokenKind::String: return true;
      case TokenKind::Keyword:
        return token.text == "None" || token.text == "True" || token.text == "False" ||
               token.text == "not" || token.text == "lambda";
      case TokenKind::Op:
        return token.text == "(" || token.text == "[" || token.text == "{" || token.text == "-" ||
               token.text == "+" || token.text == "~" || token.text == "...";
      default: return false;
    }
  }

  // ---------------------------------------------------------------- top level

  void skip_import() {
    while (cur().kind != TokenKind::Newline && cur().kind != TokenKind::End) advance();
    advance();
  }

  // Old archives start with `op_version_set = N`: record it instead of keeping a statement.
  static void take_op_version_set(ast::Module& module) {
    if (module.statements.empty() || !module.statements.back()->is<ast::Assign>()) return;
    const auto& assign = module.statements.back()->as<ast::Assign>();
    if (assign.targets.size() != 1 || !assign.targets[0]->is<ast::Name>() ||
        assign.targets[0]->as<ast::Name>().name != "op_version_set" || !assign.value ||
        !assign.value->is<ast::IntLiteral>()) {
      return;
    }
    const int64_t version = assign.value->as<ast::IntLiteral>().value;
    module.op_version_set = static_cast<int>(std::clamp<int64_t>(version, -1, 1 << 30));
    module.statements.pop_back();
  }

  std::unique_ptr<ast::ClassDef> parse_class() {
    auto cls = std::make_unique<ast::ClassDef>();
    cls->range = advance().range;  // 'class'
    cls->name = expect_name("a class name after 'class'");
    if (accept_op("(")) {
      while (!cur().is_op(")")) {
        cls->bases.push_back(parse_test());
        if (!accept_op(",")) break;
      }
      expect_op(")", "after the base classes of class " + cls->name);
    }
    expect_op(":", "after class " + cls->name);
    ast::Block body;
    if (accept_newline_and_indent("class " + cls->name)) {
      while (cur().kind != TokenKind::Dedent && cur().kind != TokenKind::End) {
        if (cur().is_keyword("def") || cur().is_op("@")) {
          cls->methods.push_back(parse_function());
          continue;
        }
        if (cur().is_keyword("class")) fail_here("nested classes are not supported");
        parse_statement(body);
      }
      advance();  // Dedent
    } else {
      parse_simple_line(body);
    }
    for (auto& stmt : body) add_class_member(*cls, std::move(stmt));
    return cls;
  }

  static std::vector<std::string> string_list(const ast::Assign& assign, const std::string& what) {
    if (!assign.value || !assign.value->is<ast::ListLiteral>()) {
      ast::error_at(assign.range, what + " must be a list of strings");
    }
    std::vector<std::string> names;
    for (const auto& element : assign.value->as<ast::ListLiteral>().elements) {
      if (!element->is<ast::StringLiteral>()) {
        ast::error_at(element->range, what + " must be a list of strings");
      }
      names.push_back(element->as<ast::StringLiteral>().value);
    }
    return names;
  }

  // Sorts one statement of a class body into parameters, buffers or attributes.
  static void add_class_member(ast::ClassDef& cls, ast::StmtPtr stmt) {
    if (stmt->is<ast::Pass>()) return;
    if (stmt->is<ast::ExprStmt>() && stmt->as<ast::ExprStmt>().value->is<ast::StringLiteral>()) {
      return;  // docstring
    }
    if (!stmt->is<ast::Assign>() || stmt->as<ast::Assign>().targets.size() != 1) {
      ast::error_at(stmt->range, "unsupported statement in body of class " + cls.name +
                                     " (expected attributes, constants or methods)");
    }
    auto& assign = stmt->as<ast::Assign>();
    const ast::Expr& target = *assign.targets[0];
    ast::ClassAttr attr;
    attr.range = assign.range;
    if (target.is<ast::Name>()) {
      attr.name = target.as<ast::Name>().name;
      if (!assign.annotation && attr.name == "__parameters__") {
        cls.parameters = string_list(assign, "__parameters__");
        return;
      }
      if (!assign.annotation && attr.name == "__buffers__") {
        cls.buffers = string_list(assign, "__buffers__");
        return;
      }
      if (!assign.annotation && attr.name == "__forward_pre_hooks__") {
        cls.forward_pre_hooks = string_list(assign, "__forward_pre_hooks__");
        return;
      }
      if (!assign.annotation && attr.name == "__forward_hooks__") {
        cls.forward_hooks = string_list(assign, "__forward_hooks__");
        return;
      }
      attr.type = std::move(assign.annotation);
      attr.value = std::move(assign.value);
    } else if (target.is<ast::Subscript>() && !assign.annotation && assign.value &&
               target.as<ast::Subscript>().value->is<ast::Name>() &&
               target.as<ast::Subscript>().value->as<ast::Name>().name == "__annotations__" &&
               target.as<ast::Subscript>().indices.size() == 1 &&
               target.as<ast::Subscript>().indices[0]->is<ast::StringLiteral>()) {
      // `__annotations__["0"] = T` declares an attribute whose name is not an identifier.
      attr.name = target.as<ast::Subscript>().indices[0]->as<ast::StringLiteral>().value;
      attr.type = std::move(assign.value);
    } else {
      ast::error_at(stmt->range, "unsupported assignment in body of class " + cls.name);
    }
    cls.attributes.push_back(std::move(attr));
  }

  std::unique_ptr<ast::FunctionDef> parse_function() {
    auto def = std::make_unique<ast::FunctionDef>();
    def->range = cur().range;
    while (cur().is_op("@")) {
      advance();
      def->decorators.push_back(parse_test());
      expect_newline("after decorator");
    }
    expect_keyword("def", "after decorator");
    def->name = expect_name("a function name after 'def'");
    expect_op("(", "after function name " + def->name);
    while (!cur().is_op(")")) {
      if (cur().is_op("*") || cur().is_op("**")) {
        fail_here("star parameters are not supported (in def " + def->name + ")");
      }
      ast::Param param;
      param.range = cur().range;
      param.name = expect_name("a parameter name");
      if (accept_op(":")) param.annotation = parse_test();
      if (accept_op("=")) param.default_value = parse_test();
      def->params.push_back(std::move(param));
      if (!accept_op(",")) break;
    }
    expect_op(")", "after the parameters of " + def->name);
    if (accept_op("->")) def->return_type = parse_test();
    expect_op(":", "after the signature of " + def->name);
    parse_suite(def->body, "def " + def->name);
    return def;
  }

  // ---------------------------------------------------------------- statements

  // After a ':' — true (and consumed) for NEWLINE INDENT; false for a one-line body.
  bool accept_newline_and_indent(const std::string& owner) {
    if (cur().kind != TokenKind::Newline) return false;
    advance();
    if (cur().kind != TokenKind::Indent) {
      fail_here("expected an indented block after " + owner + ", got " + describe(cur()));
    }
    advance();
    return true;
  }

  void parse_suite(ast::Block& block, const std::string& owner) {
    DepthGuard guard(*this, cur().range);
    if (accept_newline_and_indent(owner)) {
      while (cur().kind != TokenKind::Dedent && cur().kind != TokenKind::End) {
        parse_statement(block);
      }
      advance();  // Dedent
    } else {
      parse_simple_line(block);
    }
  }

  void parse_statement(ast::Block& out) {
    const Token& token = cur();
    if (token.kind == TokenKind::Indent) fail_here("unexpected indent");
    if (token.kind == TokenKind::Keyword) {
      const std::string& word = token.text;
      if (word == "if") {
        out.push_back(parse_if());
        return;
      }
      if (word == "while") {
        out.push_back(parse_while());
        return;
      }
      if (word == "for") {
        out.push_back(parse_for());
        return;
      }
      if (word == "with") {
        out.push_back(parse_with());
        return;
      }
      if (word == "def") {
        auto stmt = make<ast::Def>(token.range);
        stmt->def = parse_function();
        out.push_back(std::move(stmt));
        return;
      }
      if (word == "class") fail_here("a class may only be defined at the top level");
      if (word == "try") fail_here("try/except is not supported in TorchScript");
      if (word == "elif" || word == "else") fail_here("'" + word + "' without a matching 'if'");
    }
    if (token.is_op("@")) {
      auto stmt = make<ast::Def>(token.range);
      stmt->def = parse_function();
      out.push_back(std::move(stmt));
      return;
    }
    parse_simple_line(out);
  }

  // One or more `;`-separated simple statements and the end of the line.
  void parse_simple_line(ast::Block& out) {
    while (true) {
      out.push_back(parse_small_statement());
      if (!accept_op(";")) break;
      if (cur().kind == TokenKind::Newline || cur().kind == TokenKind::End) break;
    }
    expect_newline("after statement");
  }

  ast::StmtPtr parse_small_statement() {
    const Token& token = cur();
    const SourceRange at = token.range;
    if (token.kind == TokenKind::Keyword) {
      const std::string word = token.text;
      if (word == "pass") {
        advance();
        return make<ast::Pass>(at);
      }
      if (word == "break") {
        advance();
        return make<ast::Break>(at);
      }
      if (word == "continue") {
        advance();
        return make<ast::Continue>(at);
      }
      if (word == "return") {
        advance();
        auto stmt = make<ast::Return>(at);
        if (starts_expression(cur())) stmt->value = parse_testlist();
        return stmt;
      }
      if (word == "raise") {
        advance();
        auto stmt = make<ast::Raise>(at);
        if (starts_expression(cur())) stmt->exc = parse_test();
        if (cur().is_keyword("from")) fail_here("'raise ... from' is not supported");
        return stmt;
      }
      if (word == "assert") {
        advance();
        auto stmt = make<ast::Assert>(at);
        stmt->cond = parse_test();
        if (accept_op(",")) stmt->msg = parse_test();
        return stmt;
      }
      if (word == "del") {
        advance();
        auto stmt = make<ast::Delete>(at);
        while (true) {
          ExprPtr target = parse_test();
          check_target(*target);
          stmt->targets.push_back(std::move(target));
          if (!accept_op(",") || !starts_expression(cur())) break;
        }
        return stmt;
      }
      if (word == "global" || word == "nonlocal" || word == "import" || word == "from" ||
          word == "yield" || word == "async" || word == "await") {
        fail_here("'" + word + "' is not supported here");
      }
    }
    return parse_expression_statement();
  }

  // Expression statement, assignment (`a = b = v`, `a, b, = t`), `x : T [= v]`, or `a += v`.
  ast::StmtPtr parse_expression_statement() {
    const SourceRange at = cur().range;
    ExprPtr first = parse_testlist();
    if (accept_op(":")) {
      if (!first->is<ast::Name>() && !first->is<ast::Attribute>() &&
          !first->is<ast::Subscript>()) {
        fail(first->range, std::string("cannot annotate ") + describe_kind(first->kind));
      }
      auto stmt = make<ast::Assign>(at);
      stmt->annotation = parse_test();
      if (accept_op("=")) stmt->value = parse_testlist();
      stmt->targets.push_back(std::move(first));
      return stmt;
    }
    for (const auto& [spelling, op] : kAugmentedOps) {
      if (!cur().is_op(spelling)) continue;
      advance();
      if (!first->is<ast::Name>() && !first->is<ast::Attribute>() &&
          !first->is<ast::Subscript>()) {
        fail(first->range, std::string("cannot use ") + spelling + " on " +
                               describe_kind(first->kind));
      }
      auto stmt = make<ast::AugAssign>(at);
      stmt->target = std::move(first);
      stmt->op = op;
      stmt->value = parse_testlist();
      return stmt;
    }
    if (cur().is_op("=")) {
      auto stmt = make<ast::Assign>(at);
      ExprPtr last = std::move(first);
      while (accept_op("=")) {
        check_target(*last);
        stmt->targets.push_back(std::move(last));
        last = parse_testlist();
      }
      stmt->value = std::move(last);
      return stmt;
    }
    auto stmt = make<ast::ExprStmt>(at);
    stmt->value = std::move(first);
    return stmt;
  }

  // Names, attributes, subscripts, and tuples/lists of those may be assigned to.
  void check_target(const ast::Expr& target) const {
    switch (target.kind) {
      case ExprKind::Name:
      case ExprKind::Attribute:
      case ExprKind::Subscript: return;
      case ExprKind::Tuple:
        for (const auto& element : target.as<ast::TupleLiteral>().elements) check_target(*element);
        return;
      case ExprKind::List:
        for (const auto& element : target.as<ast::ListLiteral>().elements) check_target(*element);
        return;
      default: fail(target.range, std::string("cannot assign to ") + describe_kind(target.kind));
    }
  }

  ast::StmtPtr parse_if() {
    DepthGuard guard(*this, cur().range);
    auto stmt = make<ast::If>(advance().range);  // 'if' or 'elif'
    stmt->cond = parse_test();
    expect_op(":", "after if condition");
    parse_suite(stmt->then_body, "'if' on line " + std::to_string(stmt->range.line));
    if (cur().is_keyword("elif")) {
      stmt->else_body.push_back(parse_if());
    } else if (accept_keyword("else")) {
      expect_op(":", "after 'else'");
      parse_suite(stmt->else_body, "'else' of the 'if' on line " +
                                       std::to_string(stmt->range.line));
    }
    return stmt;
  }

  ast::StmtPtr parse_while() {
    auto stmt = make<ast::While>(advance().range);
    stmt->cond = parse_test();
    expect_op(":", "after while condition");
    parse_suite(stmt->body, "'while' on line " + std::to_string(stmt->range.line));
    if (cur().is_keyword("else")) fail_here("while/else is not supported");
    return stmt;
  }

  ast::StmtPtr parse_for() {
    auto stmt = make<ast::For>(advance().range);
    stmt->target = parse_target_list();
    expect_keyword("in", "after the for-loop variable");
    stmt->iter = parse_testlist();
    expect_op(":", "after for-loop header");
    parse_suite(stmt->body, "'for' on line " + std::to_string(stmt->range.line));
    if (cur().is_keyword("else")) fail_here("for/else is not supported");
    return stmt;
  }

  ast::StmtPtr parse_with() {
    auto stmt = make<ast::With>(advance().range);
    while (true) {
      ast::WithItem item;
      item.range = cur().range;
      item.context = parse_test();
      if (accept_keyword("as")) {
        item.target = parse_binary(kBitOr);
        check_target(*item.target);
      }
      stmt->items.push_back(std::move(item));
      if (!accept_op(",")) break;
    }
    expect_op(":", "after with items");
    parse_suite(stmt->body, "'with' on line " + std::to_string(stmt->range.line));
    return stmt;
  }

  // Loop variables: `x`, `a, b`, `(a, b)`; parsed above comparisons so `in` ends them.
  ExprPtr parse_target_list() {
    const SourceRange at = cur().range;
    ExprPtr first = parse_binary(kBitOr);
    if (!cur().is_op(",")) {
      check_target(*first);
      return first;
    }
    auto tuple = make<ast::TupleLiteral>(at);
    tuple->elements.push_back(std::move(first));
    while (accept_op(",")) {
      if (!starts_expression(cur())) break;
      tuple->elements.push_back(parse_binary(kBitOr));
    }
    const int tallest = height(tuple->elements);
    ExprPtr result = seal(std::move(tuple), tallest);
    check_target(*result);
    return result;
  }

  // ---------------------------------------------------------------- expressions

  // `a` or `a, b,` (a Tuple when there is a comma).
  ExprPtr parse_testlist() {
    const SourceRange at = cur().range;
    ExprPtr first = parse_test();
    if (!cur().is_op(",")) return first;
    auto tuple = make<ast::TupleLiteral>(at);
    tuple->elements.push_back(std::move(first));
    while (accept_op(",")) {
      if (!starts_expression(cur())) break;
      tuple->elements.push_back(parse_test());
    }
    const int tallest = height(tuple->elements);
    return seal(std::move(tuple), tallest);
  }

  ExprPtr parse_test() {
    DepthGuard guard(*this, cur().range);
    if (cur().is_keyword("lambda")) fail_here("lambda is not supported");
    ExprPtr value = parse_binary(kOr);
    if (!cur().is_keyword("if")) return value;
    advance();
    auto node = make<ast::Ternary>(value->range);
    node->then_value = std::move(value);
    node->cond = parse_binary(kOr);
    expect_keyword("else", "in conditional expression");
    node->else_value = parse_test();
    const int tallest =
        std::max({height(node->cond), height(node->then_value), height(node->else_value)});
    return seal(std::move(node), tallest);
  }

  ExprPtr make_binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs, const SourceRange& at) {
    auto node = make<ast::Binary>(at);
    node->op = op;
    const int tallest = std::max(height(lhs), height(rhs));
    node->lhs = std::move(lhs);
    node->rhs = std::move(rhs);
    return seal(std::move(node), tallest);
  }

  // The binary operator at the cursor, not consumed: level 0 when there is none; `length`
  // is 2 for `not in` and `is not`.
  struct BinaryToken {
    int level = 0;
    BinaryOp op = BinaryOp::Add;
    int length = 1;
  };
  BinaryToken peek_binary_op() const {
    const Token& token = cur();
    if (token.kind == TokenKind::Keyword) {
      if (token.text == "or") return {kOr, BinaryOp::Or, 1};
      if (token.text == "and") return {kAnd, BinaryOp::And, 1};
      if (token.text == "in") return {kCompare, BinaryOp::In, 1};
      if (token.text == "not" && ahead(1).is_keyword("in")) return {kCompare, BinaryOp::NotIn, 2};
      if (token.text == "is" && ahead(1).is_keyword("not")) return {kCompare, BinaryOp::IsNot, 2};
      if (token.text == "is") return {kCompare, BinaryOp::Is, 1};
      return {};
    }
    if (token.kind != TokenKind::Op) return {};
    for (const auto& entry : kBinaryOps) {
      if (token.text == entry.spelling) return {entry.level, entry.op, 1};
    }
    return {};
  }

  // Operators of `min_level` or tighter, by precedence climbing: the right operand of an
  // operator only takes tighter operators, so a chain stays left-associative and a
  // parenthesised sub-expression costs a handful of stack frames, not one per level.
  ExprPtr parse_binary(int min_level) {
    ExprPtr lhs;
    if (min_level <= kNot && cur().is_keyword("not")) {
      DepthGuard guard(*this, cur().range);
      auto node = make<ast::Unary>(advance().range);
      node->op = ast::UnaryOp::Not;
      node->operand = parse_binary(kNot);
      const int tallest = height(node->operand);
      lhs = seal(std::move(node), tallest);
    } else {
      lhs = parse_factor();
    }
    while (true) {
      const BinaryToken next = peek_binary_op();
      if (next.level == 0 || next.level < min_level) return lhs;
      const size_t op_index = pos_;
      for (int i = 0; i < next.length; ++i) advance();
      ExprPtr rhs = parse_binary(next.level + 1);
      lhs = make_binary(next.op, std::move(lhs), std::move(rhs), tokens_[op_index].range);
    }
  }

  ExprPtr parse_factor() {
    const Token& token = cur();
    if (token.is_op("-") || token.is_op("+") || token.is_op("~")) return parse_unary();
    return parse_power();
  }

  // Kept out of line so the common, operator-free path through parse_factor stays small.
  [[gnu::noinline]] ExprPtr parse_unary() {
    const Token& token = cur();
    DepthGuard guard(*this, token.range);
    const SourceRange at = token.range;
    const std::string spelling = token.text;
    advance();
    // -9223372036854775808 is the only literal whose magnitude exceeds int64.
    if (spelling == "-" && cur().kind == TokenKind::Int && cur().int_value == (uint64_t{1} << 63) &&
        !ahead(1).is_op("**") && !ahead(1).is_op(".") && !ahead(1).is_op("[") &&
        !ahead(1).is_op("(")) {
      advance();
      auto literal = make<ast::IntLiteral>(at);
      literal->value = INT64_MIN;
      return seal(std::move(literal), 0);
    }
    ExprPtr operand = parse_factor();
    // Fold `-3` and `-1.5` into literals: the emitter wants constants, not negations.
    if (spelling == "-" && operand->is<ast::IntLiteral>() && operand->height == 1) {
      auto& literal = operand->as<ast::IntLiteral>();
      if (literal.value != INT64_MIN) {
        literal.value = -literal.value;
        literal.range = at;
        return operand;
      }
    }
    if (spelling == "-" && operand->is<ast::FloatLiteral>()) {
      auto& literal = operand->as<ast::FloatLiteral>();
      literal.value = -literal.value;
      literal.range = at;
      return operand;
    }
    auto node = make<ast::Unary>(at);
    node->op = spelling == "-" ? ast::UnaryOp::Neg
                               : spelling == "+" ? ast::UnaryOp::Pos : ast::UnaryOp::Invert;
    node->operand = std::move(operand);
    const int tallest = height(node->operand);
    return seal(std::move(node), tallest);
  }

  ExprPtr parse_power() {
    ExprPtr base = parse_postfix();
    if (!cur().is_op("**")) return base;
    const SourceRange at = advance().range;
    ExprPtr exponent = parse_factor();
    return make_binary(BinaryOp::Pow, std::move(base), std::move(exponent), at);
  }

  ExprPtr parse_postfix() {
    ExprPtr expr = parse_atom();
    while (true) {
      if (accept_op(".")) {
        if (cur().kind != TokenKind::Name) {
          fail_here("expected an attribute name after '.', got " + describe(cur()));
        }
        auto node = make<ast::Attribute>(expr->range);
        node->name = advance().text;
        const int tallest = height(expr);
        node->value = std::move(expr);
        expr = seal(std::move(node), tallest);
      } else if (cur().is_op("(")) {
        expr = parse_call(std::move(expr));
      } else if (cur().is_op("[")) {
        expr = parse_subscript(std::move(expr));
      } else {
        return expr;
      }
    }
  }

  [[gnu::noinline]] ExprPtr parse_call(ExprPtr func) {
    advance();  // '('
    auto node = make<ast::Call>(func->range);
    int tallest = height(func);
    node->func = std::move(func);
    while (!cur().is_op(")")) {
      if (cur().is_op("*") || cur().is_op("**")) fail_here("star arguments are not supported");
      if (cur().kind == TokenKind::Name && ahead(1).is_op("=")) {
        ast::Keyword keyword;
        keyword.range = cur().range;
        keyword.name = advance().text;
        advance();  // '='
        keyword.value = parse_test();
        tallest = std::max(tallest, height(keyword.value));
        node->kwargs.push_back(std::move(keyword));
      } else {
        if (!node->kwargs.empty()) fail_here("positional argument follows keyword argument");
        ExprPtr arg = parse_test();
        if (cur().is_keyword("for")) fail_here("generator expressions are not supported");
        tallest = std::max(tallest, height(arg));
        node->args.push_back(std::move(arg));
      }
      if (!accept_op(",")) break;
    }
    expect_op(")", "to close the argument list");
    return seal(std::move(node), tallest);
  }

  [[gnu::noinline]] ExprPtr parse_subscript(ExprPtr value) {
    advance();  // '['
    auto node = make<ast::Subscript>(value->range);
    int tallest = height(value);
    node->value = std::move(value);
    if (cur().is_op("]")) fail_here("expected an index inside '[]'");
    while (!cur().is_op("]")) {
      ExprPtr index = parse_index();
      tallest = std::max(tallest, height(index));
      node->indices.push_back(std::move(index));
      if (!accept_op(",")) break;
    }
    expect_op("]", "to close the subscript");
    return seal(std::move(node), tallest);
  }

  // One index: an expression or a slice `lower:upper:step` with any part omitted.
  ExprPtr parse_index() {
    const SourceRange at = cur().range;
    ExprPtr lower;
    if (!cur().is_op(":")) {
      lower = parse_test();
      if (!cur().is_op(":")) return lower;
    }
    advance();  // ':'
    auto slice = make<ast::Slice>(at);
    slice->lower = std::move(lower);
    auto ends_part = [this] { return cur().is_op(":") || cur().is_op("]") || cur().is_op(","); };
    if (!ends_part()) slice->upper = parse_test();
    if (accept_op(":") && !cur().is_op("]") && !cur().is_op(",")) slice->step = parse_test();
    const int tallest =
        std::max({height(slice->lower), height(slice->upper), height(slice->step)});
    return seal(std::move(slice), tallest);
  }

  ExprPtr parse_atom() {
    const Token& token = cur();
    const SourceRange at = token.range;
    switch (token.kind) {
      case TokenKind::Name: {
        auto node = make<ast::Name>(at);
        node->name = advance().text;
        return seal(std::move(node), 0);
      }
      case TokenKind::Int: {
        if (token.int_value > static_cast<uint64_t>(INT64_MAX)) {
          fail(at, "integer literal out of range for a 64-bit int");
        }
        auto node = make<ast::IntLiteral>(at);
        node->value = static_cast<int64_t>(advance().int_value);
        return seal(std::move(node), 0);
      }
      case TokenKind::Float: {
        auto node = make<ast::FloatLiteral>(at);
        node->value = advance().float_value;
        return seal(std::move(node), 0);
      }
      case TokenKind::String: {
        auto node = make<ast::StringLiteral>(at);
        while (cur().kind == TokenKind::String) node->value += advance().text;  // "a" "b"
        return seal(std::move(node), 0);
      }
      case TokenKind::Keyword:
        if (token.text == "None") {
          advance();
          return seal(make<ast::NoneLiteral>(at), 0);
        }
        if (token.text == "True" || token.text == "False") {
          auto node = make<ast::BoolLiteral>(at);
          node->value = advance().text == "True";
          return seal(std::move(node), 0);
        }
        break;
      case TokenKind::Op:
        if (token.text == "...") {
          advance();
          return seal(make<ast::EllipsisLiteral>(at), 0);
        }
        if (token.text == "(") return parse_parenthesized();
        if (token.text == "[") return parse_list();
        if (token.text == "{") return parse_dict();
        break;
      default: break;
    }
    fail(at, "expected an expression, got " + describe(token));
  }

  ExprPtr parse_parenthesized() {
    const SourceRange at = advance().range;  // '('
    if (accept_op(")")) return seal(make<ast::TupleLiteral>(at), 0);
    ExprPtr first = parse_test();
    if (cur().is_keyword("for")) fail_here("generator expressions are not supported");
    if (accept_op(")")) return first;
    if (!cur().is_op(",")) {
      fail_here("expected ',' or ')' after expression, got " + describe(cur()));
    }
    auto tuple = make<ast::TupleLiteral>(at);
    tuple->elements.push_back(std::move(first));
    while (accept_op(",")) {
      if (cur().is_op(")")) break;
      tuple->elements.push_back(parse_test());
    }
    expect_op(")", "to close the tuple");
    const int tallest = height(tuple->elements);
    return seal(std::move(tuple), tallest);
  }

  // `for target in iter [if cond]` of a comprehension.
  void parse_comprehension_tail(ExprPtr& target, ExprPtr& iter, ExprPtr& cond) {
    expect_keyword("for", "in comprehension");
    target = parse_target_list();
    expect_keyword("in", "in comprehension");
    iter = parse_binary(kOr);
    if (accept_keyword("if")) cond = parse_binary(kOr);
    if (cur().is_keyword("for") || cur().is_keyword("if")) {
      fail_here("comprehensions with several 'for'/'if' clauses are not supported");
    }
  }

  [[gnu::noinline]] ExprPtr parse_list() {
    const SourceRange at = advance().range;  // '['
    auto list = make<ast::ListLiteral>(at);
    if (accept_op("]")) return seal(std::move(list), 0);
    ExprPtr first = parse_test();
    if (cur().is_keyword("for")) {
      auto comp = make<ast::ListComp>(at);
      comp->element = std::move(first);
      parse_comprehension_tail(comp->target, comp->iter, comp->cond);
      expect_op("]", "to close the list comprehension");
      const int tallest = std::max({height(comp->element), height(comp->target),
                                    height(comp->iter), height(comp->cond)});
      return seal(std::move(comp), tallest);
    }
    list->elements.push_back(std::move(first));
    while (accept_op(",")) {
      if (cur().is_op("]")) break;
      list->elements.push_back(parse_test());
    }
    expect_op("]", "to close the list");
    const int tallest = height(list->elements);
    return seal(std::move(list), tallest);
  }

  [[gnu::noinline]] ExprPtr parse_dict() {
    const SourceRange at = advance().range;  // '{'
    auto dict = make<ast::DictLiteral>(at);
    if (accept_op("}")) return seal(std::move(dict), 0);
    ExprPtr key = parse_test();
    if (!cur().is_op(":")) fail_here("set literals are not supported (expected ':' in dict)");
    advance();
    ExprPtr value = parse_test();
    if (cur().is_keyword("for")) {
      auto comp = make<ast::DictComp>(at);
      comp->key = std::move(key);
      comp->value = std::move(value);
      parse_comprehension_tail(comp->target, comp->iter, comp->cond);
      expect_op("}", "to close the dict comprehension");
      const int tallest = std::max({height(comp->key), height(comp->value), height(comp->target),
                                    height(comp->iter), height(comp->cond)});
      return seal(std::move(comp), tallest);
    }
    dict->keys.push_back(std::move(key));
    dict->values.push_back(std::move(value));
    while (accept_op(",")) {
      if (cur().is_op("}")) break;
      dict->keys.push_back(parse_test());
      expect_op(":", "between dict key and value");
      dict->values.push_back(parse_test());
    }
    expect_op("}", "to close the dict");
    const int tallest = std::max(height(dict->keys), height(dict->values));
    return seal(std::move(dict), tallest);
  }

  std::vector<Token> tokens_;
  std::string file_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

std::unique_ptr<ast::Module> parse_file(const std::string& source, const std::string& filename) {
  return Parser(tokenize(source, filename), filename).parse_module();
}

ast::ExprPtr parse_expression(const std::string& source, const std::string& filename) {
  return Parser(tokenize(source, filename), filename).parse_whole_expression();
}

}  // namespace tsrt::script
