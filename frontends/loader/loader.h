// Loads a `.pt` archive natively: zip -> constants.pkl and data.pkl object tree -> classes
// and methods from code/. No libtorch involved. The result is the module object tree with
// its class types; method bodies are emitted to IR on demand by the importer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontends/archive/archive.h"
#include "frontends/script/importer.h"
#include "ir/schema.h"
#include "runtime/value.h"

namespace tsrt::frontends {

struct LoadedArchive {
  std::shared_ptr<archive::Archive> archive;  // keeps the mapped weights alive
  std::unique_ptr<ir::OpCatalog> ops;         // what the importer resolves calls against
  std::unique_ptr<script::Importer> importer;
  ObjectPtr root;                             // the top-level module object
  int64_t file_version = 0;
};

// Calls resolve against torch's complete schema list (CombinedCatalog over `ops`, the ops tsrt has
// kernels for), so an op without a kernel loads and fails only if it runs.
// Throws tsrt::Error naming the file and the entry, class or line that is wrong.
LoadedArchive load_archive(const std::string& path, const ir::OpCatalog& ops);

}  // namespace tsrt::frontends
