// IR text in, IR text out: the harness of every pass test (passes/*_test.cc).
//   EXPECT_EQ(run("cse,dce", input_ir), canonical(expected_ir));
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "ir/graph.h"
#include "passes/pass.h"

namespace tsrt::passes::ir_text {

// `context` with the kernel registry as its op catalog and evaluator, as the runtime gives it.
PassContext with_kernels(PassContext context = {});

// Parses `ir` against the kernel registry's schemas, verifies it, runs `pipeline`, verifies
// again and prints the result without source locations. `rewrites`, if given, receives the
// first pass's rewrite count. The passes run with_kernels(context).
std::string run(const std::string& pipeline, const std::string& ir, const PassContext& context = {},
                int* rewrites = nullptr);
std::string run(const std::string& pipeline, const std::string& ir, int* rewrites);

// `ir` parsed and printed back: the form run()'s result is compared with.
std::string canonical(const std::string& ir);

// Unnamed values print as their ids, which depend on how many values a graph ever had: they are
// renumbered in order of appearance so that expected IR can be written by hand.
std::string renumbered(const std::string& ir);
// canonical(ir), renumbered: for passes that create unnamed values.
std::string canonical_renumbered(const std::string& ir);

// IR text cannot hold tensors: parses and verifies `ir`, then makes the constants named in
// `tensors` (written as ints) hold those tensors.
std::shared_ptr<ir::Graph> parse_with_tensors(const std::string& ir, const std::map<std::string, Tensor>& tensors);

// Deterministic float32 values in [lo, hi), from `seed`.
Tensor filled(const Shape& shape, float lo, float hi, uint32_t seed);

// Nodes of `kind` in `block` and the blocks nested in it.
int count_kind(const ir::Block& block, const std::string& kind);

}  // namespace tsrt::passes::ir_text
