#include "tests/corpus_models.h"

#include <exception>
#include <fstream>

#include <nlohmann/json.hpp>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "runtime/error.h"
#include "tests/op_golden.h"

namespace tsrt::testing {

std::string corpus_dir() { return testdata_dir() + "/corpus"; }

std::vector<ModelCase> read_corpus_manifest() {
  std::vector<ModelCase> cases;
  std::ifstream in(corpus_dir() + "/manifest.json");
  // A missing manifest is a broken test setup, not an empty corpus: tests that loop over the
  // cases would otherwise check nothing and pass.
  TSRT_CHECK(in.good(), "no corpus manifest at " + corpus_dir() + "/manifest.json: run tools/make_testdata.sh");
  nlohmann::json manifest = nlohmann::json::parse(in);
  for (const auto& m : manifest) {
    ModelCase c{m["name"], m["file"], m.value("method", "forward"), {}, {}};
    for (const auto& s : m["inputs"]) c.inputs.push_back(s);
    for (const auto& s : m["outputs"]) c.outputs.push_back(s);
    cases.push_back(c);
  }
  return cases;
}

std::string resolve_corpus_spec(const std::string& spec) {
  std::string dir = corpus_dir() + "/";
  for (const char* prefix : {"tuple:", "list:"}) {
    std::string p(prefix);
    if (spec.rfind(p, 0) == 0) {
      std::string out = p, rest = spec.substr(p.size());
      size_t start = 0;
      for (;;) {
        size_t comma = rest.find(',', start);
        out += (start ? "," : "") + dir + rest.substr(start, comma - start);
        if (comma == std::string::npos) return out;
        start = comma + 1;
      }
    }
  }
  if (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0) return dir + spec;
  return spec;
}

std::string check_outputs(const Module& module, const ModelCase& c) {
  std::vector<Value> inputs;
  for (const std::string& spec : c.inputs) inputs.push_back(npy::parse_input_spec(resolve_corpus_spec(spec)));
  std::vector<Tensor> outputs = npy::flatten_outputs(module.call(c.method, inputs));
  if (outputs.size() != c.outputs.size()) {
    return c.name + ": " + std::to_string(outputs.size()) + " outputs, expected " + std::to_string(c.outputs.size());
  }
  std::string failures;
  for (size_t i = 0; i < outputs.size(); ++i) {
    Tensor expected = npy::read(corpus_dir() + "/" + c.outputs[i]);
    std::string diff = compare_values(Value(outputs[i]), Value(expected), 1e-4, 1e-5);
    if (!diff.empty()) failures += c.name + " output " + std::to_string(i) + ": " + diff + "\n";
  }
  return failures;
}

ModelCase corpus_case(const std::string& file) {
  for (ModelCase& c : read_corpus_manifest()) {
    if (c.file == file) return c;
  }
  throw Error(file + " is not in the corpus manifest (" + corpus_dir() + "/manifest.json)");
}

Module load_corpus_model(const ModelCase& c, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  return load(corpus_dir() + "/" + c.file, options);
}

std::string check_corpus(const std::string& passes) {
  std::string failures;
  for (const ModelCase& c : read_corpus_manifest()) {
    try {
      failures += check_outputs(load_corpus_model(c, passes), c);
    } catch (const std::exception& e) {
      failures += c.name + ": " + e.what() + "\n";
    }
  }
  return failures;
}

}  // namespace tsrt::testing
