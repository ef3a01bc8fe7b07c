// Elementwise kernels against PyTorch goldens. The goldens hold contiguous tensors, so this test
// also re-runs every case on non-contiguous copies of its inputs (dims stored in reverse order,
// innermost elements two slots apart, non-zero storage offset) and on stride-0 expanded views
// of broadcast inputs, expecting the very same golden outputs. Error cases check that inputs
// torch rejects are rejected with tsrt::Error rather than crashing.
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "kernels/common/shape_util.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

struct GoldenCase {
  std::string name, op;
  double rtol = 0, atol = 0;
  std::vector<Value> args;
  std::vector<Value> outputs;
};

// Golden values used by this family: tensors, None, numbers and strings.
Value decode(const nlohmann::json& j, const std::string& folder) {
  if (j.contains("tensor")) return npy::read(folder + "/" + j["tensor"].get<std::string>());
  if (j.contains("none")) return Value();
  if (j.contains("bool")) return Value(j["bool"].get<bool>());
  if (j.contains("int")) return Value(j["int"].get<int64_t>());
  if (j.contains("float")) return Value(j["float"].get<double>());
  if (j.contains("str")) return Value(j["str"].get<std::string>());
  throw Error("elementwise_test: unexpected golden value " + j.dump());
}

std::vector<GoldenCase> load_cases(const std::string& family) {
  std::string folder = testing::testdata_dir() + "/ops/" + family;
  std::ifstream in(folder + "/cases.json");
  check(in.good(), "no golden cases at " + folder + "/cases.json");
  std::vector<GoldenCase> cases;
  for (const auto& c : nlohmann::json::parse(in)) {
    GoldenCase g;
    g.name = c["name"].get<std::string>();
    g.op = c["op"].get<std::string>();
    g.rtol = c["rtol"].get<double>();
    g.atol = c["atol"].get<double>();
    for (const auto& a : c["args"]) g.args.push_back(decode(a, folder));
    for (const auto& o : c["outputs"]) g.outputs.push_back(decode(o, folder));
    cases.push_back(std::move(g));
  }
  return cases;
}

// The values of `t` in a non-contiguous layout: dims in reverse storage order, innermost
// elements two slots apart, starting one element into the storage.
Tensor strided_copy(const Tensor& t) {
  Shape base_sizes(t.sizes().rbegin(), t.sizes().rend());
  base_sizes.push_back(2);
  Tensor base = Tensor::zeros(base_sizes, t.dtype());
  Shape strides(t.sizes().size());
  for (size_t d = 0; d < strides.size(); ++d) strides[d] = base.strides()[strides.size() - 1 - d];
  Tensor view = base.as_strided(t.sizes(), strides, 1);
  view.copy_from(t);
  return view;
}

// Runs `c` with its arguments transformed, returning "" or what differed from the golden.
std::string run_variant(const GoldenCase& c, const std::vector<Value>& args) {
  try {
    std::vector<Value> outputs = call_op(c.op, args);
    if (outputs.size() != c.outputs.size()) return "wrong number of outputs";
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string diff = testing::compare_values(outputs[i], c.outputs[i], c.rtol, c.atol);
      if (!diff.empty()) return "output " + std::to_string(i) + ": " + diff;
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

bool is_inplace(const std::string& op) {
  std::string name = op.substr(0, op.find('.'));
  return name.back() == '_' && name.substr(name.size() - 2) != "__";
}

TEST(ElementwiseKernels, MatchTorchGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("elementwise");
  for (const auto& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 600);
}

TEST(ElementwiseKernels, NonContiguousInputsGiveTheGoldens) {
  int checked = 0;
  for (const GoldenCase& c : load_cases("elementwise")) {
    std::vector<Value> args = c.args;
    bool changed = false;
    for (Value& a : args) {
      if (a.is_tensor() && a.to_tensor().dim() > 0 && a.to_tensor().numel() > 1) {
        a = strided_copy(a.to_tensor());
        changed = true;
      }
    }
    if (!changed) continue;
    ++checked;
    std::string diff = run_variant(c, args);
    EXPECT_EQ(diff, "") << c.name << " (" << c.op << ") on strided inputs";
  }
  EXPECT_GE(checked, 550);
}

TEST(ElementwiseKernels, ExpandedInputsGiveTheGoldens) {
  int checked = 0;
  for (const GoldenCase& c : load_cases("elementwise")) {
    // Only tensors of rank > 0 are expanded: a 0-d tensor would change type-promotion class.
    Shape shape;
    bool first = true;
    for (const Value& a : c.args) {
      if (!a.is_tensor() || a.to_tensor().dim() == 0) continue;
      shape = first ? a.to_tensor().sizes() : kernels::broadcast_shapes(shape, a.to_tensor().sizes());
      first = false;
    }
    std::vector<Value> args = c.args;
    bool changed = false;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i == 0 && is_inplace(c.op)) continue;  // self is written: it must not alias itself
      if (!args[i].is_tensor() || args[i].to_tensor().dim() == 0) continue;
      if (args[i].to_tensor().sizes() == shape) continue;
      args[i] = kernels::expand_to(args[i].to_tensor(), shape);
      changed = true;
    }
    if (!changed) continue;
    ++checked;
    std::string diff = run_variant(c, args);
    EXPECT_EQ(diff, "") << c.name << " (" << c.op << ") on expanded inputs";
  }
  EXPECT_GE(checked, 200);
}

