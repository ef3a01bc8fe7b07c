// fold-conv-bn: a conv + eval batch_norm graph with constant tensors folds to one conv that
// computes the same as the pair; non-foldable cases stay; ResNet-18 keeps its stock outputs.
#include <string>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/op_golden.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::count_kind;
using ir_text::filled;
using ir_text::parse_with_tensors;

const char* kConvBn = R"IR(graph(%x : Tensor):
  %w : int = prim::Constant[value=0]()
  %cb : int = prim::Constant[value=0]()
  %pair : int[] = prim::Constant[value=[1, 1]]()
  %groups : int = prim::Constant[value=1]()
  %y : Tensor = aten::conv2d(%x, %w, %cb, %pair, %pair, %pair, %groups)
  %bw : int = prim::Constant[value=0]()
  %bb : int = prim::Constant[value=0]()
  %mean : int = prim::Constant[value=0]()
  %var : int = prim::Constant[value=0]()
  %training : bool = prim::Constant[value=TRAINING]()
  %momentum : float = prim::Constant[value=0.10000000000000001]()
  %eps : float = prim::Constant[value=1.0000000000000001e-05]()
  %yes : bool = prim::Constant[value=1]()
  %z : Tensor = aten::batch_norm(%y, %bw, %bb, %mean, %var, %training, %momentum, %eps, %yes)
  return (%z)
)IR";

std::map<std::string, Tensor> conv_bn_tensors() {
  return {{"w", filled({4, 3, 3, 3}, -1, 1, 1)},  {"cb", filled({4}, -1, 1, 2)},   {"bw", filled({4}, 0.5, 2, 3)},
          {"bb", filled({4}, -1, 1, 4)},          {"mean", filled({4}, -1, 1, 5)}, {"var", filled({4}, 0.1, 3, 6)}};
}

std::string with_training(bool training) {
  std::string text = kConvBn;
  text.replace(text.find("TRAINING"), 8, training ? "1" : "0");
  return text;
}

TEST(FoldConvBatchNorm, FoldedConvComputesWhatThePairDid) {
  std::map<std::string, Tensor> t = conv_bn_tensors();
  auto graph = parse_with_tensors(with_training(false), t);
  run_pipeline(*graph, "fold-conv-bn,dce", {}, ir_text::with_kernels());
  ir::verify(*graph);
  // One conv2d left, named like the batch_norm it replaced, reading two new constant tensors.
  const auto& nodes = graph->block()->nodes();
  EXPECT_EQ(count_kind(*graph->block(), "aten::batch_norm"), 0);
  ASSERT_EQ(count_kind(*graph->block(), "aten::conv2d"), 1);
  const ir::Node* conv = graph->outputs()[0]->node();
  ASSERT_EQ(conv->kind(), "aten::conv2d") << ir::to_string(*graph);
  EXPECT_EQ(conv->output()->debug_name(), "z");
  ASSERT_EQ(conv->input(1)->node()->kind(), "prim::Constant");
  ASSERT_EQ(conv->input(2)->node()->kind(), "prim::Constant");
  Tensor w2 = conv->input(1)->node()->constant().to_tensor();
  Tensor b2 = conv->input(2)->node()->constant().to_tensor();
  EXPECT_EQ(w2.sizes(), (Shape{4, 3, 3, 3}));
  EXPECT_EQ(b2.sizes(), (Shape{4}));
  EXPECT_EQ(nodes.size(), 5u) << ir::to_string(*graph);  // w', b', pair, groups, conv

  Tensor x = filled({2, 3, 5, 5}, -2, 2, 7);
  Value pair = testing::int_list({1, 1});
  Value y = kernels::call_op("aten::conv2d", {x, t["w"], t["cb"], pair, pair, pair, Value(int64_t{1})})[0];
  Value expected = kernels::call_op("aten::batch_norm", {y, t["bw"], t["bb"], t["mean"], t["var"], Value(false),
                                                         Value(0.1), Value(1e-5), Value(true)})[0];
  Value folded = kernels::call_op("aten::conv2d", {x, w2, b2, pair, pair, pair, Value(int64_t{1})})[0];
  EXPECT_EQ(testing::compare_values(folded, expected, 1e-5, 1e-5), "");
}

TEST(FoldConvBatchNorm, TrainingModeOrUnknownStatisticsStay) {
  auto training = parse_with_tensors(with_training(true), conv_bn_tensors());
  std::string before = ir::to_string(*training);
  run_pipeline(*training, "fold-conv-bn", {}, ir_text::with_kernels());
  EXPECT_EQ(ir::to_string(*training), before);

  std::map<std::string, Tensor> t = conv_bn_tensors();
  t.erase("var");  // %var stays an int constant: not a tensor, nothing to fold with
  auto unknown = parse_with_tensors(with_training(false), t);
  before = ir::to_string(*unknown);
  run_pipeline(*unknown, "fold-conv-bn", {}, ir_text::with_kernels());
  EXPECT_EQ(ir::to_string(*unknown), before);
}

TEST(FoldConvBatchNorm, ResNet18FoldsEveryBatchNormAndKeepsItsOutputs) {
  const testing::ModelCase c = testing::corpus_case("resnet18_traced.pt");
  Module before = testing::load_corpus_model(c, "inline,freeze,dce");
  EXPECT_EQ(count_kind(*before.method("forward").graph->block(), "aten::batch_norm"), 20);
  Module m = testing::load_corpus_model(c, "inline,freeze,fold-conv-bn,dce");
  EXPECT_EQ(count_kind(*m.method("forward").graph->block(), "aten::batch_norm"), 0);
  EXPECT_EQ(count_kind(*m.method("forward").graph->block(), "aten::_convolution"), 20);
  EXPECT_EQ(testing::check_outputs(m, c), "");
}

TEST(FoldConvBatchNorm, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  EXPECT_EQ(testing::check_corpus("inline,freeze,fold-conv-bn,dce"), "");
}

}  // namespace
}  // namespace tsrt::passes
