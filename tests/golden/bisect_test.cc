// `tsrt compare --bisect` names the pass that breaks a model: a deliberately wrong pass,
// registered only in this test, replaces BERT's GELU by ReLU.
#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "kernels/registry.h"
#include "passes/pass.h"
#include "runtime/compare.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

bool gelu_to_relu(ir::Graph& graph) {
  const kernels::OpEntry* relu = kernels::Registry::global().find("aten::relu");
  bool changed = false;
  std::vector<ir::Node*> gelus;
  for (ir::Node* n : graph.block()->nodes()) {
    if (n->kind() == "aten::gelu") gelus.push_back(n);
  }
  for (ir::Node* gelu : gelus) {
    ir::Node* r = graph.create("aten::relu", {gelu->input(0)}, 1);
    r->set_schema(&relu->schema);
    r->output()->set_type(gelu->output()->type());
    graph.block()->insert_before(r, gelu);
    gelu->output()->replace_all_uses_with(r->output());
    gelu->destroy();
    changed = true;
  }
  return changed;
}
TSRT_REGISTER_PASS("test-gelu-relu", "a broken pass for this test: GELU becomes ReLU", gelu_to_relu);

class Bisect : public ::testing::Test {
 protected:
  std::string dir_ = testing::testdata_dir() + "/corpus/";
  std::vector<Value> inputs_{Value(npy::read(dir_ + "bert_tiny_traced.in0.npy")),
                             Value(npy::read(dir_ + "bert_tiny_traced.in1.npy"))};
  std::vector<Tensor> expected_{npy::read(dir_ + "bert_tiny_traced.out0.npy"),
                                npy::read(dir_ + "bert_tiny_traced.out1.npy")};
};

TEST_F(Bisect, NamesTheBrokenPass) {
  std::vector<PassStep> steps = bisect_pipeline(dir_ + "bert_tiny_traced.pt", "forward", inputs_, expected_,
                                                "inline,peephole,test-gelu-relu,dce", 1e-4, 1e-5);
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_TRUE(steps[0].ok && steps[1].ok && steps[2].ok) << steps[0].error << steps[1].error << steps[2].error;
  EXPECT_EQ(steps[3].pass, "test-gelu-relu");
  EXPECT_FALSE(steps[3].ok);
  EXPECT_FALSE(steps[4].ok);  // later passes do not hide it
  EXPECT_GT(steps[3].max_abs, 1e-5);
}

TEST_F(Bisect, DefaultPipelineKeepsEveryStepWithinTolerance) {
  for (const PassStep& step :
       bisect_pipeline(dir_ + "bert_tiny_traced.pt", "forward", inputs_, expected_, "default", 1e-4, 1e-5)) {
    EXPECT_TRUE(step.ok) << step.pipeline << ": " << step.error << " max_abs " << step.max_abs;
  }
}

}  // namespace
}  // namespace tsrt
