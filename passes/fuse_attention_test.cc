// fuse-attention: IR text in / IR text out, and BERT tiny from the corpus keeps its stock
// outputs with one tsrt::attention per layer.
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

std::shared_ptr<ir::Graph> parse(const std::string& ir) { return ir::parse_graph(ir, kernels::Registry::global()); }
std::string print(const ir::Graph& g) { return ir::to_string(g, ir::PrintOptions{false}); }
using ir_text::renumbered;
std::string canonical(const std::string& ir) { return ir_text::canonical_renumbered(ir); }

// Runs fuse-attention then dce (which removes the constants the fusion leaves unused).
std::string fuse(const std::string& ir, int* rewrites = nullptr) {
  auto graph = parse(ir);
  ir::verify(*graph);
  std::vector<PassReport> reports = run_pipeline(*graph, "fuse-attention,dce", {}, ir_text::with_kernels());
  ir::verify(*graph);
  if (rewrites) *rewrites = reports.at(0).changes;
  return renumbered(print(*graph));
}

int count_kind(const ir::Graph& g, const std::string& kind) {
  int n = 0;
  for (const ir::Node* node : g.block()->nodes()) n += node->kind() == kind;
  return n;
}

// HF BERT's attention core as traced (with the eval dropout peephole would remove), the scale as
// a number here; `body` fills in the lines between the value permutes and the return.
std::string bert_core(const std::string& scale_line, const std::string& dropout_train = "0") {
  return R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor, %mask : Tensor):
  %m1 : int = prim::Constant[value=-1]()
  %m2 : int = prim::Constant[value=-2]()
  %kt : Tensor = aten::transpose[overload="int"](%k, %m1, %m2)
  %scores : Tensor = aten::matmul(%q, %kt)
  %c : float = prim::Constant[value=8.]()
)IR" + scale_line + R"IR(
  %one : int = prim::Constant[value=1]()
  %masked : Tensor = aten::add[overload="Tensor"](%scaled, %mask, %one)
  %none : NoneType = prim::Constant()
  %probs : Tensor = aten::softmax[overload="int"](%masked, %m1, %none)
  %p : float = prim::Constant[value=0.10000000000000001]()
  %train : bool = prim::Constant[value=)IR" +
         dropout_train + R"IR(]()
  %dropped : Tensor = aten::dropout(%probs, %p, %train)
  %ctx : Tensor = aten::matmul(%dropped, %v)
  return (%ctx)
)IR";
}

TEST(FuseAttention, BertCoreWithEvalDropoutBecomesOneNode) {
  int rewrites = 0;
  std::string out = fuse(bert_core(R"(  %scaled : Tensor = aten::div[overload="Scalar"](%scores, %c))"), &rewrites);
  EXPECT_EQ(rewrites, 1);
  EXPECT_EQ(out, canonical(R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor, %mask : Tensor):
  %0 : float = prim::Constant[value=0.125]()
  %ctx : Tensor = tsrt::attention(%q, %k, %v, %mask, %0)
  return (%ctx)
)IR"));
}

TEST(FuseAttention, ScaleAsMultiplicationWithoutMaskOrDropout) {
  std::string in = R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor):
  %m1 : int = prim::Constant[value=-1]()
  %m2 : int = prim::Constant[value=-2]()
  %kt : Tensor = aten::transpose[overload="int"](%k, %m2, %m1)
  %scores : Tensor = aten::matmul(%q, %kt)
  %c : float = prim::Constant[value=0.25]()
  %scaled : Tensor = aten::mul[overload="Scalar"](%scores, %c)
  %none : NoneType = prim::Constant()
  %probs : Tensor = aten::softmax[overload="int"](%scaled, %m1, %none)
  %ctx : Tensor = aten::matmul(%probs, %v)
  %r : Tensor = aten::relu(%ctx)
  return (%r)
)IR";
  int rewrites = 0;
  std::string out = fuse(in, &rewrites);
  EXPECT_EQ(rewrites, 1);
  EXPECT_EQ(out, canonical(R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor):
  %0 : float = prim::Constant[value=0.25]()
  %1 : NoneType = prim::Constant()
  %ctx : Tensor = tsrt::attention(%q, %k, %v, %1, %0)
  %r : Tensor = aten::relu(%ctx)
  return (%r)
)IR"));
}

