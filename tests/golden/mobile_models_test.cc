// Mobile-optimized models ($TSRT_TESTDATA/mobile, written by tools/models/mobile_models.py with
// stock PyTorch's optimize_for_mobile: XNNPACK op contexts in constants.pkl, prepacked::* ops)
// load in tsrt and match stock PyTorch's outputs, as loaded and after the `default` pipeline.
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

struct MobileCase {
  std::string name, file;
  std::vector<std::string> inputs, outputs;  // .npy files relative to mobile_dir()
};

void PrintTo(const MobileCase& c, std::ostream* os) { *os << c.name; }

std::string mobile_dir() { return testdata_dir() + "/mobile"; }

// Every case of the manifest; empty when it is missing (ManifestIsPresent then fails).
std::vector<MobileCase> read_mobile_manifest() {
  std::vector<MobileCase> cases;
  std::ifstream in(mobile_dir() + "/manifest.json");
  if (!in.good()) return cases;
  for (const auto& m : nlohmann::json::parse(in)) {
    MobileCase c{m["name"], m["file"], {}, {}};
    for (const auto& s : m["inputs"]) c.inputs.push_back(s);
    for (const auto& s : m["outputs"]) c.outputs.push_back(s);
    cases.push_back(c);
  }
  return cases;
}

void run_case(const MobileCase& c, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  Module m = load(mobile_dir() + "/" + c.file, options);
  std::vector<Value> inputs;
  for (const std::string& file : c.inputs) inputs.push_back(Value(npy::read(mobile_dir() + "/" + file)));
  std::vector<Tensor> outputs = npy::flatten_outputs(m.call("forward", inputs));
  ASSERT_EQ(outputs.size(), c.outputs.size()) << c.name << " after " << passes;
  for (size_t i = 0; i < outputs.size(); ++i) {
    Tensor expected = npy::read(mobile_dir() + "/" + c.outputs[i]);
    EXPECT_EQ(compare_values(Value(outputs[i]), Value(expected), 1e-4, 1e-5), "")
        << c.name << " output " << i << " after " << passes;
  }
}

class MobileModel : public ::testing::TestWithParam<MobileCase> {};

TEST_P(MobileModel, MatchesStockPyTorchAsLoaded) { run_case(GetParam(), "none"); }
TEST_P(MobileModel, MatchesStockPyTorchAfterDefaultPipeline) { run_case(GetParam(), "default"); }

INSTANTIATE_TEST_SUITE_P(OptimizeForMobile, MobileModel, ::testing::ValuesIn(read_mobile_manifest()),
                         [](const ::testing::TestParamInfo<MobileCase>& info) { return info.param.name; });

TEST(Mobile, ManifestIsPresentAndCoversEveryModel) {
  // A missing or truncated manifest would otherwise make the suite above run nothing and pass.
  std::vector<MobileCase> cases = read_mobile_manifest();
  ASSERT_FALSE(cases.empty()) << "no manifest at " << mobile_dir() << "/manifest.json: run tools/make_testdata.sh";
  for (const char* model : {"conv_linear", "transposed", "prepack_ops", "mobilenet_v2", "resnet18"}) {
    bool found = false;
    for (const MobileCase& c : cases) found = found || c.name == model;
    EXPECT_TRUE(found) << model << " missing from " << mobile_dir() << "/manifest.json";
  }
}

}  // namespace
}  // namespace tsrt::testing
