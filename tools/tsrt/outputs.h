// `tsrt run`'s result, as the CLI contract says (README, "Command line"): every leaf flattened
// depth-first into DIR/output_<j>.npy (tuples and lists in order, dict values in insertion
// order, numbers as 0-d arrays, str as a 0-d unicode array, None skipped), and DIR/outputs.json
// with the nested structure, each leaf naming its file.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frontends/npy/value_io.h"
#include "runtime/value.h"

namespace tsrt::cli {

struct ResultLeaf {
  std::string path;  // where it sits in the result, Python-style: "[0]['boxes']" ("" for the result itself)
  npy::OutputLeaf leaf;
};

// The outputs.json document for `result`; appends its leaves, in file order, to `leaves`.
nlohmann::ordered_json describe_result(const Value& result, std::vector<ResultLeaf>& leaves);
// Writes DIR/output_<j>.npy and DIR/outputs.json; returns the leaves written.
std::vector<ResultLeaf> write_result(const Value& result, const std::string& dir);
// "output_0  float32[2, 3]  ['logits']", one line per leaf.
std::string leaf_table(const std::vector<ResultLeaf>& leaves);

}  // namespace tsrt::cli
