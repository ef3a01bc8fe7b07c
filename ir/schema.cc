#include "ir/schema.h"

#include <cctype>
#include <cstdlib>

#include "runtime/error.h"

namespace tsrt::ir {

namespace {

// A small recursive-descent reader over a schema or type string.
class SchemaReader {
 public:
  explicit SchemaReader(const std::string& text) : s_(text) {}

  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool at_end() {
    skip_space();
    return pos_ >= s_.size();
  }
  char peek() {
    skip_space();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  bool accept(const std::string& token) {
    skip_space();
    if (s_.compare(pos_, token.size(), token) == 0) {
      pos_ += token.size();
      return true;
    }
    return false;
  }
  void expect(const std::string& token) {
    if (!accept(token)) fail("expected '" + token + "'");
  }
  [[noreturn]] void fail(const std::string& what) {
    throw Error("bad schema or type '" + s_ + "' at column " + std::to_string(pos_) + ": " + what);
  }
  std::string identifier() {
    skip_space();
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '_' || s_[pos_] == '.' || s_[pos_] == ':')) {
      ++pos_;
    }
    if (start == pos_) fail("expected a name");
    return s_.substr(start, pos_ - start);
  }

  TypePtr type(int* fixed_size = nullptr) {
    TypePtr t;
    if (accept("(")) {  // tuple return "(Tensor, Tensor)"
      std::vector<TypePtr> elems;
      if (!accept(")")) {
        do {
          elems.push_back(type());
          if (std::isalpha(static_cast<unsigned char>(peek())) || peek() == '_') identifier();
        } while (accept(","));
        expect(")");
      }
      t = Type::tuple(std::move(elems));
    } else {
      std::string name = identifier();
      t = named_type(name);
    }
    // Alias annotations: Tensor(a), Tensor(a!), Tensor(a -> *)
    if (peek() == '(' && t->kind != TypeKind::Tuple) {
      while (pos_ < s_.size() && s_[pos_] != ')') ++pos_;
      expect(")");
    }
    for (;;) {
      if (accept("[]")) {
        t = Type::list(t);
      } else if (peek() == '[' && pos_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + 1]))) {
        ++pos_;
        size_t start = pos_;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        if (fixed_size) *fixed_size = std::atoi(s_.substr(start, pos_ - start).c_str());
        expect("]");
        t = Type::list(t);
      } else if (accept("?")) {
        t = Type::optional(t);
      } else if (peek() == '(' && t->kind == TypeKind::List) {
        while (pos_ < s_.size() && s_[pos_] != ')') ++pos_;
        expect(")");
      } else {
        break;
      }
    }
    return t;
  }

  TypePtr named_type(const std::string& name) {
    static const std::pair<const char*, TypeKind> leaves[] = {
        {"Tensor", TypeKind::Tensor},   {"int", TypeKind::Int},
        {"float", TypeKind::Float},     {"bool", TypeKind::Bool},
        {"str", TypeKind::Str},         {"None", TypeKind::None},
        {"NoneType", TypeKind::None},   {"Device", TypeKind::Device},
        {"Scalar", TypeKind::Number},   {"number", TypeKind::Number},
        {"Any", TypeKind::Any},         {"complex", TypeKind::Complex},
        {"Layout", TypeKind::Layout},   {"ScalarType", TypeKind::ScalarType},
        {"MemoryFormat", TypeKind::MemoryFormat}, {"Generator", TypeKind::Generator},
        {"SymInt", TypeKind::Int},      {"Dimname", TypeKind::Str},
        {"QScheme", TypeKind::Int},
    };
    for (const auto& [leaf, kind] : leaves) {
      if (name == leaf) return Type::get(kind);
    }
    // Values tsrt never has (raw storages, CUDA streams, enums): an opaque class no argument
    // matches, so that torch's overloads taking them are never picked for a tsrt value.
    // Remote references and futures in schemas ("RRef(t)", "Future(t)": the parenthesis reads as an
    // alias annotation) and any class object are opaque too.
    if (name == "Storage" || name == "Stream" || name == "AnyEnumType" || name == "AnyClassType" || name == "RRef" ||
        (name == "Future" && peek() != '[')) {
      return Type::class_ref(name);
    }
    // Type variables of generic schemas (t, t1, tVal, ...): Any, remembering the name so that
    // the frontend can bind them to the argument types it sees.
    if (name == "t" || name == "t1" || name == "t2" || name == "tVal" || name == "tKey") {
      return Type::type_var(name);
    }
    auto args = [&]() {
      std::vector<TypePtr> elems;
      expect("[");
      if (!accept("]")) {
        do {
          elems.push_back(type());
        } while (accept(","));
        expect("]");
      }
      return elems;
    };
    if (name == "List" || name == "typing.List") {
      auto e = args();
      if (e.size() != 1) fail("List takes one type");
      return Type::list(e[0]);
    }
    if (name == "Optional" || name == "typing.Optional") {
      auto e = args();
      if (e.size() != 1) fail("Optional takes one type");
      return Type::optional(e[0]);
    }
    if (name == "Tuple" || name == "typing.Tuple") {
      if (peek() != '[') return Type::tuple({});
      return Type::tuple(args());
    }
    if (name == "Dict" || name == "typing.Dict") {
      if (accept("(")) {  // schema spelling: Dict(str, t)
        TypePtr key = type();
        expect(",");
        TypePtr value = type();
        expect(")");
        return Type::dict(key, value);
      }
      auto e = args();
      if (e.size() != 2) fail("Dict takes two types");
      return Type::dict(e[0], e[1]);
    }
    if (name == "Future" || name == "Final" || name == "Union") {
      auto e = args();
      return e.empty() ? Type::get(TypeKind::Any) : e[0];
    }
    if (name.find('.') != std::string::npos) return Type::class_ref(name);
    fail("unknown type '" + name + "'");
  }

  Value default_value(const TypePtr& type) {
    skip_space();
    if (accept("None")) return Value();
    if (accept("True")) return Value(true);
    if (accept("False")) return Value(false);
    if (accept("[")) {
      std::vector<Value> items;
      if (!accept("]")) {
        do {
          items.push_back(scalar_literal());
        } while (accept(","));
        expect("]");
      }
      TypePtr elem = type->kind == TypeKind::Optional ? type->contained[0] : type;
      elem = elem->kind == TypeKind::List ? elem->contained[0] : Type::get(TypeKind::Int);
      return Value(make_list(elem, std::move(items)));
    }
    if (peek() == '"' || peek() == '\'') {
      char quote = s_[pos_++];
      std::string str;
      while (pos_ < s_.size() && s_[pos_] != quote) {
        char c = s_[pos_++];
        if (c == '\\' && pos_ < s_.size()) {
          char e = s_[pos_++];
          switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'f': c = '\f'; break;
            case 'v': c = '\v'; break;
            default: c = e; break;  // \\, \', \"
          }
        }
        str += c;
      }
      expect(std::string(1, quote));
      return Value(str);
    }
    if (std::isalpha(static_cast<unsigned char>(peek()))) {
      std::string word = identifier();
      // Enum-like defaults are ints at runtime, as in torch.
      if (word == "contiguous_format") return Value(int64_t{0});
      if (word == "long") return Value(int64_t{4});
      if (word == "Mean") return Value(int64_t{1});
      if (word == "inf") return Value(1.0 / 0.0);
      return Value(word);
    }
    Value v = scalar_literal();
    // A fixed-size list default may be written as one int: `int[2] stride=1`.
    TypePtr base = type->kind == TypeKind::Optional ? type->contained[0] : type;
    if (base->kind == TypeKind::List && v.is_int()) {
      return Value(make_list(Type::get(TypeKind::Int), {v}));
    }
    return v;
  }

  Value scalar_literal() {
    skip_space();
    size_t start = pos_;
    if (pos_ < s_.size() && (s_[pos_] == '-' || s_[pos_] == '+')) ++pos_;
    bool is_float = false;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E' ||
                                ((s_[pos_] == '-' || s_[pos_] == '+') &&
                                 (s_[pos_ - 1] == 'e' || s_[pos_ - 1] == 'E')))) {
      if (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E') is_float = true;
      ++pos_;
    }
    std::string lit = s_.substr(start, pos_ - start);
    if (lit.empty() || lit == "-" || lit == "+") fail("expected a literal");
    if (is_float) return Value(std::strtod(lit.c_str(), nullptr));
    return Value(static_cast<int64_t>(std::strtoll(lit.c_str(), nullptr, 10)));
  }

  FunctionSchema schema() {
    FunctionSchema fs;
    std::string full = identifier();
    size_t sep = full.find("::");
    if (sep == std::string::npos) fail("schema name needs a namespace");
    size_t dot = full.find('.', sep);
    fs.name = full.substr(0, dot);
    if (dot != std::string::npos) fs.overload = full.substr(dot + 1);
    expect("(");
    bool kwarg_only = false;
    if (!accept(")")) {
      do {
        if (accept("*")) {
          kwarg_only = true;
          continue;
        }
        if (accept("...")) {
          fs.is_vararg = true;
          continue;
        }
        Argument arg;
        arg.type = type(&arg.fixed_list_size);
        arg.name = identifier();
        arg.kwarg_only = kwarg_only;
        if (accept("=")) arg.default_value = default_value(arg.type);
        fs.arguments.push_back(std::move(arg));
      } while (accept(","));
      expect(")");
    }
    expect("->");
    if (accept("(")) {
      if (!accept(")")) {
        do {
          if (accept("...")) continue;
          fs.returns.push_back(type());
          if (std::isalpha(static_cast<unsigned char>(peek())) || peek() == '_') identifier();  // named return
        } while (accept(","));
        expect(")");
      }
    } else if (accept("...")) {
      fs.is_vararg = true;
    } else {
      fs.returns.push_back(type());
      if (!at_end() && (std::isalpha(static_cast<unsigned char>(peek())) || peek() == '_')) identifier();
    }
    if (!at_end()) fail("trailing text");
    return fs;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace

FunctionSchema parse_schema(const std::string& text) {
  SchemaReader reader(text);
  FunctionSchema fs = reader.schema();
  fs.text = text;
  return fs;
}

TypePtr parse_type(const std::string& text) {
  SchemaReader reader(text);
  TypePtr t = reader.type();
  if (!reader.at_end()) reader.fail("trailing text");
  return t;
}

}  // namespace tsrt::ir
