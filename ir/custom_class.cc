#include "ir/custom_class.h"

#include <vector>

#include "runtime/error.h"

namespace tsrt::ir {

namespace {

// Reads one state tuple field by field; every error names the class and the field.
class StateReader {
 public:
  StateReader(const char* cls, const Value& state, const std::vector<const char*>& fields) : cls_(cls) {
    TSRT_CHECK(state.is_tuple(), where() + "state must be a tuple, got a " + state.tag_name());
    items_ = &state.to_tuple()->items;
    TSRT_CHECK(items_->size() == fields.size(), where() + "state must have " + std::to_string(fields.size()) +
                                                    " fields, got " + std::to_string(items_->size()));
    fields_ = fields;
  }

  const Value& field(size_t i) const { return (*items_)[i]; }
  std::string where(size_t i) const { return where() + "field " + fields_[i] + ": "; }

  // A float32 tensor of `rank` dims.
  const Tensor& weight(size_t i, int64_t rank) const {
    TSRT_CHECK(field(i).is_tensor(), where(i) + "expected a tensor, got a " + field(i).tag_name());
    const Tensor& t = field(i).to_tensor();
    TSRT_CHECK(t.dtype() == DType::Float32, where(i) + "expected float32, got " + dtype_name(t.dtype()));
    TSRT_CHECK(t.dim() == rank, where(i) + "expected " + std::to_string(rank) + " dims, got " + t.shape_string());
    return t;
  }

  // None, or a float32 vector of `size` elements.
  void bias(size_t i, int64_t size) const {
    if (field(i).is_none()) return;
    const Tensor& t = weight(i, 1);
    TSRT_CHECK(t.size(0) == size,
               where(i) + "expected " + std::to_string(size) + " elements, got " + t.shape_string());
  }

  // A list of two ints, each at least `min`.
  void pair(size_t i, int64_t min) const {
    const Value& v = field(i);
    TSRT_CHECK(v.is_list(), where(i) + "expected a list of 2 ints, got a " + v.tag_name());
    const auto& items = v.to_list()->items;
    TSRT_CHECK(items.size() == 2, where(i) + "expected 2 ints, got " + std::to_string(items.size()));
    for (const Value& item : items) {
      TSRT_CHECK(item.is_int(), where(i) + "expected ints, got a " + item.tag_name());
      TSRT_CHECK(item.to_int() >= min, where(i) + "values must be >= " + std::to_string(min) + ", got " +
                                           std::to_string(item.to_int()));
    }
  }

  // groups > 0 dividing `channels`.
  int64_t groups(size_t i, int64_t channels) const {
    TSRT_CHECK(field(i).is_int(), where(i) + "expected an int, got a " + field(i).tag_name());
    int64_t g = field(i).to_int();
    TSRT_CHECK(g > 0 && channels % g == 0,
               where(i) + std::to_string(g) + " groups do not divide " + std::to_string(channels) + " channels");
    return g;
  }

  // output_min / output_max: None or a number.
  void bound(size_t i) const {
    const Value& v = field(i);
    TSRT_CHECK(v.is_none() || v.is_int() || v.is_double(),
               where(i) + "expected None or a number, got a " + v.tag_name());
  }

 private:
  std::string where() const { return std::string("custom class ") + cls_ + ": "; }

  const char* cls_;
  const std::vector<Value>* items_ = nullptr;
  std::vector<const char*> fields_;
};

constexpr const char* kLinear = "__torch__.torch.classes.xnnpack.LinearOpContext";
constexpr const char* kConv2d = "__torch__.torch.classes.xnnpack.Conv2dOpContext";
constexpr const char* kTransposeConv2d = "__torch__.torch.classes.xnnpack.TransposeConv2dOpContext";

// torch's SerializationTypeLinearPrePack: (weight [out, in], bias?, output_min?, output_max?).
void validate_linear(const Value& state) {
  StateReader s(kLinear, state, {"weight", "bias", "output_min", "output_max"});
  const Tensor& w = s.weight(0, 2);
  s.bias(1, w.size(0));
  s.bound(2);
  s.bound(3);
}

// SerializationTypeConv2dPrePack: (weight [out, in / groups, kh, kw], bias?, stride, padding,
// dilation, groups, output_min?, output_max?).
void validate_conv2d(const Value& state) {
  StateReader s(kConv2d, state,
                {"weight", "bias", "stride", "padding", "dilation", "groups", "output_min", "output_max"});
  const Tensor& w = s.weight(0, 4);
  s.bias(1, w.size(0));
  s.pair(2, 1);
  s.pair(3, 0);
  s.pair(4, 1);
  s.groups(5, w.size(0));
  s.bound(6);
  s.bound(7);
}

// SerializationTypeTransposeConv2dPrePack: (weight [in, out / groups, kh, kw], bias?, stride,
// padding, output_padding, dilation, groups, output_min?, output_max?).
void validate_transpose_conv2d(const Value& state) {
  StateReader s(kTransposeConv2d, state,
                {"weight", "bias", "stride", "padding", "output_padding", "dilation", "groups", "output_min",
                 "output_max"});
  const Tensor& w = s.weight(0, 4);
  s.pair(2, 1);
  s.pair(3, 0);
  s.pair(4, 0);
  s.pair(5, 1);
  int64_t groups = s.groups(6, w.size(0));
  s.bias(1, w.size(1) * groups);
  s.bound(7);
  s.bound(8);
}

const CustomClass kKnownClasses[] = {
    {kLinear, validate_linear},
    {kConv2d, validate_conv2d},
    {kTransposeConv2d, validate_transpose_conv2d},
};

}  // namespace

const CustomClass* find_custom_class(const std::string& qualified) {
  for (const CustomClass& cls : kKnownClasses) {
    if (qualified == cls.name) return &cls;
  }
  return nullptr;
}

ClassTypePtr make_custom_class_type(const CustomClass& cls) {
  auto type = std::make_shared<ClassType>();
  type->name = cls.name;
  type->attributes.push_back({kCustomClassState, Type::get(TypeKind::Any)});
  return type;
}

const Value& custom_class_state(const Value& v, const std::string& qualified, const char* op) {
  std::string got = v.is_object() && v.to_object()->type ? v.to_object()->type->name : v.tag_name();
  TSRT_CHECK(got == qualified, std::string(op) + ": expected a " + qualified + ", got " + got);
  const Object& obj = *v.to_object();
  int index = obj.type->attribute_index(kCustomClassState);
  TSRT_CHECK(index >= 0 && static_cast<size_t>(index) < obj.slots.size(),
             std::string(op) + ": the " + qualified + " object holds no state");
  // Checked again here (a few comparisons): an object that was never BUILT holds None, and the
  // kernels index the state's fields directly.
  const Value& state = obj.slots[static_cast<size_t>(index)];
  const CustomClass* cls = find_custom_class(qualified);
  TSRT_CHECK(cls != nullptr, std::string(op) + ": " + qualified + " is not a known custom class");
  try {
    cls->validate(state);
  } catch (const Error& e) {
    throw Error(std::string(op) + ": " + e.what());
  }
  return state;
}

}  // namespace tsrt::ir
