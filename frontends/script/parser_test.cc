// Parser tests: every code/ file of the real and torch-generated archives parses to exactly
// what CPython's `ast` module reads from it (goldens by testdata/extract_code.py), chosen
// snippets have the expected structure, errors carry file:line:col, and truncated, mutated or
// random input only ever raises tsrt::Error.
#include "frontends/script/parser.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "frontends/script/lexer.h"

namespace tsrt::script {
namespace {

const char* kFile = "code/__torch__/m.py";

std::string script_testdata() {
  const char* dir = std::getenv("TSRT_TESTDATA");
  if (dir == nullptr) {
    ADD_FAILURE() << "TSRT_TESTDATA is not set: run tools/make_testdata.sh and pass it";
    return "";
  }
  return std::string(dir) + "/script/";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> corpus_files() {
  const std::string dir = script_testdata();
  std::vector<std::string> files;
  if (dir.empty()) return files;
  std::istringstream manifest(read_text(dir + "MANIFEST"));
  for (std::string line; std::getline(manifest, line);) {
    if (!line.empty()) files.push_back(line);
  }
  return files;
}

std::string expr(const std::string& text) { return ast::dump(*parse_expression(text, kFile)); }
std::string module(const std::string& source) { return ast::dump(*parse_file(source, kFile)); }
std::string type_text(const std::string& text) {
  return ast::type_expr_to_string(*parse_expression(text, kFile));
}

// The message of the tsrt::Error that parsing `source` raises, or "" when it parses.
std::string parse_error(const std::string& source) {
  try {
    parse_file(source, kFile);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

// Parsing may fail, but only with tsrt::Error; anything else (or a crash) fails the test.
void parse_or_reject(const std::string& source, const std::string& what) {
  try {
    auto parsed = parse_file(source, kFile);
    ast::dump(*parsed);
  } catch (const Error&) {
  } catch (const std::exception& other) {
    ADD_FAILURE() << what << ": unexpected exception " << other.what();
  }
}

// ---------------------------------------------------------------- real code

TEST(ParserCorpus, EveryFileMatchesCPythonsParse) {
  const std::vector<std::string> files = corpus_files();
  ASSERT_GE(files.size(), 40u) << "expected the real archives plus the generated ones";
  const std::string dir = script_testdata();
  for (const std::string& file : files) {
    const std::string source = read_text(dir + file);
    std::string dumped;
    try {
      dumped = ast::dump(*parse_file(source, "code/" + file));
    } catch (const Error& error) {
      ADD_FAILURE() << error.what();
      continue;
    }
    EXPECT_EQ(dumped, read_text(dir + file + ".sexp")) << "in " << file;
  }
}

TEST(ParserCorpus, TruncatedAndMutatedFilesOnlyRaiseErrors) {
  const std::vector<std::string> files = corpus_files();
  ASSERT_FALSE(files.empty());
  const std::string dir = script_testdata();
  std::mt19937 rng(1234);
  const std::string noise = "():[]{},.=\n \"'#\\-+*x0_1e";
  for (const std::string& file : files) {
    const std::string source = read_text(dir + file);
    // Every cut point of small files, ~300 evenly spread ones of large files.
    const size_t step = std::max<size_t>(1, source.size() / 300);
    for (size_t cut = 0; cut < source.size(); cut += step) {
      parse_or_reject(source.substr(0, cut), file + " cut at " + std::to_string(cut));
    }
    for (int round = 0; round < 50 && !source.empty(); ++round) {
      std::string mutated = source;
      for (int edit = 0; edit < 3; ++edit) {
        mutated[rng() % mutated.size()] = noise[rng() % noise.size()];
      }
      parse_or_reject(mutated, file + " mutated");
    }
  }
}

TEST(ParserRobustness, RandomBytesAndTokenSoupOnlyRaiseErrors) {
  std::mt19937 rng(42);
  const char* vocabulary[] = {"def ", "class ", "if ", "else", ":", "\n", "  ", "(", ")", "[",
                              "]", "{", "}", ",", "x", "1", "2.5", "\"s\"", "=", "+", "-",
                              "**", "not ", "in ", "is ", "for ", "while ", "return ", "pass",
                              "lambda", ".", "...", "'", "\\\n", "#c\n", "@", "->", "elif "};
  for (int round = 0; round < 3000; ++round) {
    std::string bytes(rng() % 200, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    parse_or_reject(bytes, "random bytes");
    std::string soup;
    const size_t length = rng() % 80;
    for (size_t i = 0; i < length; ++i) soup += vocabulary[rng() % std::size(vocabulary)];
    parse_or_reject(soup, "token soup: " + soup);
  }
}

TEST(ParserRobustness, DeepNestingIsAnErrorNotACrash) {
  const int n = 100000;
  EXPECT_NE(parse_error("x = " + std::string(n, '(') + "1" + std::string(n, ')') + "\n").find(
                "nesting too deep"),
            std::string::npos);
  EXPECT_NE(parse_error("x = " + std::string(n, '[') + std::string(n, ']') + "\n").find(
                "nesting too deep"),
            std::string::npos);
  EXPECT_NE(parse_error("x = " + std::string(n, '-') + "1\n").find("nesting too deep"),
            std::string::npos);
  std::string nots;
  for (int i = 0; i < n; ++i) nots += "not ";
  EXPECT_NE(parse_error("x = " + nots + "y\n").find("nesting too deep"), std::string::npos);
  std::string chain = "x = a";
  for (int i = 0; i < n; ++i) chain += " + a";
  EXPECT_NE(parse_error(chain + "\n").find("expression nested too deeply"), std::string::npos);
  std::string calls = "x = f";
  for (int i = 0; i < n; ++i) calls += "(1)";
  EXPECT_NE(parse_error(calls + "\n").find("expression nested too deeply"), std::string::npos);
  std::string blocks = "def f():\n";
  for (int i = 1; i < 2000; ++i) blocks += std::string(i, ' ') + "if x:\n";
  blocks += std::string(2000, ' ') + "pass\n";
  EXPECT_NE(parse_error(blocks).find("nesting too deep"), std::string::npos);
  // Moderate nesting is fine.
  EXPECT_EQ(parse_error("x = " + std::string(150, '(') + "1" + std::string(150, ')') + "\n"), "");
}

// Loaders may parse on worker threads: the deepest accepted nesting and the refusal of
// deeper input must fit in a modest stack (frames are far larger under sanitizers).
TEST(ParserRobustness, DeepNestingFitsInASmallThreadStack) {
#if defined(__SANITIZE_ADDRESS__)
  const size_t stack_bytes = size_t{16} << 20;
#else
  const size_t stack_bytes = size_t{512} << 10;
#endif
  struct Job {
    std::string refused, accepted;
  } job;
  auto run = [](void* arg) -> void* {
    auto* job = static_cast<Job*>(arg);
    job->refused = parse_error("x = " + std::string(100000, '(') + "1" +
                               std::string(100000, ')') + "\n");
    const int depth = kMaxNestingDepth - 2;
    job->accepted =
        parse_error("x = " + std::string(depth, '(') + "-a" + std::string(depth, ')') + "\n");
    return nullptr;
  };
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, stack_bytes), 0);
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, run, &job), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_NE(job.refused.find("nesting too deep"), std::string::npos) << job.refused;
  EXPECT_EQ(job.accepted, "");
}

// ---------------------------------------------------------------- expressions

TEST(ParserExpressions, Precedence) {
  EXPECT_EQ(expr("a + b * c - d"), "(- (+ a (* b c)) d)");
  EXPECT_EQ(expr("a ** -b ** c"), "(** a (- (** b c)))");
  EXPECT_EQ(expr("-2 ** 2"), "(- (** 2 2))");
  EXPECT_EQ(expr("-x.y[0]"), "(- ([] (. x y) 0))");
  EXPECT_EQ(expr("not a == b and c or d"), "(or (and (not (== a b)) c) d)");
  EXPECT_EQ(expr("a if b else c if d else e"), "(if b a (if d c e))");
  EXPECT_EQ(expr("a | b ^ c & d << 1 + 2"), "(| a (^ b (& c (<< d (+ 1 2)))))");
  EXPECT_EQ(expr("a // b % c @ d / e"), "(/ (@ (% (// a b) c) d) e)");
  EXPECT_EQ(expr("x is not None"), "(is not x None)");
  EXPECT_EQ(expr("x not in y"), "(not in x y)");
  EXPECT_EQ(expr("x < y >= z"), "(>= (< x y) z)");  // left-associative, as torch reads it
  EXPECT_EQ(expr("~a + +b"), "(+ (~ a) (+ b))");
  EXPECT_EQ(expr("(a + b) * c"), "(* (+ a b) c)");
}

TEST(ParserExpressions, Literals) {
  EXPECT_EQ(expr("0x1F"), "31");
  EXPECT_EQ(expr("-1"), "-1");
  EXPECT_EQ(expr("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(expr("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(expr("1."), "1.");
  EXPECT_EQ(expr("-1.5e-3"), "-0.0015");
  EXPECT_EQ(expr("1e-12"), "9.9999999999999998e-13");
  EXPECT_EQ(expr("[inf, -inf, nan]"), "(list inf (- inf) nan)");
  EXPECT_EQ(expr("True and False or None"), "(or (and True False) None)");
  EXPECT_EQ(expr("'it\\'s' \"a\\\"b\""), "\"it'sa\\\"b\"");
  EXPECT_EQ(expr("\"\\n\\t\\\\\\x41\\u00e9\""), "\"\\n\\x09\\\\A\xc3\xa9\"");
  EXPECT_EQ(expr("'''multi\nline'''"), "\"multi\\nline\"");
  EXPECT_EQ(expr("..."), "...");
  EXPECT_EQ(expr("r'a\\'b' + u\"c\""), "(+ \"a\\\\'b\" \"c\")");
  EXPECT_EQ(expr("1 if'x'in y else 2"), "(if (in \"x\" y) 1 2)");
}

TEST(ParserExpressions, CallsSubscriptsAndContainers) {
  EXPECT_EQ(expr("(linear).forward(x, )"), "(call (. linear forward) x)");
  EXPECT_EQ(expr("torch.add(a, b, alpha=2, )"), "(call (. torch add) a b (kw alpha 2))");
  EXPECT_EQ(expr("f(g(h(x)), [1, 2], (3,))"),
            "(call f (call g (call h x)) (list 1 2) (tuple 3))");
  EXPECT_EQ(expr("ops.prim.RaiseException(\"m\", \"builtins.ValueError\")"),
            "(call (. (. ops prim) RaiseException) \"m\" \"builtins.ValueError\")");
  EXPECT_EQ(expr("annotate(List[int], [])"), "(call annotate ([] List int) (list))");
  EXPECT_EQ(expr("x[1:, None, ..., ::2]"), "([] x (: 1 _ _) None ... (: _ _ 2))");
  EXPECT_EQ(expr("x[:, 0]"), "([] x (: _ _ _) 0)");
  EXPECT_EQ(expr("x[-1:a+1:-2]"), "([] x (: -1 (+ a 1) -2))");
  EXPECT_EQ(expr("{\"a\": 1, b: [c, (d,)], }"), "(dict (\"a\" 1) (b (list c (tuple d))))");
  EXPECT_EQ(expr("{}"), "(dict)");
  EXPECT_EQ(expr("()"), "(tuple)");
  EXPECT_EQ(expr("a, b,"), "(tuple a b)");
  EXPECT_EQ(expr("[x * 2 for x in xs if x]"), "(listcomp (* x 2) x xs x)");
  EXPECT_EQ(expr("{k: v for k, v in d}"), "(dictcomp k v (tuple k v) d _)");
  EXPECT_EQ(expr("__torch__.torch.classes.ns.Cls"),
            "(. (. (. (. __torch__ torch) classes) ns) Cls)");
  EXPECT_EQ(expr("T.__new__(T)"), "(call (. T __new__) T)");
}

TEST(ParserExpressions, TypeExpressionsToText) {
  EXPECT_EQ(type_text("Tuple[Tensor, Optional[int]]"), "Tuple[Tensor, Optional[int]]");
  EXPECT_EQ(type_text("Dict[str, List[__torch__.m.X]]"), "Dict[str, List[__torch__.m.X]]");
  EXPECT_EQ(type_text("Tuple[()]"), "Tuple[()]");
  EXPECT_EQ(type_text("Final[int]"), "Final[int]");
  EXPECT_EQ(type_text("None"), "None");
  EXPECT_EQ(type_text("NoneType"), "NoneType");
  EXPECT_EQ(ast::expr_to_dotted_name(*parse_expression("a.b.c", kFile)), "a.b.c");
  try {
    type_text("\n1 + 2");
    ADD_FAILURE() << "a sum is not a type";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "code/__torch__/m.py:2:3: expected a type, got (+ 1 2)");
  }
}

TEST(ParserExpressions, SourceRanges) {
  const ast::ExprPtr call = parse_expression("foo(a,\n    bar.baz + 1)", kFile);
  const ast::Call& node = call->as<ast::Call>();
  EXPECT_EQ(node.range.str(), "code/__torch__/m.py:1:1");
  EXPECT_EQ(node.args.at(0)->range.str(), "code/__torch__/m.py:1:5");
  const ast::Binary& sum = node.args.at(1)->as<ast::Binary>();
  EXPECT_EQ(sum.range.str(), "code/__torch__/m.py:2:13");  // the operator
  EXPECT_EQ(sum.lhs->range.str(), "code/__torch__/m.py:2:5");
  EXPECT_EQ(sum.lhs->as<ast::Attribute>().name, "baz");
  EXPECT_EQ(sum.rhs->as<ast::IntLiteral>().value, 1);
  EXPECT_EQ(sum.height, 3);
  try {
    parse_expression("a b", kFile);
    ADD_FAILURE() << "trailing tokens must be rejected";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "code/__torch__/m.py:1:3: unexpected name 'b' after expression");
  }
}

// ---------------------------------------------------------------- statements and definitions

TEST(ParserStatements, ModuleClass) {
  const std::string source =
      "op_version_set = 1\n"
      "import torch\n"
      "from typing import List\n"
      "class Net(Module):\n"
      "  __parameters__ = [\"weight\", \"bias\", ]\n"
      "  __buffers__ = [\"running_mean\", ]\n"
      "  weight : Tensor\n"
      "  training : bool\n"
      "  __annotations__[\"0\"] = __torch__.torch.nn.modules.linear.Linear\n"
      "  eps : Final[float] = 1.0000000000000001e-05\n"
      "  def forward(self: __torch__.Net,\n"
      "    x: Tensor,\n"
      "    y: Optional[int]=None) -> Tuple[Tensor, Tensor]:\n"
      "    _0 = getattr(self, \"0\")\n"
      "    return ((_0).forward(x, ), x)\n";
  EXPECT_EQ(module(source),
            "op_version_set 1\n"
            "(class Net (bases Module) (parameters weight bias) (buffers running_mean)"
            " (attr \"weight\" Tensor _) (attr \"training\" bool _)"
            " (attr \"0\" (. (. (. (. (. __torch__ torch) nn) modules) linear) Linear) _)"
            " (attr \"eps\" ([] Final float) 1.0000000000000001e-05)"
            " (def forward (params (self (. __torch__ Net) _) (x Tensor _)"
            " (y ([] Optional int) None)) ([] Tuple Tensor Tensor)"
            " (block (= _0 (call getattr self \"0\"))"
            " (return (tuple (call (. _0 forward) x) x)))))\n");
  const auto parsed = parse_file(source, kFile);
  const ast::ClassDef& cls = *parsed->classes.at(0);
  EXPECT_EQ(cls.range.str(), "code/__torch__/m.py:4:1");
  EXPECT_EQ(cls.methods.at(0)->params.at(2).range.str(), "code/__torch__/m.py:13:5");
  EXPECT_EQ(ast::type_expr_to_string(*cls.methods.at(0)->return_type), "Tuple[Tensor, Tensor]");
}

TEST(ParserStatements, OtherClassKinds) {
  EXPECT_EQ(module("class P(NamedTuple):\n  x : Tensor\n  y : int\n"),
            "(class P (bases NamedTuple) (parameters) (buffers) (attr \"x\" Tensor _)"
            " (attr \"y\" int _))\n");
  EXPECT_EQ(module("class C(Enum):\n  RED = 1\n  GREEN = \"g\"\n"),
            "(class C (bases Enum) (parameters) (buffers) (attr \"RED\" _ 1)"
            " (attr \"GREEN\" _ \"g\"))\n");
  EXPECT_EQ(module("class I(Interface):\n  def f(self, x: int) -> int:\n    pass\n"),
            "(class I (bases Interface) (parameters) (buffers) (def f (params (self _ _)"
            " (x int _)) int (block (pass))))\n");
  EXPECT_EQ(module("class H(Module):\n  __parameters__ = []\n"
                   "  __forward_pre_hooks__ = [\"pre\", ]\n  __forward_hooks__ = [\"post\", ]\n"),
            "(class H (bases Module) (parameters) (buffers) (forward_pre_hooks pre)"
            " (forward_hooks post))\n");
  EXPECT_EQ(module("class E:\n  pass\n@torch.jit.export\ndef g() -> None: return None\n"),
            "(class E (bases) (parameters) (buffers))\n"
            "(def g (@ (. (. torch jit) export)) (params) None (block (return None)))\n");
}

TEST(ParserStatements, ControlFlow) {
  const std::string source =
      "def f(x: Tensor, n: int=3) -> int:\n"
      "  if n == 0:\n"
      "    a = 1\n"
      "  elif n == 1:\n"
      "    a = 2\n"
      "  else:\n"
      "    pass\n"
      "  for i in range(n):\n"
      "    if i:\n"
      "      continue\n"
      "    else:\n"
      "      break\n"
      "  while torch.lt(a, 3):  # comment\n"
      "    a += 1\n"
      "    a //= 2\n"
      "\n"
      "  for k, v, in items:\n"
      "    pass\n"
      "  return a\n";
  EXPECT_EQ(module(source),
            "(def f (params (x Tensor _) (n int 3)) int (block"
            " (if (== n 0) (block (= a 1)) (block (if (== n 1) (block (= a 2)) (block (pass)))))"
            " (for i (call range n) (block (if i (block (continue)) (block (break)))))"
            " (while (call (. torch lt) a 3) (block (+= a 1) (//= a 2)))"
            " (for (tuple k v) items (block (pass)))"
            " (return a)))\n");
}

TEST(ParserStatements, AssignmentsAndSimpleStatements) {
  const std::string source =
      "def f(self, x):\n"
      "  a, b, = t\n"
      "  (c, d) = t\n"
      "  e = g = h\n"
      "  self.w = x\n"
      "  x[0] = 1\n"
      "  y : List[int] = []\n"
      "  z : int\n"
      "  del x[0], y\n"
      "  assert a, \"msg\"\n"
      "  raise Exception(\"bad\")\n"
      "  with ops.prim.Profile(\"p\") as p, q:\n"
      "    pass\n"
      "  print(a); print(b)\n"
      "  return\n";
  EXPECT_EQ(module(source),
            "(def f (params (self _ _) (x _ _)) _ (block"
            " (= (tuple a b) t) (= (tuple c d) t) (= e g h) (= (. self w) x) (= ([] x 0) 1)"
            " (= y (list) (type ([] List int))) (= z _ (type int)) (del ([] x 0) y)"
            " (assert a \"msg\") (raise (call Exception \"bad\"))"
            " (with ((call (. (. ops prim) Profile) \"p\") p) (q _) (block (pass)))"
            " (expr (call print a)) (expr (call print b)) (return _)))\n");
}

TEST(ParserStatements, OneLineBodiesContinuationsAndIndentation) {
  EXPECT_EQ(module("def f(): return 1\n"), "(def f (params) _ (block (return 1)))\n");
  EXPECT_EQ(module("def f(a,\n      b):\n    x = a + \\\n        b\n    if x: pass\n"),
            "(def f (params (a _ _) (b _ _)) _ (block (= x (+ a b)) (if x (block (pass)) "
            "(block))))\n");
  // Tabs and four-space indentation are fine when consistent; CRLF line ends too.
  EXPECT_EQ(module("def f():\r\n\tif x:\r\n\t\treturn 1\r\n\treturn 2\r\n"),
            "(def f (params) _ (block (if x (block (return 1)) (block)) (return 2)))\n");
  EXPECT_EQ(module(""), "");
  EXPECT_EQ(module("# only a comment\n\n"), "");
}

// ---------------------------------------------------------------- errors

TEST(ParserErrors, CarryFileLineAndColumn) {
  EXPECT_EQ(parse_error("def f(x):\n  if x\n    pass\n"),
            "code/__torch__/m.py:2:7: expected ':' after if condition, got end of line");
  EXPECT_EQ(parse_error("x = 'abc\n"), "code/__torch__/m.py:1:5: unterminated string literal "
                                       "(line break inside quotes)");
  EXPECT_EQ(parse_error("def f():\n    a = 1\n  b = 2\n"),
            "code/__torch__/m.py:3:3: unindent does not match any outer indentation level");
  EXPECT_EQ(parse_error("  x = 1\n"), "code/__torch__/m.py:1:3: unexpected indent");
  EXPECT_EQ(parse_error("x = f(a,\n  b\n"), "code/__torch__/m.py:1:6: '(' is never closed");
  EXPECT_EQ(parse_error("x = (a]\n"),
            "code/__torch__/m.py:1:7: ']' does not match '(' opened at 1:5");
  EXPECT_EQ(parse_error("x = 1 +\n"),
            "code/__torch__/m.py:1:8: expected an expression, got end of line");
  EXPECT_EQ(parse_error("x = $\n"), "code/__torch__/m.py:1:5: unexpected character '$'");
  EXPECT_EQ(parse_error("1 = x\n"), "code/__torch__/m.py:1:1: cannot assign to a number");
  EXPECT_EQ(parse_error("x = 9223372036854775808\n"),
            "code/__torch__/m.py:1:5: integer literal out of range for a 64-bit int");
  EXPECT_EQ(parse_error("def f():\nreturn 1\n"),
            "code/__torch__/m.py:2:1: expected an indented block after def f, got 'return'");
  EXPECT_EQ(parse_error("f(a=1, b)\n"),
            "code/__torch__/m.py:1:8: positional argument follows keyword argument");
  EXPECT_EQ(parse_error("class A(Module):\n  f(x)\n"),
            "code/__torch__/m.py:2:3: unsupported statement in body of class A (expected "
            "attributes, constants or methods)");
  EXPECT_EQ(parse_error("try:\n  pass\n"),
            "code/__torch__/m.py:1:1: try/except is not supported in TorchScript");
  EXPECT_EQ(parse_error("x = lambda: 1\n"), "code/__torch__/m.py:1:5: lambda is not supported");
  EXPECT_EQ(parse_error("x = f'{a}'\n"), "code/__torch__/m.py:1:5: f-strings are not supported");
  EXPECT_EQ(parse_error("x = '\\x4'\n"),
            "code/__torch__/m.py:1:6: truncated \\x/\\u escape in string literal");
  EXPECT_EQ(parse_error("x = 1e\n"),
            "code/__torch__/m.py:1:5: malformed number: missing exponent digits");
  EXPECT_EQ(parse_error("x = {a}\n"),
            "code/__torch__/m.py:1:7: set literals are not supported (expected ':' in dict)");
}

TEST(LexerTokens, IndentDedentAndBrackets) {
  const std::vector<Token> tokens = tokenize("if a:\n  b = [1,\n 2]\nc\n", kFile);
  std::string kinds;
  for (const Token& token : tokens) {
    switch (token.kind) {
      case TokenKind::Indent: kinds += "> "; break;
      case TokenKind::Dedent: kinds += "< "; break;
      case TokenKind::Newline: kinds += "; "; break;
      case TokenKind::End: kinds += "$"; break;
      default: kinds += token.text + " ";
    }
  }
  EXPECT_EQ(kinds, "if a : ; > b = [ 1 , 2 ] ; < c ; $");
}

}  // namespace
}  // namespace tsrt::script
