// View kernels against PyTorch goldens, plus what goldens cannot see: views share storage,
// view() refuses incompatible strides, and every data-moving kernel of the view, shape,
// creation, conversion and indexing families gives the same answers on strided inputs.
#include <gtest/gtest.h>

#include <set>

#include "kernels/registry.h"
#include "tests/golden_expectations.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using kernels::call_op;

Tensor arange_float(const Shape& shape) {
  Tensor t = Tensor::empty(shape, DType::Float32);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i);
  return t;
}

Value ints(const std::vector<int64_t>& values) { return testing::int_list(values); }

TEST(ViewKernels, MatchTorchGoldens) { testing::expect_goldens_match("view", 124); }

TEST(ViewKernels, ViewsShareStorage) {
  Tensor x = arange_float({2, 3, 4});
  auto same_storage = [&](const std::string& op, std::vector<Value> args) {
    std::vector<Value> out = call_op(op, std::move(args));
    ASSERT_EQ(out.size(), 1u) << op;
    if (out[0].is_list()) {
      for (const Value& piece : out[0].to_list()->items) {
        EXPECT_EQ(piece.to_tensor().storage(), x.storage()) << op;
      }
    } else {
      EXPECT_EQ(out[0].to_tensor().storage(), x.storage()) << op;
    }
  };
  same_storage("aten::view", {x, ints({6, 4})});
  same_storage("aten::reshape", {x, ints({-1})});
  same_storage("aten::flatten.using_ints", {x, int64_t{0}, int64_t{-1}});
  same_storage("aten::permute", {x, ints({2, 0, 1})});
  same_storage("aten::transpose.int", {x, int64_t{0}, int64_t{1}});
  same_storage("aten::slice.Tensor", {x, int64_t{2}, int64_t{1}, Value(), int64_t{2}});
  same_storage("aten::select.int", {x, int64_t{1}, int64_t{-1}});
  same_storage("aten::narrow", {x, int64_t{0}, int64_t{1}, int64_t{1}});
  same_storage("aten::unsqueeze", {x, int64_t{1}});
  same_storage("aten::squeeze", {x});
  same_storage("aten::expand", {x, ints({5, 2, 3, 4}), false});
  same_storage("aten::contiguous", {x, int64_t{0}});
  same_storage("aten::detach", {x});
  same_storage("aten::unbind.int", {x, int64_t{1}});
  same_storage("aten::split.Tensor", {x, int64_t{3}, int64_t{2}});
  same_storage("aten::chunk", {x, int64_t{2}, int64_t{0}});
  same_storage("aten::to.dtype", {x, int64_t{6}, false, false, Value()});
  same_storage("aten::diagonal", {x, int64_t{1}, int64_t{1}, int64_t{2}});
  same_storage("aten::unfold", {x, int64_t{2}, int64_t{2}, int64_t{1}});
  same_storage("aten::as_strided", {x, ints({2, 2}), ints({1, 2}), int64_t{3}});
  same_storage("aten::broadcast_tensors", {Value(make_list(ir::Type::get(ir::TypeKind::Tensor), {x, x}))});
}

TEST(ViewKernels, ContiguousCopiesAnyDtypeBitExactly) {
  // float16 has no arithmetic in tsrt, but moving its bits must still work.
  Tensor half = Tensor::empty({2, 3}, DType::Float16);
  for (int64_t i = 0; i < 6; ++i) half.data<uint16_t>()[i] = static_cast<uint16_t>(0x3c00 + i);
  Tensor transposed = call_op("aten::t", {half})[0].to_tensor();
  Tensor dense = call_op("aten::contiguous", {transposed, int64_t{0}})[0].to_tensor();
  ASSERT_TRUE(dense.is_contiguous());
  for (int64_t r = 0; r < 3; ++r) {
    for (int64_t c = 0; c < 2; ++c) EXPECT_EQ(dense.data<uint16_t>()[r * 2 + c], 0x3c00 + c * 3 + r);
  }
  Tensor flat = call_op("aten::reshape", {transposed, ints({6})})[0].to_tensor();
  EXPECT_EQ(flat.data<uint16_t>()[1], 0x3c00 + 3);
}

TEST(ViewKernels, LayoutIsStrided) {
  // torch.strided is layout 0; goldens cannot encode torch.layout objects.
  EXPECT_EQ(call_op("prim::layout", {arange_float({2})})[0].to_int(), 0);
}

