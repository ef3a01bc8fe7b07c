// The tsrt command line: info | graph | run | bench | compare | check | passes (contract: README, "Command line").
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
#include "tools/tsrt/model_file.h"
#include "tools/tsrt/version.h"

namespace tsrt::cli {

std::vector<Value> parse_inputs(const std::vector<std::string>& specs) {
  std::vector<Value> inputs;
  for (const std::string& spec : specs) inputs.push_back(npy::parse_input_spec(spec));
  return inputs;
}

// `bench --profile` takes an optional trace file: only an argument ending in .json is taken as
// it, so that `bench --profile model.pt` keeps model.pt as the MODEL.
std::vector<std::string> bind_profile_file(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool bench = !args.empty() && args[0] == "bench";
  for (size_t i = 0; bench && i < args.size(); ++i) {
    if (args[i] != "--profile") continue;
    bool file_follows = i + 1 < args.size() && args[i + 1].size() > 5 &&
                        args[i + 1].compare(args[i + 1].size() - 5, 5, ".json") == 0;
    args[i] = "--profile=" + (file_follows ? args[i + 1] : std::string("-"));
    if (file_follows) args.erase(args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  }
  return args;
}

}  // namespace tsrt::cli

int main(int argc, char** argv) {
  using namespace tsrt::cli;
  // Tensors of a few MB are allocated and freed every op: keep them in the heap rather than
  // fresh mmaps, which cost ~9,000 page faults per BERT-base forward.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  CLI::App app{"tsrt: a minimal TorchScript runtime (reads .pt archives natively, runs them on oneDNN/Eigen)"};
  app.name("tsrt");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("tsrt ") + kVersion);
  app.option_defaults()->always_capture_default();  // --help shows every default

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
  tsrt::ir::Region region;
  std::string subgraph;
  graph->add_option("--match", region.match, "draw only the nodes whose kind, output name or code/ line matches REGEX")
      ->type_name("REGEX");
  graph->add_option("--subgraph", subgraph, "draw only the nodes that use value FROM and that value TO needs")
      ->type_name("FROM:TO");
  graph->add_option("--context", region.context, "with --match/--subgraph, add the nodes N data edges away")
      ->type_name("N");

  tsrt::runtime::RunLimits options_limits;
  auto add_run_options = [&](CLI::App* cmd) {
    cmd->add_option("MODEL", model, "the .pt file")->required();
    cmd->add_option("--input", inputs,
                    "input SPEC, in order after self: FILE.npy, int:N, float:X, bool:true|false, str:TEXT, none, "
                    "tuple:ITEM,..., list:ITEM,... (ITEM: a.npy, int:N, float:X, bool:B; list:int:1,2,3; list: is empty)");
    cmd->add_option("--passes", passes, "pass pipeline");
    cmd->add_option("--threads", threads, "threads for kernels (0: default)");
    cmd->add_option("--max-loop-iterations", options_limits.max_loop_iterations,
                    "a loop running longer is an error (untrusted files: keep it near what the model needs)");
    cmd->add_option("--max-call-depth", options_limits.max_call_depth, "deepest method/function call nesting");
    cmd->add_option("--precision", precision, "fp32, or bf16: products with the weights in bfloat16, fp32 accumulation")
        ->check(CLI::IsMember({"fp32", "bf16"}));
  };
  auto* run = app.add_subcommand("run", "run a method; print its result, or write it as .npy files + outputs.json");
  add_run_options(run);
  run->add_option("--method", method, "method to run");
  run->add_option("--output-dir", output_dir, "write output_0.npy, output_1.npy, ... and outputs.json here");

  auto* bench = app.add_subcommand("bench", "time a method over repeated runs");
  add_run_options(bench);
  bench->add_option("--method", method, "method to time");
  bench->add_option("--warmup", warmup, "untimed runs first");
  bench->add_option("--iters", iters, "timed runs");
  bench->add_flag("--json", json, "print one JSON object");
  bench->add_option("--profile", profile,
                    "after timing, profile 3 more runs per op: print a table, and write a Chrome trace to FILE "
                    "(taken only if it ends in .json)")
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

  auto* check = app.add_subcommand("check", "every op without a kernel and unsupported construct, with code/ lines; "
                                             "exit 1 if any");
  check->add_option("MODEL", model, "the .pt file")->required();
  check->add_option("--passes", passes, "pass pipeline the load runs on forward");

  auto* passes_cmd = app.add_subcommand("passes", "list the registered passes with their descriptions, and 'default'");

  try {
    std::vector<std::string> args = bind_profile_file(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    tsrt::LoadOptions options;
    options.passes = passes;
    options.threads = threads;
    options.precision = tsrt::parse_precision(precision);
    options.limits = options_limits;
    if (passes_cmd->parsed()) return cmd_passes();
    check_pass_names(passes, print_after);
    refuse_torch_save_file(model);
    if (info->parsed()) return cmd_info(model);
    if (check->parsed()) return cmd_check(model, options);
    if (graph->parsed()) {
      if (print_after_all) options.pipeline.print_after_all = &std::cerr;
      options.pipeline.print_after = print_after;
      options.pipeline.verify_each = verify_each;
      options.example_inputs = parse_inputs(inputs);
      options.example_method = method;
      if (!subgraph.empty()) {
        size_t colon = subgraph.find(':');
        if (colon == std::string::npos) throw tsrt::Error("--subgraph wants FROM:TO, got '" + subgraph + "'");
        region.from = subgraph.substr(0, colon);
        region.to = subgraph.substr(colon + 1);
      }
      return cmd_graph(model, method, options, format, pass_stats, region);
    }
    if (run->parsed()) return cmd_run(model, method, inputs, options, output_dir);
    if (bench->parsed()) return cmd_bench(model, method, inputs, options, warmup, iters, json,
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
