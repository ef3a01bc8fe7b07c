// The catalog the frontend resolves calls against: torch's complete schema list (ir/torch_catalog.h)
// combined with the ops tsrt registered kernels for. Overloads come in torch's order, so that a
// call binds to the overload torch would bind it to, whether or not tsrt has its kernel; an overload
// tsrt registered is represented by tsrt's own schema object (same qualified name), so the node
// carries the schema its kernel was registered with. Overloads torch lacks (tsrt::, upgraders::)
// follow. Whether a kernel exists is the runtime's question, asked by qualified name when it plans.
#pragma once

#include <string>
#include <vector>

#include "ir/schema.h"

namespace tsrt::frontends {

class CombinedCatalog : public ir::OpCatalog {
 public:
  // `registered`: the kernel registry (or any catalog of ops tsrt implements); must outlive this.
  explicit CombinedCatalog(const ir::OpCatalog& registered) : registered_(registered) {}

  std::vector<const ir::FunctionSchema*> overloads(const std::string& name) const override;
  // What tsrt knows about its ops (traits, shape rules) is the registry's: forwarded.
  const ir::OpInfo* info(const std::string& qualified_name) const override { return registered_.info(qualified_name); }
  std::vector<const ir::OpInfo*> infos() const override { return registered_.infos(); }

  const ir::OpCatalog& registered() const { return registered_; }

 private:
  const ir::OpCatalog& registered_;
};

}  // namespace tsrt::frontends
