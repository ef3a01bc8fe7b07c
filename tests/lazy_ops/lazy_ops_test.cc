// An op tsrt has no kernel for must not refuse the model: it loads, is listed with its code/
// line, and a call fails only if it reaches the op. Models: tools/models/lazy_ops.py (stock torch).
#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

std::string dir() { return testing::testdata_dir() + "/lazy_ops/"; }

LoadOptions with_passes(const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  return options;
}

std::vector<std::string> listed(const Module& m) {
  std::vector<std::string> out;
  for (const runtime::MissingKernel& k : m.missing_kernels()) out.push_back(k.op + " " + k.location);
  return out;
}

TEST(LazyOps, UntakenBranchesLoadAndMatchTorch) {
  Tensor x = npy::read(dir() + "input.npy");
  Value expected(npy::read(dir() + "untaken_out.npy"));
  for (const char* passes : {"none", "default"}) {
    Module m = load(dir() + "untaken.pt", with_passes(passes));
    std::vector<Value> out = m.forward({Value(x)});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(testing::compare_values(out[0], expected, 1e-4, 1e-5), "") << passes;
  }
  // Unoptimised, both kernel-less ops are still in the graph and listed at their lines; the
  // default pipeline folds the constant flags and removes both branches.
  EXPECT_EQ(listed(load(dir() + "untaken.pt", with_passes("none"))),
            (std::vector<std::string>{"aten::special_zeta.other_scalar code/__torch__.py:14",
                                      "aten::histc code/__torch__.py:19"}));
  EXPECT_TRUE(listed(load(dir() + "untaken.pt")).empty());
}

TEST(LazyOps, ReachingAnOpWithoutKernelFailsNamingItAndItsLine) {
  Tensor x = npy::read(dir() + "input.npy");
  for (const char* passes : {"none", "default"}) {
    Module m = load(dir() + "taken.pt", with_passes(passes));  // loads
    EXPECT_FALSE(listed(m).empty()) << passes;
    try {
      m.forward({Value(x)});
      ADD_FAILURE() << passes << ": forward ran an op tsrt has no kernel for";
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), "unsupported op aten::histc (code/__torch__.py:19): tsrt has no kernel for it") << passes;
    }
  }
}

TEST(LazyOps, AnOpNeitherTorchNorTsrtKnowsIsRefusedAtLoad) {
  try {
    load(dir() + "unknown_op.pt");
    ADD_FAILURE() << "loaded a call of an op that does not exist";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("code/__torch__.py:14"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown op aten::no_such_op"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tsrt
