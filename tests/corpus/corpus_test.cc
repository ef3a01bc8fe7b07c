// The model corpus is complete, and stock libtorch (//tools/reference:reference_runner) run on
// each entry's inputs reproduces the outputs Python torch wrote: the corpus is a valid reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "runtime/error.h"

namespace {

const char kRunner[] = "tools/reference/reference_runner";  // runfiles path

std::string corpus_dir() {
  const char* testdata = std::getenv("TSRT_TESTDATA");
  if (testdata == nullptr || *testdata == '\0') {
    ADD_FAILURE() << "TSRT_TESTDATA is not set (run tools/make_testdata.sh and pass --test_env)";
    return "";
  }
  return std::string(testdata) + "/corpus";
}

nlohmann::json load_manifest() {
  std::ifstream in(corpus_dir() + "/manifest.json");
  if (!in.good()) {
    ADD_FAILURE() << "no corpus manifest at " << corpus_dir() << "/manifest.json";
    return nlohmann::json::array();
  }
  return nlohmann::json::parse(in);
}

bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The .npy files a manifest input SPEC names (none for scalars, strings and `none`).
std::vector<std::string> spec_files(const std::string& spec) {
  std::string list;
  if (starts_with(spec, "tuple:")) list = spec.substr(6);
  else if (starts_with(spec, "list:")) list = spec.substr(5);
  else if (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0) return {spec};
  else return {};
  std::vector<std::string> files;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');) files.push_back(item);
  return files;
}

// The SPEC with its file names made relative to the test's working directory.
std::string resolve_spec(const std::string& spec, const std::string& dir) {
  std::vector<std::string> files = spec_files(spec);
  if (files.empty()) return spec;
  std::string prefix = starts_with(spec, "tuple:") ? "tuple:" : starts_with(spec, "list:") ? "list:" : "";
  std::string resolved = prefix;
  for (size_t i = 0; i < files.size(); ++i) resolved += (i ? "," : "") + dir + "/" + files[i];
  return resolved;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct RunResult {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

RunResult run_runner(const std::vector<std::string>& args, const std::string& scratch) {
  std::string command = kRunner;
  for (const auto& a : args) command += " " + shell_quote(a);
  command += " >" + shell_quote(scratch + "/stdout.txt") + " 2>" + shell_quote(scratch + "/stderr.txt");
  RunResult result;
  int status = std::system(command.c_str());
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.stdout_text = read_text(scratch + "/stdout.txt");
  result.stderr_text = read_text(scratch + "/stderr.txt");
  return result;
}

std::string scratch_dir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp ? tmp : "/tmp") + "/" + name;
  std::system(("mkdir -p " + shell_quote(dir)).c_str());
  return dir;
}

// "" when equal: dtype and shape exactly, floats within 1e-5 (relative above magnitude 1: the
// same library in two processes may pick other convolution or BLAS paths, and ResNet-18's 20
// layers have been seen to part by 1.1e-6),
// integers and booleans exactly.
std::string compare(const tsrt::Tensor& actual, const tsrt::Tensor& expected) {
  if (actual.dtype() != expected.dtype()) {
    return std::string("dtype ") + tsrt::dtype_name(actual.dtype()) + " != expected " +
           tsrt::dtype_name(expected.dtype());
  }
  if (actual.sizes() != expected.sizes()) {
    return "shape " + actual.shape_string() + " != expected " + expected.shape_string();
  }
  bool exact = !tsrt::is_floating(expected.dtype());
  tsrt::Tensor a = actual.to(tsrt::DType::Float64);
  tsrt::Tensor e = expected.to(tsrt::DType::Float64);
  if (exact) {
    a = actual.to(tsrt::DType::Int64);
    e = expected.to(tsrt::DType::Int64);
    for (int64_t i = 0; i < a.numel(); ++i) {
      if (a.data<int64_t>()[i] != e.data<int64_t>()[i]) {
        return "element " + std::to_string(i) + ": " + std::to_string(a.data<int64_t>()[i]) +
               " != expected " + std::to_string(e.data<int64_t>()[i]);
      }
    }
    return "";
  }
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.data<double>()[i], y = e.data<double>()[i];
    if (x == y || (std::isnan(x) && std::isnan(y))) continue;
    if (!(std::fabs(x - y) <= 1e-5 * std::max(1.0, std::fabs(y)))) {
      std::ostringstream ss;
      ss.precision(17);
      ss << "element " << i << ": " << x << " != expected " << y;
      return ss.str();
    }
  }
  return "";
}

