// Comparing tsrt's outputs with a reference (stock libtorch's, as .npy), and bisecting a pass
// pipeline: which pass first moves the outputs beyond tolerance. Used by `tsrt compare`.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/module.h"
#include "runtime/profiler.h"

namespace tsrt {

struct TensorDiff {
  double max_abs = 0;
  double max_rel = 0;  // over elements with a non-zero difference
  bool ok = true;      // floats within tolerance (below); integers and booleans exact
  std::string problem; // shape or dtype mismatch
};

// What rtol is relative to. A model's outputs are held to each element's own magnitude:
// |got - want| <= atol + rtol * |want|. An inner node of a deep network carries the rounding
// of every product before it, in whatever order each side summed, so it is held to the
// tensor's largest magnitude instead (atol + rtol * max |want|): that passes fp32 rounding
// near zero and still catches a wrong kernel, which moves values by a share of that scale.
enum class RelativeTo { Element, TensorMax };

TensorDiff compare_tensors(const Tensor& got, const Tensor& want, double rtol, double atol,
                           RelativeTo relative_to = RelativeTo::Element);

struct PassStep {
  std::string pipeline;  // the prefix of the pipeline run ("none", "inline", "inline,dce", ...)
  std::string pass;      // the pass this step added ("" for the baseline)
  bool ok = true;
  double max_abs = 0;
  std::string error;     // if the model failed to load or run after this step
};

// Runs `method` after each prefix of `pipeline` and compares every output with `expected`.
std::vector<PassStep> bisect_pipeline(const std::string& model, const std::string& method,
                                      const std::vector<Value>& inputs, const std::vector<Tensor>& expected,
                                      const std::string& pipeline, double rtol, double atol);

struct NodeDiff {
  std::string kind;      // "aten::linear"
  std::string location;  // code/ file:line
  int occurrence = 0;    // the k-th node of this kind at this line (inlined methods repeat lines)
  std::string shape;
  double max_abs = 0;
  double max_rel = 0;
  bool ok = true;
  std::string problem;
};

struct PerOpReport {
  std::vector<NodeDiff> nodes;  // in graph order, every node both sides produced
  int unmatched = 0;            // libtorch nodes tsrt has no counterpart for
};

// Compares, node by node, the tensors tsrt computes in `method`'s inlined graph with the ones
// stock libtorch computed (`reference_runner --dump-nodes DIR`), matched by op kind, source
// line and occurrence; each node's tolerance is relative to its largest value (TensorMax).
PerOpReport compare_per_op(const std::string& model, const std::string& method, const std::vector<Value>& inputs,
                           const std::string& dump_dir, double rtol, double atol);

// Per-op-kind profiles of both sides (`tsrt compare --profile`). Kinds are op names without
// overload ("aten::add", as libtorch's profiler names them); times and calls are per run.
struct OpKindTime {
  double calls = 0;
  double ms = 0;
};
using OpKindTimes = std::map<std::string, OpKindTime>;

// tsrt's side from its profiler after `runs` profiled runs. Fused kinds keep their own names.
OpKindTimes tsrt_op_times(const runtime::Profiler& profiler, int runs);
// libtorch's side from `reference_runner --profile-ops FILE` ({"runs": R, "ops": {...}}).
OpKindTimes read_libtorch_op_times(const std::string& json_path);

struct ProfileRow {
  std::string kind;
  OpKindTime tsrt, libtorch;  // zero calls: the kind does not run on that side
};
// One row per kind of either side, by tsrt + libtorch time, largest first.
std::vector<ProfileRow> merge_op_times(const OpKindTimes& tsrt, const OpKindTimes& libtorch);
// The table: kind, calls and ms per run on each side, tsrt/libtorch time ratio; a total row.
void print_profile_table(std::ostream& os, const std::vector<ProfileRow>& rows);

}  // namespace tsrt
