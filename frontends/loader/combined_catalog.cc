#include "frontends/loader/combined_catalog.h"

#include <unordered_map>

#include "ir/torch_catalog.h"

namespace tsrt::frontends {

std::vector<const ir::FunctionSchema*> CombinedCatalog::overloads(const std::string& name) const {
  std::vector<const ir::FunctionSchema*> mine = registered_.overloads(name);
  std::vector<const ir::FunctionSchema*> torch = ir::TorchCatalog::get().overloads(name);
  if (torch.empty()) return mine;
  std::unordered_map<std::string, const ir::FunctionSchema*> mine_by_qualified;
  for (const ir::FunctionSchema* s : mine) mine_by_qualified.emplace(s->qualified(), s);
  std::vector<const ir::FunctionSchema*> out;
  out.reserve(torch.size() + mine.size());
  for (const ir::FunctionSchema* s : torch) {
    auto it = mine_by_qualified.find(s->qualified());
    if (it == mine_by_qualified.end()) {
      out.push_back(s);
    } else {
      out.push_back(it->second);
      mine_by_qualified.erase(it);
    }
  }
  for (const ir::FunctionSchema* s : mine) {
    if (mine_by_qualified.count(s->qualified())) out.push_back(s);  // tsrt-only, in registration order
  }
  return out;
}

}  // namespace tsrt::frontends
