// fuse-add-layernorm: IR text in / IR text out, and corpus models keep their stock outputs.
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

TEST(FuseAddLayerNorm, ResidualAndNormBecomeOneOp) {
  std::string in = R"IR(graph(%x : Tensor, %r : Tensor, %w : Tensor, %b : Tensor):
  %one : int = prim::Constant[value=1]()
  %n : int = prim::Constant[value=8]()
  %shape : int[] = prim::ListConstruct(%n)
  %eps : float = prim::Constant[value=9.9999999999999998e-13]()
  %yes : bool = prim::Constant[value=1]()
  %sum : Tensor = aten::add[overload="Tensor"](%x, %r, %one)
  %y : Tensor = aten::layer_norm(%sum, %shape, %w, %b, %eps, %yes)
  return (%y)
)IR";
  std::string out = R"IR(graph(%x : Tensor, %r : Tensor, %w : Tensor, %b : Tensor):
  %n : int = prim::Constant[value=8]()
  %shape : int[] = prim::ListConstruct(%n)
  %eps : float = prim::Constant[value=9.9999999999999998e-13]()
  %yes : bool = prim::Constant[value=1]()
  %y : Tensor = tsrt::add_layer_norm(%x, %r, %shape, %w, %b, %eps)
  return (%y)
)IR";
  EXPECT_EQ(run("fuse-add-layernorm", in), canonical(out));
}

TEST(FuseAddLayerNorm, LeavesScaledAddsAndSumsUsedElsewhere) {
  std::string in = R"IR(graph(%x : Tensor, %r : Tensor, %w : Tensor, %b : Tensor, %shape : int[]):
  %two : int = prim::Constant[value=2]()
  %one : int = prim::Constant[value=1]()
  %eps : float = prim::Constant[value=1.0000000000000001e-05]()
  %yes : bool = prim::Constant[value=1]()
  %sum : Tensor = aten::add[overload="Tensor"](%x, %r, %two)
  %y : Tensor = aten::layer_norm(%sum, %shape, %w, %b, %eps, %yes)
  %sum2 : Tensor = aten::add[overload="Tensor"](%y, %r, %one)
  %y2 : Tensor = aten::layer_norm(%sum2, %shape, %w, %b, %eps, %yes)
  return (%y2, %sum2)
)IR";
  EXPECT_EQ(run("fuse-add-layernorm", in), canonical(in));
}

// BERT tiny: every residual add + LayerNorm of its two layers fuses (the embeddings' in-place
// add_ does not); outputs stay torch's.
TEST(FuseAddLayerNorm, BertTinyFusesAndKeepsItsOutputs) {
  const testing::ModelCase c = testing::corpus_case("bert_tiny_traced.pt");
  Module m = testing::load_corpus_model(c, "inline,fuse-add-layernorm,dce");
  const ir::Block& block = *m.method("forward").graph->block();
  EXPECT_EQ(count_kind(block, "tsrt::add_layer_norm"), 4);
  EXPECT_EQ(count_kind(block, "aten::layer_norm"), 1);  // the embeddings'
  EXPECT_EQ(testing::check_outputs(m, c), "");
}

TEST(FuseAddLayerNorm, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  EXPECT_EQ(testing::check_corpus("inline,fuse-add-layernorm,dce"), "");
}

}  // namespace
}  // namespace tsrt::passes
