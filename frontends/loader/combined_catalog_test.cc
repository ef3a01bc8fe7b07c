#include "frontends/loader/combined_catalog.h"

#include <gtest/gtest.h>

#include <map>

#include "ir/torch_catalog.h"

namespace tsrt::frontends {
namespace {

// A stand-in for the kernel registry: a few schemas, one of them tsrt's own.
class FakeRegistry : public ir::OpCatalog {
 public:
  FakeRegistry() {
    for (const char* text : {"aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
                             "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
                             "aten::add.tsrt_only(Tensor self, int other) -> Tensor",
                             "tsrt::mine(Tensor x) -> Tensor"}) {
      schemas_.push_back(ir::parse_schema(text));
    }
  }
  std::vector<const ir::FunctionSchema*> overloads(const std::string& name) const override {
    std::vector<const ir::FunctionSchema*> out;
    for (const ir::FunctionSchema& s : schemas_) {
      if (s.name == name) out.push_back(&s);
    }
    return out;
  }

 private:
  std::vector<ir::FunctionSchema> schemas_;
};

TEST(CombinedCatalog, TorchsOrderWithTsrtsSchemaObjectsThenTsrtOnlyOverloads) {
  FakeRegistry fake;
  CombinedCatalog catalog(fake);
  std::vector<const ir::FunctionSchema*> torch = ir::TorchCatalog::get().overloads("aten::add");
  std::vector<const ir::FunctionSchema*> mine = fake.overloads("aten::add");
  std::vector<const ir::FunctionSchema*> combined = catalog.overloads("aten::add");
  ASSERT_EQ(combined.size(), torch.size() + 1);
  for (size_t i = 0; i < torch.size(); ++i) {
    EXPECT_EQ(combined[i]->qualified(), torch[i]->qualified()) << i;
    // Registered overloads are represented by the registry's own schema (the kernel's).
    if (torch[i]->overload == "Tensor") {
      EXPECT_EQ(combined[i], mine[1]);
    } else if (torch[i]->overload == "Scalar") {
      EXPECT_EQ(combined[i], mine[0]);
    } else {
      EXPECT_EQ(combined[i], torch[i]) << torch[i]->qualified();
    }
  }
  EXPECT_EQ(combined.back(), mine[2]);
  EXPECT_EQ(catalog.overloads("tsrt::mine"), fake.overloads("tsrt::mine"));
  EXPECT_EQ(catalog.overloads("aten::histc"), ir::TorchCatalog::get().overloads("aten::histc"));  // no kernel
  EXPECT_TRUE(catalog.overloads("aten::no_such_op").empty());
}

}  // namespace
}  // namespace tsrt::frontends
