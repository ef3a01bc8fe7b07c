// Every corpus model runs natively in tsrt and matches stock PyTorch's outputs (fp32 within
// 1e-4 relative, integers and booleans exactly) as loaded, after `default`, and after every
// registered pass alone (behind `inline` when the pass needs calls inlined to see anything).
// The corpus test proves that Python torch and stock libtorch agree on these outputs to 1e-5,
// so this is the comparison against libtorch.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "passes/pass.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"

namespace tsrt::testing {

void PrintTo(const ModelCase& c, std::ostream* os) { *os << c.name; }

namespace {

void run_case(const ModelCase& c, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  Module m = load(corpus_dir() + "/" + c.file, options);
  EXPECT_EQ(check_outputs(m, c), "") << "pipeline " << passes;
}

class GoldenModel : public ::testing::TestWithParam<ModelCase> {};

TEST_P(GoldenModel, MatchesStockPyTorchAsLoaded) { run_case(GetParam(), "none"); }
TEST_P(GoldenModel, MatchesStockPyTorchAfterDefaultPipeline) { run_case(GetParam(), "default"); }

TEST_P(GoldenModel, MatchesStockPyTorchAfterEachPassAlone) {
  const auto& all = passes::PassRegistry::global().all();
  ASSERT_GE(all.size(), 4u);
  for (const passes::PassInfo& pass : all) {
    SCOPED_TRACE("pass " + pass.name);
    run_case(GetParam(), pass.name);
    if (pass.name != "inline") run_case(GetParam(), "inline," + pass.name);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, GoldenModel, ::testing::ValuesIn(read_corpus_manifest()),
                         [](const ::testing::TestParamInfo<ModelCase>& info) { return info.param.name; });

TEST(GoldenCorpus, ManifestIsPresentAndLarge) {
  // Guards against the parameterised suite silently running zero cases.
  EXPECT_GE(read_corpus_manifest().size(), 25u) << "manifest at " << corpus_dir();
}

}  // namespace
}  // namespace tsrt::testing
