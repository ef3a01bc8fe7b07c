// --precision bf16: BERT's linear products run in bfloat16 (the outputs move, by bfloat16's
// rounding only), a float32 module in the same process stays exact, and the setting is scoped
// to the call.
#include "runtime/precision.h"

#include <gtest/gtest.h>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/corpus_models.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(Precision, ParsesItsNamesAndRefusesOthers) {
  EXPECT_EQ(parse_precision("fp32"), Precision::Float32);
  EXPECT_EQ(parse_precision("bf16"), Precision::BFloat16);
  EXPECT_THROW(parse_precision("fp16"), Error);
}

TEST(Precision, ScopeRestoresThePreviousSetting) {
  EXPECT_EQ(matmul_precision(), Precision::Float32);
  {
    ScopedPrecision bf16(Precision::BFloat16);
    EXPECT_EQ(matmul_precision(), Precision::BFloat16);
  }
  EXPECT_EQ(matmul_precision(), Precision::Float32);
}

double max_abs_diff(const Tensor& a, const Tensor& b) {
  double m = 0;
  Tensor x = a.contiguous(), y = b.contiguous();
  for (int64_t i = 0; i < x.numel(); ++i) m = std::max(m, std::abs(double(x.data<float>()[i]) - y.data<float>()[i]));
  return m;
}

TEST(Precision, Bf16BertStaysCloseToStockAndFp32StaysExact) {
  testing::ModelCase bert;
  for (const testing::ModelCase& c : testing::read_corpus_manifest()) {
    if (c.file == "bert_tiny_traced.pt") bert = c;
  }
  ASSERT_FALSE(bert.name.empty());
  const std::string path = testing::corpus_dir() + "/" + bert.file;
  std::vector<Value> inputs;
  for (const std::string& spec : bert.inputs) inputs.push_back(npy::parse_input_spec(testing::resolve_corpus_spec(spec)));

  LoadOptions bf16_options;
  bf16_options.precision = Precision::BFloat16;
  Module bf16 = load(path, bf16_options);
  Module fp32 = load(path);
  std::vector<Tensor> low = npy::flatten_outputs(bf16.call("forward", inputs));
  std::vector<Tensor> full = npy::flatten_outputs(fp32.call("forward", inputs));
  ASSERT_EQ(low.size(), bert.outputs.size());
  for (size_t i = 0; i < low.size(); ++i) {
    Tensor expected = npy::read(testing::corpus_dir() + "/" + bert.outputs[i]);
    // bfloat16 keeps 8 significant bits: layer-normed activations of magnitude ~1 move by
    // a few 1e-3 per product; two layers stay well inside 0.1.
    EXPECT_EQ(testing::compare_values(Value(low[i]), Value(expected), 0.1, 0.1), "") << "output " << i;
    EXPECT_GT(max_abs_diff(low[i], full[i]), 1e-6) << "output " << i << ": bf16 changed nothing";
    EXPECT_EQ(testing::compare_values(Value(full[i]), Value(expected), 1e-4, 1e-5), "") << "output " << i;
  }
  EXPECT_EQ(matmul_precision(), Precision::Float32);  // the call's scope ended
}

}  // namespace
}  // namespace tsrt
