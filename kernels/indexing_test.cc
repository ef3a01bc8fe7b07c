// Indexing kernels against PyTorch goldens, plus in-place and error behaviour.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

Tensor longs(const std::vector<int64_t>& values) {
  Tensor t = Tensor::empty({static_cast<int64_t>(values.size())}, DType::Int64);
  for (size_t i = 0; i < values.size(); ++i) t.data<int64_t>()[i] = values[i];
  return t;
}

Value optional_tensors(std::vector<Value> items) {
  return Value(make_list(ir::Type::optional(ir::Type::get(ir::TypeKind::Tensor)), std::move(items)));
}

TEST(IndexingKernels, MatchTorchGoldens) { testing::expect_goldens_match("indexing", 66); }

TEST(IndexingKernels, IndexPutWritesIntoSelf) {
  Tensor self = Tensor::zeros({3, 2}, DType::Float32);
  Tensor out = call_op("aten::index_put_", {self, optional_tensors({longs({1})}), Tensor::scalar_double(5.0), false})[0]
                   .to_tensor();
  EXPECT_EQ(out.storage(), self.storage());
  EXPECT_EQ(self.data<float>()[2], 5.0f);
  EXPECT_EQ(self.data<float>()[3], 5.0f);
  EXPECT_EQ(self.data<float>()[0], 0.0f);
}

TEST(IndexingKernels, EmbeddingOutOfRangeNamesIndexAndTableSize) {
  Tensor table = Tensor::zeros({5, 2}, DType::Float32);
  try {
    call_op("aten::embedding", {table, longs({1, 7}), int64_t{-1}, false, false});
    FAIL() << "an index past the table must fail";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("index 7"), std::string::npos) << message;
    EXPECT_NE(message.find("table of 5 rows"), std::string::npos) << message;
  }
  EXPECT_THROW(call_op("aten::embedding", {table, longs({-1}), int64_t{-1}, false, false}), Error);
}

TEST(IndexingKernels, BadIndicesRaiseErrors) {
  Tensor m = Tensor::zeros({3, 4}, DType::Float32);
  EXPECT_THROW(call_op("aten::index.Tensor", {m, optional_tensors({longs({3})})}), Error);
  EXPECT_THROW(call_op("aten::index.Tensor", {m, optional_tensors({Value(), Value(), longs({0})})}), Error);
  EXPECT_THROW(call_op("aten::index_select", {m, int64_t{1}, longs({4})}), Error);
  EXPECT_THROW(call_op("aten::gather", {m, int64_t{0}, longs({0})}), Error);
  EXPECT_THROW(call_op("aten::one_hot", {longs({-1}), int64_t{-1}}), Error);
  EXPECT_THROW(call_op("aten::index_put_", {m, optional_tensors({longs({0})}), Tensor::scalar_int(1), false}), Error);
}

}  // namespace
}  // namespace tsrt
