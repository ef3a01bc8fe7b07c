#include "frontends/loader/loader.h"

#include <unordered_map>

#include "frontends/loader/combined_catalog.h"
#include "frontends/pickle/loader_storage.h"
#include "frontends/pickle/unpickler.h"

namespace tsrt::frontends {

namespace {

// The unpickler gives every object a stub class holding only the attributes it saw; this
// replaces stubs with the classes that code/ defines, keeping shared objects shared.
class Rebinder {
 public:
  explicit Rebinder(script::Importer& importer) : importer_(importer) {}

  Value rebind(const Value& v, int depth = 0) {
    TSRT_CHECK(depth < 1000, "data.pkl: objects nested deeper than 1000 levels");
    if (v.is_object()) return Value(rebind_object(v.to_object(), depth));
    if (v.is_list()) {
      for (Value& item : v.to_list()->items) item = rebind(item, depth + 1);
      return v;
    }
    if (v.is_dict()) {
      for (auto& [key, value] : v.to_dict()->entries) value = rebind(value, depth + 1);
      return v;
    }
    if (v.is_tuple()) {
      std::vector<Value> items;
      for (const Value& item : v.to_tuple()->items) items.push_back(rebind(item, depth + 1));
      return Value(make_tuple(std::move(items)));
    }
    return v;
  }

 private:
  ObjectPtr rebind_object(const ObjectPtr& stub, int depth) {
    auto seen = done_.find(stub.get());
    if (seen != done_.end()) return seen->second;
    ir::ClassTypePtr cls = importer_.get_class(stub->type->name);
    auto obj = std::make_shared<Object>();
    obj->type = cls;
    obj->slots.resize(cls->attributes.size());
    done_[stub.get()] = obj;
    for (size_t i = 0; i < stub->type->attributes.size(); ++i) {
      const std::string& name = stub->type->attributes[i].name;
      int index = cls->attribute_index(name);
      TSRT_CHECK(index >= 0, "data.pkl: attribute '" + name + "' of " + cls->name + " is not declared in its code/ class");
      obj->slots[static_cast<size_t>(index)] = i < stub->slots.size() ? rebind(stub->slots[i], depth + 1) : Value();
    }
    return obj;
  }

  script::Importer& importer_;
  std::unordered_map<const Object*, ObjectPtr> done_;
};

}  // namespace

LoadedArchive load_archive(const std::string& path, const ir::OpCatalog& ops) {
  LoadedArchive loaded;
  loaded.archive = archive::Archive::open(path);
  const archive::Archive& ar = *loaded.archive;
  loaded.file_version = ar.version();
  TSRT_CHECK(ar.has("data.pkl"), path + ": the archive has no data.pkl (not a TorchScript module?)");

  std::shared_ptr<const archive::Archive> shared_archive = loaded.archive;
  loaded.ops = std::make_unique<CombinedCatalog>(ops);
  loaded.importer = std::make_unique<script::Importer>(
      [shared_archive](const std::string& file) -> std::optional<std::string> {
        if (!shared_archive->has(file)) return std::nullopt;
        return shared_archive->read(file);
      },
      *loaded.ops, loaded.file_version);

  if (ar.has("constants.pkl")) {
    pickle::Hooks hooks{pickle::archive_storage_loader(shared_archive, "constants/")};
    Value constants = pickle::unpickle(ar.read("constants.pkl"), path + ":constants.pkl", hooks);
    TSRT_CHECK(constants.is_tuple(), path + ":constants.pkl: expected a tuple of constants");
    loaded.importer->set_constants(constants.to_tuple()->items);
  }

  pickle::Hooks hooks{pickle::archive_storage_loader(shared_archive, "data/")};
  Value root = pickle::unpickle(ar.read("data.pkl"), path + ":data.pkl", hooks);
  TSRT_CHECK(root.is_object(), path + ":data.pkl: the root is a " + std::string(root.tag_name()) + ", not a module object");
  try {
    loaded.root = Rebinder(*loaded.importer).rebind(root).to_object();
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  return loaded;
}

}  // namespace tsrt::frontends
