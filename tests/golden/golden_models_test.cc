// Every corpus model runs natively in tsrt and matches stock PyTorch's outputs (fp32 within
// 1e-4 relative, integers and booleans exactly). The corpus test proves that Python torch and
// stock libtorch agree on these outputs to 1e-6, so this is the comparison against libtorch.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

struct ModelCase {
  std::string name;
  std::string file;
  std::string method;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};

void PrintTo(const ModelCase& c, std::ostream* os) { *os << c.name; }

std::string corpus_dir() { return testing::testdata_dir() + "/corpus"; }

std::vector<ModelCase> read_manifest() {
  std::vector<ModelCase> cases;
  std::ifstream in(corpus_dir() + "/manifest.json");
  if (!in.good()) return cases;
  nlohmann::json manifest = nlohmann::json::parse(in);
  for (const auto& m : manifest) {
    ModelCase c{m["name"], m["file"], m.value("method", "forward"), {}, {}};
    for (const auto& s : m["inputs"]) c.inputs.push_back(s);
    for (const auto& s : m["outputs"]) c.outputs.push_back(s);
    cases.push_back(c);
  }
  return cases;
}

// Paths in SPECs are relative to the corpus folder.
std::string resolve_spec(const std::string& spec) {
  std::string dir = corpus_dir() + "/";
  for (const char* prefix : {"tuple:", "list:"}) {
    std::string p(prefix);
    if (spec.rfind(p, 0) == 0) {
      std::string out = p, rest = spec.substr(p.size());
      size_t start = 0;
      for (;;) {
        size_t comma = rest.find(',', start);
        out += (start ? "," : "") + dir + rest.substr(start, comma - start);
        if (comma == std::string::npos) return out;
        start = comma + 1;
      }
    }
  }
  if (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0) return dir + spec;
  return spec;
}

void run_case(const ModelCase& c, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  Module m = load(corpus_dir() + "/" + c.file, options);
  std::vector<Value> inputs;
  for (const std::string& spec : c.inputs) inputs.push_back(npy::parse_input_spec(resolve_spec(spec)));
  std::vector<Tensor> outputs = npy::flatten_outputs(m.call(c.method, inputs));
  ASSERT_EQ(outputs.size(), c.outputs.size()) << c.name;
  for (size_t i = 0; i < outputs.size(); ++i) {
    Tensor expected = npy::read(corpus_dir() + "/" + c.outputs[i]);
    std::string diff = testing::compare_values(Value(outputs[i]), Value(expected), 1e-4, 1e-5);
    EXPECT_EQ(diff, "") << c.name << " output " << i;
  }
}

class GoldenModel : public ::testing::TestWithParam<ModelCase> {};

TEST_P(GoldenModel, MatchesStockPyTorchAsLoaded) { run_case(GetParam(), "none"); }
TEST_P(GoldenModel, MatchesStockPyTorchAfterDefaultPipeline) { run_case(GetParam(), "default"); }

INSTANTIATE_TEST_SUITE_P(Corpus, GoldenModel, ::testing::ValuesIn(read_manifest()),
                         [](const ::testing::TestParamInfo<ModelCase>& info) { return info.param.name; });

TEST(GoldenCorpus, ManifestIsPresentAndLarge) {
  // Guards against the parameterised suite silently running zero cases.
  EXPECT_GE(read_manifest().size(), 25u) << "manifest at " << corpus_dir();
}

}  // namespace
}  // namespace tsrt