TEST(ElementwiseKernels, InplaceOpsReturnAndUpdateSelf) {
  Tensor self = Tensor::zeros({2, 3}, DType::Float32);
  Tensor other = Tensor::scalar_double(1.5);
  std::vector<Value> out = call_op("aten::add_.Tensor", {self, other, 1});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to_tensor().storage(), self.storage());
  EXPECT_EQ(self.data<float>()[5], 1.5f);
}

// Inputs torch rejects must raise tsrt::Error, never crash or silently compute.
TEST(ElementwiseKernels, RejectsWhatTorchRejects) {
  Tensor ints = Tensor::zeros({3}, DType::Int64);
  Tensor floats = Tensor::zeros({3}, DType::Float32);
  Tensor bools = Tensor::zeros({3}, DType::Bool);
  auto rejects = [](const std::string& op, std::vector<Value> args) {
    EXPECT_THROW(call_op(op, std::move(args)), Error) << op;
  };
  rejects("aten::div.Scalar_mode", {ints, 0, std::string("floor")});     // integer ZeroDivisionError
  rejects("aten::remainder.Tensor", {ints, ints});
  rejects("aten::fmod.Scalar", {ints, 0});
  rejects("aten::floor_divide", {ints, ints});
  rejects("aten::div.Tensor_mode", {floats, floats, std::string("round")});  // unknown mode
  rejects("aten::sub.Tensor", {bools, bools, 1});
  rejects("aten::neg", {bools});
  rejects("aten::abs", {bools});
  rejects("aten::add.Scalar", {ints, 2, 2.5});                            // float alpha, int tensor
  rejects("aten::add_.Scalar", {ints, 2.5, 1});                           // float result into int
  rejects("aten::div_.Tensor", {ints, ints});
  rejects("aten::add_.Tensor", {Tensor::zeros({3}, DType::Float32), Tensor::zeros({2, 3}, DType::Float32), 1});
  rejects("aten::add.Tensor", {Tensor::zeros({2}, DType::Float32), floats, 1});  // shapes do not broadcast
  rejects("aten::bitwise_and.Tensor", {floats, floats});
  rejects("aten::pow.Tensor_Scalar", {ints, -1});
  rejects("aten::clamp", {floats, Value(), Value()});
  rejects("aten::where.self", {floats, floats, floats});                  // non-bool condition
  rejects("aten::masked_fill.Tensor", {floats, bools, floats});           // value must be 0-d
  rejects("aten::sqrt_", {ints});
  rejects("aten::masked_fill.Scalar", {ints, bools, std::numeric_limits<double>::infinity()});  // int overflow
  rejects("aten::add_.Scalar", {kernels::expand_to(Tensor::zeros({1}, DType::Float32), {3}), 1, 1});  // aliased self
}

TEST(ElementwiseKernels, ResultTypeFollowsTorchCategories) {
  Value f32 = Tensor::zeros({2}, DType::Float32);
  Value i64 = Tensor::zeros({2}, DType::Int64);
  Value u8 = Tensor::zeros({2}, DType::UInt8);
  Value f64_0d = Tensor::scalar_double(1.0, DType::Float64);
  EXPECT_EQ(kernels::result_type(f32, Value(2.5)), DType::Float32);
  EXPECT_EQ(kernels::result_type(i64, Value(2.5)), DType::Float32);
  EXPECT_EQ(kernels::result_type(u8, Value(int64_t{300})), DType::UInt8);
  EXPECT_EQ(kernels::result_type(f32, f64_0d), DType::Float32);
  EXPECT_EQ(kernels::result_type(i64, f64_0d), DType::Float64);
  EXPECT_EQ(kernels::result_type(Value(true), Value(int64_t{1})), DType::Int64);
}

}  // namespace
}  // namespace tsrt
