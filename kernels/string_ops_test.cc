// str ops against TorchScript's own results (tools/opgoldens/string_ops.py), and aten::format
// through the vararg calling convention: inputs, then an int with the number of inputs.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

TEST(StringOps, MatchTorchScriptGoldens) {
  testing::GoldenResult result = testing::run_op_goldens("string_ops");
  for (const std::string& failure : result.failures) ADD_FAILURE() << failure;
  EXPECT_GE(result.cases, 400);
}

// format_cases.json holds only scalars, strings and flat lists/tuples of them.
Value decode_plain(const nlohmann::json& j) {
  if (j.contains("int")) return Value(j["int"].get<int64_t>());
  if (j.contains("float")) return Value(j["float"].get<double>());
  if (j.contains("bool")) return Value(j["bool"].get<bool>());
  if (j.contains("str")) return Value(j["str"].get<std::string>());
  bool is_list = j.contains("list");
  std::vector<Value> items;
  for (const auto& e : j[is_list ? "list" : "tuple"]) items.push_back(decode_plain(e));
  if (!is_list) return Value(make_tuple(std::move(items)));
  return Value(make_list(ir::Type::get(ir::TypeKind::Any), std::move(items)));
}

std::string run_format(std::vector<Value> inputs) {
  const kernels::OpEntry* entry = kernels::Registry::global().find("aten::format");
  TSRT_CHECK(entry != nullptr, "aten::format is not registered");
  kernels::Stack stack = {Value("sentinel below the inputs")};
  int64_t count = static_cast<int64_t>(inputs.size());
  for (Value& v : inputs) stack.push_back(std::move(v));
  stack.emplace_back(count);
  entry->kernel(stack);
  TSRT_CHECK(stack.size() == 2 && stack[0].to_string() == "sentinel below the inputs",
        "aten::format left the stack with " + std::to_string(stack.size()) + " values");
  return stack[1].to_string();
}

TEST(StringOps, FormatMatchesTorchScript) {
  std::ifstream in(testing::testdata_dir() + "/ops/string_ops/format_cases.json");
  ASSERT_TRUE(in.good());
  nlohmann::json cases = nlohmann::json::parse(in);
  int count = 0;
  for (const auto& c : cases) {
    std::vector<Value> inputs;
    for (const auto& a : c["args"]) inputs.push_back(decode_plain(a));
    EXPECT_EQ(run_format(std::move(inputs)), c["expected"].get<std::string>()) << c["name"];
    ++count;
  }
  EXPECT_GE(count, 10);
}

TEST(StringOps, Errors) {
  EXPECT_THROW(run_format({Value("{} {}"), Value(1)}), Error);  // too few arguments
  EXPECT_THROW(kernels::call_op("aten::__getitem__.str", {Value("ab"), Value(2)}), Error);
  EXPECT_THROW(kernels::call_op("aten::index.str", {Value("ab"), Value("z"), Value(0), Value(-1)}), Error);
  EXPECT_THROW(kernels::call_op("aten::split.str", {Value("ab"), Value(""), Value(-1)}), Error);
  EXPECT_THROW(kernels::call_op("aten::ord", {Value("ab")}), Error);
}

}  // namespace
}  // namespace tsrt
