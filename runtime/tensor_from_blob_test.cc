// Tensor::from_blob (zero-copy tensors over caller memory) and the checked Tensor::data_ptr<T>.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/error.h"
#include "runtime/tensor.h"

namespace tsrt {
namespace {

TEST(TensorFromBlob, SharesTheCallersMemory) {
  std::vector<float> buffer = {1, 2, 3, 4, 5, 6};
  Tensor t = Tensor::from_blob(buffer.data(), {2, 3}, DType::Float32);
  EXPECT_EQ(t.raw_data(), buffer.data());  // no copy
  EXPECT_EQ(t.sizes(), (Shape{2, 3}));
  EXPECT_EQ(t.strides(), (Shape{3, 1}));
  EXPECT_TRUE(t.is_contiguous());
  buffer[4] = 50;  // writes through either side are seen by the other
  EXPECT_EQ(t.data_ptr<float>()[4], 50);
  t.data_ptr<float>()[0] = -1;
  EXPECT_EQ(buffer[0], -1);
}

TEST(TensorFromBlob, KeepaliveLivesAsLongAsAnyView) {
  auto owner = std::make_shared<std::vector<int64_t>>(std::vector<int64_t>{10, 20, 30, 40});
  std::weak_ptr<std::vector<int64_t>> watch = owner;
  Tensor view;
  {
    Tensor t = Tensor::from_blob(owner->data(), {4}, DType::Int64, owner);
    owner.reset();
    view = t.as_strided({2}, {2}, 1);  // elements 20 and 40
  }
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(view.data_ptr<int64_t>()[0], 20);
  EXPECT_EQ(view.contiguous().data_ptr<int64_t>()[1], 40);
  view = Tensor();
  EXPECT_TRUE(watch.expired());
}

TEST(TensorFromBlob, ExplicitStrides) {
  std::vector<float> buffer = {1, 2, 3, 4, 5, 6};
  Tensor t = Tensor::from_blob(buffer.data(), {3, 2}, {1, 3}, DType::Float32);  // the transpose of [2, 3]
  EXPECT_FALSE(t.is_contiguous());
  Tensor c = t.contiguous();
  EXPECT_EQ((std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + 6)), (std::vector<float>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(t.storage()->nbytes(), 6 * sizeof(float));
}

TEST(TensorFromBlob, RejectsBadShapes) {
  float x = 0;
  EXPECT_THROW(Tensor::from_blob(&x, {2}, {1, 1}, DType::Float32), Error);
  EXPECT_THROW(Tensor::from_blob(&x, {-1}, DType::Float32), Error);
  EXPECT_THROW(Tensor::from_blob(nullptr, {2}, DType::Float32), Error);
  EXPECT_NO_THROW(Tensor::from_blob(nullptr, {0, 3}, DType::Float32));
}

TEST(TensorDataPtr, NamesBothDtypesOnMismatch) {
  std::vector<int32_t> buffer = {1, 2};
  Tensor t = Tensor::from_blob(buffer.data(), {2}, DType::Int32);
  EXPECT_EQ(t.data_ptr<int32_t>(), buffer.data());
  try {
    t.data_ptr<float>();
    FAIL() << "data_ptr<float> on an int32 tensor did not throw";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("int32"), std::string::npos) << message;
    EXPECT_NE(message.find("float32"), std::string::npos) << message;
  }
  EXPECT_THROW(t.data_ptr<int64_t>(), Error);
  EXPECT_EQ(Tensor::scalar_bool(true).data_ptr<bool>()[0], true);
}

}  // namespace
}  // namespace tsrt