TEST(FuseAttention, ZeroDimTensorScaleAsTracedAndNotAOneDimOne) {
  // The traced BERT divides by a 0-d float64 tensor constant; a 1-d one would promote the
  // scores to float64, so that one is left alone.
  for (bool zero_dim : {true, false}) {
    auto graph = parse(R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor, %mask : Tensor, %c : Tensor):
  %m1 : int = prim::Constant[value=-1]()
  %m2 : int = prim::Constant[value=-2]()
  %kt : Tensor = aten::transpose[overload="int"](%k, %m1, %m2)
  %scores : Tensor = aten::matmul(%q, %kt)
  %scaled : Tensor = aten::div[overload="Tensor"](%scores, %c)
  %one : int = prim::Constant[value=1]()
  %masked : Tensor = aten::add[overload="Tensor"](%scaled, %mask, %one)
  %none : NoneType = prim::Constant()
  %probs : Tensor = aten::softmax[overload="int"](%masked, %m1, %none)
  %ctx : Tensor = aten::matmul(%probs, %v)
  return (%ctx)
)IR");
    Tensor divisor = zero_dim ? Tensor::scalar_double(8.0, DType::Float64) : Tensor::zeros({1}, DType::Float64);
    if (!zero_dim) divisor.data<double>()[0] = 8.0;
    ir::Value* c = graph->insert_constant(divisor, ir::Type::get(ir::TypeKind::Tensor), nullptr,
                                          graph->block()->nodes().front());
    graph->inputs().back()->replace_all_uses_with(c);
    std::vector<PassReport> reports = run_pipeline(*graph, "fuse-attention,dce", {}, ir_text::with_kernels());
    ir::verify(*graph);
    EXPECT_EQ(reports.at(0).changes, zero_dim ? 1 : 0);
    EXPECT_EQ(count_kind(*graph, "tsrt::attention"), zero_dim ? 1 : 0);
    if (zero_dim) {
      const ir::Node* fused = graph->outputs().at(0)->node();
      ASSERT_EQ(fused->kind(), "tsrt::attention");
      EXPECT_EQ(fused->input(4)->node()->constant().to_double(), 0.125);
    }
  }
}

TEST(FuseAttention, LeavesWhatIsNotTheAttentionCore) {
  const std::string div = R"(  %scaled : Tensor = aten::div[overload="Scalar"](%scores, %c))";
  std::string base = bert_core(div);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = base;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  std::vector<std::string> cases = {
      bert_core(div, "1"),  // training-mode dropout
      replaced("softmax[overload=\"int\"](%masked, %m1", "softmax[overload=\"int\"](%masked, %one"),  // dim 1
      replaced("(%k, %m1, %m2)", "(%k, %m2, %m2)"),                   // not k^T (identity)
      replaced("(%scaled, %mask, %one)", "(%scaled, %mask, %c)"),     // alpha != 1
      replaced("return (%ctx)", "return (%ctx, %probs)"),             // probabilities used outside
      replaced("%c : float = prim::Constant[value=8.]()",             // scale not a constant
               "%n : int = prim::Constant[value=64]()\n  %c : float = aten::sqrt[overload=\"int\"](%n)"),
      replaced("%c : float = prim::Constant[value=8.]()", "%c : float = prim::Constant[value=0.]()"),  // 1/0
  };
  for (const std::string& in : cases) {
    int rewrites = -1;
    std::string out = fuse(in, &rewrites);
    EXPECT_EQ(rewrites, 0) << in;
    EXPECT_EQ(out.find("tsrt::attention"), std::string::npos) << in;
  }
}

