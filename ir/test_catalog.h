// A few schemas for ir/ tests, which read IR text without the kernel registry (ir/ is below
// kernels/).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/op_info.h"
#include "ir/schema.h"

namespace tsrt::ir::testing {

class TestCatalog : public OpCatalog {
 public:
  // Each schema becomes an op without a shape rule; info() finds it by qualified name.
  explicit TestCatalog(const std::vector<std::string>& schemas) {
    for (const std::string& text : schemas) {
      auto info = std::make_unique<OpInfo>();
      info->schema = parse_schema(text);
      by_name_[info->schema.name].push_back(&info->schema);
      by_qualified_[info->schema.qualified()] = std::move(info);
    }
  }
  std::vector<const FunctionSchema*> overloads(const std::string& name) const override {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? std::vector<const FunctionSchema*>{} : it->second;
  }
  const OpInfo* info(const std::string& qualified_name) const override {
    auto it = by_qualified_.find(qualified_name);
    return it == by_qualified_.end() ? nullptr : it->second.get();
  }

 private:
  std::map<std::string, std::unique_ptr<OpInfo>> by_qualified_;
  std::map<std::string, std::vector<const FunctionSchema*>> by_name_;
};

}  // namespace tsrt::ir::testing
