// The public C++ API: load a `.pt` archive and run its methods, like torch::jit::load +
// module.forward.
//
//   tsrt::Module m = tsrt::load("traced_bert.pt");             // throws tsrt::Error
//   std::vector<tsrt::Value> out = m.forward({ids, segments});  // a returned tuple is unpacked
//
// A loaded Module is immutable and safe to call from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "passes/pipeline.h"
#include "runtime/interpreter.h"
#include "runtime/precision.h"
#include "runtime/value.h"

namespace tsrt {

struct LoadOptions {
  std::string passes = "default";  // a pipeline for passes::run_pipeline ("none" to run as loaded)
  int threads = 0;                 // 0: leave the OpenMP default
  passes::PipelineOptions pipeline;  // printing / verification while the pipeline runs
  runtime::RunLimits limits;
  // Example inputs (after self) of `example_method`: shape-prop specialises that method's graph to
  // their dtypes and sizes, which it then accepts only (checked at each call).
  std::vector<Value> example_inputs;
  std::string example_method = "forward";
  // Products with the module's weights in bfloat16 (runtime/precision.h); float32 by default.
  Precision precision = Precision::Float32;
};

class Module {
 public:
  // Runs forward(self, inputs...). A tuple result is returned as its elements.
  std::vector<Value> forward(std::vector<Value> inputs) const;
  std::vector<Value> run_method(const std::string& method, std::vector<Value> inputs,
                                runtime::OpObserver* observer = nullptr) const;
  // The method's result as the model returns it (a tuple stays a tuple).
  Value call(const std::string& method, std::vector<Value> inputs, runtime::OpObserver* observer = nullptr) const;

  // The method's IR after the load pipeline; emits it on first use.
  const ir::Function& method(const std::string& name) const;
  std::vector<std::string> method_names() const;
  const ObjectPtr& root() const;
  int64_t file_version() const;
  const std::string& path() const;
  // Ops without a kernel in the methods emitted so far (forward at load), each with its code/
  // line: the model loads, and a call fails only if it reaches one.
  std::vector<runtime::MissingKernel> missing_kernels() const;

  struct Impl;
  explicit Module(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  void add_missing_kernels(const std::vector<runtime::MissingKernel>& found) const;  // prepare_mutex held
  std::shared_ptr<Impl> impl_;
};

Module load(const std::string& path, const LoadOptions& options = {});

}  // namespace tsrt
