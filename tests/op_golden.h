// Runs the kernel golden cases that tools/opgoldens/<family>.py wrote with stock PyTorch
// into $TSRT_TESTDATA/ops/<family>/, and reports every mismatch.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "runtime/value.h"

namespace tsrt::testing {

// The folder of generated test data; fails the test (not skips) when TSRT_TESTDATA is unset.
std::string testdata_dir();

// Compares `actual` with `expected`: shapes and dtypes exactly, floats within
// |a - e| <= atol + rtol * |e|, integers and booleans exactly. Returns "" or a description.
std::string compare_values(const Value& actual, const Value& expected, double rtol, double atol);
// "" if `actual` and `expected` are the same bits: tensors of the same dtype and sizes holding
// the same bytes (so -0 differs from 0 and two NaNs must be the same NaN), numbers with the same
// representation, containers item by item. For determinism checks, where a tolerance of 0 in
// compare_values would still call -0 == 0 and NaN == NaN.
std::string compare_bits(const Value& actual, const Value& expected);

struct GoldenResult {
  int cases = 0;
  std::vector<std::string> failures;  // "case: what differed"
};

// Runs every case of the family through the kernel registry; where a case records
// "args_after" (mutating list/dict ops), also checks the arguments' state after the call.
GoldenResult run_op_goldens(const std::string& family);

// One decoded case of $TSRT_TESTDATA/ops/<family>/cases.json.
struct GoldenCase {
  std::string name, op;
  double rtol = 0, atol = 0;
  std::vector<Value> args;
  std::vector<Value> outputs;
};
std::vector<GoldenCase> load_cases(const std::string& family);

// One tensor file of the family's goldens, e.g. golden_tensor("linear", "mm_0.npy").
Tensor golden_tensor(const std::string& family, const std::string& file);

// Non-contiguous layouts holding the same values as a contiguous tensor.
enum class StridedStyle {
  kColumnMajor,     // dims in reversed memory order, no gaps, offset 0
  kReversedSpaced,  // dims reversed, innermost elements two slots apart, storage offset 1
  kReversedOrStep,  // rank >= 2: dims reversed; rank 1: stride 2; 0-d or empty: unchanged
};
Tensor strided_copy(const Tensor& t, StridedStyle style);

// Replaces every tensor argument of rank > 0 with more than one element by its strided_copy;
// returns whether any was replaced.
bool make_args_strided(std::vector<Value>& args, StridedStyle style);

// Runs the case's op on `args` in place of its own, returning "" or what differed from its outputs.
std::string run_case(const GoldenCase& c, const std::vector<Value>& args);

// Re-runs every case of the family whose arguments `transform` changes (it returns true then),
// expecting the same golden outputs; `cases` counts the re-run ones and failures name `variant`.
using ArgsTransform = std::function<bool(const GoldenCase&, std::vector<Value>& args)>;
GoldenResult run_transformed_goldens(const std::string& family, const std::string& variant,
                                     const ArgsTransform& transform);

// An int[] argument.
Value int_list(const std::vector<int64_t>& values);

}  // namespace tsrt::testing