// Families the brief requires: each name must be present in the manifest.
const char* const kRequiredEntries[] = {
    "seed_my_cell_traced", "seed_decision_gate_pos", "seed_decision_gate_neg", "seed_my_module_mv",
    "seed_my_module_add", "seed_gated_cell_mixed", "seed_script_fn_calls_traced_fn",
    "seed_traced_fn_calls_script_fn_x", "seed_traced_fn_calls_script_fn_y", "seed_rnn_loop_scripted",
    "seed_wrap_rnn_traced", "seed_wrap_rnn_traced_len6", "cf_for_range", "cf_for_list",
    "cf_while_break_continue", "cf_early_return_mode0", "cf_early_return_loop",
    "cf_early_return_fallthrough", "cf_optional_none", "cf_optional_values", "cf_containers",
    "cf_strings", "cf_scalar_branches_a", "cf_scalar_branches_b", "cf_scalar_branches_c",
    "cf_module_attributes", "cf_fork_wait", "sf_script_class", "sf_exported_forward", "sf_exported_predict",
    "sf_module_containers", "sf_checks_conversions", "bert_tiny_traced", "bert_tiny_hf_argorder_traced", "resnet18_traced",
    "small_convnet_traced", "lstm_traced", "gru_traced", "ops_postprocess_traced", "ops_split_index_scripted",
};

TEST(Corpus, ManifestIsComplete) {
  nlohmann::json manifest = load_manifest();
  ASSERT_TRUE(manifest.is_array());
  std::set<std::string> names;
  std::set<std::string> kinds;
  for (const auto& entry : manifest) {
    std::string name = entry.at("name").get<std::string>();
    EXPECT_TRUE(names.insert(name).second) << "duplicate entry " << name;
    std::string kind = entry.at("kind").get<std::string>();
    kinds.insert(kind);
    EXPECT_TRUE(kind == "traced" || kind == "scripted" || kind == "mixed") << name << ": kind " << kind;
    EXPECT_FALSE(entry.at("method").get<std::string>().empty()) << name;
    EXPECT_FALSE(entry.at("description").get<std::string>().empty()) << name;
    EXPECT_TRUE(file_exists(corpus_dir() + "/" + entry.at("file").get<std::string>())) << name << ": model file missing";
    for (const auto& spec : entry.at("inputs")) {
      for (const auto& f : spec_files(spec.get<std::string>())) {
        EXPECT_TRUE(file_exists(corpus_dir() + "/" + f)) << name << ": input " << f << " missing";
      }
    }
    EXPECT_FALSE(entry.at("outputs").empty()) << name << ": no outputs";
    for (const auto& f : entry.at("outputs")) {
      EXPECT_TRUE(file_exists(corpus_dir() + "/" + f.get<std::string>())) << name << ": output " << f << " missing";
    }
  }
  for (const char* required : kRequiredEntries) {
    EXPECT_EQ(names.count(required), 1u) << "corpus lacks " << required;
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"traced", "scripted", "mixed"}));
}