// tsrt::attention then permute(0, 2, 1, 3) (then contiguous()): one tsrt::attention_heads_last;
// any other permutation, or an attention result also used unpermuted, stays as it is.
TEST(FuseAttention, HeadsLastPermuteFoldsIntoTheAttention) {
  auto attention_then_permute = [](const std::string& perm, const std::string& tail) {
    return R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor, %mask : Tensor):
  %s : float = prim::Constant[value=0.125]()
  %ctx : Tensor = tsrt::attention(%q, %k, %v, %mask, %s)
  %perm : int[] = prim::Constant[value=)IR" +
           perm + R"IR(]()
  %moved : Tensor = aten::permute(%ctx, %perm)
)IR" + tail;
  };
  const std::string bert = "[0, 2, 1, 3]";
  const std::string contiguous = R"IR(  %format : int = prim::Constant[value=0]()
  %dense : Tensor = aten::contiguous(%moved, %format)
  return (%dense)
)IR";
  auto fused = [](const std::string& out) {
    return canonical(R"IR(graph(%q : Tensor, %k : Tensor, %v : Tensor, %mask : Tensor):
  %s : float = prim::Constant[value=0.125]()
  %)IR" + out + R"IR( : Tensor = tsrt::attention_heads_last(%q, %k, %v, %mask, %s)
  return (%)IR" + out + R"IR()
)IR");
  };
  int rewrites = 0;
  EXPECT_EQ(fuse(attention_then_permute(bert, contiguous), &rewrites), fused("dense"));
  EXPECT_EQ(rewrites, 1);
  EXPECT_EQ(fuse(attention_then_permute(bert, "  return (%moved)\n"), &rewrites), fused("moved"));
  EXPECT_EQ(rewrites, 1);
  for (const std::string& in : {attention_then_permute("[0, 2, 3, 1]", contiguous),
                                attention_then_permute("[0, 1, 2, 3]", contiguous),
                                attention_then_permute(bert, "  return (%moved, %ctx)\n")}) {
    EXPECT_EQ(fuse(in, &rewrites), renumbered(print(*parse(in)))) << in;
    EXPECT_EQ(rewrites, 0) << in;
  }
}

TEST(FuseAttention, BertTinyOneFusedNodePerLayerAndStockOutputs) {
  int checked = 0;
  for (const testing::ModelCase& c : testing::read_corpus_manifest()) {
    if (c.name.rfind("bert_tiny", 0) != 0) continue;
    std::string path = testing::corpus_dir() + "/" + c.file;
    LoadOptions plain;
    plain.passes = "inline,peephole,dce";
    Module unfused = load(path, plain);
    int layers = count_kind(*unfused.method(c.method).graph, "aten::softmax");
    ASSERT_GE(layers, 2) << c.name;
    int permutes = count_kind(*unfused.method(c.method).graph, "aten::permute");

    LoadOptions fused;
    fused.passes = "inline,peephole,fuse-attention,dce";
    fused.pipeline.verify_each = true;
    Module m = load(path, fused);
    const ir::Graph& after = *m.method(c.method).graph;
    // Each layer's permute(0, 2, 1, 3).contiguous() of the context folds into the attention node.
    EXPECT_EQ(count_kind(after, "tsrt::attention_heads_last"), layers) << c.name;
    EXPECT_EQ(count_kind(after, "aten::permute"), permutes - layers) << c.name;
    EXPECT_EQ(count_kind(after, "aten::contiguous"), 0) << c.name;
    EXPECT_EQ(count_kind(after, "aten::softmax"), 0) << c.name;
    EXPECT_EQ(count_kind(after, "aten::matmul"), 0) << c.name;
    EXPECT_EQ(testing::check_outputs(m, c), "") << c.name;
    ++checked;
  }
  EXPECT_GE(checked, 2);
}

TEST(FuseAttention, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  for (const testing::ModelCase& c : cases) {
    LoadOptions options;
    options.passes = "inline,fuse-attention,dce";  // without peephole: the dropout variant
    options.pipeline.verify_each = true;
    Module m = load(testing::corpus_dir() + "/" + c.file, options);
    EXPECT_EQ(testing::check_outputs(m, c), "") << c.name;
    if (c.name.rfind("bert_tiny", 0) == 0) {
      EXPECT_GE(count_kind(*m.method(c.method).graph, "tsrt::attention_heads_last"), 2) << c.name;
    }
  }
}

}  // namespace
}  // namespace tsrt::passes
