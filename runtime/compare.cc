#include "runtime/compare.h"

#include <algorithm>
#include <cmath>

#include "frontends/npy/value_io.h"
#include "passes/pipeline.h"

namespace tsrt {

TensorDiff compare_tensors(const Tensor& got, const Tensor& want, double rtol, double atol) {
  TensorDiff d;
  if (got.sizes() != want.sizes()) {
    d.ok = false;
    d.problem = "shape " + got.shape_string() + " vs " + want.shape_string();
    return d;
  }
  if (got.dtype() != want.dtype()) {
    d.ok = false;
    d.problem = std::string("dtype ") + dtype_name(got.dtype()) + " vs " + dtype_name(want.dtype());
    return d;
  }
  Tensor a = got.to(DType::Float64), b = want.to(DType::Float64);
  bool exact = !is_floating(want.dtype());
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.data<double>()[i], y = b.data<double>()[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    double abs_err = std::fabs(x - y);
    d.max_abs = std::max(d.max_abs, abs_err);
    if (abs_err > 0) d.max_rel = std::max(d.max_rel, abs_err / std::max(std::fabs(y), 1e-30));
    if (exact ? x != y : !(abs_err <= atol + rtol * std::fabs(y))) d.ok = false;
  }
  return d;
}

std::vector<PassStep> bisect_pipeline(const std::string& model, const std::string& method,
                                      const std::vector<Value>& inputs, const std::vector<Tensor>& expected,
                                      const std::string& pipeline, double rtol, double atol) {
  std::vector<std::string> passes = passes::expand_pipeline(pipeline);
  std::vector<PassStep> steps;
  std::string prefix;
  for (size_t k = 0; k <= passes.size(); ++k) {
    PassStep step;
    if (k > 0) {
      prefix += (prefix.empty() ? "" : ",") + passes[k - 1];
      step.pass = passes[k - 1];
    }
    step.pipeline = prefix.empty() ? "none" : prefix;
    try {
      LoadOptions options;
      options.passes = step.pipeline;
      Module m = load(model, options);
      std::vector<Tensor> got = npy::flatten_outputs(m.call(method, inputs));
      if (got.size() != expected.size()) {
        step.ok = false;
        step.error = std::to_string(got.size()) + " outputs, expected " + std::to_string(expected.size());
      }
      for (size_t i = 0; i < got.size() && i < expected.size(); ++i) {
        TensorDiff d = compare_tensors(got[i], expected[i], rtol, atol);
        step.ok &= d.ok;
        step.max_abs = std::max(step.max_abs, d.max_abs);
        if (!d.problem.empty()) step.error = "output " + std::to_string(i) + ": " + d.problem;
      }
    } catch (const Error& e) {
      step.ok = false;
      step.error = e.what();
    }
    steps.push_back(step);
  }
  return steps;
}

}  // namespace tsrt
