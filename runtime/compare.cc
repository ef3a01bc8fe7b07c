#include "runtime/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "passes/pipeline.h"

namespace tsrt {

TensorDiff compare_tensors(const Tensor& got, const Tensor& want, double rtol, double atol, RelativeTo relative_to) {
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
  double scale = 0;  // max |want| over finite values, for RelativeTo::TensorMax
  if (relative_to == RelativeTo::TensorMax) {
    for (int64_t i = 0; i < b.numel(); ++i) {
      if (std::isfinite(b.data<double>()[i])) scale = std::max(scale, std::fabs(b.data<double>()[i]));
    }
  }
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.data<double>()[i], y = b.data<double>()[i];
    if (x == y || (std::isnan(x) && std::isnan(y))) continue;  // equal infinities too
    double abs_err = std::fabs(x - y);
    d.max_abs = std::max(d.max_abs, abs_err);
    if (abs_err > 0) d.max_rel = std::max(d.max_rel, abs_err / std::max(std::fabs(y), 1e-30));
    const double magnitude = relative_to == RelativeTo::TensorMax ? std::max(scale, std::fabs(y)) : std::fabs(y);
    if (exact ? x != y : !(abs_err <= atol + rtol * magnitude)) d.ok = false;
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
  TSRT_CHECK(in.good(), "no nodes.json in " + dump_dir);
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
    TensorDiff diff = compare_tensors(*ours, theirs, rtol, atol, RelativeTo::TensorMax);
    d.shape = theirs.shape_string();
    d.max_abs = diff.max_abs;
    d.max_rel = diff.max_rel;
    d.ok = diff.ok;
    d.problem = diff.problem;
    report.nodes.push_back(d);
  }
  return report;
}

namespace {

// "aten::add.Tensor" -> "aten::add": libtorch's profiler names ops without their overload.
std::string without_overload(const std::string& qualified) {
  size_t ns = qualified.find("::");
  size_t dot = qualified.find('.', ns == std::string::npos ? 0 : ns + 2);
  return dot == std::string::npos ? qualified : qualified.substr(0, dot);
}

// "72" for whole counts, "1.5" otherwise (a loop that ran a different number of times).
std::string format_calls(double calls) {
  char text[32];
  if (calls == std::floor(calls)) {
    std::snprintf(text, sizeof text, "%.0f", calls);
  } else {
    std::snprintf(text, sizeof text, "%.1f", calls);
  }
  return text;
}

}  // namespace

OpKindTimes tsrt_op_times(const runtime::Profiler& profiler, int runs) {
  TSRT_CHECK(runs > 0, "profile needs at least one run");
  OpKindTimes times;
  for (const auto& [kind, total] : profiler.totals()) {
    OpKindTime& t = times[without_overload(kind)];
    t.calls += static_cast<double>(total.calls) / runs;
    t.ms += total.total_us / 1000.0 / runs;
  }
  return times;
}

OpKindTimes read_libtorch_op_times(const std::string& json_path) {
  std::ifstream in(json_path);
  TSRT_CHECK(in.good(), "cannot read libtorch's profile " + json_path);
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error("libtorch's profile " + json_path + " is not JSON: " + e.what());
  }
  TSRT_CHECK(parsed.is_object() && parsed.contains("runs") && parsed.contains("ops") && parsed["ops"].is_object(),
        "libtorch's profile " + json_path + " lacks \"runs\" or \"ops\"");
  double runs = parsed["runs"].get<double>();
  TSRT_CHECK(runs > 0, "libtorch's profile " + json_path + " has no runs");
  OpKindTimes times;
  for (auto it = parsed["ops"].begin(); it != parsed["ops"].end(); ++it) {
    OpKindTime& t = times[it.key()];
    t.calls = it.value().at("calls").get<double>() / runs;
    t.ms = it.value().at("total_ms").get<double>() / runs;
  }
  return times;
}

std::vector<ProfileRow> merge_op_times(const OpKindTimes& tsrt, const OpKindTimes& libtorch) {
  std::map<std::string, ProfileRow> rows;
  for (const auto& [kind, t] : tsrt) rows[kind].tsrt = t;
  for (const auto& [kind, t] : libtorch) rows[kind].libtorch = t;
  std::vector<ProfileRow> sorted;
  for (auto& [kind, row] : rows) {
    row.kind = kind;
    sorted.push_back(row);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const ProfileRow& a, const ProfileRow& b) {
    return a.tsrt.ms + a.libtorch.ms > b.tsrt.ms + b.libtorch.ms;
  });
  return sorted;
}

void print_profile_table(std::ostream& os, const std::vector<ProfileRow>& rows) {
  char line[256];
  auto print = [&](const std::string& kind, const std::string& tsrt_calls, double tsrt_ms,
                   const std::string& torch_calls, double torch_ms, bool tsrt_ran, bool torch_ran) {
    char tsrt_time[32] = "-", torch_time[32] = "-", ratio[32] = "-";
    if (tsrt_ran) std::snprintf(tsrt_time, sizeof tsrt_time, "%.3f", tsrt_ms);
    if (torch_ran) std::snprintf(torch_time, sizeof torch_time, "%.3f", torch_ms);
    if (tsrt_ran && torch_ran && torch_ms > 0) std::snprintf(ratio, sizeof ratio, "%.3g", tsrt_ms / torch_ms);
    std::snprintf(line, sizeof line, "%-36s %10s %10s %14s %12s %12s\n", kind.c_str(), tsrt_calls.c_str(), tsrt_time,
                  torch_calls.c_str(), torch_time, ratio);
    os << line;
  };
  std::snprintf(line, sizeof line, "%-36s %10s %10s %14s %12s %12s\n", "op kind", "tsrt calls", "tsrt ms",
                "libtorch calls", "libtorch ms", "tsrt/libtorch");
  os << line;
  OpKindTime tsrt_total, torch_total;
  for (const ProfileRow& r : rows) {
    bool tsrt_ran = r.tsrt.calls > 0, torch_ran = r.libtorch.calls > 0;
    print(r.kind, tsrt_ran ? format_calls(r.tsrt.calls) : "-", r.tsrt.ms,
          torch_ran ? format_calls(r.libtorch.calls) : "-", r.libtorch.ms, tsrt_ran, torch_ran);
    tsrt_total.calls += r.tsrt.calls;
    tsrt_total.ms += r.tsrt.ms;
    torch_total.calls += r.libtorch.calls;
    torch_total.ms += r.libtorch.ms;
  }
  print("total", format_calls(tsrt_total.calls), tsrt_total.ms, format_calls(torch_total.calls), torch_total.ms, true,
        true);
}

}  // namespace tsrt
