// The corpus of models ($TSRT_TESTDATA/corpus, written by tools/make_testdata.sh with stock
// PyTorch): its manifest, and a check that tsrt's outputs after a pipeline equal the stored ones.
#pragma once

#include <string>
#include <vector>

#include "runtime/module.h"

namespace tsrt::testing {

struct ModelCase {
  std::string name;
  std::string file;  // relative to corpus_dir()
  std::string method;
  std::vector<std::string> inputs;   // SPECs, .npy paths relative to corpus_dir()
  std::vector<std::string> outputs;  // .npy files of the flattened stock outputs
};

std::string corpus_dir();
// Every case of the manifest; empty if it is missing.
std::vector<ModelCase> read_corpus_manifest();
// The first case of the manifest whose file is `file`; throws tsrt::Error if there is none.
ModelCase corpus_case(const std::string& file);
// The case's model loaded with the pipeline `passes`.
Module load_corpus_model(const ModelCase& c, const std::string& passes);
// A SPEC with its .npy paths made absolute.
std::string resolve_corpus_spec(const std::string& spec);
// Runs the case's method on its inputs and compares with the stored outputs (fp32 within 1e-4
// relative + 1e-5 absolute, integers and booleans exactly). Returns "" or what differed.
std::string check_outputs(const Module& module, const ModelCase& c);
// Loads every case with the pipeline `passes` and checks its outputs; "" or, per failing case,
// what differed or the error that loading or running raised.
std::string check_corpus(const std::string& passes);

}  // namespace tsrt::testing
