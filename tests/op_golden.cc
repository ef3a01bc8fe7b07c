#include "tests/op_golden.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "kernels/registry.h"

namespace tsrt::testing {

std::string testdata_dir() {
  const char* dir = std::getenv("TSRT_TESTDATA");
  check(dir != nullptr && *dir != '\0',
        "TSRT_TESTDATA is not set: run the tests through tools/test.sh, which generates the data");
  return dir;
}

namespace {

Value decode(const nlohmann::json& j, const std::string& folder) {
  if (j.contains("tensor")) return npy::read(folder + "/" + j["tensor"].get<std::string>());
  if (j.contains("none")) return Value();
  if (j.contains("bool")) return Value(j["bool"].get<bool>());
  if (j.contains("int")) return Value(j["int"].get<int64_t>());
  if (j.contains("float")) {
    if (j["float"].is_string()) return Value(std::stod(j["float"].get<std::string>()));  // "inf", "-inf", "nan"
    return Value(j["float"].get<double>());
  }
  if (j.contains("str")) return Value(j["str"].get<std::string>());
  if (j.contains("list") || j.contains("tuple")) {
    bool is_list = j.contains("list");
    std::vector<Value> items;
    for (const auto& e : j[is_list ? "list" : "tuple"]) items.push_back(decode(e, folder));
    if (!is_list) return Value(make_tuple(std::move(items)));
    ir::TypePtr elem = ir::Type::get(ir::TypeKind::Any);
    if (!items.empty()) {
      if (items[0].is_tensor()) elem = ir::Type::get(ir::TypeKind::Tensor);
      if (items[0].is_int()) elem = ir::Type::get(ir::TypeKind::Int);
      if (items[0].is_double()) elem = ir::Type::get(ir::TypeKind::Float);
      if (items[0].is_bool()) elem = ir::Type::get(ir::TypeKind::Bool);
    }
    return Value(make_list(elem, std::move(items)));
  }
  throw Error("unknown golden value " + j.dump());
}

std::string compare_tensors(const Tensor& a, const Tensor& e, double rtol, double atol) {
  if (a.dtype() != e.dtype()) {
    return std::string("dtype ") + dtype_name(a.dtype()) + " != expected " + dtype_name(e.dtype());
  }
  if (a.sizes() != e.sizes()) return "shape " + a.shape_string() + " != expected " + e.shape_string();
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

GoldenResult run_op_goldens(const std::string& family) {
  std::string folder = testdata_dir() + "/ops/" + family;
  std::ifstream in(folder + "/cases.json");
  check(in.good(), "no golden cases at " + folder + "/cases.json");
  nlohmann::json cases = nlohmann::json::parse(in);
  GoldenResult result;
  for (const auto& c : cases) {
    ++result.cases;
    std::string name = c["name"].get<std::string>();
    std::string op = c["op"].get<std::string>();
    try {
      std::vector<Value> args;
      for (const auto& a : c["args"]) args.push_back(decode(a, folder));
      std::vector<Value> outputs = kernels::call_op(op, std::move(args));
      const auto& expected = c["outputs"];
      if (outputs.size() != expected.size()) {
        result.failures.push_back(name + " (" + op + "): " + std::to_string(outputs.size()) +
                                  " outputs, expected " + std::to_string(expected.size()));
        continue;
      }
      for (size_t i = 0; i < outputs.size(); ++i) {
        std::string diff = compare_values(outputs[i], decode(expected[i], folder),
                                          c["rtol"].get<double>(), c["atol"].get<double>());
        if (!diff.empty()) result.failures.push_back(name + " (" + op + ") output " + std::to_string(i) + ": " + diff);
      }
    } catch (const std::exception& e) {
      result.failures.push_back(name + " (" + op + "): " + e.what());
    }
  }
  return result;
}

}  // namespace tsrt::testing
