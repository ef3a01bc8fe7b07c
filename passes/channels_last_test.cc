// channels-last: a chain of 2-d convolutions gets one conversion in and one out and computes
// what it did before; graphs where a copy could change what is read stay as they are; the
// corpus keeps its stock outputs and ResNet-18 runs with a single conversion each way.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "ir/printer.h"
#include "passes/pipeline.h"
#include "runtime/interpreter.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/op_golden.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::count_kind;
using ir_text::filled;
using ir_text::parse_with_tensors;

// A ResNet basic block in miniature: conv, relu_, conv, residual add_, relu_, then `tail`.
std::string block_ir(const std::string& tail) {
  return R"IR(graph(%self : Tensor, %x : Tensor):
  %w1 : int = prim::Constant[value=0]()
  %w2 : int = prim::Constant[value=0]()
  %b : int = prim::Constant[value=0]()
  %pair : int[] = prim::Constant[value=[1, 1]]()
  %groups : int = prim::Constant[value=1]()
  %one : int = prim::Constant[value=1]()
  %start : int = prim::Constant[value=1]()
  %end : int = prim::Constant[value=-1]()
  %y : Tensor = aten::conv2d(%x, %w1, %b, %pair, %pair, %pair, %groups)
  %r : Tensor = aten::relu_(%y)
  %z : Tensor = aten::conv2d(%r, %w2, %b, %pair, %pair, %pair, %groups)
  %s : Tensor = aten::add_[overload="Tensor"](%z, %r, %one)
  %t : Tensor = aten::relu_(%s)
)IR" + tail;
}

// ... then pooling and flatten, as ResNet ends.
const char* kPoolFlatten = R"IR(  %p : Tensor = aten::adaptive_avg_pool2d(%t, %pair)
  %f : Tensor = aten::flatten[overload="using_ints"](%p, %start, %end)
  return (%f)
)IR";

std::map<std::string, Tensor> block_tensors() {
  return {{"w1", filled({8, 8, 3, 3}, -0.3f, 0.3f, 1)},
          {"w2", filled({8, 8, 3, 3}, -0.3f, 0.3f, 2)},
          {"b", filled({8}, -0.5f, 0.5f, 3)}};
}

// The graph's result for input `x` (the graph's %self gets an unused placeholder).
Value run_graph(const std::shared_ptr<ir::Graph>& graph, const Tensor& x) {
  ir::Function fn;
  fn.name = "forward";
  fn.graph = graph;
  runtime::Interpreter interpreter;
  return interpreter.run(fn, Value(Tensor::zeros({1}, DType::Float32)), {Value(x)});
}

const ir::Node* producer_of_input(const ir::Node& n, size_t i) { return n.input(i)->node(); }

TEST(ChannelsLast, ConvChainConvertsOnceInAndOnceOut) {
  auto graph = parse_with_tensors(block_ir(kPoolFlatten), block_tensors());
  const Tensor x = filled({2, 8, 6, 6}, -1, 1, 4);
  const Value before = run_graph(graph, x);

  EXPECT_EQ(run_pipeline(*graph, "channels-last", {}, ir_text::with_kernels()).at(0).changes, 2);
  EXPECT_EQ(count_kind(*graph->block(), "tsrt::channels_last"), 1) << ir::to_string(*graph);
  EXPECT_EQ(count_kind(*graph->block(), "aten::contiguous"), 1) << ir::to_string(*graph);
  for (const ir::Node* n : graph->block()->nodes()) {
    if (n->kind() == "aten::conv2d" && n->input(0)->debug_name() == "r") continue;  // inside the chain
    if (n->kind() == "aten::conv2d") EXPECT_EQ(producer_of_input(*n, 0)->kind(), "tsrt::channels_last");
    if (n->kind() == "aten::flatten") EXPECT_EQ(producer_of_input(*n, 0)->kind(), "aten::contiguous");
  }
  const Value after = run_graph(graph, x);
  EXPECT_TRUE(after.to_tensor().is_contiguous());
  EXPECT_EQ(testing::compare_values(after, before, 1e-5, 1e-6), "");
}

TEST(ChannelsLast, InnerValuesRunChannelsLast) {
  // The chain's last result returned as it is: channels-last inside the graph, given back
  // contiguous (the graph's caller is a consumer like any other).
  const std::string text = block_ir("  return (%t)\n");
  auto graph = parse_with_tensors(text, block_tensors());
  const Tensor x = filled({1, 8, 5, 7}, -1, 1, 5);
  const Value before = run_graph(graph, x);
  EXPECT_EQ(run_pipeline(*graph, "channels-last", {}, ir_text::with_kernels()).at(0).changes, 2);
  const Value after = run_graph(graph, x);
  EXPECT_TRUE(after.to_tensor().is_contiguous());
  EXPECT_EQ(testing::compare_values(after, before, 1e-5, 1e-6), "");
}

TEST(ChannelsLast, LeavesGraphsWhereACopyCouldChangeWhatIsRead) {
  // flatten views %t, which relu_ writes: a contiguous copy for the view could miss a write
  // made through %t's other aliases, so the pass does nothing.
  const std::string text =
      block_ir("  %f : Tensor = aten::flatten[overload=\"using_ints\"](%t, %start, %end)\n  return (%f)\n");
  auto graph = parse_with_tensors(text, block_tensors());
  const std::string before = ir::to_string(*graph);
  EXPECT_EQ(run_pipeline(*graph, "channels-last", {}, ir_text::with_kernels()).at(0).changes, 0);
  EXPECT_EQ(ir::to_string(*graph), before);
}

TEST(ChannelsLast, NeedsConstantFourDimWeights) {
  // Weights that are not constants (not frozen): nothing to decide on.
  const char* text = R"IR(graph(%self : Tensor, %x : Tensor, %w : Tensor):
  %none : NoneType = prim::Constant()
  %pair : int[] = prim::Constant[value=[1, 1]]()
  %groups : int = prim::Constant[value=1]()
  %y : Tensor = aten::conv2d(%x, %w, %none, %pair, %pair, %pair, %groups)
  return (%y)
)IR";
  auto graph = parse_with_tensors(text, {});
  EXPECT_EQ(run_pipeline(*graph, "channels-last", {}, ir_text::with_kernels()).at(0).changes, 0);
  EXPECT_EQ(count_kind(*graph->block(), "tsrt::channels_last"), 0);
}

TEST(ChannelsLast, ResNet18ConvertsItsInputOnceAndKeepsItsOutputs) {
  const testing::ModelCase c = testing::corpus_case("resnet18_traced.pt");
  Module m = testing::load_corpus_model(c, "inline,freeze,fold-conv-bn,channels-last,dce");
  const ir::Block& body = *m.method("forward").graph->block();
  EXPECT_EQ(count_kind(body, "tsrt::channels_last"), 1);
  EXPECT_EQ(count_kind(body, "aten::contiguous"), 1);  // before flatten
  EXPECT_EQ(testing::check_outputs(m, c), "");
}

TEST(ChannelsLast, CorpusOutputsUnchanged) {
  EXPECT_EQ(testing::check_corpus("inline,freeze,fold-conv-bn,channels-last,dce"), "");
}

}  // namespace
}  // namespace tsrt::passes
