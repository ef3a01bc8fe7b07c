#include "ir/torch_catalog.h"

#include "runtime/error.h"

namespace tsrt::ir {

TorchCatalog::TorchCatalog() {
  line_count_ = kTorchSchemaLineCount;
  schemas_.reserve(line_count_);
  for (size_t i = 0; i < line_count_; ++i) {
    try {
      schemas_.push_back(parse_schema(kTorchSchemaLines[i]));
    } catch (const Error& e) {
      unparsed_.push_back(e.what());
    }
  }
  for (const FunctionSchema& s : schemas_) {
    by_name_[s.name].push_back(&s);
    by_qualified_.emplace(s.qualified(), &s);
  }
}

const TorchCatalog& TorchCatalog::get() {
  static const TorchCatalog* catalog = new TorchCatalog();  // never destroyed: nodes point into it
  return *catalog;
}

std::vector<const FunctionSchema*> TorchCatalog::overloads(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? std::vector<const FunctionSchema*>{} : it->second;
}

const FunctionSchema* TorchCatalog::find(const std::string& qualified) const {
  auto it = by_qualified_.find(qualified);
  return it == by_qualified_.end() ? nullptr : it->second;
}

}  // namespace tsrt::ir
