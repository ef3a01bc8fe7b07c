// `tsrt compare --per-op` finds the node whose kernel is wrong: with aten::tanh deliberately
// broken (in this test only), the first node beyond tolerance is BERT's pooler tanh, and every
// node before it matches stock libtorch's.
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "kernels/registry.h"
#include "runtime/compare.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

class PerOp : public ::testing::Test {
 protected:
  void SetUp() override {
    dump_ = std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") + "/bert_nodes";
    std::string command = "tools/reference/reference_runner '" + model_ + "' --input '" + ids_ + "' --input '" +
                          segments_ + "' --dump-nodes '" + dump_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    inputs_ = {Value(npy::read(ids_)), Value(npy::read(segments_))};
  }
  std::string dir_ = testing::testdata_dir() + "/corpus/";
  std::string model_ = dir_ + "bert_tiny_traced.pt";
  std::string ids_ = dir_ + "bert_tiny_traced.in0.npy";
  std::string segments_ = dir_ + "bert_tiny_traced.in1.npy";
  std::string dump_;
  std::vector<Value> inputs_;
};

// Inner nodes are held to their tensor's scale: fp32 rounding next to zero passes, a wrong
// value does not; outputs stay held to each element's own magnitude.
TEST(CompareTensors, InnerNodeToleranceIsRelativeToTheTensorsScale) {
  auto floats = [](std::vector<float> values) {
    Tensor t = Tensor::empty({static_cast<int64_t>(values.size())}, DType::Float32);
    std::copy(values.begin(), values.end(), t.data<float>());
    return t;
  };
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor want = floats({10.0f, 1e-3f, -inf});
  const Tensor rounded = floats({10.0f, 1e-3f + 5e-5f, -inf});
  EXPECT_FALSE(compare_tensors(rounded, want, 1e-4, 1e-5).ok);
  EXPECT_TRUE(compare_tensors(rounded, want, 1e-4, 1e-5, RelativeTo::TensorMax).ok);
  const Tensor wrong = floats({10.0f, 0.5f, -inf});
  EXPECT_FALSE(compare_tensors(wrong, want, 1e-4, 1e-5, RelativeTo::TensorMax).ok);
  EXPECT_TRUE(compare_tensors(want, want, 0, 0).ok);  // equal infinities are equal
}

TEST_F(PerOp, EveryNodeMatchesWithCorrectKernels) {
  PerOpReport report = compare_per_op(model_, "forward", inputs_, dump_, 1e-4, 1e-5);
  EXPECT_EQ(report.unmatched, 0);
  EXPECT_GT(report.nodes.size(), 50u);
  for (const NodeDiff& d : report.nodes) EXPECT_TRUE(d.ok) << d.kind << " at " << d.location << ": " << d.max_abs;
}

TEST_F(PerOp, NamesTheNodeOfADeliberatelyWrongKernel) {
  auto& registry = kernels::Registry::global();
  kernels::StackKernel original = registry.replace_kernel("aten::tanh", nullptr);
  registry.replace_kernel("aten::tanh", [original](kernels::Stack& stack) {
    original(stack);
    Tensor t = stack.back().to_tensor().clone();
    t.data<float>()[0] += 0.5f;  // one wrong element
    stack.back() = Value(t);
  });
  PerOpReport report = compare_per_op(model_, "forward", inputs_, dump_, 1e-4, 1e-5);
  registry.replace_kernel("aten::tanh", original);

  const NodeDiff* first = nullptr;
  for (const NodeDiff& d : report.nodes) {
    if (!d.ok) {
      first = &d;
      break;
    }
  }
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->kind, "aten::tanh");
  EXPECT_NE(first->location.find("code/__torch__/"), std::string::npos);
  EXPECT_NEAR(first->max_abs, 0.5, 1e-3);
}

}  // namespace
}  // namespace tsrt
