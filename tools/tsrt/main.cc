// The tsrt command line: info | graph | run | bench | compare (contract in docs/cli.md).
// Any failure exits non-zero with one line on stderr naming what was wrong and where.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "frontends/loader/loader.h"
#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "ir/printer.h"
#include "kernels/registry.h"
#include "runtime/module.h"
#include "tools/tsrt/commands.h"

namespace tsrt::cli {

std::vector<Value> parse_inputs(const std::vector<std::string>& specs) {
  std::vector<Value> inputs;
  for (const std::string& spec : specs) inputs.push_back(npy::parse_input_spec(spec));
  return inputs;
}

}  // namespace tsrt::cli

int main(int argc, char** argv) {
  using namespace tsrt::cli;
  // Tensors of a few MB are allocated and freed every op: keep them in the heap rather than
  // fresh mmaps, which cost ~9,000 page faults per BERT-base forward.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  CLI::App app{"tsrt: a minimal TorchScript runtime (reads .pt archives natively, runs them on oneDNN/Eigen)"};
  app.require_subcommand(1);

  std::string model, method = "forward", passes = "default", precision = "fp32", format = "text", output_dir, print_after, reference,
      profile;
  std::vector<std::string> inputs;
  int threads = 0, warmup = 3, iters = 20;
  bool json = false, print_after_all = false, pass_stats = false, verify_each = false, bisect = false, per_op = false;
  double rtol = 1e-4, atol = 1e-5;
  CompareFlags compare_flags;

  auto* info = app.add_subcommand("info", "module tree, methods, parameters, file version");
  info->add_option("MODEL", model, "the .pt file")->required();

  auto* graph = app.add_subcommand("graph", "the IR of a method after the pass pipeline");
  graph->add_option("MODEL", model, "the .pt file")->required();
  graph->add_option("--method", method, "method to print");
  graph->add_option("--passes", passes, "pass pipeline (comma-separated, 'default' or 'none')");
  graph->add_option("--format", format, "text or dot")->check(CLI::IsMember({"text", "dot"}));
  graph->add_flag("--print-after-all", print_after_all, "print the IR after every pass");
  graph->add_option("--print-after", print_after, "print the IR after the named pass");
  graph->add_flag("--verify-each", verify_each, "run the IR verifier after each pass");
  graph->add_flag("--pass-stats", pass_stats, "print each pass's rewrites and time to stderr");
  graph->add_option("--input", inputs, "example input SPEC (after self) that shape-prop specialises the graph to");

  tsrt::runtime::RunLimits options_limits;
  auto add_run_options = [&](CLI::App* cmd) {
    cmd->add_option("MODEL", model, "the .pt file")->required();
    cmd->add_option("--input", inputs, "input SPEC: FILE.npy, int:N, float:X, bool:true|false, str:TEXT, none, tuple:a.npy,b.npy");
    cmd->add_option("--passes", passes, "pass pipeline");
    cmd->add_option("--threads", threads, "threads for kernels (0: default)");
    cmd->add_option("--max-loop-iterations", options_limits.max_loop_iterations,
                    "a loop running longer is an error (untrusted files: keep it near what the model needs)");
    cmd->add_option("--max-call-depth", options_limits.max_call_depth, "deepest method/function call nesting");
    cmd->add_option("--precision", precision, "fp32, or bf16: products with the weights in bfloat16, fp32 accumulation")
        ->check(CLI::IsMember({"fp32", "bf16"}));
  };
  auto* run = app.add_subcommand("run", "run a method and write its outputs as .npy");
  add_run_options(run);
  run->add_option("--method", method, "method to run");
  run->add_option("--output-dir", output_dir, "write output_0.npy, output_1.npy, ... here");

  auto* bench = app.add_subcommand("bench", "time forward over repeated runs");
  add_run_options(bench);
  bench->add_option("--warmup", warmup, "untimed runs first");
  bench->add_option("--iters", iters, "timed runs");
  bench->add_flag("--json", json, "print one JSON object");
  bench->add_option("--profile", profile,
                    "after timing, profile one more run per op: print a table, and write a Chrome trace to this file")
      ->expected(0, 1);

  auto* compare = app.add_subcommand("compare", "run stock libtorch and tsrt on the same inputs and compare outputs");
  add_run_options(compare);
  compare->add_option("--method", method, "method to run");
  compare->add_option("--rtol", rtol, "relative tolerance");
  compare->add_option("--atol", atol, "absolute tolerance");
  compare->add_option("--reference", reference, "path of the reference_runner binary (default: beside tsrt)");
  compare->add_flag("--bisect", bisect, "compare again after each pass of --passes and name the first that breaks");
  compare->add_flag("--per-op", per_op, "compare every node of the inlined graph: first divergence, top 10 errors");
  compare->add_flag("--profile", compare_flags.profile,
                    "time per op kind in tsrt and in stock libtorch (its own profiler), in one table");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    tsrt::LoadOptions options;
    options.passes = passes;
    options.threads = threads;
    options.precision = tsrt::parse_precision(precision);
    options.limits = options_limits;
    if (info->parsed()) return cmd_info(model);
    if (graph->parsed()) {
      if (print_after_all) options.pipeline.print_after_all = &std::cerr;
      options.pipeline.print_after = print_after;
      options.pipeline.verify_each = verify_each;
      options.example_inputs = parse_inputs(inputs);
      options.example_method = method;
      return cmd_graph(model, method, options, format, pass_stats);
    }
    if (run->parsed()) return cmd_run(model, method, parse_inputs(inputs), options, output_dir);
    if (bench->parsed()) return cmd_bench(model, parse_inputs(inputs), options, warmup, iters, json,
                                          bench->count("--profile") ? (profile.empty() ? "-" : profile) : "");
    if (compare->parsed()) {
      if (reference.empty()) reference = default_reference_runner(argv[0]);
      compare_flags.rtol = rtol;
      compare_flags.atol = atol;
      compare_flags.bisect = bisect;
      compare_flags.per_op = per_op;
      return cmd_compare(model, method, inputs, options, reference, compare_flags);
    }
  } catch (const std::exception& e) {
    // One printable line, whatever bytes a damaged file put into the message.
    std::string message;
    for (unsigned char c : std::string(e.what())) {
      if (c == '\n' || c == '\t') {
        message += ' ';
      } else if (c < 0x20 || c >= 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", c);
        message += hex;
      } else {
        message += static_cast<char>(c);
      }
    }
    std::fprintf(stderr, "tsrt: error: %s\n", message.c_str());
    return 1;
  }
  return 0;
}
