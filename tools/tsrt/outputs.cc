#include "tools/tsrt/outputs.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tools/tsrt/torch_repr.h"

namespace tsrt::cli {

namespace {

std::string file_name(size_t index) { return "output_" + std::to_string(index) + ".npy"; }

nlohmann::ordered_json shape_json(const Tensor& t) {
  nlohmann::ordered_json shape = nlohmann::ordered_json::array();
  for (int64_t d : t.sizes()) shape.push_back(d);
  return shape;
}

// A dict key as JSON: str, int, float and bool as themselves; a tensor key (keys by identity in
// TorchScript) described, since only values are written.
nlohmann::ordered_json key_json(const Value& key) {
  if (key.is_string()) return key.to_string();
  if (key.is_int()) return key.to_int();
  if (key.is_double()) return key.to_double();
  if (key.is_bool()) return key.to_bool();
  if (key.is_tensor()) return {{"kind", "tensor"}, {"dtype", dtype_name(key.to_tensor().dtype())},
                               {"shape", shape_json(key.to_tensor())}};
  return key.repr();
}

nlohmann::ordered_json leaf_node(const char* kind, const npy::OutputLeaf& leaf, std::vector<ResultLeaf>& leaves,
                         const std::string& path) {
  nlohmann::ordered_json node = {{"kind", kind}, {"index", leaves.size()}, {"file", file_name(leaves.size())}};
  leaves.push_back(ResultLeaf{path, leaf});
  return node;
}

nlohmann::ordered_json describe(const Value& v, const std::string& path, std::vector<ResultLeaf>& leaves) {
  npy::OutputLeaf leaf;
  if (v.is_none() || (v.is_tensor() && !v.to_tensor().defined())) return {{"kind", "none"}};
  if (v.is_tensor()) {
    leaf.tensor = v.to_tensor();
    nlohmann::ordered_json node = leaf_node("tensor", leaf, leaves, path);
    node["dtype"] = dtype_name(leaf.tensor.dtype());
    node["shape"] = shape_json(leaf.tensor);
    return node;
  }
  if (v.is_tuple() || v.is_list()) {
    const auto& items = v.is_tuple() ? v.to_tuple()->items : v.to_list()->items;
    nlohmann::ordered_json children = nlohmann::ordered_json::array();
    for (size_t i = 0; i < items.size(); ++i) {
      children.push_back(describe(items[i], path + "[" + std::to_string(i) + "]", leaves));
    }
    return {{"kind", v.is_tuple() ? "tuple" : "list"}, {"items", children}};
  }
  if (v.is_dict()) {
    nlohmann::ordered_json children = nlohmann::ordered_json::array();
    for (const auto& [key, value] : v.to_dict()->entries) {
      nlohmann::ordered_json child = describe(value, path + "[" + torch_repr(key) + "]", leaves);
      children.push_back({{"key", key_json(key)}, {"value", child}});
    }
    return {{"kind", "dict"}, {"items", children}};
  }
  nlohmann::ordered_json node;
  if (v.is_bool()) {
    leaf.tensor = Tensor::scalar_bool(v.to_bool());
    node = leaf_node("bool", leaf, leaves, path);
    node["value"] = v.to_bool();
  } else if (v.is_int()) {
    leaf.tensor = Tensor::scalar_int(v.to_int(), DType::Int64);
    node = leaf_node("int", leaf, leaves, path);
    node["value"] = v.to_int();
  } else if (v.is_double()) {
    leaf.tensor = Tensor::scalar_double(v.to_double(), DType::Float64);
    node = leaf_node("float", leaf, leaves, path);
    node["value"] = v.to_double();  // NaN and infinities have no JSON form: written as null
  } else if (v.is_string()) {
    leaf.is_string = true;
    leaf.text = v.to_string();
    node = leaf_node("str", leaf, leaves, path);
    node["value"] = v.to_string();
  } else {
    throw Error(std::string("cannot write a result of type ") + v.tag_name() +
                (path.empty() ? "" : " (at " + path + ")") + " as .npy");
  }
  return node;
}

}  // namespace

nlohmann::ordered_json describe_result(const Value& result, std::vector<ResultLeaf>& leaves) {
  nlohmann::ordered_json structure = describe(result, "", leaves);
  // Same leaves, same order as the flattening golden tests and compare use.
  TSRT_CHECK(leaves.size() == npy::flatten_result(result).size(),
             "internal: outputs.json and the flattened leaves disagree");
  return {{"format", "tsrt-outputs/1"}, {"outputs", leaves.size()}, {"result", structure}};
}

std::vector<ResultLeaf> write_result(const Value& result, const std::string& dir) {
  std::vector<ResultLeaf> leaves;
  nlohmann::ordered_json doc = describe_result(result, leaves);
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < leaves.size(); ++i) npy::write_leaf(dir + "/" + file_name(i), leaves[i].leaf);
  std::ofstream out(dir + "/outputs.json");
  TSRT_CHECK(out.good(), "cannot write " + dir + "/outputs.json");
  // Strings from the model may hold bytes that are not UTF-8: replaced rather than refused.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  TSRT_CHECK(out.good(), "error writing " + dir + "/outputs.json");
  return leaves;
}

std::string leaf_table(const std::vector<ResultLeaf>& leaves) {
  std::string out;
  char line[512];
  for (size_t i = 0; i < leaves.size(); ++i) {
    const npy::OutputLeaf& leaf = leaves[i].leaf;
    std::string what =
        leaf.is_string ? "str" : std::string(dtype_name(leaf.tensor.dtype())) + leaf.tensor.shape_string();
    std::snprintf(line, sizeof line, "%-10s %-24s %s\n", ("output_" + std::to_string(i)).c_str(), what.c_str(),
                  leaves[i].path.empty() ? "(the result)" : leaves[i].path.c_str());
    out += line;
  }
  return out;
}

}  // namespace tsrt::cli
