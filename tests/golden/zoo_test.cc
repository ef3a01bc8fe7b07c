// torchvision's own models ($TSRT_TESTDATA/zoo, written by tools/models/torchvision_zoo.py --ci with
// stock PyTorch: scripted and traced, seeded random weights, small inputs) load in tsrt and match
// stock PyTorch's outputs, flattened per the CLI contract (dict values in insertion order, None
// skipped), as loaded and after the `default` pipeline.
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

struct ZooCase {
  std::string name, file, method;
  std::vector<std::string> inputs, outputs;  // SPECs and .npy files relative to zoo_dir()
};

void PrintTo(const ZooCase& c, std::ostream* os) { *os << c.name; }

std::string zoo_dir() { return testdata_dir() + "/zoo"; }

// Every case of the manifest; empty when it is missing (ManifestIsPresent then fails).
std::vector<ZooCase> read_zoo_manifest() {
  std::vector<ZooCase> cases;
  std::ifstream in(zoo_dir() + "/manifest.json");
  if (!in.good()) return cases;
  for (const auto& m : nlohmann::json::parse(in)) {
    ZooCase c{m["name"], m["file"], m.value("method", "forward"), {}, {}};
    for (const auto& s : m["inputs"]) c.inputs.push_back(s);
    for (const auto& s : m["outputs"]) c.outputs.push_back(s);
    cases.push_back(c);
  }
  return cases;
}

// A SPEC with its .npy paths (also inside `list:`/`tuple:`) made absolute.
std::string resolve(const std::string& spec) {
  std::string dir = zoo_dir() + "/";
  for (const std::string prefix : {"tuple:", "list:"}) {
    if (spec.rfind(prefix, 0) != 0) continue;
    std::string out = prefix, rest = spec.substr(prefix.size());
    for (size_t start = 0;;) {
      size_t comma = rest.find(',', start);
      out += (start ? "," : "") + dir + rest.substr(start, comma - start);
      if (comma == std::string::npos) return out;
      start = comma + 1;
    }
  }
  if (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0) return dir + spec;
  return spec;
}

void run_case(const ZooCase& c, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  Module m = load(zoo_dir() + "/" + c.file, options);
  std::vector<Value> inputs;
  for (const std::string& spec : c.inputs) inputs.push_back(npy::parse_input_spec(resolve(spec)));
  std::vector<Tensor> outputs = npy::flatten_outputs(m.call(c.method, inputs));
  ASSERT_EQ(outputs.size(), c.outputs.size()) << c.name << " after " << passes;
  for (size_t i = 0; i < outputs.size(); ++i) {
    Tensor expected = npy::read(zoo_dir() + "/" + c.outputs[i]);
    EXPECT_EQ(compare_values(Value(outputs[i]), Value(expected), 1e-4, 1e-5), "")
        << c.name << " output " << i << " after " << passes;
  }
}

class ZooModel : public ::testing::TestWithParam<ZooCase> {};

TEST_P(ZooModel, MatchesStockPyTorchAsLoaded) { run_case(GetParam(), "none"); }
TEST_P(ZooModel, MatchesStockPyTorchAfterDefaultPipeline) { run_case(GetParam(), "default"); }

INSTANTIATE_TEST_SUITE_P(Torchvision, ZooModel, ::testing::ValuesIn(read_zoo_manifest()),
                         [](const ::testing::TestParamInfo<ZooCase>& info) { return info.param.name; });

TEST(Zoo, ManifestIsPresentAndCoversEveryFamily) {
  // A missing or truncated manifest would otherwise make the suite above run nothing and pass.
  std::vector<ZooCase> cases = read_zoo_manifest();
  ASSERT_FALSE(cases.empty()) << "no zoo manifest at " << zoo_dir()
                              << "/manifest.json: run tools/make_testdata.sh";
  for (const char* model : {"resnet18_", "fasterrcnn_", "lraspp_", "r3d_18_", "raft_small_", "googlenet_"}) {
    bool found = false;
    for (const ZooCase& c : cases) found = found || c.name.rfind(model, 0) == 0;
    EXPECT_TRUE(found) << model << " missing from " << zoo_dir() << "/manifest.json";
  }
}

}  // namespace
}  // namespace tsrt::testing
