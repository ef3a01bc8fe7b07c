// Models for loader gaps seen in real files ($TSRT_TESTDATA/loader_gaps, written by
// tools/models/loader_gaps.py with stock PyTorch): tsrt loads and runs each one and matches
// torch's outputs (fp32 within 1e-4 relative, integers exactly) as loaded and after `default`.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt::testing {
namespace {

struct GapCase {
  std::string name, file, method;
  std::vector<std::string> inputs, outputs;
};

std::string gaps_dir() { return testdata_dir() + "/loader_gaps"; }

std::vector<GapCase> read_manifest() {
  std::ifstream in(gaps_dir() + "/manifest.json");
  EXPECT_TRUE(in.good()) << "no " << gaps_dir() << "/manifest.json: run tools/make_testdata.sh";
  std::vector<GapCase> cases;
  if (!in.good()) return cases;
  for (const auto& m : nlohmann::json::parse(in)) {
    GapCase c{m["name"], m["file"], m.value("method", "forward"), {}, {}};
    for (const auto& s : m["inputs"]) c.inputs.push_back(s);
    for (const auto& s : m["outputs"]) c.outputs.push_back(s);
    cases.push_back(c);
  }
  return cases;
}

// "" or what differed for the case under the pipeline `passes`.
std::string check(const GapCase& c, const std::string& passes) {
  try {
    LoadOptions options;
    options.passes = passes;
    Module m = load(gaps_dir() + "/" + c.file, options);
    std::vector<Value> inputs;
    for (const std::string& spec : c.inputs) {
      bool file = spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0;
      inputs.push_back(npy::parse_input_spec(file ? gaps_dir() + "/" + spec : spec));
    }
    std::vector<Tensor> outputs = npy::flatten_outputs(m.call(c.method, inputs));
    if (outputs.size() != c.outputs.size()) {
      return std::to_string(outputs.size()) + " outputs, expected " + std::to_string(c.outputs.size());
    }
    std::string failures;
    for (size_t i = 0; i < outputs.size(); ++i) {
      Tensor expected = npy::read(gaps_dir() + "/" + c.outputs[i]);
      std::string diff = compare_values(Value(outputs[i]), Value(expected), 1e-4, 1e-5);
      if (!diff.empty()) failures += "output " + std::to_string(i) + ": " + diff + "\n";
    }
    return failures;
  } catch (const std::exception& e) {
    return e.what();
  }
}

TEST(LoaderGaps, EveryCaseMatchesStockPyTorch) {
  std::vector<GapCase> cases = read_manifest();
  EXPECT_GE(cases.size(), 3u);
  for (const GapCase& c : cases) {
    for (const char* passes : {"none", "default"}) {
      EXPECT_EQ(check(c, passes), "") << c.name << " (pipeline " << passes << ")";
    }
  }
}

// The default is what the file stores, so leaving it out equals passing torch's constant.
TEST(LoaderGaps, TensorDefaultIsTheStoredConstant) {
  Module m = load(gaps_dir() + "/default_state.pt", LoadOptions{});
  const auto& formals = m.method("forward").signature.arguments;
  ASSERT_EQ(formals.size(), 3u);
  ASSERT_TRUE(formals[2].default_value.has_value());
  ASSERT_TRUE(formals[2].default_value->is_tensor());
  EXPECT_EQ(formals[2].default_value->to_tensor().sizes(), (Shape{2, 2}));
}

}  // namespace
}  // namespace tsrt::testing
