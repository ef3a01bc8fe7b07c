// simplify-control-flow on loops with a constant trip count of one: the body runs once in place.
#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "kernels/registry.h"
#include "passes/pipeline.h"
#include "tests/pass_ir_text.h"

namespace tsrt::passes {
namespace {

using ir_text::canonical;
using ir_text::run;

TEST(SimplifyControlFlow, LoopThatRunsOnceBecomesItsBody) {
  std::string in = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %yes : bool = prim::Constant[value=1]()
  %r : Tensor = prim::Loop(%one, %yes, %x)
    block0(%i : int, %acc : Tensor):
      %n : Tensor = aten::add[overload="Scalar"](%acc, %i, %one)
      %more : bool = aten::lt[overload="int"](%i, %one)
      -> (%more, %n)
  return (%r)
)IR";
  std::string out = R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %yes : bool = prim::Constant[value=1]()
  %i : int = prim::Constant[value=0]()
  %n : Tensor = aten::add[overload="Scalar"](%x, %i, %one)
  %more : bool = aten::lt[overload="int"](%i, %one)
  return (%n)
)IR";
  EXPECT_EQ(run("simplify-control-flow", in), canonical(out));
  // dce then drops the unused condition.
  EXPECT_EQ(run("simplify-control-flow,dce", in).find("aten::lt"), std::string::npos);
}

TEST(SimplifyControlFlow, LoopOfTwoTripsOrUnknownConditionStays) {
  for (const char* trips : {"2", "1"}) {
    std::string cond = std::string(trips) == "1" ? "%c" : "%yes";
    std::string in = std::string(R"IR(graph(%x : Tensor, %c : bool):
  %t : int = prim::Constant[value=)IR") + trips + R"IR(]()
  %yes : bool = prim::Constant[value=1]()
  %r : Tensor = prim::Loop(%t, )IR" + cond + R"IR(, %x)
    block0(%i : int, %acc : Tensor):
      %n : Tensor = aten::relu(%acc)
      -> (%yes, %n)
  return (%r)
)IR";
    EXPECT_NE(run("simplify-control-flow", in).find("prim::Loop"), std::string::npos) << trips;
  }
}

}  // namespace
}  // namespace tsrt::passes
