// fuse-linear-act: IR text in / IR text out, and corpus models keep their stock outputs.
#include <string>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::canonical;
using ir_text::run;

using ir_text::count_kind;

TEST(FuseLinearActivation, EachActivationBecomesOneOp) {
  std::string in = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor, %w2 : Tensor):
  %none : NoneType = prim::Constant()
  %exact : str = prim::Constant[value="none"]()
  %h : Tensor = aten::linear(%x, %w, %b)
  %g : Tensor = aten::gelu(%h, %exact)
  %h2 : Tensor = aten::linear(%g, %w2, %none)
  %r : Tensor = aten::relu(%h2)
  %h3 : Tensor = aten::linear(%r, %w2, %b)
  %t : Tensor = aten::tanh(%h3)
  return (%t)
)IR";
  std::string out = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor, %w2 : Tensor):
  %none : NoneType = prim::Constant()
  %exact : str = prim::Constant[value="none"]()
  %g : Tensor = tsrt::linear_gelu(%x, %w, %b, %exact)
  %r : Tensor = tsrt::linear_relu(%g, %w2, %none)
  %t : Tensor = tsrt::linear_tanh(%r, %w2, %b)
  return (%t)
)IR";
  EXPECT_EQ(run("fuse-linear-act", in), canonical(out));
}

TEST(FuseLinearActivation, LeavesWhatItCannotFuse) {
  // The linear's result is used twice; gelu's approximation is unknown or unsupported;
  // sigmoid has no fused form.
  std::string in = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor, %mode : str):
  %fast : str = prim::Constant[value="fast"]()
  %h : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = aten::relu(%h)
  %s : Tensor = aten::add[overload="Tensor"](%r, %h, %r)
  %h2 : Tensor = aten::linear(%s, %w, %b)
  %g : Tensor = aten::gelu(%h2, %mode)
  %h3 : Tensor = aten::linear(%g, %w, %b)
  %g3 : Tensor = aten::gelu(%h3, %fast)
  %h4 : Tensor = aten::linear(%g3, %w, %b)
  %q : Tensor = aten::sigmoid(%h4)
  return (%q)
)IR";
  EXPECT_EQ(run("fuse-linear-act", in), canonical(in));
}

// BERT tiny: both feed-forward gelus and the pooler's tanh fuse; outputs stay torch's.
TEST(FuseLinearActivation, BertTinyFusesAndKeepsItsOutputs) {
  const testing::ModelCase c = testing::corpus_case("bert_tiny_traced.pt");
  Module m = testing::load_corpus_model(c, "inline,fuse-linear-act,dce");
  const ir::Block& block = *m.method("forward").graph->block();
  EXPECT_EQ(count_kind(block, "aten::gelu"), 0);
  EXPECT_EQ(count_kind(block, "tsrt::linear_gelu"), 2);  // one per layer
  EXPECT_EQ(count_kind(block, "tsrt::linear_tanh"), 1);  // the pooler
  EXPECT_EQ(testing::check_outputs(m, c), "");
}

TEST(FuseLinearActivation, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  EXPECT_EQ(testing::check_corpus("inline,fuse-linear-act,dce"), "");
}

}  // namespace
}  // namespace tsrt::passes
