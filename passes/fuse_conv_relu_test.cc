// fuse-conv-relu: convolution + relu (either form, traced or scripted) becomes one
// tsrt::convolution_relu computing the same; a convolution whose result is also used elsewhere,
// or a transposed one, stays; ResNet-18 fuses every relu after a convolution and keeps its
// outputs.
#include <string>

#include <gtest/gtest.h>

#include "ir/printer.h"
#include "passes/pipeline.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::canonical;
using ir_text::count_kind;
using ir_text::run;

TEST(FuseConvRelu, Conv2dThenReluIsOneOp) {
  const char* input = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %s : int[] = prim::Constant[value=[1, 1]]()
  %g : int = prim::Constant[value=1]()
  %y : Tensor = aten::conv2d(%x, %w, %b, %s, %s, %s, %g)
  %r : Tensor = aten::relu_(%y)
  return (%r)
)IR";
  const char* expected = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %s : int[] = prim::Constant[value=[1, 1]]()
  %g : int = prim::Constant[value=1]()
  %r : Tensor = tsrt::convolution_relu(%x, %w, %b, %s, %s, %s, %g)
  return (%r)
)IR";
  int rewrites = 0;
  EXPECT_EQ(run("fuse-conv-relu", input, &rewrites), canonical(expected));
  EXPECT_EQ(rewrites, 1);
}

// What tracing records: aten::_convolution with its backend flags.
const char* kTraced = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %s : int[] = prim::Constant[value=[1, 1]]()
  %z : int[] = prim::Constant[value=[0, 0]]()
  %transposed : bool = prim::Constant[value=TRANSPOSED]()
  %no : bool = prim::Constant[value=0]()
  %g : int = prim::Constant[value=1]()
  %y : Tensor = aten::_convolution(%x, %w, %b, %s, %s, %s, %transposed, %z, %g, %no, %no, %no, %no)
  %r : Tensor = aten::relu(%y)
  return (%r)
)IR";

std::string traced(bool transposed) {
  std::string text = kTraced;
  text.replace(text.find("TRANSPOSED"), 10, transposed ? "1" : "0");
  return text;
}

TEST(FuseConvRelu, TracedConvolutionFusesUnlessTransposed) {
  int rewrites = 0;
  std::string fused = run("fuse-conv-relu,dce", traced(false), &rewrites);
  EXPECT_EQ(rewrites, 1);
  EXPECT_NE(fused.find("tsrt::convolution_relu(%x, %w, %b, %s, %s, %s, %g)"), std::string::npos) << fused;
  EXPECT_EQ(fused.find("aten::_convolution"), std::string::npos) << fused;
  EXPECT_EQ(run("fuse-conv-relu", traced(true), &rewrites), canonical(traced(true)));
  EXPECT_EQ(rewrites, 0);
}

TEST(FuseConvRelu, ConvolutionUsedElsewhereStays) {
  const char* input = R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %s : int[] = prim::Constant[value=[1, 1]]()
  %g : int = prim::Constant[value=1]()
  %y : Tensor = aten::conv2d(%x, %w, %b, %s, %s, %s, %g)
  %r : Tensor = aten::relu(%y)
  return (%r, %y)
)IR";
  int rewrites = 0;
  EXPECT_EQ(run("fuse-conv-relu", input, &rewrites), canonical(input));
  EXPECT_EQ(rewrites, 0);
}

TEST(FuseConvRelu, ResNet18FusesEveryReluAfterAConvolution) {
  const testing::ModelCase c = testing::corpus_case("resnet18_traced.pt");
  Module m = testing::load_corpus_model(c, "inline,freeze,fold-conv-bn,fuse-conv-relu,dce");
  const ir::Block& body = *m.method("forward").graph->block();
  // The stem and the first convolution of each of the 8 blocks; the other 8 relus follow a
  // residual add, and the 3 downsampling convolutions have no relu.
  EXPECT_EQ(count_kind(body, "tsrt::convolution_relu"), 9) << ir::to_string(*m.method("forward").graph);
  EXPECT_EQ(count_kind(body, "aten::_convolution"), 11);
  EXPECT_EQ(testing::check_outputs(m, c), "");
}

TEST(FuseConvRelu, CorpusOutputsUnchanged) {
  EXPECT_EQ(testing::check_corpus("inline,freeze,fold-conv-bn,fuse-conv-relu,dce"), "");
}

}  // namespace
}  // namespace tsrt::passes
