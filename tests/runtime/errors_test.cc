// Bad inputs get one clear tsrt::Error naming what was wrong and where; nothing crashes.
#include <string>

#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

std::string corpus(const std::string& file) { return testing::testdata_dir() + "/corpus/" + file; }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

class BertErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    bert_ = std::make_unique<Module>(load(corpus("bert_tiny_traced.pt")));
    ids_ = npy::read(corpus("bert_tiny_traced.in0.npy"));
    segments_ = npy::read(corpus("bert_tiny_traced.in1.npy"));
  }
  std::unique_ptr<Module> bert_;
  Tensor ids_, segments_;
};

TEST_F(BertErrors, WrongInputCountNamesExpectedAndGot) {
  std::string e = error_of([&] { bert_->forward({Value(ids_)}); });
  EXPECT_NE(e.find("forward() expects 2 inputs"), std::string::npos) << e;
  EXPECT_NE(e.find("got 1"), std::string::npos) << e;
}

TEST_F(BertErrors, WrongInputKindNamesTheArgument) {
  std::string e = error_of([&] { bert_->forward({Value(ids_), Value(int64_t{3})}); });
  EXPECT_NE(e.find("'token_type_ids' expects Tensor, got int"), std::string::npos) << e;
}

TEST_F(BertErrors, FloatIdsFailInsideTheEmbeddingWithItsSourceLine) {
  std::string e = error_of([&] { bert_->forward({Value(ids_.to(DType::Float32)), Value(segments_)}); });
  EXPECT_NE(e.find("aten::embedding"), std::string::npos) << e;
  EXPECT_NE(e.find("code/__torch__/"), std::string::npos) << e;
}

TEST_F(BertErrors, Int32IdsGiveTheSameResultAsInt64) {
  // libtorch crashed on int32 ids in old versions; tsrt's embedding accepts both index types.
  std::vector<Value> expected = bert_->forward({Value(ids_), Value(segments_)});
  std::vector<Value> got = bert_->forward({Value(ids_.to(DType::Int32)), Value(segments_.to(DType::Int32))});
  ASSERT_EQ(expected.size(), got.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(testing::compare_values(got[i], expected[i], 0, 0), "");
}

TEST_F(BertErrors, OutOfRangeTokenIdNamesTheTableSize) {
  Tensor bad = ids_.clone();
  bad.data<int64_t>()[3] = 1000000;
  std::string e = error_of([&] { bert_->forward({Value(bad), Value(segments_)}); });
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  EXPECT_NE(e.find("aten::embedding"), std::string::npos) << e;
}

TEST(LoadErrors, MissingFileAndNotAZip) {
  EXPECT_NE(error_of([] { load("/nonexistent/model.pt"); }), "");
  std::string e = error_of([] { load(corpus("bert_tiny_traced.in0.npy")); });
  EXPECT_NE(e.find("not a zip"), std::string::npos) << e;
}

TEST(LoadErrors, UnknownMethodIsNamed) {
  Module m = load(corpus("seed_my_cell_traced.pt"));
  std::string e = error_of([&] { m.run_method("predict", {}); });
  EXPECT_NE(e.find("no method 'predict'"), std::string::npos) << e;
}

TEST(LoadErrors, UnknownPassIsNamedWithTheKnownOnes) {
  LoadOptions options;
  options.passes = "inline,bogus";
  std::string e = error_of([&] { load(corpus("seed_my_cell_traced.pt"), options); });
  EXPECT_NE(e.find("unknown pass 'bogus'"), std::string::npos) << e;
  EXPECT_NE(e.find("dce"), std::string::npos) << e;
}

}  // namespace
}  // namespace tsrt
