// Lexer for the Python subset of TorchScript source: names, keywords, numbers, strings,
// operators, and NEWLINE/INDENT/DEDENT tokens derived from leading whitespace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frontends/script/ast.h"

namespace tsrt::script {

enum class TokenKind {
  Name,     // identifier (not a keyword)
  Keyword,  // def, if, None, True, not, ... (text holds the spelling)
  Int,      // int_value holds the magnitude (may be 2**63, for a negated INT64_MIN)
  Float,    // float_value
  String,   // text holds the decoded value
  Op,       // text holds the spelling: "+", "//=", "->", "(", "...", ...
  Newline,  // end of a logical line
  Indent,
  Dedent,
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  uint64_t int_value = 0;
  double float_value = 0;
  ast::SourceRange range;

  bool is_op(const char* op) const { return kind == TokenKind::Op && text == op; }
  bool is_keyword(const char* word) const { return kind == TokenKind::Keyword && text == word; }
};

// A readable description of a token for error messages: "name 'x'", "'('", "end of line".
std::string describe(const Token& token);

// Splits `source` into tokens, ending with Newline (if any tokens), Dedents and one End token.
// Newlines inside brackets and after a backslash are ignored. Throws tsrt::Error with
// "file:line:col: ..." for bad characters, unterminated strings and brackets, or bad dedents.
std::vector<Token> tokenize(const std::string& source, const std::string& filename);

}  // namespace tsrt::script
