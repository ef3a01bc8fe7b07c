// tsrt compare: stock libtorch (through the reference runner, a separate process so that tsrt
// never links libtorch) and tsrt on the same inputs; max abs/rel error per output. Optionally:
// the first pass that moves the outputs (--bisect), the first node that differs (--per-op), and
// time per op kind on both sides (--profile).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <iterator>

#include <sys/wait.h>
#include <unistd.h>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "passes/pipeline.h"
#include "runtime/compare.h"
#include "runtime/profiler.h"
#include "tools/tsrt/commands.h"
#include "tools/tsrt/inputs.h"

namespace tsrt::cli {

std::string default_reference_runner(const char* argv0) {
  if (const char* env = std::getenv("TSRT_REFERENCE_RUNNER")) return env;
  std::filesystem::path self = std::filesystem::absolute(argv0);
  return (self.parent_path().parent_path() / "reference" / "reference_runner").string();
}

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The reference runner's command line for `model` on the same method, inputs and threads.
std::string reference_command(const std::string& reference_runner, const std::string& model, const std::string& method,
                              const std::vector<std::string>& input_specs, const LoadOptions& options) {
  std::string command = shell_quote(reference_runner) + " " + shell_quote(model) + " --method " + shell_quote(method);
  for (const std::string& spec : input_specs) command += " --input " + shell_quote(spec);
  if (options.threads > 0) command += " --threads " + std::to_string(options.threads);
  return command;
}

// "" when the reference runner succeeded, else what failed: its exit code (or signal), not the
// wait status, and its own message without its prefix.
std::string reference_failure(int status, const std::filesystem::path& stderr_file) {
  if (status == 0) return "";
  std::string how;
  if (status == -1) {
    how = "could not be started";
  } else if (WIFEXITED(status)) {
    how = "exit code " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    how = "killed by signal " + std::to_string(WTERMSIG(status));
  } else {
    how = "wait status " + std::to_string(status);
  }
  std::ifstream in(stderr_file);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t") != std::string::npos) last = line;
  }
  const std::string prefix = "reference_runner: ";
  if (last.rfind(prefix, 0) == 0) last = last.substr(prefix.size());
  return "stock libtorch failed (reference runner " + how + ")" + (last.empty() ? "" : ": " + last);
}

// The inputs as libtorch received them (the reference runner's DIR/inputs.txt), when it got that far.
void print_reference_inputs(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (first) std::printf("inputs, as stock libtorch received them:\n");
    first = false;
    std::printf("  %s\n", line.c_str());
  }
  if (!first) std::printf("\n");
}

// Node-by-node comparison of the inlined graph: the first node beyond tolerance, then the ten
// nodes with the largest error.
bool print_per_op(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
                  const LoadOptions& options, const std::string& reference_runner, const std::filesystem::path& dir,
                  double rtol, double atol) {
  std::string dump = (dir / "nodes").string();
  std::string command = reference_command(reference_runner, model, method, input_specs, options) +
                        " --dump-nodes " + shell_quote(dump);
  TSRT_CHECK(std::system(command.c_str()) == 0, "stock libtorch could not dump per-node results");
  PerOpReport report = compare_per_op(model, method, parse_inputs(input_specs), dump, rtol, atol);
  std::printf("\nper-op: %zu nodes compared, %d libtorch nodes without a tsrt counterpart\n", report.nodes.size(),
              report.unmatched);
  auto row = [](const NodeDiff& d) {
    std::printf("  %-24s %-18s %11.3e %11.3e  %s #%d%s\n", d.kind.c_str(), d.shape.c_str(), d.max_abs, d.max_rel,
                d.location.c_str(), d.occurrence, d.problem.empty() ? "" : ("  " + d.problem).c_str());
  };
  const NodeDiff* first = nullptr;
  for (const NodeDiff& d : report.nodes) {
    if (!d.ok) {
      first = &d;
      break;
    }
  }
  std::printf("  %-24s %-18s %11s %11s  %s\n", "op", "shape", "max_abs", "max_rel", "source");
  if (first) {
    std::printf("first node beyond tolerance:\n");
    row(*first);
  } else {
    std::printf("every node within tolerance\n");
  }
  std::vector<NodeDiff> sorted = report.nodes;
  std::sort(sorted.begin(), sorted.end(), [](const NodeDiff& a, const NodeDiff& b) { return a.max_abs > b.max_abs; });
  std::printf("largest errors:\n");
  for (size_t i = 0; i < sorted.size() && i < 10; ++i) row(sorted[i]);
  return first == nullptr;
}

