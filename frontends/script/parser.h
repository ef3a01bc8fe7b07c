// Parser for the TorchScript source in a `.pt` archive's code/ entries (a Python subset).
#pragma once

#include <memory>
#include <string>

#include "frontends/script/ast.h"

namespace tsrt::script {

// Parses one code/ file. Throws tsrt::Error("code/__torch__/m.py:12:5: expected ':' ...")
// on bad input; never crashes or hangs, and refuses nesting deeper than kMaxNestingDepth.
std::unique_ptr<ast::Module> parse_file(const std::string& source, const std::string& filename);

// Parses a single expression (tests and tools); the whole text must be consumed.
ast::ExprPtr parse_expression(const std::string& source, const std::string& filename);

// How deeply expressions and blocks may nest before the parser refuses the input.
constexpr int kMaxNestingDepth = 200;

}  // namespace tsrt::script
