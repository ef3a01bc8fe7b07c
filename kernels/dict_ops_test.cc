// Dict ops against TorchScript's own results (tools/opgoldens/dict_ops.py), including the state
// mutating ops leave their arguments in ("args_after", which run_op_goldens checks; the list_ops
// cases are checked the same way by list_ops_test), plus aliasing and KeyError behaviour.
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using ir::Type;
using ir::TypeKind;

TEST(DictOps, MatchTorchScriptGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("dict_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 90);
}

DictPtr str_int_dict() {
  auto d = std::make_shared<DictObj>();
  d->key_type = Type::get(TypeKind::Str);
  d->value_type = Type::get(TypeKind::Int);
  d->insert_or_assign(Value("a"), Value(1));
  return d;
}

TEST(DictOps, MutationIsVisibleThroughEveryAlias) {
  DictPtr d = str_int_dict();
  Value alias(d);
  kernels::call_op("aten::_set_item.str", {alias, Value("b"), Value(2)});
  EXPECT_EQ(d->entries.size(), 2u);
  DictPtr copy = kernels::call_op("aten::copy.Dict_str", {alias})[0].to_dict();
  kernels::call_op("aten::clear.str", {Value(copy)});
  EXPECT_EQ(d->entries.size(), 2u);
}

TEST(DictOps, MissingKeyIsAKeyError) {
  Value d(str_int_dict());
  for (const char* op : {"aten::__getitem__.Dict_str", "aten::pop.Dict_str"}) {
    try {
      kernels::call_op(op, {d, Value("zz")});
      ADD_FAILURE() << op << " did not throw";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("KeyError"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("zz"), std::string::npos) << e.what();
    }
  }
  kernels::call_op("aten::clear.str", {d});
  EXPECT_THROW(kernels::call_op("aten::popitem.str", {d}), Error);
}

TEST(DictOps, TensorKeysCompareByIdentity) {
  auto d = std::make_shared<DictObj>();
  d->key_type = Type::get(TypeKind::Tensor);
  d->value_type = Type::get(TypeKind::Int);
  Tensor key = Tensor::zeros({2}, DType::Float32);
  Tensor equal_values = Tensor::zeros({2}, DType::Float32);
  kernels::call_op("aten::_set_item.Tensor", {Value(d), Value(key), Value(7)});
  EXPECT_EQ(kernels::call_op("aten::__getitem__.Dict_Tensor", {Value(d), Value(key)})[0].to_int(), 7);
  EXPECT_FALSE(kernels::call_op("aten::__contains__.Tensor", {Value(d), Value(equal_values)})[0].to_bool());
}

}  // namespace
}  // namespace tsrt
