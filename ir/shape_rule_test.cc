// The helpers shape rules share: broadcasting, torch's result_type, dims, windows; and a rule
// asking about a node through ShapeContext.
#include "ir/shape_rule.h"

#include <map>

#include <gtest/gtest.h>

#include "ir/parser.h"
#include "ir/test_catalog.h"

namespace tsrt::ir {
namespace {

constexpr int kInt = 3;  // c10::ScalarType::Int

TEST(ShapeRule, BroadcastKeepsUnknownDimsUnlessTheOtherIsKnownAndNotOne) {
  Sizes a{int64_t{4}, std::nullopt, int64_t{1}}, b{int64_t{1}, int64_t{1}, int64_t{5}}, c{int64_t{3}, int64_t{1}};
  EXPECT_EQ(*broadcast({&a, &b}), (Sizes{int64_t{4}, std::nullopt, int64_t{5}}));
  EXPECT_EQ(*broadcast({&a, &c}), (Sizes{int64_t{4}, int64_t{3}, int64_t{1}}));  // the known 3 wins
  Sizes d{std::nullopt}, one{int64_t{1}};
  EXPECT_EQ(*broadcast({&d, &one}), Sizes{std::nullopt});
  EXPECT_EQ(broadcast({&a, nullptr}), std::nullopt);
}

TEST(ShapeRule, ResultTypeFollowsTorchsCategories) {
  using O = Operand;
  // Same dtype everywhere: that dtype.
  EXPECT_EQ(result_type({{kFloatCode, O::Dim}, {kFloatCode, O::Wrapped}}), kFloatCode);
  // A Python float with an int tensor: the default float dtype, not double.
  EXPECT_EQ(result_type({{kLongCode, O::Dim}, {kDoubleCode, O::Wrapped}}), kFloatCode);
  // A Python int with a float tensor: the tensor's dtype.
  EXPECT_EQ(result_type({{kFloatCode, O::Dim}, {kLongCode, O::Wrapped}}), kFloatCode);
  // A 0-d tensor of a higher category wins over dimensioned ones; of the same category it does not.
  EXPECT_EQ(result_type({{kInt, O::Dim}, {kDoubleCode, O::ZeroDim}}), kDoubleCode);
  EXPECT_EQ(result_type({{kFloatCode, O::Dim}, {kDoubleCode, O::ZeroDim}}), kFloatCode);
  // Dimensioned tensors promote: int32 + int64 -> int64.
  EXPECT_EQ(result_type({{kInt, O::Dim}, {kLongCode, O::Dim}}), kLongCode);
  EXPECT_EQ(result_type({{std::nullopt, O::Dim}, {kLongCode, O::Dim}}), std::nullopt);
  EXPECT_EQ(result_type({{kInt, O::Unknown}, {kLongCode, O::Dim}}), std::nullopt);
}

TEST(ShapeRule, DimsAndWindows) {
  EXPECT_EQ(norm_dim(-1, 4), 3);
  EXPECT_EQ(norm_dim(4, 4), std::nullopt);
  EXPECT_EQ(norm_dim(0, 0), 0);  // a 0-d tensor takes dim 0 and -1
  EXPECT_EQ(numel(Sizes{int64_t{2}, int64_t{3}}), 6);
  EXPECT_EQ(numel(Sizes{int64_t{2}, std::nullopt}), std::nullopt);
  // 7 wide, kernel 3, stride 2, pad 1: (7 + 2 - 3) / 2 + 1 = 4; ceil mode adds the partial window.
  EXPECT_EQ(window_size(7, 3, 2, 1, 1, false), 4);
  EXPECT_EQ(window_size(6, 3, 2, 0, 1, false), 2);
  EXPECT_EQ(window_size(6, 3, 2, 0, 1, true), 3);
  EXPECT_EQ(per_dim(Sizes{int64_t{2}}, 1, 9), 2);
  EXPECT_EQ(per_dim(std::nullopt, 1, 9), 9);
}

// A context over a parsed node, with the facts of its inputs given by debug name.
class FixedShapes : public ShapeContext {
 public:
  FixedShapes(const Node& n, std::map<std::string, TensorFacts> facts) : ShapeContext(n), facts_(std::move(facts)) {}
  using ShapeContext::set;
  TensorFacts tensor(const Value* v) const override {
    auto it = facts_.find(v->debug_name());
    return it == facts_.end() ? TensorFacts{} : it->second;
  }
  std::optional<int64_t> int_value(const Value* v) const override {
    const tsrt::Value* c = constant(v);
    return c && c->is_int() ? std::optional<int64_t>(c->to_int()) : std::nullopt;
  }
  void set(size_t output, const TensorFacts& facts) override { outputs[output] = facts; }
  void set_int(size_t output, int64_t value) override { ints[output] = value; }
  std::map<size_t, TensorFacts> outputs;
  std::map<size_t, int64_t> ints;

 private:
  std::map<std::string, TensorFacts> facts_;
};

TEST(ShapeRule, ContextReadsArgumentsByNameAndRulesSetOutputs) {
  testing::TestCatalog ops({"aten::transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)"});
  auto graph = parse_graph(R"IR(graph(%x : Tensor):
  %d0 : int = prim::Constant[value=0]()
  %d1 : int = prim::Constant[value=-1]()
  %y : Tensor = aten::transpose[overload="int"](%x, %d0, %d1)
  return (%y)
)IR",
                           ops);
  const Node& transpose = *graph->block()->nodes().back();
  FixedShapes c(transpose, {{"x", TensorFacts{kFloatCode, Sizes{int64_t{2}, int64_t{3}}, true}}});
  EXPECT_EQ(c.int_value(c.arg("dim1")), -1);
  EXPECT_EQ(c.arg("memory_format"), nullptr);
  EXPECT_TRUE(c.is_none(c.arg("memory_format")));
  // A rule written as what the output is.
  ShapeRule rule = one_output([](const ShapeContext& ctx) {
    TensorFacts in = ctx.self();
    std::optional<int64_t> a = norm_dim(ctx.int_value(ctx.arg("dim0")), in.sizes->size());
    std::optional<int64_t> b = norm_dim(ctx.int_value(ctx.arg("dim1")), in.sizes->size());
    std::swap((*in.sizes)[*a], (*in.sizes)[*b]);
    in.contiguous = false;
    return in;
  });
  rule(c);
  ASSERT_EQ(c.outputs.count(0), 1u);
  EXPECT_EQ(c.outputs[0].sizes, (Sizes{int64_t{3}, int64_t{2}}));
  EXPECT_EQ(c.outputs[0].dtype, kFloatCode);
  EXPECT_FALSE(c.outputs[0].contiguous);
  // floating_as_self forgets an integer dtype (such ops may promote it).
  FixedShapes ints(transpose, {{"x", TensorFacts{kLongCode, Sizes{int64_t{2}}, true}}});
  EXPECT_EQ(floating_as_self(ints).dtype, std::nullopt);
  EXPECT_EQ(same_as_self(ints).dtype, kLongCode);
}

}  // namespace
}  // namespace tsrt::ir