TEST(ViewKernels, WritesThroughAViewReachTheBase) {
  Tensor x = arange_float({3, 4});
  Tensor column = call_op("aten::select.int", {x, int64_t{1}, int64_t{2}})[0].to_tensor();
  call_op("aten::copy_", {column, Tensor::scalar_double(-1.0), false});
  for (int64_t row = 0; row < 3; ++row) EXPECT_EQ(x.data<float>()[row * 4 + 2], -1.0f);
  EXPECT_EQ(x.data<float>()[3], 3.0f);
}

TEST(ViewKernels, ViewRejectsIncompatibleStridesButReshapeCopies) {
  Tensor x = arange_float({3, 4});
  Tensor xt = call_op("aten::t", {x})[0].to_tensor();
  try {
    call_op("aten::view", {xt, ints({12})});
    FAIL() << "view of a transposed tensor as 1-d must fail";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Use .reshape(...) instead"), std::string::npos) << e.what();
  }
  Tensor flat = call_op("aten::reshape", {xt, ints({12})})[0].to_tensor();
  EXPECT_NE(flat.storage(), x.storage());
  // Column-major order of the original: 0, 4, 8, 1, ...
  EXPECT_EQ(flat.data<float>()[1], 4.0f);
  // Splitting the transposed leading dim is still a view.
  Tensor split = call_op("aten::view", {xt, ints({2, 2, 3})})[0].to_tensor();
  EXPECT_EQ(split.storage(), x.storage());
  EXPECT_EQ(split.strides(), (Shape{2, 1, 4}));
}

TEST(ViewKernels, BadArgumentsRaiseErrors) {
  Tensor x = arange_float({2, 3});
  EXPECT_THROW(call_op("aten::view", {x, ints({4, -1})}), Error);
  EXPECT_THROW(call_op("aten::permute", {x, ints({0, 0})}), Error);
  EXPECT_THROW(call_op("aten::select.int", {x, int64_t{0}, int64_t{2}}), Error);
  EXPECT_THROW(call_op("aten::transpose.int", {x, int64_t{0}, int64_t{2}}), Error);
  EXPECT_THROW(call_op("aten::expand", {x, ints({-1, 2, 3}), false}), Error);
  EXPECT_THROW(call_op("aten::narrow", {x, int64_t{1}, int64_t{2}, int64_t{2}}), Error);
  EXPECT_THROW(call_op("aten::slice.Tensor", {x, int64_t{0}, Value(), Value(), int64_t{0}}), Error);
  // as_strided must never reach past the end of the storage.
  EXPECT_THROW(call_op("aten::as_strided", {x, ints({2, 3}), ints({3, 1}), int64_t{1}}), Error);
}

// The same golden cases with every tensor argument (also inside lists) replaced by a
// non-contiguous tensor holding the same values.
Value with_strided_tensors(const Value& v) {
  if (v.is_tensor()) return testing::strided_copy(v.to_tensor(), testing::StridedStyle::kReversedOrStep);
  if (v.is_list()) {
    std::vector<Value> items;
    for (const Value& item : v.to_list()->items) items.push_back(with_strided_tensors(item));
    return Value(make_list(v.to_list()->elem_type, std::move(items)));
  }
  return v;
}

TEST(ViewKernels, GoldensHoldOnNonContiguousInputs) {
  // view() legitimately refuses these layouts, and strides are layout by definition.
  const std::set<std::string> layout_sensitive = {"aten::view",         "aten::view_as",    "aten::unflatten.int",
                                                  "aten::stride",       "aten::stride.int", "aten::as_strided",
                                                  "aten::is_contiguous"};
  auto make_strided = [&](const testing::GoldenCase& c, std::vector<Value>& args) {
    if (layout_sensitive.count(c.op)) return false;
    bool has_strided = false;
    for (Value& v : args) {
      v = with_strided_tensors(v);
      has_strided |= v.is_tensor() && !v.to_tensor().is_contiguous();
      has_strided |= v.is_list() && !v.to_list()->items.empty() && v.to_list()->items[0].is_tensor();
    }
    return has_strided;
  };
  int checked = 0;
  for (const char* family : {"view", "shape_ops", "creation", "conversion", "indexing"}) {
    testing::GoldenResult result = testing::run_transformed_goldens(family, "strided inputs", make_strided);
    for (const auto& failure : result.failures) ADD_FAILURE() << failure;
    checked += result.cases;
  }
  EXPECT_GE(checked, 150);
}

}  // namespace
}  // namespace tsrt
