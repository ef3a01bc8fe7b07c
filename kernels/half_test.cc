// Golden tests of float16 and bfloat16 tensors as data (tools/opgoldens/half.py): conversions,
// elementwise arithmetic computed in float and rounded once, promotion, comparisons, selection
// and activations, against stock PyTorch; plus the 16-bit conversions' rounding on every value.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "kernels/registry.h"
#include "runtime/dtype.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(HalfGolden, MatchesTorch) {
  testing::GoldenResult result = testing::run_op_goldens("half");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 50);
}

TEST(HalfGolden, StridedInputsMatchTorch) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "half", "column-major", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kColumnMajor);
      });
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 30);
}

// Every 16-bit pattern survives float and back (NaNs stay NaN), and the float -> 16-bit
// conversion rounds to nearest-even: the midpoint between two neighbours goes to the even one.
TEST(HalfConversion, RoundTripsAndRoundsToNearestEven) {
  for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
    const auto h = static_cast<uint16_t>(bits);
    float hf = Half::to_float(h), bf = BFloat16::to_float(h);
    if (std::isnan(hf)) EXPECT_TRUE(std::isnan(Half::to_float(Half::from_float(hf))));
    else EXPECT_EQ(Half::from_float(hf), h) << bits;
    if (std::isnan(bf)) EXPECT_TRUE(std::isnan(BFloat16::to_float(BFloat16::from_float(bf))));
    else EXPECT_EQ(BFloat16::from_float(bf), h) << bits;
    // Midpoints to the next pattern up (same sign, finite, not the largest).
    if ((bits & 0x7fff) < 0x7bff) {
      float next = Half::to_float(static_cast<uint16_t>(bits + 1));
      float mid = static_cast<float>((static_cast<double>(hf) + next) / 2);
      EXPECT_EQ(Half::from_float(mid), (bits & 1) ? bits + 1 : bits) << bits;
    }
  }
}

TEST(HalfKernels, ScalarsAndItemOnFloat16) {
  Tensor x = Tensor::scalar_double(1.5, DType::Float32).to(DType::Float16);
  Value sum = kernels::call_op("aten::add.Tensor", {x, x, Value(int64_t{1})})[0];
  EXPECT_EQ(sum.to_tensor().dtype(), DType::Float16);
  EXPECT_EQ(sum.to_tensor().item_double(), 3.0);
}

}  // namespace
}  // namespace tsrt