// "ok", "FAIL" or "FAIL <what>".
std::string verdict(bool ok, const std::string& problem) {
  if (ok) return "ok";
  return problem.empty() ? "FAIL" : "FAIL " + problem;
}

// Compares after each prefix of the pipeline; returns the first step beyond tolerance ("" if none).
std::string print_bisect(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
                  const std::string& pipeline, const std::vector<Tensor>& expected, double rtol, double atol) {
  std::printf("\nbisecting pipeline '%s' (outputs after each pass vs stock libtorch):\n", pipeline.c_str());
  std::printf("%-28s %12s  %s\n", "after pass", "max_abs", "result");
  std::string first_bad;
  for (const PassStep& step : bisect_pipeline(model, method, parse_inputs(input_specs), expected, pipeline, rtol, atol)) {
    std::string name = step.pass.empty() ? "(as loaded)" : step.pass;
    std::printf("%-28s %12.3e  %s\n", name.c_str(), step.max_abs, verdict(step.ok, step.error).c_str());
    if (!step.ok && first_bad.empty()) first_bad = name;
  }
  if (first_bad.empty()) {
    std::printf("no pass moves the outputs beyond tolerance\n");
  } else {
    std::printf("first step beyond tolerance: %s\n", first_bad.c_str());
  }
  return first_bad;
}

// Profiled runs of the loaded module: as many as the reference runner's, after the compared run.
constexpr int kProfiledRuns = 3;

void print_profile(Module& m, const std::string& method, const std::vector<std::string>& input_specs,
                   const std::string& libtorch_profile, const std::string& pipeline) {
  runtime::Profiler profiler;
  std::vector<Value> inputs = parse_inputs(input_specs);
  for (int i = 0; i < kProfiledRuns; ++i) m.call(method, inputs, &profiler);
  std::printf("\nper op kind, per run (tsrt: pipeline '%s', its own profiler; libtorch: its legacy profiler, "
              "outermost ops; mean of %d runs):\n",
              pipeline.c_str(), kProfiledRuns);
  print_profile_table(std::cout, merge_op_times(tsrt_op_times(profiler, kProfiledRuns),
                                                read_libtorch_op_times(libtorch_profile)));
  std::cout.flush();
}

}  // namespace

