// The unpickler for TorchScript's data.pkl and constants.pkl (pickle protocol 2 as torch writes
// it). Only a whitelist of globals is understood: tensors, torch's typed containers, devices,
// OrderedDict and `__torch__` classes; anything else is refused by name and never executed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runtime/dtype.h"
#include "runtime/tensor.h"
#include "runtime/value.h"

namespace tsrt::pickle {

// A persistent id ('storage', torch.<X>Storage, key, location, numel[, view metadata]): the root
// storage it names (a legacy view's slice is taken by the unpickler, not the hook).
struct StorageRequest {
  std::string key;       // record name inside the storage folder, e.g. "3"
  DType dtype;
  int64_t numel;         // elements of `dtype` in the storage
  std::string location;  // "cpu", "cuda:0", ... as written
};

struct Hooks {
  // Returns the storage for a persistent id; must hold at least numel * element_size bytes.
  std::function<std::shared_ptr<Storage>(const StorageRequest&)> load_storage;
};

// Unpickles `bytes`. Objects of `__torch__` classes get a fresh ClassType stub named after the
// class, with one attribute (type Any) per key of their state dict. Throws
// tsrt::Error("<origin>: ...") naming the opcode or global and the byte offset on bad input.
Value unpickle(const std::string& bytes, const std::string& origin, const Hooks& hooks);

}  // namespace tsrt::pickle
