// Tokenizer for TorchScript source; see lexer.h. Pure iteration, no recursion, so any input
// (however deeply bracketed or indented) is handled in linear time and bounded stack.
#include "frontends/script/lexer.h"

#include <cstdlib>
#include <cstring>

namespace tsrt::script {

namespace {

const char* const kKeywords[] = {
    "False", "None",   "True",   "and",    "as",    "assert", "async",    "await",
    "break", "class",  "continue", "def",  "del",   "elif",   "else",     "except",
    "finally", "for",  "from",   "global", "if",    "import", "in",       "is",
    "lambda", "nonlocal", "not", "or",     "pass",  "raise",  "return",   "try",
    "while", "with",   "yield",
};

// Operators, longest first so that the first prefix match is the right one.
const char* const kOperators[] = {
    "**=", "//=", ">>=", "<<=", "...",
    "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "@=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "=", ":", ",", ".", ";",
    "(", ")", "[", "]", "{", "}",
};

bool is_keyword(const std::string& word) {
  for (const char* keyword : kKeywords) {
    if (word == keyword) return true;
  }
  return false;
}

bool is_name_start(char c) {
  const auto byte = static_cast<unsigned char>(c);
  // Bytes >= 0x80 are parts of UTF-8 identifiers, which Python allows.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || byte >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(const std::string& source, const std::string& filename)
      : src_(source), file_(filename) {}

  std::vector<Token> run() {
    while (true) {
      if (at_line_start_ && brackets_.empty()) {
        if (!read_indentation()) break;
      }
      skip_blanks();
      if (pos_ >= src_.size()) break;
      const char c = src_[pos_];
      if (c == '#') {
        skip_comment();
      } else if (c == '\n') {
        if (brackets_.empty()) {
          push(TokenKind::Newline, "", here());
          at_line_start_ = true;
        }
        next_line();
      } else if (c == '\\') {
        line_continuation();
      } else if (is_name_start(c)) {
        read_name_or_prefixed_string();
      } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
        read_number();
      } else if (c == '"' || c == '\'') {
        read_string(here(), /*raw=*/false);
      } else {
        read_operator();
      }
    }
    finish();
    return std::move(tokens_);
  }

 private:
  ast::SourceRange here() const {
    return {file_, line_, static_cast<int>(pos_ - line_start_) + 1};
  }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  [[noreturn]] void fail(const ast::SourceRange& at, const std::string& message) const {
    ast::error_at(at, message);
  }
  void next_line() {
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }
  Token& push(TokenKind kind, std::string text, ast::SourceRange range) {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.range = std::move(range);
    tokens_.push_back(std::move(token));
    return tokens_.back();
  }

