// Custom-class objects in a pickle (GLOBAL __torch__.torch.classes.X, EMPTY_TUPLE, NEWOBJ,
// state, BUILD): the whitelisted XNNPACK op contexts are rebuilt from a checked state; a
// malformed state or an unknown class is a clear error naming the class and the field.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "frontends/pickle/unpickler.h"
#include "ir/custom_class.h"
#include "runtime/error.h"
#include "tests/expect_error.h"

namespace tsrt::pickle {
namespace {

// Pickle protocol 2 written by hand, with just the opcodes a custom-class constant needs.
class Bytes {
 public:
  Bytes() { s_ += "\x80\x02"; }
  Bytes& op(char code) { s_ += code; return *this; }
  Bytes& global(const std::string& module, const std::string& name) {
    s_ += 'c' + module + '\n' + name + '\n';
    return *this;
  }
  Bytes& str(const std::string& v) {
    s_ += 'X';
    le32(static_cast<uint32_t>(v.size()));
    s_ += v;
    return *this;
  }
  Bytes& integer(int32_t v) {
    s_ += 'J';
    le32(static_cast<uint32_t>(v));
    return *this;
  }
  Bytes& int_tuple(const std::vector<int32_t>& values) {
    op('(');
    for (int32_t v : values) integer(v);
    return op('t');
  }
  Bytes& int_list(const std::vector<int32_t>& values) {
    op(']').op('(');
    for (int32_t v : values) integer(v);
    return op('e');
  }
  // A contiguous tensor of `sizes` in a fresh storage `key` of torch.<storage>.
  Bytes& tensor(const std::string& storage, const std::string& key, const std::vector<int32_t>& sizes) {
    int32_t numel = 1;
    std::vector<int32_t> strides(sizes.size());
    for (size_t i = sizes.size(); i-- > 0;) {
      strides[i] = numel;
      numel *= sizes[i];
    }
    global("torch._utils", "_rebuild_tensor_v2");
    op('(').op('(').str("storage").global("torch", storage).str(key).str("cpu").integer(numel).op('t');
    op('Q').integer(0).int_tuple(sizes).int_tuple(strides).op('\x89');
    global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
    return *this;
  }
  // GLOBAL cls, EMPTY_TUPLE, NEWOBJ, MARK: the state tuple's fields follow, then end_object().
  Bytes& begin_object(const std::string& cls) {
    return global("__torch__.torch.classes.xnnpack", cls).op(')').op('\x81').op('(');
  }
  Bytes& end_object() { return op('t').op('b'); }
  std::string stop() { return s_ + '.'; }

 private:
  void le32(uint32_t v) {
    for (int i = 0; i < 4; ++i) s_ += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  std::string s_;
};

Hooks zero_storages() {
  return Hooks{[](const StorageRequest& r) {
    auto s = std::make_shared<Storage>(static_cast<size_t>(r.numel) * element_size(r.dtype));
    std::memset(s->data(), 0, s->nbytes());
    return s;
  }};
}

Value load(const std::string& bytes) { return unpickle(bytes, "constants.pkl", zero_storages()); }

using ::tsrt::testing::expect_error;

// (weight [out, in], bias, output_min, output_max) with `weight_storage`'s dtype.
Bytes linear_context(const std::string& weight_storage = "FloatStorage") {
  Bytes b;
  b.begin_object("LinearOpContext").tensor(weight_storage, "0", {5, 4}).tensor("FloatStorage", "1", {5});
  b.op('N').op('N');
  return b;
}

// (weight [8, 4 / groups, 3, 3], bias, stride, padding, dilation, groups, output_min, output_max)
Bytes conv_context(int32_t groups, const std::vector<int32_t>& stride = {1, 1}) {
  Bytes b;
  b.begin_object("Conv2dOpContext").tensor("FloatStorage", "0", {8, groups > 0 ? 4 / groups : 4, 3, 3}).op('N');
  b.int_list(stride).int_list({1, 1}).int_list({1, 1}).integer(groups).op('N').op('N');
  return b;
}

TEST(CustomClass, LinearOpContextKeepsItsStateAsItsOneAttribute) {
  Value v = load(linear_context().end_object().stop());
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.to_object()->type->name, "__torch__.torch.classes.xnnpack.LinearOpContext");
  const Value& state = ir::custom_class_state(v, "__torch__.torch.classes.xnnpack.LinearOpContext", "test");
  ASSERT_TRUE(state.is_tuple());
  ASSERT_EQ(state.to_tuple()->items.size(), 4u);
  EXPECT_EQ(state.to_tuple()->items[0].to_tensor().shape_string(), "[5, 4]");
}

TEST(CustomClass, Conv2dOpContextWithGroupsLoads) {
  Value v = load(conv_context(2).end_object().stop());
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.to_object()->type->name, "__torch__.torch.classes.xnnpack.Conv2dOpContext");
}

TEST(CustomClass, TruncatedStateIsRefused) {
  Bytes b;
  b.begin_object("LinearOpContext").tensor("FloatStorage", "0", {5, 4}).end_object();
  expect_error([&] { load(b.stop()); }, {"LinearOpContext", "4 fields, got 1"});
}

TEST(CustomClass, WrongWeightDtypeIsRefused) {
  expect_error([&] { load(linear_context("DoubleStorage").end_object().stop()); },
               {"LinearOpContext", "field weight", "float32", "float64"});
}

TEST(CustomClass, BiasOfTheWrongSizeIsRefused) {
  Bytes b;
  b.begin_object("LinearOpContext").tensor("FloatStorage", "0", {5, 4}).tensor("FloatStorage", "1", {4});
  b.op('N').op('N').end_object();
  expect_error([&] { load(b.stop()); }, {"LinearOpContext", "field bias", "5 elements"});
}

TEST(CustomClass, GroupsThatDoNotDivideTheChannelsAreRefused) {
  expect_error([&] { load(conv_context(3).end_object().stop()); }, {"Conv2dOpContext", "field groups", "3 groups"});
  expect_error([&] { load(conv_context(0).end_object().stop()); }, {"Conv2dOpContext", "field groups"});
}

TEST(CustomClass, StrideListOfTheWrongLengthIsRefused) {
  expect_error([&] { load(conv_context(1, {1, 1, 1}).end_object().stop()); },
               {"Conv2dOpContext", "field stride", "2 ints, got 3"});
  expect_error([&] { load(conv_context(1, {0, 1}).end_object().stop()); }, {"Conv2dOpContext", "field stride"});
}

TEST(CustomClass, AStateDictIsNotAState) {
  Bytes b;
  b.global("__torch__.torch.classes.xnnpack", "LinearOpContext").op(')').op('\x81').op('}').op('b');
  expect_error([&] { load(b.stop()); }, {"LinearOpContext", "state must be a tuple"});
}

TEST(CustomClass, UnknownCustomClassesStayRefused) {
  Bytes b;
  b.global("__torch__.torch.classes.quantized", "Conv2dPackedParamsBase").op(')').op('\x81');
  expect_error([&] { load(b.stop()); }, {"unsupported: custom class", "Conv2dPackedParamsBase"});
}

}  // namespace
}  // namespace tsrt::pickle
