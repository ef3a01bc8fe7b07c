// Test helper: checks an op family's shape rules against its golden cases. Each case becomes a
// one-node graph (tensor arguments as inputs whose sizes and dtype are known, everything else
// as constants), the op's registered rule runs on it, and every dtype and size the rule claims
// must equal what stock torch returned. Header-only (//tests:shape_rule_golden), for
// kernels/<family>_test.cc.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/parser.h"
#include "ir/shape_rule.h"
#include "kernels/registry.h"
#include "tests/op_golden.h"

namespace tsrt::testing {

struct ShapeRuleResult {
  int cases = 0;         // cases whose rule ran
  int fully_known = 0;   // cases where the rule gave every output's dtype and all its sizes
  std::vector<std::string> failures;
};

namespace shape_rule_detail {

class GoldenFacts : public ir::ShapeContext {
 public:
  GoldenFacts(const ir::Node& n, std::map<std::string, ir::TensorFacts> facts)
      : ShapeContext(n), facts_(std::move(facts)) {}
  using ShapeContext::set;
  ir::TensorFacts tensor(const ir::Value* v) const override {
    auto it = facts_.find(v->debug_name());
    return it == facts_.end() ? ir::TensorFacts{} : it->second;
  }
  std::optional<int64_t> int_value(const ir::Value* v) const override {
    const tsrt::Value* c = constant(v);
    return c && c->is_int() ? std::optional<int64_t>(c->to_int()) : std::nullopt;
  }
  void set(size_t output, const ir::TensorFacts& facts) override { outputs[output] = facts; }
  void set_int(size_t, int64_t) override {}
  std::map<size_t, ir::TensorFacts> outputs;

 private:
  std::map<std::string, ir::TensorFacts> facts_;
};

inline std::string float_text(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  std::string s = buffer;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

// Appends IR lines defining `name` as the constant `v`; returns false for kinds it cannot write.
inline bool constant_lines(const std::string& name, const Value& v, std::string& ir) {
  if (v.is_none()) {
    ir += "  %" + name + " : NoneType = prim::Constant()\n";
  } else if (v.is_bool()) {
    ir += "  %" + name + " : bool = prim::Constant[value=" + std::string(v.to_bool() ? "1" : "0") + "]()\n";
  } else if (v.is_int()) {
    ir += "  %" + name + " : int = prim::Constant[value=" + std::to_string(v.to_int()) + "]()\n";
  } else if (v.is_double()) {
    ir += "  %" + name + " : float = prim::Constant[value=" + float_text(v.to_double()) + "]()\n";
  } else if (v.is_string()) {
    ir += "  %" + name + " : str = prim::Constant[value=\"" + v.to_string() + "\"]()\n";
  } else if (v.is_list()) {
    const auto& items = v.to_list()->items;
    std::string element = "int", inputs;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_double()) element = "float";
      const std::string item = name + "_" + std::to_string(i);
      if (!constant_lines(item, items[i], ir)) return false;
      inputs += (i ? ", %" : "%") + item;
    }
    ir += "  %" + name + " : " + element + "[] = prim::ListConstruct(" + inputs + ")\n";
  } else {
    return false;
  }
  return true;
}

}  // namespace shape_rule_detail

inline ShapeRuleResult check_shape_rules(const std::string& family) {
  using namespace shape_rule_detail;
  ShapeRuleResult result;
  for (const GoldenCase& c : load_cases(family)) {
    const kernels::OpEntry* entry = kernels::Registry::global().find(c.op);
    if (!entry) {
      result.failures.push_back(c.name + ": " + c.op + " is not registered");
      continue;
    }
    if (!entry->shape) {
      result.failures.push_back(c.name + ": " + c.op + " has no shape rule");
      continue;
    }
    std::string inputs, body, args;
    std::map<std::string, ir::TensorFacts> facts;
    bool writable = true;
    for (size_t i = 0; i < c.args.size(); ++i) {
      const std::string name = "a" + std::to_string(i);
      if (c.args[i].is_tensor()) {
        const Tensor& t = c.args[i].to_tensor();
        inputs += (inputs.empty() ? "%" : ", %") + name + " : Tensor";
        ir::Sizes sizes(t.sizes().begin(), t.sizes().end());
        facts[name] = ir::TensorFacts{static_cast<int>(t.dtype()), sizes, true};
      } else {
        writable = writable && constant_lines(name, c.args[i], body);
      }
      args += (i ? ", %" : "%") + name;
    }
    if (!writable) continue;
    const size_t dot = c.op.find('.');
    const std::string kind = c.op.substr(0, dot);
    const std::string overload = dot == std::string::npos ? "" : "[overload=\"" + c.op.substr(dot + 1) + "\"]";
    std::string outs, returns;
    for (size_t i = 0; i < c.outputs.size(); ++i) {
      outs += (i ? ", %o" : "%o") + std::to_string(i) + " : Tensor";
      returns += (i ? ", %o" : "%o") + std::to_string(i);
    }
    const std::string text = "graph(" + inputs + "):\n" + body + "  " + outs + " = " + kind + overload + "(" + args +
                             ")\n  return (" + returns + ")\n";
    std::shared_ptr<ir::Graph> graph;
    try {
      graph = ir::parse_graph(text, kernels::Registry::global());
    } catch (const Error& e) {
      result.failures.push_back(c.name + ": cannot build its graph: " + e.what() + "\n" + text);
      continue;
    }
    GoldenFacts context(*graph->block()->nodes().back(), facts);
    entry->shape(context);
    ++result.cases;
    bool all_known = true;
    for (size_t i = 0; i < c.outputs.size(); ++i) {
      const Tensor& expected = c.outputs[i].to_tensor();
      auto it = context.outputs.find(i);
      if (it == context.outputs.end()) {
        all_known = false;
        continue;
      }
      const ir::TensorFacts& got = it->second;
      if (got.dtype && *got.dtype != static_cast<int>(expected.dtype())) {
        result.failures.push_back(c.name + ": output " + std::to_string(i) + " dtype code " +
                                  std::to_string(*got.dtype) + ", torch gave " + dtype_name(expected.dtype()));
      }
      all_known = all_known && got.dtype && got.sizes;
      if (!got.sizes) continue;
      bool same = got.sizes->size() == static_cast<size_t>(expected.dim());
      for (size_t d = 0; same && d < got.sizes->size(); ++d) {
        const std::optional<int64_t> dim = (*got.sizes)[d];
        all_known = all_known && dim;
        same = !dim || *dim == expected.size(static_cast<int64_t>(d));
      }
      if (!same) {
        std::string claimed;
        for (const auto& dim : *got.sizes) {
          claimed += (claimed.empty() ? "" : ", ") + (dim ? std::to_string(*dim) : "*");
        }
        result.failures.push_back(c.name + ": output " + std::to_string(i) + " sizes [" + claimed + "], torch gave " +
                                  expected.shape_string());
      }
    }
    if (all_known) ++result.fully_known;
  }
  return result;
}

}  // namespace tsrt::testing