  void skip_blanks() {
    while (pos_ < src_.size() &&
           (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\r' || src_[pos_] == '\f')) {
      ++pos_;
    }
  }
  void skip_comment() {
    while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
  }

  // Measures the indentation of the next non-blank line and emits INDENT/DEDENT tokens.
  // Returns false at end of input.
  bool read_indentation() {
    while (true) {
      int column = 0;
      while (pos_ < src_.size()) {
        const char c = src_[pos_];
        if (c == ' ') {
          ++column;
        } else if (c == '\t') {
          column = (column / 8 + 1) * 8;
        } else if (c == '\f') {
          column = 0;
        } else if (c != '\r') {
          break;
        }
        ++pos_;
      }
      if (pos_ >= src_.size()) return false;
      const char c = src_[pos_];
      if (c == '#') {
        skip_comment();
        continue;
      }
      if (c == '\n') {
        next_line();
        continue;
      }
      at_line_start_ = false;
      if (column > indents_.back()) {
        indents_.push_back(column);
        push(TokenKind::Indent, "", here());
      } else {
        while (column < indents_.back()) {
          indents_.pop_back();
          push(TokenKind::Dedent, "", here());
        }
        if (column != indents_.back()) {
          fail(here(), "unindent does not match any outer indentation level");
        }
      }
      return true;
    }
  }

  void line_continuation() {
    const ast::SourceRange at = here();
    ++pos_;
    if (peek() == '\r') ++pos_;
    if (peek() != '\n') fail(at, "unexpected character '\\' (only allowed before a line break)");
    next_line();
  }

  void read_name_or_prefixed_string() {
    const ast::SourceRange at = here();
    const size_t start = pos_;
    while (pos_ < src_.size() && is_name_char(src_[pos_])) ++pos_;
    std::string word = src_.substr(start, pos_ - start);
    const char next = peek();
    if ((next == '"' || next == '\'') && word.size() <= 2) {
      std::string prefix;
      for (char c : word) prefix += static_cast<char>(c | 0x20);  // lower-case ASCII letters
      if (prefix == "r" || prefix == "u") {
        read_string(at, /*raw=*/prefix == "r");
        return;
      }
      if (prefix == "b" || prefix == "br" || prefix == "rb") {
        fail(at, "bytes literals are not supported");
      }
      if (prefix == "f" || prefix == "fr" || prefix == "rf") {
        fail(at, "f-strings are not supported");
      }
    }
    const TokenKind kind = is_keyword(word) ? TokenKind::Keyword : TokenKind::Name;
    push(kind, std::move(word), at);
  }

  void read_number() {
    const ast::SourceRange at = here();
    const size_t start = pos_;
    int base = 10;
    if (src_[pos_] == '0' && (peek(1) == 'x' || peek(1) == 'X')) base = 16;
    if (src_[pos_] == '0' && (peek(1) == 'o' || peek(1) == 'O')) base = 8;
    if (src_[pos_] == '0' && (peek(1) == 'b' || peek(1) == 'B')) base = 2;
    if (base != 10) {
      pos_ += 2;
      read_integer_digits(at, start, base);
      return;
    }
    std::string digits;  // the spelling without underscores, for strtod
    bool is_float = false;
    auto take_digits = [&] {
      while (is_digit(peek()) || (peek() == '_' && is_digit(peek(1)))) {
        if (peek() != '_') digits += peek();
        ++pos_;
      }
    };
    take_digits();
    if (peek() == '.') {
      is_float = true;
      digits += '.';
      ++pos_;
      take_digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      is_float = true;
      digits += 'e';
      ++pos_;
      if (peek() == '+' || peek() == '-') digits += src_[pos_++];
      if (!is_digit(peek())) fail(at, "malformed number: missing exponent digits");
      take_digits();
    }
    if (peek() == 'j' || peek() == 'J') fail(at, "complex literals are not supported");
    if (is_name_char(peek())) fail(here(), "malformed number");
    const std::string spelling = src_.substr(start, pos_ - start);
    if (is_float) {
      const double value = std::strtod(digits.c_str(), nullptr);
      Token& token = push(TokenKind::Float, spelling, at);
      token.float_value = value;  // overflow gives inf, as in Python's float("1e999")
      return;
    }
    Token& token = push(TokenKind::Int, spelling, at);
    token.int_value = accumulate(at, digits, 10);
  }

  void read_integer_digits(const ast::SourceRange& at, size_t start, int base) {
    std::string digits;
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == '_') {
        ++pos_;
        continue;
      }
      const int value = hex_value(c);
      if (value < 0 || value >= base) break;
      digits += c;
      ++pos_;
    }
    if (digits.empty() || is_name_char(peek())) fail(at, "malformed number");
    Token& token = push(TokenKind::Int, src_.substr(start, pos_ - start), at);
    token.int_value = accumulate(at, digits, base);
  }

  // Digits to a magnitude of at most 2**63 (the largest a negated int64 literal needs).
  uint64_t accumulate(const ast::SourceRange& at, const std::string& digits, int base) {
    const uint64_t limit = uint64_t{1} << 63;
    uint64_t value = 0;
    for (char c : digits) {
      const uint64_t digit = static_cast<uint64_t>(hex_value(c));
      if (value > (limit - digit) / static_cast<uint64_t>(base)) {
        fail(at, "integer literal out of range for a 64-bit int");
      }
      value = value * static_cast<uint64_t>(base) + digit;
    }
    return value;
  }

