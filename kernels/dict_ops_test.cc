// Dict ops against TorchScript's own results (tools/opgoldens/dict_ops.py), and the state that
// mutating list and dict ops leave their arguments in ("args_after" in the list_ops and dict_ops
// cases). The shared runner (tests/op_golden) reads neither dicts nor args_after, hence this
// small runner of its own.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using ir::Type;
using ir::TypeKind;

ir::TypePtr kind_of(const Value& v) {
  if (v.is_tensor()) return Type::get(TypeKind::Tensor);
  if (v.is_bool()) return Type::get(TypeKind::Bool);
  if (v.is_int()) return Type::get(TypeKind::Int);
  if (v.is_double()) return Type::get(TypeKind::Float);
  if (v.is_string()) return Type::get(TypeKind::Str);
  return Type::get(TypeKind::Any);
}

Value decode(const nlohmann::json& j, const std::string& folder) {
  if (j.contains("tensor")) return npy::read(folder + "/" + j["tensor"].get<std::string>());
  if (j.contains("none")) return Value();
  if (j.contains("bool")) return Value(j["bool"].get<bool>());
  if (j.contains("int")) return Value(j["int"].get<int64_t>());
  if (j.contains("float")) return Value(j["float"].get<double>());
  if (j.contains("str")) return Value(j["str"].get<std::string>());
  if (j.contains("dict")) {
    auto d = std::make_shared<DictObj>();
    for (const auto& kv : j["dict"]) d->entries.emplace_back(decode(kv[0], folder), decode(kv[1], folder));
    d->key_type = d->entries.empty() ? Type::get(TypeKind::Str) : kind_of(d->entries[0].first);
    d->value_type = d->entries.empty() ? Type::get(TypeKind::Tensor) : kind_of(d->entries[0].second);
    return Value(d);
  }
  bool is_list = j.contains("list");
  std::vector<Value> items;
  for (const auto& e : j[is_list ? "list" : "tuple"]) items.push_back(decode(e, folder));
  if (!is_list) return Value(make_tuple(std::move(items)));
  ir::TypePtr elem = items.empty() ? Type::get(TypeKind::Any) : kind_of(items[0]);
  return Value(make_list(elem, std::move(items)));
}

// "" when equal; dicts entry by entry in order, sequences item by item, the rest as op_golden.
std::string compare(const Value& actual, const Value& expected, double rtol, double atol) {
  if (expected.is_dict()) {
    if (!actual.is_dict()) return std::string("expected a dict, got ") + actual.tag_name();
    const auto& xs = actual.to_dict()->entries;
    const auto& ys = expected.to_dict()->entries;
    if (xs.size() != ys.size()) return "dict size " + std::to_string(xs.size()) + " != " + std::to_string(ys.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      std::string d = compare(xs[i].first, ys[i].first, rtol, atol);
      if (d.empty()) d = compare(xs[i].second, ys[i].second, rtol, atol);
      if (!d.empty()) return "entry " + std::to_string(i) + ": " + d;
    }
    return "";
  }
  if ((expected.is_list() || expected.is_tuple()) && (actual.is_list() || actual.is_tuple())) {
    const auto& xs = actual.is_list() ? actual.to_list()->items : actual.to_tuple()->items;
    const auto& ys = expected.is_list() ? expected.to_list()->items : expected.to_tuple()->items;
    if (xs.size() != ys.size()) return "length " + std::to_string(xs.size()) + " != " + std::to_string(ys.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      std::string d = compare(xs[i], ys[i], rtol, atol);
      if (!d.empty()) return "item " + std::to_string(i) + ": " + d;
    }
    return "";
  }
  return testing::compare_values(actual, expected, rtol, atol);
}

// Runs every case of `family` and checks its outputs and, where recorded, its arguments after.
testing::GoldenResult run_container_goldens(const std::string& family) {
  std::string folder = testing::testdata_dir() + "/ops/" + family;
  std::ifstream in(folder + "/cases.json");
  check(in.good(), "no golden cases at " + folder + "/cases.json");
  nlohmann::json cases = nlohmann::json::parse(in);
  testing::GoldenResult result;
  for (const auto& c : cases) {
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
        std::string d = compare(outputs[i], decode(expected[i], folder), rtol, atol);
        if (!d.empty()) result.failures.push_back(label + " output " + std::to_string(i) + ": " + d);
      }
      if (!c.contains("args_after")) continue;
      for (size_t i = 0; i < kept.size(); ++i) {
        std::string d = compare(kept[i], decode(c["args_after"][i], folder), rtol, atol);
        if (!d.empty()) result.failures.push_back(label + " argument " + std::to_string(i) + " after: " + d);
      }
    } catch (const std::exception& e) {
      result.failures.push_back(label + ": " + e.what());
    }
  }
  return result;
}

TEST(DictOps, MatchTorchScriptGoldens) {
  testing::GoldenResult result = run_container_goldens("dict_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 90);
}

TEST(DictOps, ListMutationsLeaveTorchScriptsState) {
  testing::GoldenResult result = run_container_goldens("list_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 150);
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
