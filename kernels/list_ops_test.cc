// List ops against TorchScript's own results (tools/opgoldens/list_ops.py), including the
// lists that mutating ops leave behind ("args_after"), plus list aliasing and the errors
// TorchScript raises.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

ListPtr int_list(std::vector<int64_t> xs) {
  std::vector<Value> items(xs.begin(), xs.end());
  return make_list(ir::Type::get(ir::TypeKind::Int), std::move(items));
}

TEST(ListOps, MatchTorchScriptGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("list_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 150);
}

TEST(ListOps, MutationIsVisibleThroughEveryAlias) {
  ListPtr list = int_list({1, 2});
  Value alias(list);  // a second reference, as `b = a` makes in TorchScript
  std::vector<Value> out = call_op("aten::append.t", {alias, Value(3)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to_list(), list);  // append returns the same list, not a copy
  EXPECT_EQ(list->items.size(), 3u);
  call_op("aten::_set_item.t", {alias, Value(0), Value(9)});
  EXPECT_EQ(list->items[0].to_int(), 9);
  call_op("aten::clear.t", {alias});
  EXPECT_TRUE(list->items.empty());
}

TEST(ListOps, ExtendWithItselfAppendsTheOriginalItemsOnce) {
  ListPtr list = int_list({1, 2});
  Value doubled = call_op("aten::add.t", {Value(list), Value(list)})[0];
  call_op("aten::extend.t", {Value(list), Value(list)});
  EXPECT_TRUE(values_equal(Value(list), doubled));
}

TEST(ListOps, MultiElementTensorsHaveNoTruthValue) {
  Tensor pair = Tensor::zeros({2}, DType::Float32);
  ListPtr list = make_list(ir::Type::get(ir::TypeKind::Tensor), {Value(pair)});
  EXPECT_THROW(call_op("aten::count.Tensor", {Value(list), Value(pair)}), Error);
}

TEST(ListOps, CopiesAreIndependent) {
  ListPtr list = int_list({1, 2, 3});
  for (const char* op : {"aten::list.t", "aten::copy.t"}) {
    ListPtr copy = call_op(op, {Value(list)})[0].to_list();
    EXPECT_NE(copy, list);
    call_op("aten::append.t", {Value(copy), Value(4)});
    EXPECT_EQ(list->items.size(), 3u) << op;
  }
  ListPtr slice = call_op("aten::slice.t", {Value(list), Value(), Value(), Value(1)})[0].to_list();
  EXPECT_NE(slice, list);
}

TEST(ListOps, ErrorsNameTheProblem) {
  auto message = [](const char* op, std::vector<Value> args) -> std::string {
    try {
      call_op(op, std::move(args));
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message("aten::__getitem__.t", {Value(int_list({1, 2})), Value(2)}).find("list index out of range"),
            std::string::npos);
  EXPECT_NE(message("aten::__getitem__.t", {Value(int_list({1, 2})), Value(-3)}).find("index out of range"),
            std::string::npos);
  EXPECT_NE(message("aten::pop.t", {Value(int_list({})), Value(-1)}).find("pop from empty list"), std::string::npos);
  EXPECT_NE(message("aten::remove.int", {Value(int_list({1})), Value(5)}).find("not in list"), std::string::npos);
  EXPECT_NE(message("aten::index.list_int", {Value(int_list({1})), Value(5)}).find("not in list"), std::string::npos);
  EXPECT_NE(message("prim::min.self_int", {Value(int_list({}))}).find("empty sequence"), std::string::npos);
  EXPECT_NE(message("aten::slice.t", {Value(int_list({1})), Value(), Value(), Value(0)}).find("zero"),
            std::string::npos);
}

}  // namespace
}  // namespace tsrt
