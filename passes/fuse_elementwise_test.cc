// fuse-elementwise: IR text in / IR text out, and every corpus model keeps its stock outputs.
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

using ir_text::run;

using ir_text::renumbered;

std::string canonical(const std::string& ir) { return ir_text::canonical_renumbered(ir); }

using ir_text::count_kind;

TEST(FuseElementwise, AChainBecomesOneNode) {
  std::string in = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %two : float = prim::Constant[value=2.5]()
  %none : str = prim::Constant[value="none"]()
  %a : Tensor = aten::mul[overload="Scalar"](%x, %two)
  %b : Tensor = aten::add[overload="Scalar"](%a, %one, %one)
  %c : Tensor = aten::gelu(%b, %none)
  %d : Tensor = aten::rsub[overload="Scalar"](%c, %two, %one)
  return (%d)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %0 : str[] = prim::Constant[value=["mul", "add_int", "gelu", "rsub"]]()
  %1 : float[] = prim::Constant[value=[2.5, 1., 0., 2.5]]()
  %d : Tensor = tsrt::elementwise_chain(%x, %0, %1)
  return (%d)
)IR";
  EXPECT_EQ(renumbered(run("fuse-elementwise,dce", in)), canonical(out));
}

TEST(FuseElementwise, ASecondUseEndsTheChain) {
  // %b is used twice: mul -> add fuses, relu -> tanh fuses, and %b stays a value.
  std::string in = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %two : float = prim::Constant[value=2.]()
  %a : Tensor = aten::mul[overload="Scalar"](%x, %two)
  %b : Tensor = aten::add[overload="Scalar"](%a, %two, %one)
  %c : Tensor = aten::relu(%b)
  %d : Tensor = aten::tanh(%c)
  %e : Tensor = aten::add[overload="Tensor"](%d, %b, %one)
  return (%e)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %0 : str[] = prim::Constant[value=["mul", "add"]]()
  %1 : float[] = prim::Constant[value=[2., 2.]]()
  %b : Tensor = tsrt::elementwise_chain(%x, %0, %1)
  %2 : str[] = prim::Constant[value=["relu", "tanh"]]()
  %3 : float[] = prim::Constant[value=[0., 0.]]()
  %d : Tensor = tsrt::elementwise_chain(%b, %2, %3)
  %e : Tensor = aten::add[overload="Tensor"](%d, %b, %one)
  return (%e)
)IR";
  EXPECT_EQ(renumbered(run("fuse-elementwise,dce", in)), canonical(out));
}

TEST(FuseElementwise, LeavesWhatItCannotFuse) {
  // A scalar that is not a constant, alpha 2, a tanh gelu, in-place relu_ and a lone sigmoid.
  std::string in = R"IR(graph(%x : Tensor, %s : float):
  %one : int = prim::Constant[value=1]()
  %alpha : int = prim::Constant[value=2]()
  %tanh : str = prim::Constant[value="tanh"]()
  %a : Tensor = aten::mul[overload="Scalar"](%x, %s)
  %b : Tensor = aten::relu(%a)
  %c : Tensor = aten::add[overload="Scalar"](%b, %one, %alpha)
  %d : Tensor = aten::gelu(%c, %tanh)
  %e : Tensor = aten::relu_(%d)
  %f : Tensor = aten::sigmoid(%e)
  return (%f)
)IR";
  EXPECT_EQ(run("fuse-elementwise", in), canonical(in));
}

TEST(FuseElementwise, CorpusOutputsUnchanged) {
  std::vector<testing::ModelCase> cases = testing::read_corpus_manifest();
  ASSERT_GE(cases.size(), 25u);
  int fused = 0;
  for (const testing::ModelCase& c : cases) {
    LoadOptions options;
    options.passes = "inline,freeze,fold,fuse-elementwise,dce";
    try {
      Module m = load(testing::corpus_dir() + "/" + c.file, options);
      fused += count_kind(*m.method("forward").graph->block(), "tsrt::elementwise_chain");
      EXPECT_EQ(testing::check_outputs(m, c), "") << c.name;
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.name << ": " << e.what();
    }
  }
  EXPECT_GE(fused, 1);  // the pass does fire on real models
}

}  // namespace
}  // namespace tsrt::passes
