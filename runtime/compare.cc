#include "runtime/compare.h"

#include <algorithm>
#include <cmath>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
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

namespace {

// Records the tensor result of every top-level node, keyed like the reference dump.
class NodeRecorder : public runtime::OpObserver {
 public:
  void on_op(const ir::Node&, double, double) override {}
  void on_outputs(const ir::Node& node, const std::vector<Value>& outputs) override {
    if (node.owning_block()->owning_node() != nullptr || outputs.size() != 1 || !outputs[0].is_tensor()) return;
    std::string key = node.location().str() + " " + node.kind();
    int occurrence = counts_[key]++;
    // Kept, not copied: like libtorch's dump, a value later changed in place is seen as it ends.
    values_[key + "#" + std::to_string(occurrence)] = outputs[0].to_tensor();
  }
  const Tensor* find(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, int> counts_;
  std::map<std::string, Tensor> values_;
};

}  // namespace

PerOpReport compare_per_op(const std::string& model, const std::string& method, const std::vector<Value>& inputs,
                           const std::string& dump_dir, double rtol, double atol) {
  LoadOptions options;
  options.passes = "inline";  // one IR node per libtorch node: nothing folded away
  Module m = load(model, options);
  NodeRecorder recorder;
  m.call(method, inputs, &recorder);

  std::ifstream in(dump_dir + "/nodes.json");
  check(in.good(), "no nodes.json in " + dump_dir);
  nlohmann::json listing = nlohmann::json::parse(in);
  PerOpReport report;
  std::map<std::string, int> counts;
  for (size_t k = 0; k < listing.size(); ++k) {
    NodeDiff d;
    d.kind = listing[k]["kind"].get<std::string>();
    d.location = listing[k]["file"].get<std::string>() + ":" + std::to_string(listing[k]["line"].get<int>());
    std::string key = d.location + " " + d.kind;
    d.occurrence = counts[key]++;
    const Tensor* ours = recorder.find(key + "#" + std::to_string(d.occurrence));
    if (ours == nullptr) {
      ++report.unmatched;
      continue;
    }
    Tensor theirs = npy::read(dump_dir + "/node_" + std::to_string(k) + ".npy");
    TensorDiff diff = compare_tensors(*ours, theirs, rtol, atol);
    d.shape = theirs.shape_string();
    d.max_abs = diff.max_abs;
    d.max_rel = diff.max_rel;
    d.ok = diff.ok;
    d.problem = diff.problem;
    report.nodes.push_back(d);
  }
  return report;
}

}  // namespace tsrt
