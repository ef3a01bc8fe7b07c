// IR text in, IR text out: the harness of every pass test (passes/*_test.cc).
//   EXPECT_EQ(run("cse,dce", input_ir), canonical(expected_ir));
#pragma once

#include <string>

#include "passes/pass.h"

namespace tsrt::passes::ir_text {

// Parses `ir` against the kernel registry's schemas, verifies it, runs `pipeline`, verifies
// again and prints the result without source locations. `rewrites`, if given, receives the
// first pass's rewrite count.
std::string run(const std::string& pipeline, const std::string& ir, const PassContext& context = {},
                int* rewrites = nullptr);
std::string run(const std::string& pipeline, const std::string& ir, int* rewrites);

// `ir` parsed and printed back: the form run()'s result is compared with.
std::string canonical(const std::string& ir);

}  // namespace tsrt::passes::ir_text
