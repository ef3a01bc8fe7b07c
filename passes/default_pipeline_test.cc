// What `default` does to the traced BERT of the corpus (HF BertModel, torchscript=True): no
// eval dropout, no no-op contiguous/to, no Int(NumToTensor) round trips, one fused node per
// linear+GELU and per attention block, and the outputs still equal stock PyTorch's. The
// expected fused counts are read off the unoptimised graph, not typed in.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "frontends/npy/value_io.h"
#include "passes/shape_propagation.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/pass_ir_text.h"

namespace tsrt {
namespace {

std::map<std::string, int> count_kinds(const ir::Block& block) {
  std::map<std::string, int> counts;
  for (const ir::Node* n : block.nodes()) {
    ++counts[n->kind()];
    for (const ir::Block* b : n->blocks()) {
      for (const auto& [kind, c] : count_kinds(*b)) counts[kind] += c;
    }
  }
  return counts;
}

std::map<std::string, int> forward_kinds(const std::string& file, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  Module m = load(testing::corpus_dir() + "/" + file, options);
  return count_kinds(*m.method("forward").graph->block());
}

// Every aten::to left in forward after `default` converts: its input's dtype (known from the
// case's example inputs) differs from the dtype it asks for.
void expect_only_converting_to(const std::string& file, const testing::ModelCase& c) {
  LoadOptions options;
  options.passes = "default";
  Module m = load(testing::corpus_dir() + "/" + file, options);
  const ir::Graph& graph = *m.method("forward").graph;
  passes::PassContext context;
  context.self = m.root();
  for (const std::string& spec : c.inputs) {
    context.example_inputs.push_back(npy::parse_input_spec(testing::resolve_corpus_spec(spec)));
  }
  passes::ShapeInfo info(graph, passes::ir_text::with_kernels(context));
  for (const ir::Node* n : graph.block()->nodes()) {
    if (n->kind() != "aten::to") continue;
    std::optional<DType> from = info.dtype(n->input(0));
    std::optional<DType> to = info.dtype(n->output());
    ASSERT_TRUE(from && to) << "dtype unknown around " << n->location().str();
    EXPECT_NE(*from, *to) << "no-op aten::to left at " << n->location().str();
  }
}

class DefaultPipelineOnBert : public ::testing::TestWithParam<std::string> {};

TEST_P(DefaultPipelineOnBert, LeavesFusedLayersAndNoNoOps) {
  const std::string file = GetParam() + ".pt";
  std::map<std::string, int> before = forward_kinds(file, "inline");
  std::map<std::string, int> after = forward_kinds(file, "default");
  const int layers = before["aten::softmax"];
  ASSERT_GE(layers, 2) << "expected a multi-layer BERT";
  ASSERT_EQ(before["aten::gelu"], layers);
  ASSERT_GT(before["aten::dropout"], 0);

  EXPECT_EQ(after["tsrt::attention_heads_last"], layers);
  EXPECT_EQ(after["tsrt::linear_gelu"], layers);
  EXPECT_EQ(after["aten::softmax"], 0);
  EXPECT_EQ(after["aten::gelu"], 0);
  EXPECT_EQ(after["aten::dropout"], 0);
  EXPECT_EQ(after["prim::NumToTensor"], 0);
  EXPECT_EQ(after["aten::Int"], 0);
  EXPECT_EQ(after["prim::GetAttr"], 0);  // frozen: weights are constants
  // Each layer's permuted attention context is written in place: no contiguous copy left.
  EXPECT_EQ(after["aten::contiguous"], 0);
  // Residual add + layer_norm: two per layer (attention output and feed-forward output).
  EXPECT_EQ(after["tsrt::add_layer_norm"], 2 * layers);

  for (const testing::ModelCase& c : testing::read_corpus_manifest()) {
    if (c.file != file) continue;
    LoadOptions options;
    options.passes = "default";
    EXPECT_EQ(testing::check_outputs(load(testing::corpus_dir() + "/" + file, options), c), "");
    expect_only_converting_to(file, c);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, DefaultPipelineOnBert,
                         ::testing::Values("bert_tiny_traced", "bert_tiny_hf_argorder_traced"));

}  // namespace
}  // namespace tsrt
