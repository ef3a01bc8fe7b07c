// Conversion kernels against PyTorch goldens, plus torch's aliasing contract for `to`:
// no change and copy=False returns the input itself.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

TEST(ConversionKernels, MatchTorchGoldens) { testing::expect_goldens_match("conversion", 41); }

// prim::tolist is vararg (the argument count is pushed after the arguments), so its goldens
// are run here rather than through run_op_goldens.
Value decode(const nlohmann::json& j, const std::string& folder) {
  if (j.contains("tensor")) return npy::read(folder + "/" + j["tensor"].get<std::string>());
  if (j.contains("bool")) return Value(j["bool"].get<bool>());
  if (j.contains("int")) return Value(j["int"].get<int64_t>());
  if (j.contains("float")) {
    // Non-finite floats travel as strings ("inf", "nan"), which stod reads back.
    const auto& f = j["float"];
    return Value(f.is_string() ? std::stod(f.get<std::string>()) : f.get<double>());
  }
  std::vector<Value> items;
  for (const auto& e : j.at("list")) items.push_back(decode(e, folder));
  return Value(make_list(ir::Type::get(ir::TypeKind::Any), std::move(items)));
}

TEST(ConversionKernels, TolistMatchesTorch) {
  std::string folder = testing::testdata_dir() + "/ops/conversion_tolist";
  std::ifstream in(folder + "/cases.json");
  ASSERT_TRUE(in.good()) << "no golden cases at " << folder;
  const kernels::OpEntry* op = kernels::Registry::global().find("prim::tolist");
  ASSERT_NE(op, nullptr);
  int cases = 0;
  for (const auto& c : nlohmann::json::parse(in)) {
    ++cases;
    kernels::Stack stack;
    for (const auto& a : c["args"]) stack.push_back(decode(a, folder));
    stack.push_back(Value(static_cast<int64_t>(stack.size())));
    op->kernel(stack);
    ASSERT_EQ(stack.size(), 1u) << c["name"];
    Value expected = decode(c["outputs"][0], folder);
    EXPECT_EQ(testing::compare_values(stack[0], expected, 0.0, 0.0), "") << c["name"];
    // Python ints must stay ints, not become floats that compare equal.
    if (expected.is_list() && !expected.to_list()->items.empty()) {
      EXPECT_EQ(stack[0].to_list()->items[0].tag(), expected.to_list()->items[0].tag()) << c["name"];
    }
  }
  EXPECT_GE(cases, 7);
  kernels::Stack mismatched{Value(Tensor::zeros({2}, DType::Int32)), Value(int64_t{1}), Value(int64_t{0}),
                            Value(int64_t{3})};
  EXPECT_THROW(op->kernel(mismatched), Error);
}

TEST(ConversionKernels, ToReturnsSelfOnlyWhenNothingChanges) {
  Tensor x = Tensor::zeros({2, 2}, DType::Float32);
  Value none;
  auto to_dtype = [&](int64_t code, bool copy) {
    return call_op("aten::to.dtype", {x, code, false, copy, none})[0].to_tensor();
  };
  EXPECT_EQ(to_dtype(6, false).storage(), x.storage());
  EXPECT_NE(to_dtype(6, true).storage(), x.storage());
  EXPECT_NE(to_dtype(7, false).storage(), x.storage());
  Tensor moved = call_op("aten::to.prim_Device", {x, Value(Device{"cuda:0"}), none, false, false})[0].to_tensor();
  EXPECT_EQ(moved.storage(), x.storage());
}

TEST(ConversionKernels, BadArgumentsRaiseErrors) {
  Tensor many = Tensor::zeros({3}, DType::Float32);
  EXPECT_THROW(call_op("aten::Int.Tensor", {many}), Error);
  EXPECT_THROW(call_op("aten::Bool.Tensor", {many}), Error);
  EXPECT_THROW(call_op("aten::item", {many}), Error);
  EXPECT_THROW(call_op("aten::IntImplicit", {Tensor::scalar_double(1.5)}), Error);
  EXPECT_THROW(call_op("aten::to.dtype", {many, int64_t{42}, false, false, Value()}), Error);
  EXPECT_THROW(call_op("aten::to.device", {many, Value(Device{"mps"}), int64_t{6}, false, false, Value()}), Error);
}

}  // namespace
}  // namespace tsrt
