// Packing ops (and the packed lstm/gru overloads they feed) against PyTorch goldens, plus a
// round trip and the argument errors.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

Tensor lengths_of(const std::vector<int64_t>& values) {
  Tensor t = Tensor::empty({static_cast<int64_t>(values.size())}, DType::Int64);
  for (size_t i = 0; i < values.size(); ++i) t.data<int64_t>()[i] = values[i];
  return t;
}

TEST(PackedSequenceKernels, MatchTorchGoldens) { testing::expect_goldens_match("packed_sequence", 15); }

TEST(PackedSequenceKernels, StridedInputsGiveTheSameResults) {
  testing::GoldenResult result = testing::run_transformed_goldens(
      "packed_sequence", "strided", [](const testing::GoldenCase&, std::vector<Value>& args) {
        return testing::make_args_strided(args, testing::StridedStyle::kReversedSpaced);
      });
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GT(result.cases, 0);
}

TEST(PackedSequenceKernels, PadUndoesPack) {
  Tensor x = Tensor::empty({4, 3, 2}, DType::Float32);
  for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = static_cast<float>(i + 1);
  Tensor lengths = lengths_of({4, 2, 1});
  auto packed = call_op("aten::_pack_padded_sequence", {x, lengths, false});
  auto padded = call_op("aten::_pad_packed_sequence", {packed[0], packed[1], false, 0.0, int64_t{-1}});
  Tensor out = padded[0].to_tensor();
  ASSERT_EQ(out.sizes(), x.sizes());
  for (int64_t t = 0; t < 4; ++t) {
    for (int64_t b = 0; b < 3; ++b) {
      for (int64_t f = 0; f < 2; ++f) {
        int64_t i = (t * 3 + b) * 2 + f;
        EXPECT_EQ(out.data<float>()[i], t < lengths.data<int64_t>()[b] ? x.data<float>()[i] : 0.0f) << i;
      }
    }
  }
  EXPECT_EQ(padded[1].to_tensor().data<int64_t>()[1], 2);
}

TEST(PackedSequenceKernels, BadArgumentsRaiseErrors) {
  Tensor x = Tensor::zeros({4, 3, 2}, DType::Float32);
  EXPECT_THROW(call_op("aten::_pack_padded_sequence", {x, lengths_of({4, 1, 2}), false}), Error);  // unsorted
  EXPECT_THROW(call_op("aten::_pack_padded_sequence", {x, lengths_of({4, 1, 0}), false}), Error);  // zero length
  EXPECT_THROW(call_op("aten::_pack_padded_sequence", {x, lengths_of({4, 1}), false}), Error);     // batch mismatch
  EXPECT_THROW(call_op("aten::_pack_padded_sequence", {x, lengths_of({5, 1, 1}), false}), Error);  // too long
  EXPECT_THROW(call_op("aten::_pack_padded_sequence", {x, lengths_of({4, 1, 1}).to(DType::Int32), false}), Error);
  Tensor data = Tensor::zeros({5, 2}, DType::Float32);
  EXPECT_THROW(call_op("aten::_pad_packed_sequence", {data, lengths_of({2, 2}), false, 0.0, int64_t{-1}}), Error);
  EXPECT_THROW(call_op("aten::_pad_packed_sequence", {data, lengths_of({2, 3}), false, 0.0, int64_t{-1}}), Error);
  EXPECT_THROW(call_op("aten::_pad_packed_sequence", {data, lengths_of({3, 2}), false, 0.0, int64_t{1}}), Error);
}

}  // namespace
}  // namespace tsrt
