// Comparing tsrt's outputs with a reference (stock libtorch's, as .npy), and bisecting a pass
// pipeline: which pass first moves the outputs beyond tolerance. Used by `tsrt compare`.
#pragma once

#include <string>
#include <vector>

#include "runtime/module.h"

namespace tsrt {

struct TensorDiff {
  double max_abs = 0;
  double max_rel = 0;  // over elements with a non-zero difference
  bool ok = true;      // floats within atol + rtol * |want|; integers and booleans exact
  std::string problem; // shape or dtype mismatch
};

TensorDiff compare_tensors(const Tensor& got, const Tensor& want, double rtol, double atol);

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
// line and occurrence.
PerOpReport compare_per_op(const std::string& model, const std::string& method, const std::vector<Value>& inputs,
                           const std::string& dump_dir, double rtol, double atol);

}  // namespace tsrt
