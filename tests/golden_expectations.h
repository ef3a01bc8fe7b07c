// The checks every kernel family's golden test makes, as one-line gtest expectations:
//   TEST(ScatterKernels, MatchTorchGoldens) { testing::expect_goldens_match("scatter", 100); }
// Each reports every failing case and fails when fewer cases ran than the family promises (a
// family whose goldens went missing must not pass by checking nothing).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/registry.h"
#include "runtime/error.h"
#include "tests/op_golden.h"
#include "tests/shape_rule_golden.h"

namespace tsrt::testing {

inline void expect_no_failures(const std::vector<std::string>& failures) {
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

// Every golden case of `family` gives torch's outputs (and, for ops that write an argument,
// leaves the arguments as torch left them).
inline void expect_goldens_match(const std::string& family, int min_cases) {
  GoldenResult result = run_op_goldens(family);
  expect_no_failures(result.failures);
  EXPECT_GE(result.cases, min_cases) << family;
}

// The same cases with every tensor argument given as a non-contiguous view.
inline void expect_strided_goldens_match(const std::string& family, int min_cases,
                                         StridedStyle style = StridedStyle::kReversedSpaced) {
  GoldenResult result = run_transformed_goldens(family, "strided inputs", [style](const GoldenCase&, std::vector<Value>& args) {
    return make_args_strided(args, style);
  });
  expect_no_failures(result.failures);
  EXPECT_GE(result.cases, min_cases) << family;
}

// An in-place op (name ending in '_') leaves its result in the caller's self tensor, not only in
// what it returns.
inline void expect_in_place_forms_write_self(const std::string& family, int min_cases) {
  int checked = 0;
  for (const GoldenCase& c : load_cases(family)) {
    const std::string name = c.op.substr(0, c.op.find('.'));
    if (name.back() != '_') continue;
    std::vector<Value> args = c.args;
    Tensor self = args[0].to_tensor();
    kernels::call_op(c.op, args);
    EXPECT_EQ(compare_values(self, c.outputs[0], c.rtol, c.atol), "") << c.name;
    ++checked;
  }
  EXPECT_GE(checked, min_cases) << family;
}

// The family's shape rules agree with torch's outputs; ops without a rule are skipped.
inline void expect_shape_rules_match(const std::string& family, int min_cases) {
  ShapeRuleResult result = check_shape_rules(family);
  int without_rule = 0;
  for (const std::string& failure : result.failures) {
    if (failure.find("has no shape rule") != std::string::npos) {
      ++without_rule;
    } else {
      ADD_FAILURE() << failure;
    }
  }
  EXPECT_GE(result.cases, min_cases) << family << ": " << without_rule << " cases have no rule";
}

// `op` refuses `args` with a tsrt::Error whose message contains `words`.
inline void expect_rejects(const std::string& op, std::vector<Value> args, const std::string& words) {
  try {
    kernels::call_op(op, std::move(args));
    ADD_FAILURE() << op << " accepted bad input";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

}  // namespace tsrt::testing
