// kernels/out_variants.cc against PyTorch goldens (tools/opgoldens/out_variants.py); ops that write an argument
// (out=) are checked on what they wrote too (args_after).
#include <gtest/gtest.h>

#include "kernels/registry.h"
#include "runtime/error.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(out_variantsKernels, MatchTorchGoldens) { testing::expect_goldens_match("out_variants", 23); }

// tsrt cannot resize the caller's tensor: an out of another shape is an error naming the op,
// never a stale out; a float result is not cast into an integer out (torch's canCast).
TEST(out_variantsKernels, WrongShapeOrUncastableOutIsAnError) {
  Tensor a = Tensor::zeros({2, 3}, DType::Float32);
  auto cat = [&](Tensor out) {
    return kernels::call_op("aten::cat.out", {Value(make_list(ir::Type::get(ir::TypeKind::Tensor), {Value(a), Value(a)})),
                                              Value(int64_t{0}), Value(out)});
  };
  try {
    cat(Tensor::empty({0}, DType::Float32));
    ADD_FAILURE() << "no error for an out of the wrong shape";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("aten::cat.out: out has shape [0] but the result has [4, 3]"),
              std::string::npos) << e.what();
  }
  try {
    cat(Tensor::empty({4, 3}, DType::Int64));
    ADD_FAILURE() << "no error for a float result into an int64 out";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("can't be cast to the desired output type int64"), std::string::npos)
        << e.what();
  }
}

// Adapters exist for out= schemas with a functional twin of the same arguments, and not for
// out= schemas whose arguments differ otherwise.
TEST(out_variantsKernels, RegistersOnlyOutSchemasWithAFunctionalTwin) {
  const auto& registry = kernels::Registry::global();
  for (const char* op : {"aten::cat.out", "aten::sum.IntList_out", "aten::sort.values", "aten::max.dim_max",
                         "aten::add.out", "aten::mean.out"}) {
    EXPECT_NE(registry.find(op), nullptr) << op;
  }
  // Factory ops: the functional form adds only the tensor options.
  EXPECT_NE(registry.find("aten::full.out"), nullptr);
  // aten::full.names_out's `names` has no functional twin apart from full.names, which tsrt
  // has no kernel for; the adapter is registered and refuses when it runs.
  // Out schemas with list outputs have no adapter.
  EXPECT_EQ(registry.find("aten::split_copy.Tensor_out"), nullptr);
}

}  // namespace
}  // namespace tsrt