  void read_string(const ast::SourceRange& at, bool raw) {
    const char quote = src_[pos_];
    const bool triple = peek(1) == quote && peek(2) == quote;
    pos_ += triple ? 3 : 1;
    std::string value;
    while (true) {
      if (pos_ >= src_.size()) fail(at, "unterminated string literal");
      const char c = src_[pos_];
      if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        pos_ += triple ? 3 : 1;
        break;
      }
      if (c == '\n') {
        if (!triple) fail(at, "unterminated string literal (line break inside quotes)");
        value += c;
        next_line();
        continue;
      }
      if (c == '\\') {
        if (raw) {
          // A raw string keeps the backslash, but it still stops the next quote from ending it.
          value += c;
          ++pos_;
          if (pos_ < src_.size() && src_[pos_] != '\n') value += src_[pos_++];
          continue;
        }
        read_escape(value);
        continue;
      }
      value += c;
      ++pos_;
    }
    push(TokenKind::String, std::move(value), at);
  }

  // Decodes the escape sequence at pos_ (which holds the backslash) into `out`.
  void read_escape(std::string& out) {
    const ast::SourceRange at = here();
    ++pos_;
    if (pos_ >= src_.size()) fail(at, "unterminated string literal");
    const char c = src_[pos_++];
    switch (c) {
      case '\n': line_ = line_ + 1; line_start_ = pos_; return;  // backslash-newline joins
      case '\\': out += '\\'; return;
      case '\'': out += '\''; return;
      case '"': out += '"'; return;
      case 'a': out += '\a'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'v': out += '\v'; return;
      case 'x': append_utf8(out, read_hex(at, 2)); return;  // a code point, as in Python
      case 'u': append_utf8(out, read_hex(at, 4)); return;
      case 'U': {
        const uint32_t code = read_hex(at, 8);
        if (code > 0x10FFFF) fail(at, "\\U escape beyond the Unicode range");
        append_utf8(out, code);
        return;
      }
      case 'N': fail(at, "\\N{...} escapes are not supported");
      default: break;
    }
    if (c >= '0' && c <= '7') {
      uint32_t code = static_cast<uint32_t>(c - '0');
      for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) {
        code = code * 8 + static_cast<uint32_t>(src_[pos_++] - '0');
      }
      append_utf8(out, code);
      return;
    }
    // Python keeps unknown escapes verbatim.
    out += '\\';
    out += c;
  }

  uint32_t read_hex(const ast::SourceRange& at, int count) {
    uint32_t code = 0;
    for (int i = 0; i < count; ++i) {
      const int digit = hex_value(peek());
      if (digit < 0) fail(at, "truncated \\x/\\u escape in string literal");
      code = code * 16 + static_cast<uint32_t>(digit);
      ++pos_;
    }
    return code;
  }

  void read_operator() {
    const ast::SourceRange at = here();
    for (const char* op : kOperators) {
      const size_t length = std::strlen(op);
      if (src_.compare(pos_, length, op) != 0) continue;
      const std::string spelling = op;
      pos_ += length;
      const char c = spelling[0];
      if (spelling.size() == 1 && (c == '(' || c == '[' || c == '{')) {
        brackets_.push_back({c, at});
      } else if (spelling.size() == 1 && (c == ')' || c == ']' || c == '}')) {
        const char open = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (brackets_.empty()) fail(at, std::string("unmatched '") + c + "'");
        if (brackets_.back().open != open) {
          fail(at, std::string("'") + c + "' does not match '" + brackets_.back().open +
                       "' opened at " + std::to_string(brackets_.back().range.line) + ":" +
                       std::to_string(brackets_.back().range.col));
        }
        brackets_.pop_back();
      }
      push(TokenKind::Op, spelling, at);
      return;
    }
    const auto byte = static_cast<unsigned char>(src_[pos_]);
    if (byte < 0x20 || byte == 0x7f) {
      fail(at, "unexpected control character " + std::to_string(byte) + " in source");
    }
    fail(at, std::string("unexpected character '") + src_[pos_] + "'");
  }

  void finish() {
    if (!brackets_.empty()) {
      fail(brackets_.back().range,
           std::string("'") + brackets_.back().open + "' is never closed");
    }
    const ast::SourceRange end = here();
    if (!tokens_.empty() && tokens_.back().kind != TokenKind::Newline &&
        tokens_.back().kind != TokenKind::Dedent) {
      push(TokenKind::Newline, "", end);
    }
    while (indents_.size() > 1) {
      indents_.pop_back();
      push(TokenKind::Dedent, "", end);
    }
    push(TokenKind::End, "", end);
  }

  struct OpenBracket {
    char open;
    ast::SourceRange range;
  };

  const std::string& src_;
  std::string file_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  bool at_line_start_ = true;
  std::vector<int> indents_{0};
  std::vector<OpenBracket> brackets_;
  std::vector<Token> tokens_;
};

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::Name: return "name '" + token.text + "'";
    case TokenKind::Keyword: return "'" + token.text + "'";
    case TokenKind::Int:
    case TokenKind::Float: return "number " + token.text;
    case TokenKind::String: return "string literal";
    case TokenKind::Op: return "'" + token.text + "'";
    case TokenKind::Newline: return "end of line";
    case TokenKind::Indent: return "indent";
    case TokenKind::Dedent: return "dedent";
    case TokenKind::End: return "end of file";
  }
  return "token";
}

std::vector<Token> tokenize(const std::string& source, const std::string& filename) {
  return Lexer(source, filename).run();
}

}  // namespace tsrt::script
