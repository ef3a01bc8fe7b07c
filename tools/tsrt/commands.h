// The tsrt subcommands, one file each. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "ir/printer.h"
#include "runtime/module.h"

namespace tsrt::cli {

int cmd_info(const std::string& model);
int cmd_graph(const std::string& model, const std::string& method, const LoadOptions& options,
              const std::string& format, bool pass_stats, const ir::Region& region = {});
// Inputs are parsed against the method's signature (inputs.h).
int cmd_run(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
            const LoadOptions& options, const std::string& output_dir);
int cmd_bench(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
              const LoadOptions& options, int warmup, int iters, bool json, const std::string& profile);
int cmd_passes();
// Throws tsrt::Error naming an unknown pass in --passes or --print-after and listing the known.
void check_pass_names(const std::string& pipeline, const std::string& print_after);
struct CompareFlags {
  double rtol = 1e-4, atol = 1e-5;
  bool bisect = false;   // compare after each pass of the pipeline
  bool per_op = false;   // compare every node of the inlined graph
  bool profile = false;  // time per op kind on both sides
};
int cmd_compare(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
                const LoadOptions& options, const std::string& reference_runner, const CompareFlags& flags);

// What `tsrt check` finds: ops without a kernel (each node once, with its code/ line) and constructs
// that stop a load (emitter or pass errors, one per method).
struct SupportReport {
  std::vector<runtime::MissingKernel> missing_kernels;
  std::vector<std::string> unsupported;
  bool supported() const { return missing_kernels.empty() && unsupported.empty(); }
  std::string verdict() const;  // one line
};
SupportReport find_unsupported(const std::string& model, const LoadOptions& options);
int cmd_check(const std::string& model, const LoadOptions& options);
// One line on stderr when the loaded model has ops without a kernel (they fail only if reached).
void warn_missing_kernels(const Module& m);

std::vector<Value> parse_inputs(const std::vector<std::string>& specs);
std::string default_reference_runner(const char* argv0);
// "float32[1, 14, 64]" for tensors, repr otherwise.
std::string describe(const Tensor& t);

}  // namespace tsrt::cli
