// kernels/losses.cc against PyTorch goldens (tools/opgoldens/losses.py); ops that write an argument
// (out=) are checked on what they wrote too (args_after).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "runtime/error.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(lossesKernels, MatchTorchGoldens) { testing::expect_goldens_match("losses", 51); }

// What tsrt does not do is an error naming the op, never a wrong number.
TEST(lossesKernels, UnsupportedOrBadInputsAreErrors) {
  Tensor scores = Tensor::zeros({2, 3}, DType::Float32);
  Tensor labels = Tensor::zeros({2}, DType::Int64);
  auto message = [](auto&& call) -> std::string {
    try {
      call();
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message([&] {
              kernels::call_op("aten::cross_entropy_loss", {scores, labels, Value(), int64_t{1}, int64_t{-100}, 0.1});
            }).find("aten::cross_entropy_loss: label_smoothing > 0 is not supported"),
            std::string::npos);
  labels.data<int64_t>()[1] = 3;
  EXPECT_NE(message([&] {
              kernels::call_op("aten::nll_loss", {scores, labels, Value(), int64_t{1}, int64_t{-100}});
            }).find("aten::nll_loss: Target 3 is out of bounds."),
            std::string::npos);
}

}  // namespace
}  // namespace tsrt