TEST(Corpus, ReferenceRunnerReproducesPythonOutputs) {
  ASSERT_TRUE(file_exists(kRunner)) << kRunner << " not in runfiles";
  nlohmann::json manifest = load_manifest();
  ASSERT_FALSE(manifest.empty());
  const std::string dir = corpus_dir();
  for (const auto& entry : manifest) {
    std::string name = entry.at("name").get<std::string>();
    SCOPED_TRACE(name);
    std::string out = scratch_dir("corpus/" + name);
    std::vector<std::string> args = {dir + "/" + entry.at("file").get<std::string>(), "--method",
                                     entry.at("method").get<std::string>(), "--output-dir", out};
    for (const auto& spec : entry.at("inputs")) {
      args.push_back("--input");
      args.push_back(resolve_spec(spec.get<std::string>(), dir));
    }
    RunResult run = run_runner(args, out);
    if (run.exit_code != 0) {
      ADD_FAILURE() << "reference_runner exited " << run.exit_code << ": " << run.stderr_text;
      continue;
    }
    const auto& outputs = entry.at("outputs");
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string actual_path = out + "/output_" + std::to_string(i) + ".npy";
      if (!file_exists(actual_path)) {
        ADD_FAILURE() << "output " << i << " was not written";
        continue;
      }
      std::string diff = compare(tsrt::npy::read(actual_path),
                                 tsrt::npy::read(dir + "/" + outputs[i].get<std::string>()));
      EXPECT_EQ(diff, "") << "output " << i;
    }
    EXPECT_FALSE(file_exists(out + "/output_" + std::to_string(outputs.size()) + ".npy"))
        << "more outputs than the manifest lists";
  }
}

TEST(ReferenceRunner, PrintsTimingJson) {
  std::string dir = corpus_dir();
  std::string out = scratch_dir("timing");
  RunResult run = run_runner({dir + "/seed_my_cell_traced.pt", "--input", dir + "/seed_my_cell_traced.in0.npy",
                              "--input", dir + "/seed_my_cell_traced.in1.npy", "--threads", "1",
                              "--warmup", "2", "--iters", "5"},
                             out);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  nlohmann::json timing = nlohmann::json::parse(run.stdout_text);
  EXPECT_EQ(timing.at("iters").get<int>(), 5);
  double min_ms = timing.at("min_ms").get<double>();
  double median_ms = timing.at("median_ms").get<double>();
  double p90_ms = timing.at("p90_ms").get<double>();
  EXPECT_GT(min_ms, 0.0);
  EXPECT_LE(min_ms, median_ms);
  EXPECT_LE(median_ms, p90_ms);
}

// Bad invocations end with a non-zero exit and one line naming the problem.
TEST(ReferenceRunner, RejectsBadInvocationsWithOneLine) {
  std::string dir = corpus_dir();
  std::string out = scratch_dir("errors");
  std::string model = dir + "/seed_decision_gate_scripted.pt";
  std::string input = dir + "/seed_decision_gate_pos.in0.npy";
  struct Case {
    std::vector<std::string> args;
    std::string expected_text;
  };
  const std::vector<Case> cases = {
      {{model, "--input", "int:12x", "--output-dir", out}, "int:12x"},
      {{model, "--input", "bool:maybe", "--output-dir", out}, "bool:maybe"},
      {{model, "--input", "what", "--output-dir", out}, "'what'"},
      {{model, "--input", dir + "/missing.npy", "--output-dir", out}, "missing.npy"},
      {{dir + "/missing.pt", "--output-dir", out}, "missing.pt"},
      {{model, "--input", input, "--method", "nope", "--output-dir", out}, "nope"},
      {{model, "--output-dir", out}, "forward"},
      {{model, "--input", "int:3", "--output-dir", out}, "forward"},
      {{model, "--input", input}, "nothing to do"},
      {{model, "--bogus"}, "--bogus"},
      {{model, "--iters", "0"}, "--iters"},
  };
  for (const auto& c : cases) {
    RunResult run = run_runner(c.args, out);
    SCOPED_TRACE(c.args.back());
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(run.stderr_text.find(c.expected_text), std::string::npos) << run.stderr_text;
    EXPECT_EQ(std::count(run.stderr_text.begin(), run.stderr_text.end(), '\n'), 1) << run.stderr_text;
  }
}

}  // namespace