int cmd_compare(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
                const LoadOptions& options, const std::string& reference_runner, const CompareFlags& flags) {
  const double rtol = flags.rtol, atol = flags.atol;
  TSRT_CHECK(std::filesystem::exists(reference_runner),
        "reference runner not found at " + reference_runner + " (build //tools/reference:reference_runner or pass --reference)");
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("tsrt-compare-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string libtorch_profile = (dir / "profile.json").string();
  // One reference process for the outputs and, with --profile, libtorch's op profile too.
  std::string command = reference_command(reference_runner, model, method, input_specs, options) +
                        " --output-dir " + shell_quote(dir.string());
  if (flags.profile) command += " --profile-ops " + shell_quote(libtorch_profile);
  command += " 2> " + shell_quote((dir / "reference_stderr.txt").string());
  auto r0 = std::chrono::steady_clock::now();
  std::string reference_error = reference_failure(std::system(command.c_str()), dir / "reference_stderr.txt");
  auto r1 = std::chrono::steady_clock::now();
  print_reference_inputs(dir / "inputs.txt");

  // The tsrt side runs even when libtorch failed, so that one try says which side breaks.
  auto t0 = std::chrono::steady_clock::now();
  std::optional<Module> loaded;
  std::vector<npy::OutputLeaf> outputs;
  std::string tsrt_error;
  try {
    loaded.emplace(load(model, options));
    warn_missing_kernels(*loaded);
    outputs = npy::flatten_result(loaded->call(method, method_inputs(*loaded, method, input_specs)));
  } catch (const std::exception& e) {
    tsrt_error = e.what();
  }
  auto t1 = std::chrono::steady_clock::now();
  if (!reference_error.empty() || !tsrt_error.empty()) {
    std::filesystem::remove_all(dir);
    if (tsrt_error.empty()) {
      std::printf("tsrt ran it: %zu output(s)\n", outputs.size());
      for (size_t i = 0; i < outputs.size(); ++i) {
        std::string what = outputs[i].is_string ? "str " + outputs[i].text : describe(outputs[i].tensor);
        std::printf("output_%zu   %s\n", i, what.c_str());
      }
      throw Error(reference_error + "; tsrt ran it (" + std::to_string(outputs.size()) + " outputs)");
    }
    if (reference_error.empty()) throw Error("tsrt failed (stock libtorch ran it): " + tsrt_error);
    throw Error("both failed: " + reference_error + "; tsrt: " + tsrt_error);
  }
  Module& m = *loaded;

  std::printf("%-10s %-22s %-10s %12s %12s  %s\n", "output", "shape", "dtype", "max_abs", "max_rel", "result");
  bool outputs_ok = true;
  std::vector<Tensor> expected;
  for (size_t index = 0;; ++index) {
    std::filesystem::path file = dir / ("output_" + std::to_string(index) + ".npy");
    if (!std::filesystem::exists(file)) break;
    std::string name = "output_" + std::to_string(index);
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (npy::is_string_array(bytes)) {
      // A str leaf: equal or not (bisect and per-op compare tensors only).
      std::string want = npy::parse_string(bytes, file.string());
      expected.emplace_back();
      bool ok = index < outputs.size() && outputs[index].is_string && outputs[index].text == want;
      outputs_ok &= ok;
      std::string got = index >= outputs.size()       ? "missing"
                        : outputs[index].is_string ? outputs[index].text
                                                   : "a tensor";
      std::printf("%-10s %-22s %-10s %12s %12s  %s\n", name.c_str(), "[]", "str", "-", "-",
                  ok ? "ok" : ("FAIL got '" + got + "', libtorch '" + want + "'").c_str());
      continue;
    }
    expected.push_back(npy::parse(bytes, file.string()));
    const Tensor& want = expected.back();
    if (index >= outputs.size()) {
      std::printf("%-10s missing from tsrt's result\n", name.c_str());
      outputs_ok = false;
      continue;
    }
    if (outputs[index].is_string) {
      std::printf("%-10s tsrt returned a str ('%s'), libtorch a tensor\n", name.c_str(), outputs[index].text.c_str());
      outputs_ok = false;
      continue;
    }
    TensorDiff d = compare_tensors(outputs[index].tensor, want, rtol, atol);
    outputs_ok &= d.ok;
    std::printf("%-10s %-22s %-10s %12.3e %12.3e  %s\n", name.c_str(), want.shape_string().c_str(),
                dtype_name(want.dtype()), d.max_abs, d.max_rel,
                verdict(d.ok, d.problem).c_str());
  }
  if (outputs.size() != expected.size()) {
    std::printf("tsrt returned %zu outputs, stock libtorch %zu\n", outputs.size(), expected.size());
    outputs_ok = false;
  }
  bool all_ok = outputs_ok;
  if (flags.profile) print_profile(m, method, input_specs, libtorch_profile, options.passes);
  // A pipeline named by hand that breaks the outputs is what --bisect is for: run it unasked.
  bool custom_pipeline = passes::expand_pipeline(options.passes) != passes::default_pipeline();
  bool bisect = flags.bisect || (!outputs_ok && custom_pipeline);
  if (bisect && !flags.bisect) std::printf("\n(outputs differ under --passes %s: bisecting it)\n", options.passes.c_str());
  std::string first_bad_step;
  if (bisect) {
    first_bad_step = print_bisect(model, method, input_specs, options.passes, expected, rtol, atol);
    all_ok &= first_bad_step.empty();
  }
  if (flags.per_op) all_ok &= print_per_op(model, method, input_specs, options, reference_runner, dir, rtol, atol);
  if (!outputs_ok && !flags.per_op) {
    if (!bisect) {
      std::printf("hint: --bisect names the first pass that moves the outputs, --per-op the first node that differs\n");
    } else if (first_bad_step == "(as loaded)") {
      std::printf("hint: the outputs differ before any pass: --per-op names the first node that differs\n");
    }
  }
  std::filesystem::remove_all(dir);
  std::printf("stock libtorch (load + run, separate process): %.1f ms; tsrt (load + run): %.1f ms\n",
              std::chrono::duration<double, std::milli>(r1 - r0).count(),
              std::chrono::duration<double, std::milli>(t1 - t0).count());
  std::printf("%s (rtol %.1e, atol %.1e)\n", all_ok ? "outputs match" : "outputs DIFFER", rtol, atol);
  return all_ok ? 0 : 2;
}

}  // namespace tsrt::cli
