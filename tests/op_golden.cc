#include "tests/op_golden.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "kernels/registry.h"

namespace tsrt::testing {

std::string testdata_dir() {
  const char* dir = std::getenv("TSRT_TESTDATA");
  TSRT_CHECK(dir != nullptr && *dir != '\0',
        "TSRT_TESTDATA is not set: run the tests through tools/test.sh, which generates the data");
  return dir;
}

namespace {

ir::TypePtr type_of_item(const Value& v) {
  if (v.is_tensor()) return ir::Type::get(ir::TypeKind::Tensor);
  if (v.is_bool()) return ir::Type::get(ir::TypeKind::Bool);
  if (v.is_int()) return ir::Type::get(ir::TypeKind::Int);
  if (v.is_double()) return ir::Type::get(ir::TypeKind::Float);
  if (v.is_string()) return ir::Type::get(ir::TypeKind::Str);
  return ir::Type::get(ir::TypeKind::Any);
}

Value decode(const nlohmann::json& j, const std::string& folder) {
  if (j.contains("tensor")) {
    Tensor t = npy::read(folder + "/" + j["tensor"].get<std::string>());
    // bfloat16 travels as float32 (numpy has no bfloat16); the values convert back exactly.
    if (j.value("dtype", "") == "bfloat16") return t.to(DType::BFloat16);
    return t;
  }
  if (j.contains("none")) return Value();
  if (j.contains("bool")) return Value(j["bool"].get<bool>());
  if (j.contains("int")) return Value(j["int"].get<int64_t>());
  if (j.contains("float")) {
    if (j["float"].is_string()) return Value(std::stod(j["float"].get<std::string>()));  // "inf", "-inf", "nan"
    return Value(j["float"].get<double>());
  }
  if (j.contains("str")) return Value(j["str"].get<std::string>());
  if (j.contains("dict")) {  // [[key, value], ...] in insertion order
    auto d = std::make_shared<DictObj>();
    for (const auto& kv : j["dict"]) d->entries.emplace_back(decode(kv[0], folder), decode(kv[1], folder));
    d->key_type = d->entries.empty() ? ir::Type::get(ir::TypeKind::Str) : type_of_item(d->entries[0].first);
    d->value_type = d->entries.empty() ? ir::Type::get(ir::TypeKind::Tensor) : type_of_item(d->entries[0].second);
    return Value(d);
  }
  if (j.contains("list") || j.contains("tuple")) {
    bool is_list = j.contains("list");
    std::vector<Value> items;
    for (const auto& e : j[is_list ? "list" : "tuple"]) items.push_back(decode(e, folder));
    if (!is_list) return Value(make_tuple(std::move(items)));
    ir::TypePtr elem = items.empty() ? ir::Type::get(ir::TypeKind::Any) : type_of_item(items[0]);
    return Value(make_list(elem, std::move(items)));
  }
  throw Error("unknown golden value " + j.dump());
}

nlohmann::json read_cases(const std::string& folder) {
  std::ifstream in(folder + "/cases.json");
  TSRT_CHECK(in.good(), "no golden cases at " + folder + "/cases.json");
  return nlohmann::json::parse(in);
}

constexpr double kFloat64ToleranceScale = 1e-5;  // 1e-4 / 1e-5 become 1e-9 / 1e-10

std::string compare_tensors(const Tensor& a, const Tensor& e, double rtol, double atol) {
  if (a.dtype() != e.dtype()) {
    return std::string("dtype ") + dtype_name(a.dtype()) + " != expected " + dtype_name(e.dtype());
  }
  if (a.sizes() != e.sizes()) return "shape " + a.shape_string() + " != expected " + e.shape_string();
  // Tolerances are written for float32; a float64 result is held to them scaled by float64's
  // finer rounding, so a kernel that computes a double op in float (~1e-7 relative) fails.
  if (e.dtype() == DType::Float64) {
    rtol *= kFloat64ToleranceScale;
    atol *= kFloat64ToleranceScale;
  }
  Tensor ac = a.contiguous().to(DType::Float64);
  Tensor ec = e.contiguous().to(DType::Float64);
  const double* x = ac.data<double>();
  const double* y = ec.data<double>();
  bool exact = !is_floating(e.dtype());
  for (int64_t i = 0; i < ac.numel(); ++i) {
    bool same_nan = std::isnan(x[i]) && std::isnan(y[i]);
    bool ok = exact ? x[i] == y[i]
                    : same_nan || x[i] == y[i] || std::fabs(x[i] - y[i]) <= atol + rtol * std::fabs(y[i]);
    if (!ok) {
      std::ostringstream os;
      os << "element " << i << ": " << x[i] << " != expected " << y[i];
      return os.str();
    }
  }
  return "";
}

}  // namespace

std::string compare_values(const Value& actual, const Value& expected, double rtol, double atol) {
  if (expected.is_dict()) {  // entry by entry, in insertion order
    if (!actual.is_dict()) return std::string("expected a dict, got ") + actual.tag_name();
    const auto& xs = actual.to_dict()->entries;
    const auto& ys = expected.to_dict()->entries;
    if (xs.size() != ys.size()) return "dict size " + std::to_string(xs.size()) + " != " + std::to_string(ys.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      std::string d = compare_values(xs[i].first, ys[i].first, rtol, atol);
      if (d.empty()) d = compare_values(xs[i].second, ys[i].second, rtol, atol);
      if (!d.empty()) return "entry " + std::to_string(i) + ": " + d;
    }
    return "";
  }
  if (expected.is_tensor()) {
    if (!actual.is_tensor()) return std::string("expected a Tensor, got ") + actual.tag_name();
    return compare_tensors(actual.to_tensor(), expected.to_tensor(), rtol, atol);
  }
  if (expected.is_list() || expected.is_tuple()) {
    if (!(actual.is_list() || actual.is_tuple())) return std::string("expected a sequence, got ") + actual.tag_name();
    const auto& xs = actual.is_list() ? actual.to_list()->items : actual.to_tuple()->items;
    const auto& ys = expected.is_list() ? expected.to_list()->items : expected.to_tuple()->items;
    if (xs.size() != ys.size()) return "length " + std::to_string(xs.size()) + " != " + std::to_string(ys.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      std::string d = compare_values(xs[i], ys[i], rtol, atol);
      if (!d.empty()) return "item " + std::to_string(i) + ": " + d;
    }
    return "";
  }
  if (expected.is_double()) {
    if (!actual.is_double()) return std::string("expected a float, got ") + actual.tag_name();
    double x = actual.to_double(), y = expected.to_double();
    if (x == y || (std::isnan(x) && std::isnan(y)) || std::fabs(x - y) <= atol + rtol * std::fabs(y)) return "";
    return actual.repr() + " != expected " + expected.repr();
  }
  if (actual.tag() != expected.tag()) {
    return std::string("expected ") + expected.tag_name() + ", got " + actual.tag_name();
  }
  return values_equal(actual, expected) ? "" : actual.repr() + " != expected " + expected.repr();
}

std::string compare_bits(const Value& actual, const Value& expected) {
  if (actual.tag() != expected.tag()) {
    return std::string("expected ") + expected.tag_name() + ", got " + actual.tag_name();
  }
  if (expected.is_tensor()) {
    const Tensor a = actual.to_tensor().contiguous(), e = expected.to_tensor().contiguous();
    if (a.dtype() != e.dtype()) return std::string("dtype ") + dtype_name(a.dtype()) + " != " + dtype_name(e.dtype());
    if (a.sizes() != e.sizes()) return "shape " + a.shape_string() + " != " + e.shape_string();
    const size_t bytes = static_cast<size_t>(a.numel()) * element_size(a.dtype());
    const char* x = static_cast<const char*>(a.raw_data());
    const char* y = static_cast<const char*>(e.raw_data());
    for (size_t i = 0; i < bytes; ++i) {
      if (x[i] != y[i]) return "byte " + std::to_string(i) + " of the tensor differs";
    }
    return "";
  }
  if (expected.is_double()) {
    const double x = actual.to_double(), y = expected.to_double();
    return std::memcmp(&x, &y, sizeof x) == 0 ? "" : actual.repr() + " != " + expected.repr() + " (bits)";
  }
  if (expected.is_list() || expected.is_tuple()) {
    const auto& xs = actual.is_list() ? actual.to_list()->items : actual.to_tuple()->items;
    const auto& ys = expected.is_list() ? expected.to_list()->items : expected.to_tuple()->items;
    if (xs.size() != ys.size()) return "length " + std::to_string(xs.size()) + " != " + std::to_string(ys.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      std::string d = compare_bits(xs[i], ys[i]);
      if (!d.empty()) return "item " + std::to_string(i) + ": " + d;
    }
    return "";
  }
  if (expected.is_dict()) {
    const auto& xs = actual.to_dict()->entries;
    const auto& ys = expected.to_dict()->entries;
    if (xs.size() != ys.size()) return "dict size " + std::to_string(xs.size()) + " != " + std::to_string(ys.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      std::string d = compare_bits(xs[i].first, ys[i].first);
      if (d.empty()) d = compare_bits(xs[i].second, ys[i].second);
      if (!d.empty()) return "entry " + std::to_string(i) + ": " + d;
    }
    return "";
  }
  return values_equal(actual, expected) ? "" : actual.repr() + " != " + expected.repr();
}

GoldenResult run_op_goldens(const std::string& family) {
  std::string folder = testdata_dir() + "/ops/" + family;
  GoldenResult result;
  for (const auto& c : read_cases(folder)) {
    ++result.cases;
    std::string label = c["name"].get<std::string>() + " (" + c["op"].get<std::string>() + ")";
    double rtol = c["rtol"].get<double>(), atol = c["atol"].get<double>();
    try {
      std::vector<Value> args;
      for (const auto& a : c["args"]) args.push_back(decode(a, folder));
      std::vector<Value> kept = args;  // the same containers: mutations show through them
      std::vector<Value> outputs = kernels::call_op(c["op"].get<std::string>(), std::move(args));
      const auto& expected = c["outputs"];
      if (outputs.size() != expected.size()) {
        result.failures.push_back(label + ": " + std::to_string(outputs.size()) + " outputs, expected " +
                                  std::to_string(expected.size()));
        continue;
      }
      for (size_t i = 0; i < outputs.size(); ++i) {
        std::string diff = compare_values(outputs[i], decode(expected[i], folder), rtol, atol);
        if (!diff.empty()) result.failures.push_back(label + " output " + std::to_string(i) + ": " + diff);
      }
      if (!c.contains("args_after")) continue;
      for (size_t i = 0; i < kept.size(); ++i) {
        std::string diff = compare_values(kept[i], decode(c["args_after"][i], folder), rtol, atol);
        if (!diff.empty()) result.failures.push_back(label + " argument " + std::to_string(i) + " after: " + diff);
      }
    } catch (const std::exception& e) {
      result.failures.push_back(label + ": " + e.what());
    }
  }
  return result;
}

std::vector<GoldenCase> load_cases(const std::string& family) {
  std::string folder = testdata_dir() + "/ops/" + family;
  std::vector<GoldenCase> cases;
  for (const auto& c : read_cases(folder)) {
    GoldenCase g;
    g.name = c["name"].get<std::string>();
    g.op = c["op"].get<std::string>();
    g.rtol = c["rtol"].get<double>();
    g.atol = c["atol"].get<double>();
    for (const auto& a : c["args"]) g.args.push_back(decode(a, folder));
    for (const auto& o : c["outputs"]) g.outputs.push_back(decode(o, folder));
    cases.push_back(std::move(g));
  }
  return cases;
}

Tensor golden_tensor(const std::string& family, const std::string& file) {
  return npy::read(testdata_dir() + "/ops/" + family + "/" + file);
}

Tensor strided_copy(const Tensor& t, StridedStyle style) {
  Tensor view;
  if (style == StridedStyle::kColumnMajor) {
    Shape strides(t.dim());
    int64_t step = 1;
    for (int64_t d = 0; d < t.dim(); ++d) {
      strides[d] = step;
      step *= t.size(d);
    }
    view = Tensor::empty({t.numel()}, t.dtype()).as_strided(t.sizes(), strides, 0);
  } else if (style == StridedStyle::kReversedSpaced) {
    Shape base_sizes(t.sizes().rbegin(), t.sizes().rend());
    base_sizes.push_back(2);
    Tensor base = Tensor::zeros(base_sizes, t.dtype());
    Shape strides(t.sizes().size());
    for (size_t d = 0; d < strides.size(); ++d) strides[d] = base.strides()[strides.size() - 1 - d];
    view = base.as_strided(t.sizes(), strides, 1);
  } else {
    if (t.dim() == 0 || t.numel() == 0) return t;
    if (t.dim() == 1) {
      view = Tensor::empty({2 * t.numel()}, t.dtype()).as_strided(t.sizes(), {2}, 0);
    } else {
      Tensor buffer = Tensor::empty(Shape(t.sizes().rbegin(), t.sizes().rend()), t.dtype());
      view = buffer.as_strided(t.sizes(), Shape(buffer.strides().rbegin(), buffer.strides().rend()), 0);
    }
  }
  view.copy_from(t);
  return view;
}

bool make_args_strided(std::vector<Value>& args, StridedStyle style) {
  bool changed = false;
  for (Value& a : args) {
    if (a.is_tensor() && a.to_tensor().dim() > 0 && a.to_tensor().numel() > 1) {
      a = strided_copy(a.to_tensor(), style);
      changed = true;
    }
  }
  return changed;
}

std::string run_case(const GoldenCase& c, const std::vector<Value>& args) {
  try {
    std::vector<Value> outputs = kernels::call_op(c.op, args);
    if (outputs.size() != c.outputs.size()) {
      return std::to_string(outputs.size()) + " outputs, expected " + std::to_string(c.outputs.size());
    }
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string diff = compare_values(outputs[i], c.outputs[i], c.rtol, c.atol);
      if (!diff.empty()) return "output " + std::to_string(i) + ": " + diff;
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

GoldenResult run_transformed_goldens(const std::string& family, const std::string& variant,
                                     const ArgsTransform& transform) {
  GoldenResult result;
  for (const GoldenCase& c : load_cases(family)) {
    std::vector<Value> args = c.args;
    if (!transform(c, args)) continue;
    ++result.cases;
    std::string diff = run_case(c, args);
    if (!diff.empty()) result.failures.push_back(family + "/" + c.name + " (" + c.op + ") on " + variant + ": " + diff);
  }
  return result;
}

Value int_list(const std::vector<int64_t>& values) {
  std::vector<Value> items(values.begin(), values.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Int), std::move(items)));
}

}  // namespace tsrt::testing
