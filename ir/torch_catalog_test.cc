#include "ir/torch_catalog.h"

#include <gtest/gtest.h>

namespace tsrt::ir {
namespace {

TEST(TorchCatalog, ParsesNearlyEveryLine) {
  const TorchCatalog& c = TorchCatalog::get();
  EXPECT_GT(c.line_count(), 4000u);
  EXPECT_TRUE(c.unparsed().empty()) << c.unparsed().size() << " unparsed, first: "
                                    << (c.unparsed().empty() ? "" : c.unparsed()[0]);
  EXPECT_EQ(c.parsed_count() + c.unparsed().size(), c.line_count());
}

TEST(TorchCatalog, KnownSchemasResolve) {
  const TorchCatalog& c = TorchCatalog::get();
  const FunctionSchema* add = c.find("aten::add.Tensor");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->text, "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor");
  ASSERT_EQ(add->arguments.size(), 3u);
  EXPECT_TRUE(add->arguments[2].kwarg_only);
  for (const char* q : {"aten::bernoulli_.float", "aten::upsample_nearest1d.vec", "aten::rand",
                        "prim::NumToTensor.Scalar", "torchvision::nms", "prepacked::linear_clamp_run",
                        "quantized::linear", "aten::sort.Tensor", "aten::cat.out", "aten::uniform_",
                        "aten::sum.dim_DimnameList"}) {
    EXPECT_NE(c.find(q), nullptr) << q;
  }
  EXPECT_EQ(c.find("aten::no_such_op"), nullptr);
  EXPECT_TRUE(c.overloads("aten::no_such_op").empty());
}

TEST(TorchCatalog, OverloadsKeepTorchsOrder) {
  // torch registers aten::add.Tensor before aten::add.Scalar, and the TorchScript builtins
  // (add.int, add.float, ...) after the native functions.
  std::vector<const FunctionSchema*> adds = TorchCatalog::get().overloads("aten::add");
  ASSERT_GT(adds.size(), 4u);
  EXPECT_EQ(adds[0]->qualified(), "aten::add.Tensor");
  size_t tensor = 0, int_int = 0;
  for (size_t i = 0; i < adds.size(); ++i) {
    if (adds[i]->overload == "Tensor") tensor = i;
    if (adds[i]->overload == "int") int_int = i;
  }
  EXPECT_LT(tensor, int_int);
}

TEST(TorchCatalog, OpaqueTypesMatchNothingTsrtProduces) {
  // Storages, enums, futures: a class type no tsrt value has, so these overloads are never picked.
  for (const char* q : {"aten::set_.source_Storage", "aten::eq.enum", "aten::wait"}) {
    const FunctionSchema* s = TorchCatalog::get().find(q);
    ASSERT_NE(s, nullptr) << q;
    EXPECT_EQ(s->arguments.back().type->kind, TypeKind::Class) << q;
  }
}

}  // namespace
}  // namespace tsrt::ir
